"""Levels, loop templates, and loops: sessions holding kit items that snapshot questions."""

import random
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from interviewkit.bank.models import HANDOUT_KINDS, Competency, Question, QuestionRevision, Role

DIFFICULTIES = [choice for choice, _ in Question.Difficulty.choices]


class Level(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    difficulty_mix = models.JSONField(
        default=dict,
        help_text='Relative weights, e.g. {"basic": 60, "intermediate": 35, "advanced": 5}.',
    )

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class LoopTemplate(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="loop_templates")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="loop_templates")
    weights = models.JSONField(
        default=dict,
        blank=True,
        help_text='Competency weights in the loop score, e.g. {"coding": 3}; others count 1.',
    )

    class Meta:
        ordering = ["role__position", "level__position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "level"], name="one_template_per_role_level")
        ]

    def __str__(self):
        return f"{self.level} {self.role}"


class SessionTemplate(models.Model):
    template = models.ForeignKey(LoopTemplate, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=100)
    minutes = models.PositiveSmallIntegerField()
    focus = models.ManyToManyField(Competency, related_name="+")
    kinds = models.JSONField(default=list, help_text="Kinds of question; empty means any kind.")

    class Meta:
        ordering = ["template", "position"]

    def __str__(self):
        return f"{self.name} ({self.minutes} min)"


SEEDS = 2**31  # seeds run from 0 to SEEDS - 1, which fits an integer column on every database


def new_seed():
    return random.SystemRandom().randrange(SEEDS)


def default_title(level, role, candidate_name=""):
    """What a loop is called when nobody gives it a title: "Senior ML Engineer — Ada"."""
    return f"{level} {role}" + (f" — {candidate_name}" if candidate_name else "")


class Loop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready"
        INTERVIEWING = "interviewing", "Interviewing"
        DEBRIEF = "debrief", "Debrief"
        DECIDED = "decided", "Decided"
        CLOSED = "closed", "Closed"

    class Decision(models.TextChoices):
        HIRE = "hire", "Hire"
        NO_HIRE = "no-hire", "No hire"

    title = models.CharField(max_length=200)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="loops")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="loops")
    candidate_name = models.CharField(max_length=200, blank=True)
    candidate_email = models.EmailField(blank=True, db_index=True)
    target_date = models.DateField(null=True, blank=True)
    # The applicant tracking system's id for the application, so it finds its loop again.
    external_ref = models.CharField("ATS reference", max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loops"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    seed = models.PositiveIntegerField(default=0)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_loops",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The template's competency weights when the loop was made: the debrief's loop score.
    weights = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="one_loop_per_external_ref_and_owner",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("loops:detail", args=[self.pk])

    @property
    def kits_editable(self):
        """Kits change until the debrief starts; from then on they are the record of the loop."""
        return self.status in KIT_STATUSES


KIT_STATUSES = (Loop.Status.DRAFT, Loop.Status.READY, Loop.Status.INTERVIEWING)


def default_time_zone():
    return settings.TIME_ZONE


# Crockford's base 32: no I, L, O or U, so a code read off paper is not mistyped.
KIT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KIT_CODE_LENGTH = 8


def new_kit_code():
    """A random code for a session's printed sheets: it says nothing about the session."""
    choose = random.SystemRandom().choice
    return "".join(choose(KIT_CODE_ALPHABET) for _ in range(KIT_CODE_LENGTH))


def read_kit_code(text):
    """The kit code in what someone typed ("7kqm 4hxr", "7KQM-4HXR"), or "" if it is none:
    O is read as 0, and I and L as 1, as Crockford's base 32 does."""
    code = "".join(str(text)[:40].upper().replace("-", "").split())
    code = code.translate(str.maketrans("OIL", "011"))
    valid = len(code) == KIT_CODE_LENGTH and all(c in KIT_CODE_ALPHABET for c in code)
    return code if valid else ""


def validate_time_zone(name):
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            f"“{name}” is not a time zone name; choose one such as Europe/Berlin or UTC."
        )


