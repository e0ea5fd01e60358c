"""A loop's life: Draft → Ready → Interviewing → Debrief → Decided → Closed, its details,
its hiring decision, and deleting a loop nobody has scored."""

from django.db import transaction
from django.utils import timezone

from interviewkit.loops import hooks
from interviewkit.loops.history import record
from interviewkit.loops.models import Loop, LoopEvent
from interviewkit.loops.services import Refused

Status = Loop.Status
# The statuses each status may move to by a manager's action; Decided is reached only by
# recording a decision, and any open loop can be closed (a withdrawn candidate).
MOVES = {
    Status.DRAFT: (Status.READY, Status.CLOSED),
    Status.READY: (Status.DRAFT, Status.INTERVIEWING, Status.CLOSED),
    Status.INTERVIEWING: (Status.DEBRIEF, Status.CLOSED),
    Status.DEBRIEF: (Status.INTERVIEWING, Status.CLOSED),
    Status.DECIDED: (Status.CLOSED,),
    Status.CLOSED: (),
}
# What the button that makes each move says.
ACTIONS = {
    (Status.DRAFT, Status.READY): "Mark kits final",
    (Status.READY, Status.DRAFT): "Back to draft",
    (Status.READY, Status.INTERVIEWING): "Start interviewing",
    (Status.INTERVIEWING, Status.DEBRIEF): "Start the debrief",
    (Status.DEBRIEF, Status.INTERVIEWING): "Back to interviewing",
}
DETAIL_FIELDS = {
    "title": "title",
    "candidate_name": "candidate name",
    "candidate_email": "candidate email",
    "target_date": "target date",
}


def next_moves(loop):
    """[(status, label)] of the moves open to this loop now, closing last."""
    return [
        (status, ACTIONS.get((loop.status, status), "Close the loop"))
        for status in MOVES[Status(loop.status)]
    ]


def why_not_ready(loop):
    empty = [s.name for s in loop.sessions.all() if not s.items.all()]
    if not loop.sessions.all():
        return "The loop has no sessions."
    if empty:
        return f"These sessions have no questions yet: {', '.join(empty)}."
    return None


def set_status(loop, status, *, by=None, note=""):
    """Move the loop to a status its current one allows; Refused says why not."""
    status = Status(status)
    if status == loop.status:
        return False
    if status not in MOVES[Status(loop.status)]:
        raise Refused(f"A loop in {loop.get_status_display()} cannot move to {status.label}.")
    if status == Status.READY and (problem := why_not_ready(loop)):
        raise Refused(f"Kits cannot be final yet. {problem}")
    if problem := hooks.status_blocked(loop, status):
        raise Refused(problem)
    before = loop.get_status_display()
    with transaction.atomic():
        was, loop.status = loop.status, status
        loop.save(update_fields=["status", "updated_at"])
        record(
            loop,
            kind=LoopEvent.Kind.STATUS,
            by=by,
            description=f"{before} → {status.label}" + (f": {note}" if note else "."),
        )
        hooks.status_changed.send(sender=Loop, loop=loop, before=was, after=status, by=by)
    return True


def interviews_started(loop, *, by=None):
    """The first score moves a Draft or Ready loop to Interviewing."""
    if loop.status in (Status.DRAFT, Status.READY):
        before = loop.get_status_display()
        loop.status = Status.INTERVIEWING
        loop.save(update_fields=["status", "updated_at"])
        record(
            loop,
            kind=LoopEvent.Kind.STATUS,
            by=by,
            description=f"{before} → Interviewing: the first scores came in.",
        )


def record_decision(loop, *, decision, rationale, by):
    """Hire or no hire, with the reasons and who decided; the loop becomes Decided."""
    if loop.status not in (Status.DEBRIEF, Status.DECIDED):
        raise Refused("Record the decision during the debrief: start the debrief first.")
    if not rationale.strip():
        raise Refused("Write the rationale: what evidence the decision rests on.")
    decision = Loop.Decision(decision)
    changed = bool(loop.decision) and loop.decision != decision
    with transaction.atomic():
        loop.decision, loop.decision_rationale = decision, rationale.strip()
        loop.decided_by, loop.decided_at = by, timezone.now()
        loop.status = Status.DECIDED
        loop.save(
            update_fields=[
                "decision", "decision_rationale", "decided_by", "decided_at", "status",
                "updated_at",
            ]
        )  # fmt: skip
        record(
            loop,
            kind=LoopEvent.Kind.DECISION,
            by=by,
            description=("Changed the decision to " if changed else "Decided: ")
            + f"{decision.label}. {loop.decision_rationale}",
        )


def update_details(loop, *, by=None, **details):
    """Title, candidate name and email, target date; the changes go into the history."""
    if loop.status == Status.CLOSED:
        raise Refused("The loop is closed; its details stay as they were.")
    changes = [
        f"{label} “{getattr(loop, field) or '—'}” → “{details[field] or '—'}”"
        for field, label in DETAIL_FIELDS.items()
        if field in details and details[field] != getattr(loop, field)
    ]
    if not changes:
        return False
    with transaction.atomic():
        for field, value in details.items():
            setattr(loop, field, value)
        loop.save()
        record(loop, kind=LoopEvent.Kind.EDITED, by=by, description="; ".join(changes) + ".")
    return True


def why_not_delete(loop):
    """A loop can be deleted while nobody has a scorecard on it; otherwise it is closed."""
    holders = hooks.holders_of(list(loop.sessions.all()))
    names = sorted({name for names in holders.values() for name in names})
    if names:
        return (
            f"Scorecards exist for this loop ({', '.join(names)}), so it cannot be deleted; "
            f"close it instead."
        )
    return None


def delete_loop(loop):
    if problem := why_not_delete(loop):
        raise Refused(problem)
    loop.delete()
