"""Writes to scorecards: drafts while typing, submission that locks, reopening on record."""

from django.db import transaction
from django.utils import timezone

from interviewkit.scorecards.models import Score, Scorecard, ScorecardEvent


class Locked(Exception):
    """The scorecard was submitted; only its hiring manager can reopen it."""


class Incomplete(Exception):
    """The scorecard cannot be submitted yet; the message says what is missing."""


def scorecard_for(session, interviewer):
    """The interviewer's scorecard for the session, with a score row for every kit item."""
    scorecard, _ = Scorecard.objects.get_or_create(session=session, interviewer=interviewer)
    have = set(scorecard.scores.values_list("item_id", flat=True))
    Score.objects.bulk_create(
        Score(scorecard=scorecard, item=item) for item in session.items.all() if item.pk not in have
    )
    return scorecard


@transaction.atomic
def save_draft(scorecard, *, scores, recommendation, takeaways):
    """scores: {item_id: (value, notes)} with value 1–4, "na" (not assessed) or None."""
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.is_submitted:
        raise Locked("This scorecard was submitted and is locked.")
    rows = {row.item_id: row for row in scorecard.scores.all()}
    for item_id, (value, notes) in scores.items():
        row = rows.get(item_id)
        if row is None:
            continue
        row.not_assessed = value == "na"
        row.score = int(value) if value not in (None, "", "na") else None
        row.notes = notes
    Score.objects.bulk_update(rows.values(), ["score", "not_assessed", "notes"])
    scorecard.recommendation = recommendation
    scorecard.takeaways = takeaways
    scorecard.save(update_fields=["recommendation", "takeaways", "updated_at"])
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
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.is_submitted:
        raise Locked("This scorecard was already submitted.")
    missing = missing_for_submission(scorecard)
    if missing:
        raise Incomplete(" ".join(missing))
    scorecard.submitted_at = timezone.now()
    scorecard.save(update_fields=["submitted_at", "updated_at"])
    ScorecardEvent.objects.create(scorecard=scorecard, kind=ScorecardEvent.Kind.SUBMITTED, by=by)
    return scorecard


@transaction.atomic
def reopen(scorecard, *, by, reason=""):
    """Unlock a submitted scorecard so its interviewer can change it; the reopening is kept."""
    scorecard.submitted_at = None
    scorecard.save(update_fields=["submitted_at", "updated_at"])
    ScorecardEvent.objects.create(
        scorecard=scorecard, kind=ScorecardEvent.Kind.REOPENED, by=by, reason=reason[:300]
    )
