"""Writes to scorecards: drafts while typing, submission that locks, reopening on record.

A score row records the question revision it was given against, and marks its kit item
as scored, so no later edit of the loop can move it onto another question.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from interviewkit.loops import lifecycle
from interviewkit.loops.models import KitItem, Loop
from interviewkit.scorecards import hooks
from interviewkit.scorecards.models import (
    HAS_DATA,
    DebriefBaseline,
    Score,
    Scorecard,
    ScorecardEvent,
)
from interviewkit.scorecards.selectors import missing_scorecards


class Locked(Exception):
    """The scorecard was submitted; only its hiring manager can reopen it."""


class Incomplete(Exception):
    """The scorecard cannot be submitted yet; the message says what is missing."""


class Closed(Exception):
    """The loop was decided or closed: its scorecards are the record and no longer change."""


def scorecard_for(session, interviewer):
    """The interviewer's scorecard for the session, with a score row for every kit item."""
    scorecard, _ = Scorecard.objects.get_or_create(session=session, interviewer=interviewer)
    have = set(scorecard.scores.values_list("item_id", flat=True))
    missing = [
        Score(scorecard=scorecard, item=item, revision_id=item.revision_id)
        for item in session.items.all()
        if item.pk not in have
    ]
    if missing:
        bulk_create_with_history(missing, Score)
    return scorecard


def mark_scored(item_ids):
    """An item is scored while any score row on it holds a score, a note or "not assessed"."""
    written = Score.objects.filter(HAS_DATA, item=OuterRef("pk"))
    KitItem.objects.filter(pk__in=item_ids).update(scored=Exists(written))


@transaction.atomic
def save_draft(scorecard, *, scores, recommendation, takeaways):
    """scores: {item_id: (value, notes)} with value 1–4, "na" (not assessed) or None."""
    scorecard = (
        Scorecard.objects.select_for_update().select_related("session__loop").get(pk=scorecard.pk)
    )
    if scorecard.is_submitted:
        raise Locked("This scorecard was submitted and is locked.")
    loop = scorecard.session.loop
    if loop.status in (Loop.Status.DECIDED, Loop.Status.CLOSED):
        raise Closed(f"The loop is {loop.get_status_display().lower()}; scores no longer change.")
    rows = {row.item_id: row for row in scorecard.scores.select_related("item")}
    changed = []
    for item_id, (value, notes) in scores.items():
        row = rows.get(item_id)
        if row is None:
            continue
        before = (row.score, row.not_assessed, row.notes, row.revision_id)
        if not row.has_data:
            row.revision_id = row.item.revision_id  # a blank row follows its item until written
        row.not_assessed = value == "na"
        row.score = int(value) if value not in (None, "", "na") else None
        row.notes = notes
        if (row.score, row.not_assessed, row.notes, row.revision_id) != before:
            changed.append(row)
    if changed:  # only real changes reach the audit trail, not every autosave
        bulk_update_with_history(changed, Score, ["score", "not_assessed", "notes", "revision"])
        mark_scored([row.item_id for row in changed])
    if (scorecard.recommendation, scorecard.takeaways) == (recommendation, takeaways):
        scorecard.skip_history_when_saving = True
    scorecard.recommendation = recommendation
    scorecard.takeaways = takeaways
    scorecard.save(update_fields=["recommendation", "takeaways", "updated_at"])
    if any(row.score or row.not_assessed or row.notes for row in rows.values()):
        lifecycle.interviews_started(loop, by=scorecard.interviewer)
    return scorecard


def missing_for_submission(scorecard):
    """What still has to be filled in, in words."""
    missing = [
        f"Q{n}: give a score or tick “not assessed”."
        for n, row in enumerate(scorecard.scores.order_by("item__position", "item__pk"), 1)
        if row.score is None and not row.not_assessed
    ]
    if scorecard.recommendation is None:
        missing.append("Choose an overall recommendation.")
    return missing


@transaction.atomic
def submit(scorecard, *, by):
    scorecard = (
        Scorecard.objects.select_for_update().select_related("session__loop").get(pk=scorecard.pk)
    )
    if scorecard.is_submitted:
        raise Locked("This scorecard was already submitted.")
    missing = missing_for_submission(scorecard)
    if missing:
        raise Incomplete(" ".join(missing))
    scorecard.submitted_at = timezone.now()
    scorecard.save(update_fields=["submitted_at", "updated_at"])
    ScorecardEvent.objects.create(scorecard=scorecard, kind=ScorecardEvent.Kind.SUBMITTED, by=by)
    loop = Loop.objects.get(pk=scorecard.session.loop_id)
    hooks.scorecard_submitted.send(sender=Scorecard, scorecard=scorecard, loop=loop, by=by)
    if not all_missing(loop):
        hooks.scorecards_in.send(sender=Loop, loop=loop, by=by)
        if loop.status == Loop.Status.INTERVIEWING:
            lifecycle.set_status(loop, Loop.Status.DEBRIEF, by=by, note="every scorecard is in")
    return scorecard


def all_missing(loop):
    loop = Loop.objects.prefetch_related("sessions__assignments__interviewer").get(pk=loop.pk)
    return missing_scorecards(loop, list(Scorecard.objects.filter(session__loop=loop)))


def take_baseline(loop):
    """Keep every lead and panel score as it stands now, when the debrief starts; scores kept
    at an earlier start stay as they were, so the record goes back to the first."""
    loop = Loop.objects.prefetch_related("sessions__assignments").get(pk=loop.pk)
    shadows = {
        (session.pk, a.interviewer_id)
        for session in loop.sessions.all()
        for a in session.assignments.all()
        if not a.counts
    }
    rows = Score.objects.filter(
        scorecard__session__loop=loop, scorecard__submitted_at__isnull=False, baseline__isnull=True
    ).select_related("scorecard")
    DebriefBaseline.objects.bulk_create(
        DebriefBaseline(score=row, value=row.score)
        for row in rows
        if (row.scorecard.session_id, row.scorecard.interviewer_id) not in shadows
    )


@transaction.atomic
def reopen(scorecard, *, by, reason=""):
    """Unlock a submitted scorecard so its interviewer can change it; its scores stay, and the
    reopening is kept with who, when and why."""
    loop = scorecard.session.loop
    if loop.status in (Loop.Status.DECIDED, Loop.Status.CLOSED):
        raise Closed(f"The loop is {loop.get_status_display().lower()}; reopen is not possible.")
    scorecard.submitted_at = None
    scorecard.save(update_fields=["submitted_at", "updated_at"])
    ScorecardEvent.objects.create(
        scorecard=scorecard, kind=ScorecardEvent.Kind.REOPENED, by=by, reason=reason[:300]
    )
