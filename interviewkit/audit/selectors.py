"""A loop's audit trail: every recorded change to it, its sessions, kit items, scorecards
and scores (django-simple-history), newest first, each with who, when and what changed."""

from dataclasses import dataclass

from interviewkit.bank.models import Question
from interviewkit.loops.models import KitItem, Loop, Session
from interviewkit.scorecards.models import Score, Scorecard

LIMIT = 300  # lines shown; the admin holds the rest
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
QUIET = {"id", "history_id", "history_date", "history_user", "history_type"}
QUIET |= {"history_change_reason", "history_relation", "updated_at", "created_at", "added_at"}


@dataclass
class Line:
    at: object
    user: object
    what: str
    action: str
    changes: list  # (field, before, after)


def changes(record, previous):
    """(field, before, after) for each field this record changed from the one before it."""
    fields = [f.attname for f in record._meta.fields if f.attname not in QUIET]
    if previous is None:
        return [
            (name, "", value)
            for name in fields
            if (value := getattr(record, name)) not in (None, "")
        ]
    return [
        (name, getattr(previous, name), getattr(record, name))
        for name in fields
        if getattr(previous, name) != getattr(record, name)
    ]


def lines_of(history, describe):
    """Lines for a history queryset; each record is compared with the one before it."""
    records = list(
        history.select_related("history_user").order_by("id", "history_date", "history_id")
    )
    lines, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        found = changes(record, before) if record.history_type != "-" else []
        if record.history_type == "~" and not found:
            continue  # a save that changed nothing worth showing
        lines.append(
            Line(
                record.history_date,
                record.history_user,
                describe(record),
                ACTIONS[record.history_type],
                found,
            )  # fmt: skip
        )
    return lines


def loop_audit(loop):
    session_ids = set(Session.history.filter(loop_id=loop.pk).values_list("id", flat=True))
    names = dict(Session.history.filter(loop_id=loop.pk).values_list("id", "name"))
    card_ids = set(
        Scorecard.history.filter(session_id__in=session_ids).values_list("id", flat=True)
    )
    items = KitItem.history.filter(session_id__in=session_ids)
    slugs = dict(
        Question.objects.filter(pk__in=items.values("question_id")).values_list("pk", "slug")
    )
    item_slugs = {
        item_id: slugs.get(question_id, question_id)
        for item_id, question_id in items.values_list("id", "question_id")
    }
    cards = {
        record.id: f"{record.interviewer.get_full_name() or record.interviewer} on "
        f"“{names.get(record.session_id, '?')}”"
        for record in Scorecard.history.filter(id__in=card_ids).select_related("interviewer")
    }
    lines = lines_of(Loop.history.filter(id=loop.pk), lambda r: "Loop")
    lines += lines_of(Session.history.filter(id__in=session_ids), lambda r: f"Session “{r.name}”")
    lines += lines_of(
        items,
        lambda r: (
            f"Question {slugs.get(r.question_id, r.question_id)} in "
            f"“{names.get(r.session_id, '?')}”"
        ),
    )
    lines += lines_of(
        Scorecard.history.filter(id__in=card_ids), lambda r: f"Scorecard of {cards.get(r.id)}"
    )
    lines += lines_of(
        Score.history.filter(scorecard_id__in=card_ids),
        lambda r: (
            f"Score on {item_slugs.get(r.item_id, '?')} in the scorecard of "
            f"{cards.get(r.scorecard_id)}"
        ),
    )
    return sorted(lines, key=lambda line: line.at, reverse=True)[:LIMIT]
