"""Calibration (sample answers an expert scored, and interviewers' drill scores of them) and
the thresholds a curator sets for exposure and a shadow's qualification."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from interviewkit.bank.models import Question, ScoreScale


class SampleAnswer(models.Model):
    """A written answer to a question, with the score an expert gave it and why."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="sample_answers")
    position = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(choices=ScoreScale.choices)
    answer = models.TextField()
    why = models.TextField()

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="one_sample_answer_per_position"
            )
        ]

    def __str__(self):
        return f"{self.question.slug} #{self.position + 1} ({self.score})"


class DrillScore(models.Model):
    """An interviewer's blind score of a sample answer in the calibration drill."""

    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drill_scores"
    )
    answer = models.ForeignKey(SampleAnswer, on_delete=models.CASCADE, related_name="drill_scores")
    score = models.PositiveSmallIntegerField(choices=ScoreScale.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.interviewer} gave {self.score} to {self.answer}"


class Thresholds(models.Model):
    """One row: the levels a curator sets for exposure and qualification."""

    exposure_limit = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1)],
        help_text="A question asked more often than this in 90 days is over-exposed.",
    )
    qualify_sessions = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Shadowed sessions a shadow needs on a competency.",
    )
    qualify_agreement = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Exact agreement with the lead and panel, in percent, a shadow needs.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "thresholds"

    def __str__(self):
        return (
            f"over-exposed above {self.exposure_limit} in 90 days; qualified after "
            f"{self.qualify_sessions} sessions at {self.qualify_agreement}% agreement"
        )

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]
