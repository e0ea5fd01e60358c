"""A loop's history: every change written as one line, and the undo of a re-roll or refill."""

from simple_history.utils import bulk_create_with_history

from interviewkit.bank.markdown import short_title
from interviewkit.loops import hooks
from interviewkit.loops.models import KitItem, LoopEvent

UNDOABLE = (LoopEvent.Kind.REROLL, LoopEvent.Kind.REFILL)


def record(loop, *, kind, description, by=None, sessions=(), undo=None):
    """Write a line of the loop's history; a change to sessions' kits also reaches whatever
    holds work on them (their scorecards' history)."""
    event = LoopEvent.objects.create(
        loop=loop, kind=kind, description=description, by=by, undo=undo
    )
    if sessions:
        hooks.kit_changed.send(
            sender=LoopEvent, loop=loop, sessions=list(sessions), by=by, description=description
        )
    return event


def describe(item):
    """How a history line names a question: “Q2 · Explain precision and recall …”."""
    position = list(item.session.items.values_list("pk", flat=True)).index(item.pk) + 1
    return f"Q{position} “{short_title(item.revision.prompt)}”"


def snapshot(items):
    """Plain data enough to put these items back as they were."""
    return [
        {
            "session": item.session_id,
            "question": item.question_id,
            "revision": item.revision_id,
            "minutes": item.minutes,
            "locked": item.locked,
            "position": item.position,
        }
        for item in items
    ]


def undoable(loop):
    """The loop's latest change when it is a re-roll or refill not yet undone, else None."""
    latest = loop.events.first()
    if latest and latest.kind in UNDOABLE and latest.undo is not None:
        return latest
    return None


def restore(loop, undo):
    """Replace the unlocked, unscored items of the sessions an undo names with the saved ones.

    Items that stayed (locked or scored) are left alone; a saved question already back in
    the loop is not added twice. Returns how many items came back.
    """
    session_ids = set(undo["sessions"]) & set(loop.sessions.values_list("pk", flat=True))
    KitItem.objects.filter(session_id__in=session_ids, locked=False, scored=False).delete()
    present = set(KitItem.objects.filter(session__loop=loop).values_list("question_id", flat=True))
    back = [
        KitItem(
            session_id=saved["session"],
            question_id=saved["question"],
            revision_id=saved["revision"],
            minutes=saved["minutes"],
            locked=saved["locked"],
            position=saved["position"],
        )
        for saved in undo["items"]
        if saved["session"] in session_ids and saved["question"] not in present
    ]
    bulk_create_with_history(back, KitItem)
    return len(back)
