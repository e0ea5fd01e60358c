"""Checks on imported questions: every problem is found, each with its line or row and field."""

import difflib
import re
from dataclasses import dataclass
from functools import partial

from django.utils.text import slugify

from interviewkit.bank import limits
from interviewkit.bank.interchange.records import (
    EMPTY,
    FIELDS,
    SCORES,
    Problem,
    score_of,
    tidy_text,
)
from interviewkit.bank.models import RESERVED_SLUGS, Competency, Question, Role, slug_base
from interviewkit.bank.standard import still_needs

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_MINUTES = 240


class Invalid(ValueError):
    """A value that cannot be imported; part is the list item or rubric score at fault."""

    def __init__(self, message, part=None):
        super().__init__(message)
        self.message = message
        self.part = part


@dataclass
class Reference:
    """The competencies and roles an imported question may name, by slug."""

    competencies: dict
    roles: dict


def load_reference():
    return Reference(
        competencies={competency.slug: competency for competency in Competency.objects.all()},
        roles={role.slug: role for role in Role.objects.all()},
    )


def describe(value):
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return quoted(value)


def quoted(value, limit=60):
    """A value as shown in a message: quoted, and cut short so a huge cell stays readable."""
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def clean_line(value):
    text = clean_text(value)
    if len(text.splitlines()) > 1:
        raise Invalid("must fit on one line")
    return text


def clean_text(value):
    if not isinstance(value, str):
        raise Invalid(f"must be text, not {describe(value)}; put quotes around it if needed")
    if "\x00" in value:
        raise Invalid("contains a NUL character, which cannot be stored: remove it")
    text = tidy_text(value)
    if not text:
        raise Invalid("is empty")
    return text


def clean_slug(value, *, max_length=100, example="precision-vs-recall"):
    text = clean_line(value)
    if len(text) > max_length or not SLUG.fullmatch(text):
        raise Invalid(
            f"{quoted(text)} is not a valid slug: use lowercase letters, digits and hyphens "
            f"(at most {max_length}), like '{example}'"
        )
    return text


# What spreadsheets say for a difficulty or a kind: a level is the difficulty it should answer.
CHOICE_WORDS = {
    "difficulty": {
        **dict.fromkeys(("easy", "junior", "entry", "beginner", "low"), "basic"),
        **dict.fromkeys(("medium", "mid", "mid-level", "moderate"), "intermediate"),
        **dict.fromkeys(("hard", "senior", "staff", "principal", "expert", "high"), "advanced"),
    },
    "kind": {"behavioral": "behavioural", "design": "system-design", "code": "coding"},
}
CHOICE_HINTS = {"difficulty": " (Junior, Mid, Senior and Easy, Medium, Hard are read too)"}


def clean_choice(value, *, choices, field=""):
    text = clean_line(value).lower()
    text = CHOICE_WORDS.get(field, {}).get(text, slugify(text))
    if text not in choices.values:
        hint = CHOICE_HINTS.get(field, "")
        raise Invalid(f"{quoted(value.strip())} is not one of: {', '.join(choices.values)}{hint}")
    return text


