"""Scorecards: one interviewer's scores for one session, submitted independently."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from interviewkit.bank.models import QuestionRevision, ScoreScale
from interviewkit.loops.models import KitItem, Session

Recommendation = ScoreScale  # an overall recommendation uses the rubric's own scale

# A score row holds something an interviewer wrote: a score, "not assessed" or a note.
HAS_DATA = Q(score__isnull=False) | Q(not_assessed=True) | ~Q(notes="")


def cascade_unless_scored(collector, field, sub_objs, using):
    """Deleting a kit item takes its empty score rows with it, and is refused when any row
    holds a score or a note: nothing deletes what an interviewer wrote by accident."""
    scored = [row for row in sub_objs if row.score is not None or row.not_assessed or row.notes]
    if scored:
        raise models.ProtectedError("Scores were given on this question.", set(scored))
    models.CASCADE(collector, field, sub_objs, using)


def cascade_unless_started(collector, field, sub_objs, using):
    """Deleting a session takes scorecards nobody has written in, never one with content."""
    started = [
        card
        for card in sub_objs
        if card.submitted_at
        or card.recommendation
        or card.takeaways
        or card.scores.filter(HAS_DATA).exists()
    ]
    if started:
        raise models.ProtectedError("Scorecards on this session hold work.", set(started))
    models.CASCADE(collector, field, sub_objs, using)


class Scorecard(models.Model):
    session = models.ForeignKey(
        Session, on_delete=cascade_unless_started, related_name="scorecards"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    recommendation = models.PositiveSmallIntegerField(
        choices=Recommendation.choices, null=True, blank=True
    )
    takeaways = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["session__position", "interviewer__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "interviewer"], name="one_scorecard_per_interviewer"
            )
        ]

    def __str__(self):
        return f"{self.interviewer} on {self.session}"

    def get_absolute_url(self):
        return reverse("scorecards:detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Score(models.Model):
    """A 1–4 score for one kit item, or "not assessed"; neither means not yet scored."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(KitItem, on_delete=cascade_unless_scored, related_name="scores")
    # The exact question text the score was given against, whatever later happens to the item.
    revision = models.ForeignKey(QuestionRevision, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(choices=Recommendation.choices, null=True, blank=True)
    not_assessed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "item"], name="one_score_per_item"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=4),
                name="score_from_one_to_four",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.score or ('not assessed' if self.not_assessed else '—')}"

    @property
    def has_data(self):
        return self.score is not None or self.not_assessed or bool(self.notes)

    @property
    def asked(self):
        """The revision to show: the one scored against, or the item's own while still blank."""
        return self.revision if self.has_data else self.item.revision


class DebriefBaseline(models.Model):
    """A score as it stood when the debrief started: the record of what the discussion moved."""

    score = models.OneToOneField(Score, on_delete=models.CASCADE, related_name="baseline")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.score.item} was {self.value or '—'} when the debrief started"


class ScorecardEvent(models.Model):
    """The record of a scorecard being submitted or reopened, and by whom."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened"
        KIT_CHANGED = "kit-changed", "Session changed"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return (
            f"{self.get_kind_display()} by {self.by or 'Interview Kit'} at {self.at:%Y-%m-%d %H:%M}"
        )
