"""What an active question needs (BANK.md), defined once.

The question form refuses to make a question active without it, an import brings a question
that lacks it in as a draft, and the bank lists what each draft still needs, all from
still_needs.
"""

from typing import NamedTuple

from interviewkit.bank.models import as_probe


class Need(NamedTuple):
    """One thing an active question needs: the field, what the bank lists, what the form says."""

    field: str
    short: str
    message: str
    scores: tuple = ()  # the rubric scores without an anchor
    essential: bool = False  # loops and packets cannot use a question without it


BASICS = (
    Need("kind", "kind", "An active question needs a kind.", essential=True),
    Need("competency", "competency", "An active question needs a competency.", essential=True),
    Need("difficulty", "difficulty", "An active question needs a difficulty.", essential=True),
    Need("minutes", "minutes", "Say how many minutes an active question takes.", essential=True),
    Need(
        "model_answer", "model answer", "An active question needs a model answer.", essential=True
    ),
)


def still_needs(content):
    """What the content of a question lacks to be active; empty when it may be.

    content maps the fields of a question to values as the form or an import cleaned them:
    the rubric is a list of four anchors (or a {score: anchor} mapping), roles any sequence.
    """
    needs = [need for need in BASICS if content.get(need.field) in (None, "")]
    signals = len(content.get("good_signals") or [])
    if not 3 <= signals <= 5:
        needs.append(
            Need(
                "good_signals",
                f"3–5 signals of what good looks like (has {signals})",
                f"An active question needs 3 to 5 signals; this has {signals}.",
            )
        )
    probes = list(content.get("probes") or [])
    for field, name in (("probes", "follow-up probes"), ("red_flags", "red flags")):
        if len(content.get(field) or []) < 2:
            needs.append(Need(field, f"2 {name}", "An active question needs at least 2."))
    unheard = [str(n) for n, probe in enumerate(probes, 1) if not probe.get("listen_for")]
    if unheard:
        needs.append(
            Need(
                "probes",
                f"what to listen for under probe {', '.join(unheard)}",
                f"Say what to listen for under probe {', '.join(unheard)}: a line “Listen for: …”, "
                f"so an interviewer who is not an expert can score the reply.",
            )
        )
    if not content.get("roles"):
        needs.append(Need("roles", "roles", "Pick the roles this question suits."))
    needs += rubric_needs(content.get("rubric") or [])
    return needs


def rubric_needs(rubric):
    anchors = list(rubric.values()) if isinstance(rubric, dict) else list(rubric)
    anchors = (anchors + [""] * 4)[:4]
    missing = tuple(score for score, anchor in enumerate(anchors, 1) if not anchor)
    if missing:
        which = "1–4" if len(missing) == 4 else ", ".join(map(str, missing))
        name = f"rubric anchor{'s' if len(missing) > 1 else ''} {which}"
        return [Need("rubric", name, f"Write the {name}.", missing, essential=True)]
    if len(set(anchors)) < 4:
        return [Need("rubric", "four different rubric anchors", DIFFERENT_ANCHORS)]
    return []


DIFFERENT_ANCHORS = "Each rubric anchor must say something different."


def needs_of(question):
    """What a saved question still needs to be active, as the bank lists it."""
    fields = ("kind", "difficulty", "minutes", "model_answer", "good_signals", "red_flags")
    content = {field: getattr(question, field) for field in (*fields, "rubric")}
    content["competency"] = question.competency_id
    content["probes"] = [as_probe(probe) for probe in question.probes]
    content["roles"] = list(question.roles.all())
    return [need.short for need in still_needs(content)]
