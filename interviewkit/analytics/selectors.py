"""Reads for the analytics pages: the ratings a user may see figures of, and the figures.

Independence holds here as everywhere: nobody's figures include a loop in which they still
have a scorecard to submit (blind_loops), and an interviewer sees only their own figures.
One query reads every visible score, so the pages cost the same few queries however many
scorecards there are; the figures are computed from plain data (reliability.py).
"""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from interviewkit.accounts.groups import is_hiring_manager
from interviewkit.analytics import calibration, reliability
from interviewkit.analytics.models import Thresholds
from interviewkit.analytics.reliability import Ratings
from interviewkit.bank.models import Competency, Question
from interviewkit.loops.models import Assignment
from interviewkit.scorecards.models import Score
from interviewkit.scorecards.selectors import blind_loops

EXPOSURE_DAYS = 90


def sees_everything(user):
    """Hiring managers (and superusers) see every interviewer's figures; others their own."""
    return user.is_superuser or is_hiring_manager(user)


def ratings(user, *, question=None):
    """Every submitted score this user may see figures of, as Ratings (shadows marked)."""
    scores = Score.objects.filter(score__isnull=False, scorecard__submitted_at__isnull=False)
    scores = scores.exclude(scorecard__session__loop__in=blind_loops(user))
    if question is not None:
        scores = scores.filter(item__question=question)
    rows = scores.values_list(
        "item_id",
        "scorecard__interviewer_id",
        "score",
        "item__question_id",
        "item__question__competency_id",
        "scorecard__session__loop_id",
        "revision_id",
        "score",  # a placeholder column: whether the rater shadowed, filled in below
        "scorecard__session_id",
    )
    found = Ratings.of(fetch(rows))
    shadows = Assignment.objects.filter(role=Assignment.Role.SHADOW)
    pairs = np.array(fetch(shadows.values_list("session_id", "interviewer_id")), dtype=np.int64)
    span = int(found.rater.max(initial=0)) + 1
    shadow = pairs[:, 0] * span + pairs[:, 1] if len(pairs) else pairs
    found.shadow[:] = np.isin(found.session * span + found.rater, shadow)
    return found


def fetch(queryset):
    """A values_list query's rows straight from the cursor: tens of thousands of rows at once
    without a Python object per row."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def times_asked(*, days=EXPOSURE_DAYS):
    """{question id: kit items with a submitted scorecard in the last `days` days}."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        Score.objects.filter(scorecard__submitted_at__gte=since)
        .values("item__question")
        .annotate(times=Count("item", distinct=True))
        .values_list("item__question", "times")
    )
    return dict(rows)


@dataclass
class QuestionRow:
    pk: int
    alpha: reliability.Alpha
    use: reliability.Use
    flags: list
    asked: int
    over_exposed: bool
    question: Question | None = None  # read only for the rows shown (with_questions)


def question_rows(all_ratings, *, sort="reliability"):
    """Every question that was scored or asked lately, with its figures and flags."""
    figures = reliability.alphas(all_ratings, "question", resamples=0)
    uses = reliability.anchor_uses(all_ratings, "question")
    asked = times_asked()
    limit = Thresholds.current().exposure_limit
    rows = []
    for pk in set(uses) | set(asked):
        figure = figures.get(pk, reliability.NO_ALPHA)
        use = uses.get(pk, reliability.NO_USE)
        times = asked.get(pk, 0)
        rows.append(
            QuestionRow(pk, figure, use, reliability.flags(figure, use), times, times > limit)
        )
    return sorted(rows, key=SORTS[sort][1])


SORTS = {
    "reliability": (
        "least reliable first",
        lambda row: (not row.alpha.enough, row.alpha.value or 0, -row.alpha.units),
    ),
    "exposure": ("most asked first", lambda row: (-row.asked, row.pk)),
    "flags": ("most flags first", lambda row: (-len(row.flags), row.pk)),
}


def with_questions(rows):
    """The rows with their questions read, for the few rows a page or report shows."""
    rows = list(rows)
    questions = Question.objects.select_related("competency").in_bulk([row.pk for row in rows])
    for row in rows:
        row.question = questions[row.pk]
    return rows


