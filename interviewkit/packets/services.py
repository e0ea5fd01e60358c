"""Documents as PDFs, made of parts kept in Django's storage (see parts.py).

A request never renders: it serves a document whose parts are all stored, and otherwise
queues the missing ones and answers with a progress page. Workers render each part once: not
one after another (stored by key), not at the same time (a claim per key), and not again
after it failed (a remembered failure). The command line renders what is missing itself.
"""

import io
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from interviewkit import queue
from interviewkit.packets import failures
from interviewkit.packets.documents import Document
from interviewkit.packets.models import QueuedPart, RenderClaim, RenderFailure, StoredPart
from interviewkit.packets.parts import PART_KINDS, Part, merged_key, parts_of
from interviewkit.packets.pdf import RenderFailed, render_pdf

FOLDER = "packets"  # in the default storage
WAIT_SECONDS = 5  # how long the command line waits for another's render of the same part
POLL_SECONDS = 0.25


class PacketFailed(Exception):
    """This content failed to render; `failure` says how, and which question to change."""

    def __init__(self, part, failure):
        super().__init__(failures.explanation(part, failure))
        self.part = part
        self.failure = failure


class PacketBusy(Exception):
    """Another process is rendering this content and has not finished yet."""


@dataclass
class Progress:
    """A document not ready yet: how many of its parts are stored."""

    document: Document
    ready: int
    total: int


def read(stored):
    with default_storage.open(stored.name, "rb") as file:
        return file.read()


def store(key, pdf, *, loop, kind):
    """Save a rendered part; its row is written last, so a half-saved file is never served."""
    name = default_storage.save(f"{FOLDER}/{key[:2]}/{key}.pdf", ContentFile(pdf))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    StoredPart.objects.update_or_create(
        key=key, defaults={"name": name, "loop": loop, "kind": kind, "pages": pages}
    )


def deliver(document):
    """(pdf, None) when the document's parts are stored, else (None, Progress) once the
    missing parts are queued; PacketFailed if a part is known to fail. Renders nothing
    (unless the queue runs tasks at once, as in the tests)."""
    from interviewkit.packets.tasks import render_stored_part

    parts = parts_of(document)
    stored = StoredPart.objects.in_bulk([part.key for part in parts], field_name="key")
    missing = [part for part in parts if part.key not in stored]
    if missing:
        raise_remembered_failure(missing)
        queue_parts(missing)
        if queue.runs_at_once(render_stored_part):  # rendered just now: look again
            stored = StoredPart.objects.in_bulk([part.key for part in parts], field_name="key")
            missing = [part for part in parts if part.key not in stored]
            raise_remembered_failure(missing)
        if missing:
            return None, Progress(document, len(stored), len(parts))
    return assembled(document, parts, stored), None


def raise_remembered_failure(parts):
    found = failures.remembered_failures([part.key for part in parts])
    for part in parts:
        if part.key in found:
            raise PacketFailed(part, found[part.key])


def assembled(document, parts, stored):
    """One part as stored; several merged (bookmarks kept) and the merge stored too."""
    if len(parts) == 1:
        return read(stored[parts[0].key])
    key = merged_key(parts)
    if merged := StoredPart.objects.filter(key=key).first():
        return read(merged)
    pdf = merge([read(stored[part.key]) for part in parts])
    store(key, pdf, loop=document.loop, kind="merged")
    return pdf


