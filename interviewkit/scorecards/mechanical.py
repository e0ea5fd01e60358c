"""The mechanical debrief: before anyone argues, each competency's mean of the interviewers'
independent ratings with its spread, the loop score weighted as the loop template says, and
where interviewers disagree; afterwards, how far the discussion moved each score.

Combining ratings mechanically beats arguing them into a consensus (Conway, Jako & Goodman
1995), so these figures come first and the discussion's changes are kept beside them.
"""

from collections import defaultdict
from statistics import mean, pstdev

COMPETENCY_GAP = 1.5  # interviewers' means this far apart on a competency: discuss the evidence
ANSWER_GAP = 2  # two scores of one answer this far apart


def value(row, *, before):
    """A score row's value now, or as it stood when the debrief began (before=True)."""
    baseline = getattr(row, "baseline", None) if before else None
    return baseline.value if baseline is not None else row.score


def competency_rows(cards, weights, *, before=False):
    """Per competency: each interviewer's mean, their mean and spread, and its weight."""
    scores = defaultdict(lambda: defaultdict(list))
    for card in cards:
        for row in card.scores.all():
            if (score := value(row, before=before)) is not None:
                scores[row.item.question.competency][card.interviewer].append(score)
    rows = []
    for competency, per_person in sorted(scores.items(), key=lambda kv: kv[0].position):
        by_person = sorted(
            ((person, mean(values)) for person, values in per_person.items()),
            key=lambda pair: pair[0].pk,
        )
        means = [average for _, average in by_person]
        spread = max(means) - min(means)
        rows.append(
            {
                "competency": competency,
                "weight": weights.get(competency.slug, 1),
                "by_person": by_person,
                "average": mean(means),
                "sd": pstdev(means),
                "spread": spread,
                "raters": len(means),
                "count": sum(len(values) for values in per_person.values()),
                "disagreement": spread >= COMPETENCY_GAP,
            }
        )
    return rows


def loop_score(rows):
    """The weighted mean of the competency means, or None without ratings."""
    total = sum(row["weight"] for row in rows)
    if not total:
        return None
    return sum(row["weight"] * row["average"] for row in rows) / total


def answer_disagreements(cards):
    """[(item, [(person, score)])] for answers two interviewers scored ANSWER_GAP apart when
    the debrief started."""
    by_item = defaultdict(list)
    for card in cards:
        for row in card.scores.all():
            if (score := value(row, before=True)) is not None:
                by_item[row.item].append((card.interviewer, score))
    return [
        (item, scored)
        for item, scored in sorted(
            by_item.items(), key=lambda kv: (kv[0].session_id, kv[0].position)
        )
        if len(scored) > 1 and max(s for _, s in scored) - min(s for _, s in scored) >= ANSWER_GAP
    ]


def movements(cards):
    """[(person, item, before, after)] for every score the discussion changed."""
    moved = []
    for card in cards:
        for row in card.scores.all():
            baseline = getattr(row, "baseline", None)
            if baseline is not None and baseline.value != row.score:
                moved.append((card.interviewer, row.item, baseline.value, row.score))
    return moved


def figures(cards, weights):
    """Everything the debrief's first section shows: before the discussion and now."""
    before = competency_rows(cards, weights, before=True)
    now = competency_rows(cards, weights)
    moved = movements(cards)
    changes = [abs(b - a) for _, _, b, a in moved if b is not None and a is not None]
    return {
        "competencies": before,
        "loop_score": loop_score(before),
        "answer_disagreements": answer_disagreements(cards),
        "moved": moved,
        "loop_score_now": loop_score(now) if moved else None,
        "mean_change": mean(changes) if changes else 0,
        "scores_in": sum(1 for card in cards for row in card.scores.all() if row.score),
    }
