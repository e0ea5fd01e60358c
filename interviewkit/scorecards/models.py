"""Scorecards: one interviewer's scores for one session, submitted independently."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from interviewkit.bank.models import ScoreScale
from interviewkit.loops.models import KitItem, Session

Recommendation = ScoreScale  # an overall recommendation uses the rubric's own scale


class Scorecard(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="scorecards")
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
    item = models.ForeignKey(KitItem, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(choices=Recommendation.choices, null=True, blank=True)
    not_assessed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

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


class ScorecardEvent(models.Model):
    """The record of a scorecard being submitted or reopened, and by whom."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"
