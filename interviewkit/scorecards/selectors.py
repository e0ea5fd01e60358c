"""Who may read which scorecard, and the debrief's figures.

Independence: an interviewer sees no colleague's score, note or recommendation from a loop
in which they still have a scorecard to submit, anywhere (scorecards, bank pages, usage,
debrief). The loop's hiring manager sees everything of their loop.
"""

from statistics import mean

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.safestring import mark_safe

from interviewkit import charts
from interviewkit.loops.models import Assignment, Loop, Session, read_kit_code
from interviewkit.loops.selectors import can_edit
from interviewkit.scorecards.mechanical import figures
from interviewkit.scorecards.models import Recommendation, Score, Scorecard


def blind_loops(user):
    """Loops in which this user interviews a session without a submitted scorecard."""
    submitted = Scorecard.objects.filter(
        session=OuterRef("pk"), interviewer=user, submitted_at__isnull=False
    )
    pending = Session.objects.filter(interviewers=user).exclude(Exists(submitted))
    return Loop.objects.filter(pk__in=pending.values("loop")).exclude(owner=user)


def session_of_kit_code(user, text):
    """The session whose sheets carry this kit code, if this user interviews in it; else None,
    the same whether the code exists or not, so a code tells an outsider nothing."""
    code = read_kit_code(text)
    if not code:
        return None
    return Session.objects.filter(kit_code=code, interviewers=user).first()


def can_read(user, scorecard):
    """Your own; all of them for the loop's hiring manager; a colleague's submitted one only
    once every scorecard of yours on the loop is submitted (nobody anchors on another's)."""
    loop = scorecard.session.loop
    if scorecard.interviewer_id == user.pk or can_edit(user, loop):
        return True
    involved = Scorecard.objects.filter(
        session__loop=loop, interviewer=user, submitted_at__isnull=False
    ).exists()
    return scorecard.is_submitted and involved and not blind_loops(user).filter(pk=loop.pk).exists()


def loop_scorecards(loop):
    scores = Score.objects.select_related(
        "item__question__competency", "revision", "baseline"
    ).order_by("item__position", "item__pk")
    return list(
        Scorecard.objects.filter(session__loop=loop)
        .select_related("interviewer", "session")
        .prefetch_related(Prefetch("scores", queryset=scores), "events__by")
    )


def roles_in(loop):
    """{(session id, interviewer id): role} from a loop with its sessions' assignments."""
    return {
        (session.pk, assignment.interviewer_id): assignment.role
        for session in loop.sessions.all()
        for assignment in session.assignments.all()
    }


def is_shadow(card, roles):
    return roles.get((card.session_id, card.interviewer_id)) == Assignment.Role.SHADOW


def debrief(loop):
    """Everything the debrief shows, from the loop's submitted scorecards; a shadow's card
    never counts toward the decision, so it is listed apart and left out of every figure."""
    scorecards = loop_scorecards(loop)
    roles = roles_in(loop)
    shadows = [card for card in scorecards if card.is_submitted and is_shadow(card, roles)]
    submitted = [card for card in scorecards if card.is_submitted and not is_shadow(card, roles)]
    interviewers = sorted({card.interviewer for card in submitted}, key=lambda u: u.pk)
    cells = {
        (row.item_id, card.interviewer_id): row for card in submitted for row in card.scores.all()
    }
    matrix = [
        {
            "session": session,
            "item": item,
            "cells": [cells.get((item.pk, person.pk)) for person in interviewers],
            "notes": [
                (person, cells[(item.pk, person.pk)].notes)
                for person in interviewers
                if (item.pk, person.pk) in cells and cells[(item.pk, person.pk)].notes
            ],
        }
        for session in loop.sessions.all()
        for item in session.items.all()
    ]
    mechanical = figures(submitted, loop.weights)
    competencies = mechanical["competencies"]
    tally = dict.fromkeys(Recommendation, 0)
    for card in submitted:
        tally[Recommendation(card.recommendation)] += 1
    return {
        "interviewers": interviewers,
        "matrix": matrix,
        "competencies": competencies,
        "tally": [(choice.label, count) for choice, count in tally.items()],
        "recommendations": [
            (card.interviewer, card.session, card.get_recommendation_display(), card)
            for card in submitted
        ],
        "disagreements": [row for row in competencies if row["disagreement"]],
        **mechanical,
        **spread_chart(competencies),
        "missing": missing_scorecards(loop, scorecards),
        "shadows": shadows,
        "shadows_missing": missing_scorecards(loop, scorecards, shadows=True),
        "unstaffed": [session for session in loop.sessions.all() if not session.interviewers.all()],
        "submitted": len(submitted),
    }


def spread_chart(rows):
    """The competencies' spread drawn as a chart: SVG text, a data: URI and its figures."""
    if not rows:
        return {"spread_svg": "", "spread_uri": "", "spread_text": ""}
    figures = tuple(
        (
            row["competency"].name,
            row["average"],
            tuple(float(value) for _, value in row["by_person"]),
        )
        for row in rows
    )
    drawn = charts.spread(figures)
    return {
        "spread_svg": mark_safe(drawn),  # noqa: S308 - drawn by matplotlib from our figures
        "spread_uri": charts.data_uri(drawn),
        "spread_text": charts.spread_text(figures),
    }


def missing_scorecards(loop, scorecards, *, shadows=False):
    """(session, interviewer, state) for every lead and panel interviewer (or, with shadows,
    every shadow) without a submitted card: shadows never hold up the debrief."""
    state = {(card.session_id, card.interviewer_id): card for card in scorecards}
    missing = []
    for session in loop.sessions.all():
        for assignment in session.assignments.all():
            if assignment.counts == shadows:
                continue
            person = assignment.interviewer
            card = state.get((session.pk, person.pk))
            if card is None or not card.is_submitted:
                missing.append((session, person, "draft" if card else "not started"))
    return missing


def question_score_spread(question, user):
    """How often a question was scored, and how its scores spread over 1–4, counting only
    scorecards this user may see figures of (none from loops they are still scoring)."""
    values = list(
        Score.objects.filter(
            item__question=question, scorecard__submitted_at__isnull=False, score__isnull=False
        )
        .exclude(Q(scorecard__session__loop__in=blind_loops(user)))
        .values_list("score", flat=True)
    )
    counts = [values.count(score) for score in range(1, 5)]
    return {
        "counts": list(zip(range(1, 5), counts, strict=True)),
        "total": len(values),
        "average": mean(values) if values else None,
    }


def holders(sessions):
    """{session_id: ["Ivy Interviewer (submitted)", …]}: the scorecards on these sessions."""
    cards = Scorecard.objects.filter(session__in=sessions).select_related("interviewer")
    found = {}
    for card in cards.order_by("session_id", "interviewer__first_name", "interviewer__username"):
        name = card.interviewer.get_full_name() or card.interviewer.username
        state = "submitted" if card.is_submitted else "draft"
        found.setdefault(card.session_id, []).append(f"{name} ({state})")
    return found


def readable_scorecards(user, loop):
    """The loop's scorecards this user may read, by the rule of can_read, in two queries."""
    cards = Scorecard.objects.filter(session__loop=loop)
    if can_edit(user, loop):
        return cards
    involved = cards.filter(interviewer=user, submitted_at__isnull=False).exists()
    if involved and not blind_loops(user).filter(pk=loop.pk).exists():
        return cards.filter(Q(interviewer=user) | Q(submitted_at__isnull=False))
    return cards.filter(interviewer=user)
