"""The question bank: competencies, roles, tags, questions and their revisions."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

# The content of a question that a revision snapshots; changing any of it makes a new revision.
CONTENT_FIELDS = (
    "prompt",
    "kind",
    "competency_id",
    "difficulty",
    "minutes",
    "model_answer",
    "good_signals",
    "probes",
    "red_flags",
    "rubric",
)


LISTEN_FOR = "Listen for:"
RESERVED_SLUGS = {"new", "import", "export"}  # names of bank pages


def slug_base(prompt):
    """The slug a question given none is named after: its prompt, shortened ("" if no words)."""
    return slugify(prompt)[:60].strip("-")


def as_probe(probe):
    """A follow-up probe as stored: {"ask": …, "listen_for": …}; a bare string is an ask."""
    if isinstance(probe, dict):
        return {"ask": probe.get("ask", ""), "listen_for": probe.get("listen_for", "")}
    return {"ask": str(probe), "listen_for": ""}


def probes_from_lines(lines):
    """Probes written one a line, each optionally followed by a "Listen for: …" line."""
    probes = []
    for line in lines:
        if line.lower().startswith(LISTEN_FOR.lower()) and probes:
            probes[-1]["listen_for"] = line[len(LISTEN_FOR) :].strip()
        else:
            probes.append({"ask": line, "listen_for": ""})
    return probes


def probes_to_lines(probes):
    lines = []
    for probe in map(as_probe, probes):
        lines.append(probe["ask"])
        if probe["listen_for"]:
            lines.append(f"{LISTEN_FOR} {probe['listen_for']}")
    return lines


class ScoreScale(models.IntegerChoices):
    """The 1-4 scale of every rubric anchor, item score and overall recommendation."""

    STRONG_NO = 1, "Strong no"
    NO = 2, "No"
    YES = 3, "Yes"
    STRONG_YES = 4, "Strong yes"


class Competency(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "competencies"

    def __str__(self):
        return self.name


class Role(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        CONCEPTUAL = "conceptual", "Conceptual"
        SCENARIO = "scenario", "Scenario"
        CODING = "coding", "Coding"
        SYSTEM_DESIGN = "system-design", "System design"
        BEHAVIOURAL = "behavioural", "Behavioural"

    class Difficulty(models.TextChoices):
        BASIC = "basic", "Basic"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"

    slug = models.SlugField(max_length=100, unique=True)
    prompt = models.TextField()
    # A draft may lack what standard.still_needs lists: kind, competency, difficulty, minutes…
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True)
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="questions", null=True, blank=True
    )
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices, blank=True)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    model_answer = models.TextField(blank=True, help_text="Markdown: what a strong candidate says.")
    good_signals = models.JSONField(default=list, help_text="What good looks like.")
    probes = models.JSONField(
        default=list, help_text='Follow-up probes: [{"ask": …, "listen_for": …}].'
    )
    red_flags = models.JSONField(default=list)
    rubric = models.JSONField(default=list, help_text="Four anchors, for scores 1 to 4.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    roles = models.ManyToManyField(Role, related_name="questions", blank=True)
    tags = models.ManyToManyField(Tag, related_name="questions", blank=True)
    # Questions that ask the same thing another way: two of them never land in one loop.
    overlaps = models.ManyToManyField("self", symmetrical=True, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["updated_at", "last_used_at"], m2m_fields=[roles, tags]
    )

    class Meta:
        ordering = ["competency__position", "difficulty", "slug"]
        indexes = [
            models.Index(fields=["status", "competency", "difficulty"]),
            models.Index(fields=["last_used_at"]),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("bank:question", args=[self.slug])

    def content(self):
        """The versioned content as plain data, as a revision stores it."""
        return {field: getattr(self, field) for field in CONTENT_FIELDS}


# Kinds a candidate works through on paper: their prompt is printed for them as a handout.
HANDOUT_KINDS = (Question.Kind.CODING, Question.Kind.SCENARIO, Question.Kind.SYSTEM_DESIGN)


class QuestionRevision(models.Model):
    """An immutable snapshot of a question's content; kit items point at one."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_number_per_revision")
        ]

    def __str__(self):
        return f"{self.question.slug} r{self.number}"

    def __getattr__(self, name):
        # Read snapshot fields like a question: revision.prompt, revision.rubric, …
        content = self.__dict__.get("content")
        if content is not None and name in content:
            return content[name]
        raise AttributeError(name)


class BankImport(models.Model):
    """The record of one import: who imported which files, when, and what it changed."""

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    sources = models.CharField(max_length=500)
    summary = models.CharField(max_length=300)
    created = models.JSONField(default=list)
    updated = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.sources}: {self.summary}"


class PendingImport(models.Model):
    """An uploaded bank file waiting for confirmation, with the preview made from it at upload,
    so a preview page reads the preview instead of parsing the file again."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    data = models.BinaryField()
    # A spreadsheet's columns as its owner mapped them on the preview (null: guessed), and the
    # encoding chosen for a CSV file ("": found out).
    columns = models.JSONField(null=True, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    preview = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name