class Assignment(models.Model):
    """An interviewer on a session. Everyone scores independently; a shadow's scorecard never
    counts toward the decision but feeds the reliability figures and the shadow's own
    qualification."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        PANEL = "panel", "Panel"
        SHADOW = "shadow", "Shadow"

    session = models.ForeignKey("Session", on_delete=models.CASCADE, related_name="assignments")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.PANEL)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "interviewer"], name="one_assignment_per_interviewer"
            )
        ]

    def __str__(self):
        return f"{self.interviewer} ({self.get_role_display()}) on {self.session}"

    @property
    def counts(self):
        """Whether this interviewer's scorecard counts toward the decision."""
        return self.role != self.Role.SHADOW


class Session(models.Model):
    """One interview in a loop; intro and wrap-up minutes are not for questions."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=100)
    minutes = models.PositiveSmallIntegerField()
    intro_minutes = models.PositiveSmallIntegerField(default=5)
    wrapup_minutes = models.PositiveSmallIntegerField(default=5)
    focus = models.ManyToManyField(Competency, related_name="+")
    kinds = models.JSONField(default=list)
    # Through Assignment, so each interviewer is lead, panel or shadow; `add(user)` makes a
    # panel interviewer.
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through=Assignment,
        related_name="interview_sessions",
        blank=True,
    )
    starts_at = models.DateTimeField(null=True, blank=True, db_index=True)  # UTC, shown in zone
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    location = models.CharField(max_length=200, blank=True, help_text="A room or an address.")
    video_link = models.URLField(
        max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    # The SEQUENCE of the session's calendar event: a later invite must carry a higher one
    # for calendars to take it over the copy they hold.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # Printed on its scoring sheets (as a QR code too): it opens the scorecard of whoever is
    # signed in, if they interview in this session; it leads nobody else anywhere.
    kit_code = models.CharField(max_length=8, unique=True, default=new_kit_code, editable=False)
    history = HistoricalRecords(m2m_fields=[interviewers])

    class Meta:
        ordering = ["loop", "position", "pk"]

    def __str__(self):
        return f"{self.loop}: {self.name}"

    @property
    def kit_code_display(self):
        """The code as printed, in two halves: "7KQM-4HXR"."""
        return f"{self.kit_code[:4]}-{self.kit_code[4:]}"

    @property
    def question_minutes(self):
        return max(self.minutes - self.intro_minutes - self.wrapup_minutes, 0)

    @property
    def local_start(self):
        """The start as the clock reads it where the session takes place (None: no time)."""
        if self.starts_at is None:
            return None
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_end(self):
        start = self.local_start
        return start + timedelta(minutes=self.minutes) if start else None


class KitItem(models.Model):
    """A question in a session, frozen at the revision it had when it was added."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="kit_items")
    revision = models.ForeignKey(QuestionRevision, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField()
    locked = models.BooleanField(default=False)
    # Set by the scorecards app while any scorecard holds a score, a note or "not assessed"
    # for this item: a scored item stays exactly as it was asked.
    scored = models.BooleanField(default=False, editable=False)
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return f"{self.session}: {self.question.slug} r{self.revision.number}"

    @property
    def is_outdated(self):
        return self.revision.number != self.question.revision

    @property
    def stays(self):
        """Kept by re-roll and refill: locked by the manager, or scored by an interviewer."""
        return self.locked or self.scored

    @property
    def is_handout(self):
        """Whether the candidate works this question on paper: by the kind of question it was
        given as, read with the item where a download needs no more of its revision
        (selectors.items_without_content)."""
        kind = getattr(self, "revision_kind", None) or self.revision.kind
        return kind in HANDOUT_KINDS


class LoopEvent(models.Model):
    """One line of a loop's history: who changed what, and what an undo would restore."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Details edited"
        STATUS = "status", "Status changed"
        DECISION = "decision", "Decision recorded"
        REROLL = "reroll", "Re-rolled"
        REFILL = "refill", "Refilled"
        UNDO = "undo", "Undone"
        KIT = "kit", "Kit changed"
        SESSIONS = "sessions", "Sessions changed"
        INTERVIEWERS = "interviewers", "Interviewers changed"

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    # For a re-roll or refill: the items it replaced, so it can be undone once.
    undo = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"
