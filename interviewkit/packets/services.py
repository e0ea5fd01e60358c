"""Documents as PDF bytes, kept in storage so unchanged content is never rendered twice."""

import functools
import hashlib
from pathlib import Path

import weasyprint
from django.conf import settings
from django.utils.text import slugify

from interviewkit.packets.documents import debrief_html, packet_html
from interviewkit.packets.pdf import find_static, render_pdf, write_atomically

STYLESHEETS = ("css/packet.css", "css/packet-fonts.css", "css/pygments.css")


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


def document_pdf(html, *, fillable=False):
    """(pdf bytes, whether it came from the cache): the one way every document is made."""
    path = cache_path(html, fillable)
    if path.is_file():
        return path.read_bytes(), True
    pdf = render_pdf(html, fillable=fillable)
    write_atomically(path, pdf)
    return pdf, False


def packet_pdf(loop, *, kind, session=None, paper="a4", fillable=False):
    """(pdf bytes, whether it came from the cache) for a packet of the loop as it is now."""
    html = packet_html(loop, kind=kind, session=session, paper=paper, fillable=fillable)
    return document_pdf(html, fillable=fillable)


def debrief_pdf(loop, *, paper="a4"):
    return document_pdf(debrief_html(loop, paper=paper))


def packet_filename(loop, *, kind, session=None, paper="a4", fillable=False):
    what = f"{kind}-fillable" if fillable else kind
    parts = [loop.candidate_name or loop.title, session.name if session else "", what, paper]
    return "-".join(filter(None, map(slugify, parts))) + ".pdf"
