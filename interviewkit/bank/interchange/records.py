"""The shape of the interchange format: its fields, and what readers and checks pass around."""

from dataclasses import dataclass, field

from interviewkit.bank.models import as_probe

FORMAT_NAME = "interviewkit-bank"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: probes are plain text, no overlaps
FIELDS = (
    "slug",
    "prompt",
    "kind",
    "competency",
    "difficulty",
    "minutes",
    "status",
    "roles",
    "tags",
    "overlaps",
    "model_answer",
    "good_signals",
    "probes",
    "red_flags",
    "rubric",
)
LIST_FIELDS = ("roles", "tags", "overlaps", "good_signals", "probes", "red_flags")
SCORES = (1, 2, 3, 4)
# Every field but the prompt may be left out or empty, taking this value; a question that then
# lacks what an active one needs comes in as a draft (standard.still_needs). The slug is made
# from the prompt, the status is active when the question may be.
EMPTY = {
    "kind": str,
    "competency": lambda: None,
    "difficulty": str,
    "minutes": lambda: None,
    "status": lambda: None,
    "model_answer": str,
    "rubric": lambda: dict.fromkeys(SCORES, ""),
    **dict.fromkeys(LIST_FIELDS, list),
}
CSV_COLUMNS = (*FIELDS[:-1], *(f"rubric_{score}" for score in SCORES))
EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".ods": "ods",
}
FORMATS = ("yaml", "json", "csv", "xlsx", "ods")
SPREADSHEETS = ("csv", "xlsx", "ods")  # one row per question, under a header of columns


# The most characters each part of a problem keeps.
PROBLEM_PARTS = (("source", 200), ("where", 50), ("field", 100), ("message", 1000), ("slug", 100))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, located so the person can find and fix it."""

    source: str
    where: str
    field: str
    message: str
    slug: str = ""

    def __post_init__(self):
        # A huge key, slug or value in a file must not make a huge report: each part is cut short.
        for name, most in PROBLEM_PARTS:
            value = getattr(self, name)
            if len(value) > most:
                object.__setattr__(self, name, value[: most - 1] + "…")

    def __str__(self):
        place = ", ".join(part for part in (self.source, self.where, self.field) if part)
        question = f" [{self.slug}]" if self.slug else ""
        return f"{place}: {self.message}{question}"


@dataclass
class Entry:
    """One question as read from a file, with the line or row each part came from."""

    source: str
    index: int
    data: dict
    line: int | None = None
    row: int | None = None
    lines: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # a sheet's own header for each of our columns

    def where(self, field_name=None, part=None):
        if self.row is not None:
            return f"row {self.row}"
        line = self.lines.get((field_name, part)) or self.lines.get(field_name) or self.line
        return f"line {line}" if line else f"question {self.index + 1}"

    def label(self, field_name, part=None):
        """The field as the person sees it: a sheet has one column per rubric anchor, and its
        own names for our columns ("Level" for difficulty)."""
        if self.row is not None and field_name == "rubric" and part in SCORES:
            field_name = f"rubric_{part}"
        header = self.headers.get(field_name)
        return f"{field_name} (“{header}”)" if header else field_name


def detect_format(filename):
    """yaml, json, csv, xlsx or ods from a file name's extension; None when it is none of them."""
    name = filename.lower()
    return next((fmt for ext, fmt in EXTENSIONS.items() if name.endswith(ext)), None)


def tidy_text(text):
    """Trim the text and every line's end, and use \\n for every line break."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def question_record(question):
    """A question as the interchange format writes it, fields in the documented order."""
    return {
        "slug": question.slug,
        "prompt": tidy_text(question.prompt),
        "kind": question.kind,
        "competency": question.competency.slug if question.competency_id else None,
        "difficulty": question.difficulty,
        "minutes": question.minutes,
        "status": question.status,
        "roles": [role.slug for role in question.roles.all()],
        "tags": sorted(tag.name for tag in question.tags.all()),
        "overlaps": sorted(other.slug for other in question.overlaps.all()),
        "model_answer": tidy_text(question.model_answer),
        "good_signals": list(question.good_signals),
        "probes": [as_probe(probe) for probe in question.probes],
        "red_flags": list(question.red_flags),
        "rubric": {
            score: tidy_text(text) for score, text in zip(SCORES, anchors_of(question), strict=True)
        },
    }


def score_of(key):
    """1-4 for a rubric key written as a number (YAML) or as a string (JSON); else None."""
    if isinstance(key, bool):
        return None
    text = str(key).strip()
    return int(text) if text in {"1", "2", "3", "4"} else None


def anchors_of(question):
    """The four rubric anchors; a draft may have fewer, the rest empty."""
    return (list(question.rubric) + [""] * len(SCORES))[: len(SCORES)]
