"""HTML to PDF with WeasyPrint, allowed to read nothing but the app's own static files, in a
child process that may use only so much time and memory.

Question text is user input. The sanitizer strips what it does not allow, and this fetcher
is the second wall: file://, http(s)://, data: and every other URL is refused, so a packet
can neither read a local file nor reach the network (see WeasyPrint's security notes and
advisory GHSA-35jj-wx47-4w8r on rel="attachment").

WeasyPrint has no limits of its own: a 10,000-deep list or a 320 KB code block keeps it busy
for minutes and takes gigabytes. So `render_pdf` lays out in a child (render_child.py) that
the kernel stops beyond PACKET_RENDER_MEMORY_MB and this process kills at
PACKET_RENDER_SECONDS, wherever the render is called from: a request, a command or a worker.
Children are forked from a server process (multiprocessing's forkserver, started once per
process) that has loaded Django and WeasyPrint already, so isolation costs milliseconds.
"""

import functools
import io
import logging
import mimetypes
import multiprocessing
import os
import re
import signal
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from interviewkit.packets import render_child

logger = logging.getLogger(__name__)

# Packets are rendered against this made-up origin; only its static URLs resolve.
BASE_URL = "https://packets.interviewkit.invalid/"


class RefusedURL(ValueError):
    """A packet asked for something other than one of our static files."""


def find_static(path):
    """A static file's path on disk: from the finders, or collected (hashed names) in production."""
    if ".." in path.split("/"):
        return None
    try:
        found = finders.find(path)
    except SuspiciousFileOperation:
        return None
    collected = Path(settings.STATIC_ROOT) / path
    if not found and collected.is_file():
        found = str(collected)
    return found


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files to WeasyPrint and refuses every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.refused = []

    def fetch(self, url, headers=None):
        prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        path = url.split("?")[0].split("#")[0].removeprefix(prefix)
        found = find_static(path) if url.startswith(prefix) else None
        if not found:
            self.refused.append(url)
            logger.warning("packet renderer refused %s", url[:200])
            raise RefusedURL(f"refused: {url[:200]}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


OUT_OF_MEMORY = render_child.OUT_OF_MEMORY
WATCH_SECONDS = 0.05  # how often the parent reads how much memory its render child holds
NEAR_THE_LIMIT = 0.75  # a child that crashed after holding this share of its limit ran out


class RenderFailed(Exception):
    """The child made no PDF: `reason` is "time" or "memory" (a limit stopped it) or "error"
    (it crashed; `detail` says how)."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@functools.cache
def render_processes():
    """Where render children come from: a fork server that has imported render_server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["interviewkit.packets.render_server"])
    return context


def render_pdf(html, *, fillable=False, seconds=None, memory_mb=None):
    """PDF bytes for a packet's HTML, made by `make_pdf` in a child process held to the
    settings' limits (or tighter ones); RenderFailed when the child does not finish."""
    seconds = seconds or settings.PACKET_RENDER_SECONDS
    memory_mb = memory_mb or settings.PACKET_RENDER_MEMORY_MB
    processes = render_processes()
    receiver, sender = processes.Pipe(duplex=False)
    child = processes.Process(
        target=render_child.render,
        args=(sender, html, fillable, seconds, memory_mb),
        daemon=True,
    )
    child.start()
    sender.close()  # the child holds the only sending end: its exit ends the pipe
    deadline = time.monotonic() + seconds
    message, peak = b"", 0
    try:
        while not message:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RenderFailed("time")
            if receiver.poll(min(left, WATCH_SECONDS)):  # a message, or the pipe's end
                message = receiver.recv_bytes()
            else:  # what it held last, as a crash in C leaves no other word of it
                peak = max(peak, render_child.megabytes_held(pid=child.pid))
    except EOFError:
        pass  # it exited without a word: its exit status says why
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if message.startswith(render_child.PDF):
        return message[1:]
    errors = message[1:].decode(errors="replace")
    if errors:
        logger.warning("packet render child: %s", errors)
    if child.exitcode < 0 and peak > NEAR_THE_LIMIT * memory_mb:  # an allocation failed in C
        raise RenderFailed("memory")
    raise child_failure(child.exitcode, errors)


def child_failure(returncode, errors):
    """What a child's exit status (and the last line it wrote) says went wrong."""
    last_line = errors.splitlines()[-1][:300] if errors else ""
    if returncode == OUT_OF_MEMORY or last_line.startswith("MemoryError"):
        return RenderFailed("memory")
    if returncode == -signal.SIGXCPU:  # its CPU-time limit stopped it
        return RenderFailed("time")
    if returncode < 0:
        return RenderFailed("error", f"the renderer crashed ({signal.Signals(-returncode).name})")
    return RenderFailed("error", last_line or f"the renderer exited with status {returncode}")


# Boxes that grow to fill the rest of their page, by the last word of their id, and their
# height in packet.css before they grow: a sheet's takeaways, a handout's room to work.
GROWING_MM = {"takeaways": 50, "work": 90}
GROWING_ID = re.compile(r"[a-z0-9-]{1,60}")
MIN_ROOM_PX = 12  # less room than this at the end of a page is not worth a second layout


def make_pdf(html, *, fillable=False):
    """PDF bytes for a packet's HTML, in this process; each growing box (a sheet's takeaways,
    a handout's room to work) fills the rest of its page, so no page ends in a blank half."""
    document = layout(html, fillable)
    if room := room_below_growing_boxes(document):
        grow = "".join(
            f"#{box} {{ height: calc({GROWING_MM[box.rsplit('-', 1)[-1]]}mm + {px:.0f}px);"
            f" min-height: calc({GROWING_MM[box.rsplit('-', 1)[-1]]}mm + {px:.0f}px) }}"
            for box, px in room.items()
        )
        document = layout(html.replace("</head>", f"<style>{grow}</style></head>", 1), fillable)
    pdf = document.write_pdf(uncompressed_pdf=False)
    return tidy_radio_groups(pdf) if fillable else pdf


def layout(html, fillable):
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.render(pdf_forms=fillable)


def room_below_growing_boxes(document):
    """{box id: px} of empty page below the marker that ends each growing box's page: a
    <div data-grows="ID"> after the box (the sign-off line under a sheet's takeaways).

    Reads the laid-out boxes (WeasyPrint's page box; its version is pinned), as CSS cannot
    size a box to what is left of a page. Question text cannot make a marker: the sanitizer
    keeps no data- attribute.
    """
    room = {}
    for page in document.pages:
        box = page._page_box
        bottom = box.content_box_y() + box.height
        for child in box.descendants():
            element = getattr(child, "element", None)
            grows = element.get("data-grows", "") if element is not None else ""
            growing = GROWING_ID.fullmatch(grows) and grows.rsplit("-", 1)[-1] in GROWING_MM
            if growing and child.element_tag == "div":
                free = bottom - (child.position_y + child.margin_height()) - 4
                if free > MIN_ROOM_PX:
                    room[grows] = free
    return room


def tidy_radio_groups(pdf):
    """Make each radio group one field, as PDF readers expect.

    WeasyPrint lists every radio button twice, as a kid of its group and again as a field of
    its own with the group's name, which readers show as a second field per question.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    form = writer.root_object["/AcroForm"]
    fields = [ref for ref in form["/Fields"] if "/Parent" not in ref.get_object()]
    for ref in fields:
        for kid in ref.get_object().get("/Kids", []):
            kid.get_object().pop(NameObject("/T"), None)
            kid.get_object().pop(NameObject("/TU"), None)
    form[NameObject("/Fields")] = ArrayObject(fields)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_atomically(path, data):
    """Write bytes so the file is either complete or absent, never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
