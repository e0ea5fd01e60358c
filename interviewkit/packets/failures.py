"""Renders that failed, remembered by content: a request for the same content answers at once
instead of rendering again, and says which question to edit or swap when one is to blame."""

import json
import logging

from django.conf import settings
from django.db.models import Q

from interviewkit.packets.documents import in_sentence, question_html
from interviewkit.packets.models import RenderFailure
from interviewkit.packets.pdf import RenderFailed, render_pdf

logger = logging.getLogger(__name__)

SUSPECTS = 3  # the largest questions of a failed document, each tried alone
SUSPECT_SECONDS = 5  # a question that cannot render alone in this time is to blame
Reason = RenderFailure.Reason


def still_holds():
    """Failures not under a limit that has since been raised."""
    return (
        Q(reason=Reason.TIME, seconds__gte=settings.PACKET_RENDER_SECONDS)
        | Q(reason=Reason.MEMORY, memory_mb__gte=settings.PACKET_RENDER_MEMORY_MB)
        | Q(reason=Reason.ERROR)
    )


def remembered_failure(key):
    """How this content failed, unless it was under a limit that has since been raised."""
    return remembered_failures([key]).get(key)


def remembered_failures(keys):
    """{key: failure} for the keys whose content is known to fail."""
    found = RenderFailure.objects.filter(still_holds(), key__in=keys)
    return {failure.key: failure for failure in found.select_related("revision__question")}


def remember_failure(key, document, failed):
    """Record a failed render of the document, blaming the question that fails alone too."""
    revision = culprit(document)
    failure, _ = RenderFailure.objects.update_or_create(
        key=key,
        defaults={
            "loop": document.loop,
            "session": document.session,
            "kind": document.kind,
            "paper": document.paper,
            "fillable": document.fillable,
            "reason": failed.reason,
            "detail": failed.detail[:300],
            "revision": revision,
            "seconds": settings.PACKET_RENDER_SECONDS,
            "memory_mb": settings.PACKET_RENDER_MEMORY_MB,
        },
    )
    logger.warning("loop %s: %s", document.loop.pk, explanation(document, failure))
    return failure


def culprit(document):
    """The revision of the first of the document's largest questions that fails alone, or None.

    Only parts that print questions' content are searched (Part.sessions: a sheet prints
    titles only), and at most SUSPECTS renders of SUSPECT_SECONDS are spent on it.
    """
    items = [(s, item) for s in document.sessions() for item in s.items.all()]
    items.sort(key=lambda pair: len(json.dumps(pair[1].revision.content)), reverse=True)
    seconds = min(SUSPECT_SECONDS, settings.PACKET_RENDER_SECONDS)
    for session, item in items[:SUSPECTS]:
        try:
            render_pdf(question_html(session, item, paper=document.paper), seconds=seconds)
        except RenderFailed:
            return item.revision
    return None


def explanation(document, failure):
    """What failed and what to do about it, in words a hiring manager can act on."""
    name = in_sentence(document.name)
    if failure.revision:
        return (
            f"The {name} failed to render: it {failure.what_happened}. Question "
            f"“{failure.question_title}” is to blame, as it fails even printed alone: edit it "
            f"in the bank, or swap it for another in the loop, then print again."
        )
    return (
        f"The {name} failed to render: it {failure.what_happened}, and no single question "
        f"was found to blame. Shorten its longest text, or print its sessions one by one."
    )