def competency_rows(all_ratings):
    """(competency, Alpha with its interval) for each competency with scores."""
    figures = reliability.alphas(all_ratings, "competency")
    competencies = Competency.objects.filter(pk__in=set(all_ratings.competency.tolist()))
    return [(c, figures.get(c.pk, reliability.NO_ALPHA)) for c in competencies]


@dataclass
class RaterRow:
    person: object
    figures: reliability.Rater
    low: float
    high: float


def rater_rows(all_ratings, user):
    """Severity and agreement of each interviewer (only the user's own for an interviewer),
    harshest first, with a 95% interval of the severity."""
    figures = reliability.raters(all_ratings)
    if not sees_everything(user):
        figures = {pk: f for pk, f in figures.items() if pk == user.pk}
    people = get_user_model().objects.in_bulk(list(figures))
    rows = []
    for pk, figure in figures.items():
        half = 1.96 * figure.spread / figure.units**0.5
        rows.append(RaterRow(people[pk], figure, figure.severity - half, figure.severity + half))
    return sorted(rows, key=lambda row: row.figures.severity)


@dataclass
class QuestionFigures:
    alpha: reliability.Alpha
    use: reliability.Use
    flags: list
    relation: reliability.Relation
    revisions: list  # (revision number, Alpha) when more than one revision was scored


def question_figures(question, user):
    """Everything a question's page shows about how it is scored."""
    own = ratings(user, question=question)
    loops = set(own.loop.tolist())
    figure = reliability.alpha(own)
    use = reliability.anchor_use(own)
    by_revision = reliability.alphas(own, "revision")
    scored = set(own.revision.tolist())
    numbers = dict(question.revisions.filter(pk__in=scored).values_list("pk", "number"))
    revisions = sorted(
        (number, by_revision.get(pk, reliability.NO_ALPHA)) for pk, number in numbers.items()
    )
    return QuestionFigures(
        figure,
        use,
        reliability.flags(figure, use),
        reliability.relation_to_rest(question.pk, loop_ratings(user, loops)),
        revisions if len(revisions) > 1 else [],
    )


def loop_ratings(user, loops):
    """Every score of the given loops, for a question's relation to the rest of the loop."""
    scores = Score.objects.filter(
        score__isnull=False,
        scorecard__submitted_at__isnull=False,
        scorecard__session__loop__in=list(loops),
    ).exclude(scorecard__session__loop__in=blind_loops(user))
    rows = scores.values_list("score", "item__question_id", "scorecard__session__loop_id")
    return Ratings.of((0, 0, score, q, 0, loop, 0, 0, 0) for score, q, loop in fetch(rows))


@dataclass
class QualificationRow:
    person: object
    competency: Competency
    figures: object  # calibration.Qualification


def qualification_rows(all_ratings, user):
    """Each shadow's standing per competency (only the user's own for an interviewer)."""
    thresholds = Thresholds.current()
    found = calibration.qualifications(
        all_ratings,
        sessions_needed=thresholds.qualify_sessions,
        agreement_needed=thresholds.qualify_agreement,
    )
    if not sees_everything(user):
        found = [row for row in found if row.person == user.pk]
    people = get_user_model().objects.in_bulk({row.person for row in found})
    competencies = Competency.objects.in_bulk({row.competency for row in found})
    rows = [QualificationRow(people[r.person], competencies[r.competency], r) for r in found]
    return sorted(rows, key=lambda row: (row.person.username, row.competency.position))


ALTERNATES = 5


def alternates(question, *, limit=ALTERNATES):
    """Active questions that could take a retired one's place: same competency, the same
    kind and difficulty first, the least asked lately first, none that overlaps it."""
    asked = times_asked()
    over = Thresholds.current().exposure_limit
    overlapping = set(question.overlaps.values_list("pk", flat=True))
    candidates = [
        other
        for other in Question.objects.filter(
            status=Question.Status.ACTIVE, competency=question.competency_id
        ).exclude(pk__in=overlapping | {question.pk})
        if asked.get(other.pk, 0) <= over
    ]
    candidates.sort(
        key=lambda other: (
            other.kind != question.kind,
            other.difficulty != question.difficulty,
            asked.get(other.pk, 0),
            other.slug,
        )
    )
    for other in candidates[:limit]:
        other.asked = asked.get(other.pk, 0)
    return candidates[:limit]
