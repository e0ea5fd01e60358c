"""Removing stored PDFs nothing points at any more: parts of content that has since changed,
of loops deleted, merges of such parts, and files a crash left without a row."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils import timezone

from interviewkit.loops.models import Loop
from interviewkit.loops.selectors import items_without_content
from interviewkit.packets.documents import PAPER_SIZES, Document, handout_items
from interviewkit.packets.models import StoredPart
from interviewkit.packets.parts import merged_key, parts_of
from interviewkit.packets.services import FOLDER

KEEP_UNVERSIONED = timedelta(days=1)  # debriefs change with scores: their old ones go after this
KEEP_LOOSE_FILES = timedelta(hours=1)  # a file without a row may be a save in progress


def documents_of(loop):
    """Every document of the loop that can be downloaded, on every paper."""
    for paper in PAPER_SIZES:
        yield Document(loop, "loop", paper=paper)
        yield Document(loop, "loop", paper=paper, handouts=True)
        for session in loop.sessions.all():
            yield Document(loop, "kit", session, paper)
            yield Document(loop, "sheet", session, paper, fillable=True)
            if handout_items(session):
                yield Document(loop, "handout", session, paper)


def current_keys():
    """The keys of every part and merged document the loops point at now."""
    items = items_without_content()
    loops = Loop.objects.select_related("role", "level", "owner").prefetch_related(
        "sessions__assignments__interviewer", Prefetch("sessions__items", queryset=items)
    )
    keys = set()
    for loop in loops.iterator(chunk_size=200):
        for document in documents_of(loop):
            parts = parts_of(document)
            keys |= {part.key for part in parts}
            if len(parts) > 1:
                keys.add(merged_key(parts))
    return keys


def loose_files(names, folder=FOLDER):
    """Files in the storage folder that no row names."""
    if not default_storage.exists(folder):
        return
    directories, files = default_storage.listdir(folder)
    for name in files:
        path = f"{folder}/{name}"
        if path not in names:
            yield path
    for directory in directories:
        yield from loose_files(names, f"{folder}/{directory}")


def prune(now=None):
    """Delete what no loop points at; returns (parts deleted, loose files deleted)."""
    now = now or timezone.now()
    keep = current_keys()
    parts = 0
    for stored in StoredPart.objects.iterator():  # compared here: keep may hold many keys
        recent_debrief = stored.kind == "debrief" and stored.stored_at > now - KEEP_UNVERSIONED
        if stored.key in keep or recent_debrief:
            continue
        default_storage.delete(stored.name)
        stored.delete()
        parts += 1
    names = set(StoredPart.objects.values_list("name", flat=True))
    files = 0
    for path in loose_files(names):
        if default_storage.get_modified_time(path) < now - KEEP_LOOSE_FILES:
            default_storage.delete(path)
            files += 1
    return parts, files
