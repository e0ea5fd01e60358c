"""Who may read which scorecard, and the debrief's figures."""

from collections import defaultdict
from statistics import mean

from django.db.models import Prefetch

from interviewkit.loops.selectors import can_edit
from interviewkit.scorecards.models import Recommendation, Score, Scorecard

DISAGREEMENT = 2  # interviewers this far apart on a competency are flagged


def can_read(user, scorecard):
    """Your own; all of them for the loop's hiring manager; a colleague's only once you have
    submitted your own scorecard for the loop (so nobody anchors on another's scores)."""
    loop = scorecard.session.loop
    if scorecard.interviewer_id == user.pk or can_edit(user, loop):
        return True
    return (
        scorecard.is_submitted
        and Scorecard.objects.filter(
            session__loop=loop, interviewer=user, submitted_at__isnull=False
        ).exists()
    )


def loop_scorecards(loop):
    scores = Score.objects.select_related("item__question__competency", "item__revision")
    return list(
        Scorecard.objects.filter(session__loop=loop)
        .select_related("interviewer", "session")
        .prefetch_related(Prefetch("scores", queryset=scores), "events__by")
    )


def debrief(loop):
    """Everything the debrief shows, from the loop's submitted scorecards."""
    scorecards = loop_scorecards(loop)
    submitted = [card for card in scorecards if card.is_submitted]
    interviewers = sorted({card.interviewer for card in submitted}, key=lambda u: u.pk)
    cells = {
        (row.item_id, card.interviewer_id): row for card in submitted for row in card.scores.all()
    }
    matrix = [
        {
            "session": session,
            "item": item,
            "cells": [cells.get((item.pk, person.pk)) for person in interviewers],
        }
        for session in loop.sessions.all()
        for item in session.items.all()
    ]
    by_competency = defaultdict(lambda: defaultdict(list))
    for card in submitted:
        for row in card.scores.all():
            if row.score:
                by_competency[row.item.question.competency][card.interviewer].append(row.score)
    competencies = []
    for competency, per_person in sorted(by_competency.items(), key=lambda kv: kv[0].position):
        averages = {person: mean(values) for person, values in per_person.items()}
        every = [value for values in per_person.values() for value in values]
        spread = max(every) - min(every) if len(per_person) > 1 else 0
        competencies.append(
            {
                "competency": competency,
                "average": mean(every),
                "count": len(every),
                "by_person": sorted(averages.items(), key=lambda kv: kv[0].pk),
                "disagreement": spread >= DISAGREEMENT,
                "spread": spread,
            }
        )
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
        "missing": missing_scorecards(loop, scorecards),
        "unstaffed": [session for session in loop.sessions.all() if not session.interviewers.all()],
        "submitted": len(submitted),
    }


def missing_scorecards(loop, scorecards):
    """(session, interviewer, state) for every assigned interviewer without a submitted card."""
    state = {(card.session_id, card.interviewer_id): card for card in scorecards}
    missing = []
    for session in loop.sessions.all():
        for person in session.interviewers.all():
            card = state.get((session.pk, person.pk))
            if card is None or not card.is_submitted:
                missing.append((session, person, "draft" if card else "not started"))
    return missing


def question_score_spread(question):
    """How often a question was scored, and how its scores spread over 1–4."""
    values = list(
        Score.objects.filter(
            item__question=question, scorecard__submitted_at__isnull=False, score__isnull=False
        ).values_list("score", flat=True)
    )
    counts = [values.count(score) for score in range(1, 5)]
    return {
        "counts": list(zip(range(1, 5), counts, strict=True)),
        "total": len(values),
        "average": mean(values) if values else None,
        "flat": len(values) >= 5 and max(counts) >= 0.8 * len(values),
    }
