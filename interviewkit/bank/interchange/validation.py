"""Checks on imported questions: every problem is found, each with its line or row and field."""

import difflib
import re
from dataclasses import dataclass
from functools import partial

from interviewkit.bank import limits
from interviewkit.bank.interchange.records import (
    FIELDS,
    OPTIONAL_FIELDS,
    SCORES,
    Problem,
    score_of,
    tidy_text,
)
from interviewkit.bank.models import Competency, Question, Role

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


def clean_choice(value, *, choices):
    text = clean_line(value).lower()
    if text not in choices.values:
        raise Invalid(f"{quoted(text)} is not one of: {', '.join(choices.values)}")
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


def clean_competency(value, *, reference):
    slug = clean_line(value)
    if slug not in reference.competencies:
        known = ", ".join(reference.competencies)
        raise Invalid(f"unknown competency {quoted(slug)}; use one of: {known}")
    return slug


def clean_roles(value, *, reference):
    slugs = clean_items(value, unique=True)
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
            anchors[score] = clean_text(text)
        except Invalid as error:
            raise Invalid(f"anchor for score {score} {error.message}", part=score) from None
    missing = [str(score) for score in SCORES if score not in anchors]
    if missing:
        raise Invalid(
            f"has {len(anchors)} anchors but needs exactly four, one for each score 1 to 4 "
            f"(missing {', '.join(missing)})"
        )
    return {score: anchors[score] for score in SCORES}


def cleaners(reference):
    """How each field is checked and tidied, in the order of the format."""
    list_of_slugs = partial(clean_slug, max_length=50, example="class-imbalance")
    return {
        "slug": clean_slug,
        "prompt": clean_text,
        "kind": partial(clean_choice, choices=Question.Kind),
        "competency": partial(clean_competency, reference=reference),
        "difficulty": partial(clean_choice, choices=Question.Difficulty),
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
    missing = [field for field in checks if field not in entry.data]
    required = [field for field in missing if field not in OPTIONAL_FIELDS]
    if required:
        report(", ".join(required), "missing: see the fields every question needs in the docs")
    clean = {field: OPTIONAL_FIELDS[field]() for field in missing if field in OPTIONAL_FIELDS}
    for field, check in checks.items():
        if field in missing:
            continue
        try:
            clean[field] = check(entry.data[field])
        except Invalid as error:
            report(field, error.message, error.part)
    for excess in limits.content_problems(clean):
        report(excess.field, excess.message, excess.part)
    return (None if problems else clean), problems


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
    problems += overlap_problems(accepted, seen)
    return accepted, problems, rejected


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