def clean_minutes(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
        raise Invalid(
            f"must be a whole number of minutes from 1 to {MAX_MINUTES}, not {quoted(value)}"
        )
    return value


def clean_items(value, *, item=clean_line, unique=False):
    if not isinstance(value, list):
        raise Invalid(f"must be a list, not {describe(value)} (write [] for an empty list)")
    items = []
    for number, element in enumerate(value, start=1):
        try:
            text = item(element)
        except Invalid as error:
            raise Invalid(f"item {number} {error.message}", part=number) from None
        if unique and text in items:
            raise Invalid(f"item {number} repeats {quoted(text)}", part=number)
        items.append(text)
    return items


PROBE_KEYS = ("ask", "listen_for")


def clean_probe(value):
    """A probe is its question, or a mapping of the question and what a good reply holds."""
    if isinstance(value, str):
        return {"ask": clean_line(value), "listen_for": ""}
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping with ask and listen_for, not {describe(value)}")
    unknown = [str(key) for key in value if key not in PROBE_KEYS]
    if unknown:
        raise Invalid(f"has {quoted(unknown[0])}; a probe has only ask and listen_for")
    if "ask" not in value:
        raise Invalid("needs an ask: the follow-up question itself")
    listen_for = value.get("listen_for")
    return {
        "ask": clean_line(value["ask"]),
        "listen_for": "" if listen_for in (None, "") else clean_line(listen_for),
    }


def by_name(things):
    """{slug or name, in lowercase: slug}, so a spreadsheet may say "Deep learning"."""
    names = {thing.name.lower(): slug for slug, thing in things.items()}
    return {**names, **{slug: slug for slug in things}}


def clean_competency(value, *, reference):
    text = clean_line(value)
    slug = by_name(reference.competencies).get(text.lower())
    if slug is None:
        known = ", ".join(reference.competencies)
        raise Invalid(
            f"unknown competency {quoted(text)}; use one of: {known} (or leave it empty: the "
            f"question comes in as a draft)"
        )
    return slug


def clean_roles(value, *, reference):
    names = by_name(reference.roles)
    slugs = [names.get(text.lower(), text) for text in clean_items(value, unique=True)]
    unknown = [slug for slug in slugs if slug not in reference.roles]
    if unknown:
        names = ", ".join(quoted(slug) for slug in unknown)
        raise Invalid(f"unknown role {names}; use any of: {', '.join(reference.roles)}")
    return slugs


def clean_rubric(value):
    if not isinstance(value, dict):
        raise Invalid(f"must map the scores 1, 2, 3 and 4 to their anchors, not {describe(value)}")
    repeated = [key for key, _ in getattr(value, "duplicates", [])]
    anchors = {}
    for key, text in value.items():
        score = score_of(key)
        if score is None:
            raise Invalid(f"has a score {quoted(key)}; the scores are 1, 2, 3 and 4")
        if score in anchors or key in repeated:
            raise Invalid(f"gives score {score} twice", part=score)
        try:
            anchors[score] = "" if is_blank(text) else clean_text(text)
        except Invalid as error:
            raise Invalid(f"anchor for score {score} {error.message}", part=score) from None
    return {score: anchors.get(score, "") for score in SCORES}  # a draft may lack some


def cleaners(reference):
    """How each field is checked and tidied, in the order of the format."""
    list_of_slugs = partial(clean_slug, max_length=50, example="class-imbalance")
    return {
        "slug": clean_slug,
        "prompt": clean_text,
        "kind": partial(clean_choice, choices=Question.Kind, field="kind"),
        "competency": partial(clean_competency, reference=reference),
        "difficulty": partial(clean_choice, choices=Question.Difficulty, field="difficulty"),
        "minutes": clean_minutes,
        "status": partial(clean_choice, choices=Question.Status),
        "roles": partial(clean_roles, reference=reference),
        "tags": partial(clean_items, item=list_of_slugs, unique=True),
        "overlaps": partial(clean_items, item=clean_slug, unique=True),
        "model_answer": clean_text,
        "good_signals": clean_items,
        "probes": partial(clean_items, item=clean_probe),
        "red_flags": clean_items,
        "rubric": clean_rubric,
    }


def unknown_field_message(key):
    close = difflib.get_close_matches(str(key), FIELDS, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"the fields are: {', '.join(FIELDS)}"
    return f"unknown field; {hint}"


def is_blank(value):
    """An empty cell, text of spaces, an empty list: the field was left empty."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


def validate_entry(entry, checks):
    """The question's tidied fields, or None, and the problems found in it."""
    slug = entry.data.get("slug")
    slug = slug.strip() if isinstance(slug, str) else ""
    problems = []

    def report(field, message, part=None, where=None):
        where = where or entry.where(field, part)
        problems.append(Problem(entry.source, where, entry.label(field, part), message, slug))

    for key, line in entry.duplicates:
        report(str(key), "is given twice in this question", where=line and f"line {line}")
    for key in entry.data:
        if key not in checks:
            report(str(key), unknown_field_message(key))
    if is_blank(entry.data.get("prompt")):
        report("prompt", "is empty: every question needs its prompt, the question itself")
    clean = {}
    for field, check in checks.items():
        value = entry.data.get(field)
        if is_blank(value):
            clean[field] = EMPTY[field]() if field in EMPTY else None
            continue
        try:
            clean[field] = check(value)
        except Invalid as error:
            report(field, error.message, error.part)
    for excess in limits.content_problems(clean):
        report(excess.field, excess.message, excess.part)
    if problems:
        return None, problems
    clean["status"] = status_for(clean)
    return clean, problems


def status_for(clean):
    """A question given no status is active when it meets the standard, else a draft.

    One said to be active stays so unless it lacks what loops cannot do without (a
    competency, minutes, anchors…): a bank exported before the standard asked for more
    must import back unchanged.
    """
    needs = still_needs(clean)
    if clean["status"] is None:
        return Question.Status.DRAFT if needs else Question.Status.ACTIVE
    if clean["status"] == Question.Status.ACTIVE and any(need.essential for need in needs):
        return Question.Status.DRAFT
    return clean["status"]


def validate(entries, reference):
    """The questions that passed every check, all problems, and what was rejected."""
    checks = cleaners(reference)
    accepted, problems, rejected, seen = [], [], [], {}
    for entry in entries:
        clean, found = validate_entry(entry, checks)
        slug = found[0].slug if found else clean["slug"]
        if slug and slug in seen:
            first = seen[slug]
            place = first.where("slug")
            if first.source != entry.source:
                place = f"{first.source}, {place}"
            message = f"'{slug}' is also the slug of the question at {place}; slugs must differ"
            found.append(Problem(entry.source, entry.where("slug"), "slug", message, slug))
            clean = None
        if slug:
            seen.setdefault(slug, entry)
        problems += found
        if clean:
            accepted.append((entry, clean))
        else:
            rejected.append(slug or f"{entry.source}, {entry.where()}")
    if any(clean["slug"] is None for _, clean in accepted):
        in_bank = dict(Question.objects.values_list("slug", "prompt"))
        for entry, clean in accepted:
            if clean["slug"] is None:
                clean["slug"] = slug_from_prompt(clean["prompt"], taken=seen, in_bank=in_bank)
                seen[clean["slug"]] = entry
    problems += overlap_problems(accepted, seen)
    return accepted, problems, rejected


def slug_from_prompt(prompt, *, taken, in_bank):
    """A slug for a question given none, unique in the import and in the bank (in_bank: the
    bank's slugs and prompts).

    A question in the bank with the same slug and the same prompt is this question, imported
    again: the slug is its own, so importing a sheet twice does not make every question twice.
    """
    base = slug_base(prompt) or "question"
    in_bank = {slug: text for slug, text in in_bank.items() if slug.startswith(base)}
    for number in range(1, len(taken) + len(in_bank) + 2):
        slug = base if number == 1 else f"{base}-{number}"
        free = slug not in in_bank or tidy_text(in_bank[slug]) == prompt
        if slug not in taken and slug not in RESERVED_SLUGS and free:
            return slug
    raise AssertionError("unreachable: there are more numbers than slugs taken")


def overlap_problems(accepted, in_file):
    """Each overlap names another question, in this import or already in the bank."""
    named = {other for _, clean in accepted for other in clean["overlaps"]}
    known = set(in_file) | set(
        Question.objects.filter(slug__in=named).values_list("slug", flat=True)
    )
    problems = []
    for entry, clean in accepted:
        for number, other in enumerate(clean["overlaps"], start=1):
            if other == clean["slug"]:
                message = f"item {number} is the question itself; name the other questions"
            elif other not in known:
                message = f"item {number}: no question '{other}' in this import or in the bank"
            else:
                continue
            where = entry.where("overlaps", number)
            field = entry.label("overlaps", number)
            problems.append(Problem(entry.source, where, field, message, clean["slug"]))
    return problems