def merge(pdfs):
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))  # its pages and its bookmarks
    first = PdfReader(io.BytesIO(pdfs[0])).metadata or {}
    writer.add_metadata({key: value for key, value in first.items() if key != "/Producer"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


QUEUE_PATIENCE = timedelta(hours=1)  # a part waiting longer than this was lost: queue it again


def queue_parts(parts):
    """Put each part on the queue once, however often progress pages ask at the same moment:
    only the request that adds a part's row, or takes over a lost one, queues it."""
    from interviewkit.packets.tasks import render_stored_part

    queued = QueuedPart.objects.in_bulk([part.key for part in parts])
    for part in parts:
        row = queued.get(part.key)
        if not (taken_over(row) if row else added(part)):
            continue
        spec = {**part.spec, "key": part.key}
        if queue.runs_at_once(render_stored_part):  # the tests: render now, as a worker would
            render_stored_part.call(spec)
        else:
            queue.enqueue(render_stored_part, spec)


def added(part):
    try:
        with transaction.atomic():
            QueuedPart.objects.create(key=part.key, loop=part.loop)
        return True
    except IntegrityError:
        return False  # another request added it a moment ago, and queues it


def taken_over(row):
    """Whether the queued part was lost (its render died, or it waited too long) and this request
    is the one to queue it again: the row is updated only if nobody else has since."""
    now = timezone.now()
    died = now - timedelta(seconds=longest_render())
    lost = (row.started_at and row.started_at < died) or (
        not row.started_at and row.queued_at < now - QUEUE_PATIENCE
    )
    if not lost:
        return False
    unchanged = QueuedPart.objects.filter(
        key=row.key, queued_at=row.queued_at, started_at=row.started_at
    )
    return bool(unchanged.update(queued_at=now, started_at=None))


def render_part(part, *, wait_seconds=0):
    """(the part's PDF, whether it was rendered here), rendered now unless stored;
    PacketFailed if it fails (now or before), PacketBusy if another process renders it for
    longer than wait_seconds."""
    key = part.key
    deadline = time.monotonic() + wait_seconds
    while True:
        if stored := StoredPart.objects.filter(key=key).first():
            return read(stored), False
        if failure := failures.remembered_failure(key):
            raise PacketFailed(part, failure)
        if claim := claim_render(key):
            break
        if time.monotonic() > deadline:
            raise PacketBusy()
        time.sleep(POLL_SECONDS)
    try:
        if stored := StoredPart.objects.filter(key=key).first():  # stored while we waited
            return read(stored), False
        try:
            pdf = render_pdf(part.html(), fillable=part.fillable)
        except RenderFailed as failed:
            raise PacketFailed(part, failures.remember_failure(key, part, failed)) from failed
        store(key, pdf, loop=part.loop, kind=part.kind)
        RenderFailure.objects.filter(key=key).delete()  # it failed under lower limits
        return pdf, True
    finally:
        RenderClaim.objects.filter(key=key, started_at=claim).delete()


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


def document_pdf(document):
    """(pdf, whether it was stored already: nothing rendered here), rendering what is missing
    here: for the command line, the tests and the benchmarks."""
    parts = parts_of(document)
    rendered = [render_part(part, wait_seconds=WAIT_SECONDS)[1] for part in parts]
    stored = StoredPart.objects.in_bulk([part.key for part in parts], field_name="key")
    return assembled(document, parts, stored), not any(rendered)


def packet_pdf(loop, *, kind, session=None, paper="a4", fillable=False, handouts=False):
    return document_pdf(Document(loop, kind, session, paper, fillable, handouts))


def debrief_pdf(loop, *, paper="a4"):
    return document_pdf(Document(loop, "debrief", paper=paper))


def standalone_pdf(html):
    """PDF bytes of a document of no loop (a report, a calibration packet), rendered in the
    same limited child; a failure is raised, as there is no loop to report it on."""
    return render_pdf(html), False


def current_failures(loop):
    """(part, failure) for each part of the loop that would print content that failed."""
    sessions = {session.pk: session for session in loop.sessions.all()}
    found = []
    # Failures of whole documents, from before packets were made of parts, are passed over.
    remembered = loop.render_failures.filter(kind__in=PART_KINDS)
    for failure in remembered.select_related("revision__question"):
        session = sessions.get(failure.session_id)
        if failure.session_id and session is None:
            continue
        part = Part(loop, failure.kind, session, failure.paper, failure.fillable)
        if part.key == failure.key and failures.remembered_failure(failure.key):
            found.append((part, failure))
    return found
