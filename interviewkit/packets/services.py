"""Documents as PDF bytes, kept in storage so unchanged content is never rendered twice: not
one after another (the cache), not at the same time (a claim per content), and not again
after it failed (a remembered failure)."""

import functools
import hashlib
import time
from datetime import timedelta
from pathlib import Path

import weasyprint
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from interviewkit.packets import failures
from interviewkit.packets.documents import Document
from interviewkit.packets.models import RenderClaim, RenderFailure
from interviewkit.packets.pdf import RenderFailed, find_static, render_pdf, write_atomically

STYLESHEETS = ("css/packet.css", "css/packet-fonts.css", "css/pygments.css")
WAIT_SECONDS = 5  # how long a request waits for another's render of the same content
POLL_SECONDS = 0.25


class PacketFailed(Exception):
    """This content failed to render; `failure` says how, and which question to change."""

    def __init__(self, document, failure):
        super().__init__(failures.explanation(document, failure))
        self.document = document
        self.failure = failure


class PacketBusy(Exception):
    """Another request is rendering this content and has not finished yet."""


@functools.cache
def stylesheet_digest():
    """Changes when the print CSS changes, so cached packets are rendered anew."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for name in STYLESHEETS:
        digest.update(Path(find_static(name)).read_bytes())
    return digest.hexdigest()


def cache_path(html, fillable):
    key = hashlib.sha256(f"{stylesheet_digest()}|{fillable}|{html}".encode()).hexdigest()
    return Path(settings.MEDIA_ROOT) / "packets" / key[:2] / f"{key}.pdf"


def document_pdf(document):
    """(pdf bytes, whether it came from the cache): the one way every document is made.

    PacketFailed when this content failed before (or fails now); PacketBusy when another
    request is rendering it and does not finish within WAIT_SECONDS.
    """
    html = document.html()
    path = cache_path(html, document.fillable)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if (pdf := stored(document, path)) is not None:
            return pdf, True
        if claim := claim_render(path.stem):
            break
        if time.monotonic() > deadline:
            raise PacketBusy()
        time.sleep(POLL_SECONDS)
    try:
        if (pdf := stored(document, path)) is not None:  # the last claim's holder just stored it
            return pdf, True
        return render_and_store(document, html, path), False
    finally:
        RenderClaim.objects.filter(key=path.stem, started_at=claim).delete()


def stored(document, path):
    """The stored PDF of this content, or None; PacketFailed if it is known to fail."""
    if path.is_file():
        return path.read_bytes()
    if failure := failures.remembered_failure(path.stem):
        raise PacketFailed(document, failure)
    return None


def render_and_store(document, html, path):
    try:
        pdf = render_pdf(html, fillable=document.fillable)
    except RenderFailed as failed:
        failure = failures.remember_failure(path.stem, document, failed)
        raise PacketFailed(document, failure) from failed
    write_atomically(path, pdf)
    RenderFailure.objects.filter(key=path.stem).delete()  # it failed under lower limits
    return pdf


def claim_render(key):
    """The claim's start time if this process may render the content now, else None: another
    holds it, unless they have held it longer than any render can take (they died)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            RenderClaim.objects.create(key=key, started_at=now)
        return now
    except IntegrityError:
        stale = now - timedelta(seconds=longest_render())
        taken = RenderClaim.objects.filter(key=key, started_at__lt=stale).update(started_at=now)
        return now if taken else None


def longest_render():
    """Seconds a render and the search for its culprit can take, and some to spare."""
    suspects = failures.SUSPECTS * failures.SUSPECT_SECONDS
    return settings.PACKET_RENDER_SECONDS + suspects + 60


def standalone_pdf(html):
    """(pdf bytes, from the cache?) for a document of no loop (a report, a calibration packet):
    cached and rendered in the same limited child; a failure is raised, as there is no loop to
    report it on, and such documents hold no text a manager typed."""
    path = cache_path(html, False)
    if path.is_file():
        return path.read_bytes(), True
    pdf = render_pdf(html)
    write_atomically(path, pdf)
    return pdf, False


def packet_pdf(loop, *, kind, session=None, paper="a4", fillable=False):
    """(pdf bytes, whether it came from the cache) for a packet of the loop as it is now."""
    return document_pdf(Document(loop, kind, session, paper, fillable))


def debrief_pdf(loop, *, paper="a4"):
    return document_pdf(Document(loop, "debrief", paper=paper))


def current_failures(loop):
    """(document, failure) for each of the loop's documents that would print content that
    failed; each document's HTML is made once, however often it failed."""
    sessions = {session.pk: session for session in loop.sessions.all()}
    found, keys = [], {}
    for failure in loop.render_failures.select_related("revision__question"):
        session = sessions.get(failure.session_id)
        document = Document(loop, failure.kind, session, failure.paper, failure.fillable)
        if document not in keys:
            keys[document] = cache_path(document.html(), document.fillable).stem
        if keys[document] == failure.key:
            found.append((document, failure))
    return found
