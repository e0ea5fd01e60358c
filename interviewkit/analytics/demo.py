"""A history of past loops scored by simulated raters with known severities and noise, so the
analytics pages show real figures on a fresh machine, and the tests can check that the
figures recover what was planted.

Loops follow the loop templates and draw their questions from the bank; every score is
written in bulk, so a few hundred loops take a few seconds.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from interviewkit.analytics import simulation
from interviewkit.analytics.simulation import PlantedQuestion, PlantedRater
from interviewkit.bank.models import Question, QuestionRevision, ScoreScale
from interviewkit.loops.models import Assignment, KitItem, Loop, LoopTemplate, Session
from interviewkit.scorecards.models import Score, Scorecard

TITLE = "Past loop"  # every demo loop's title starts so: it is how a second run knows
FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Farid", "Gina", "Hugo", "Iris", "Jonas"]
LAST_NAMES = ["Okoro", "Lindqvist", "Moreau", "Patel", "Yilmaz", "Haddad", "Rossi", "Tanaka"]


@dataclass
class History:
    """What to simulate: who rates (lead and panel), who shadows, how many loops."""

    raters: list  # [(user, PlantedRater)]
    shadows: list = field(default_factory=list)  # [(user, PlantedRater)]
    loops: int = 60
    shadow_share: float = 0.4  # of sessions with a shadow
    days: int = 180  # loops are spread over this many past days
    seed: int = 1
    questions: dict = field(default_factory=dict)  # {question id: PlantedQuestion}, else drawn
    questions_per_competency: int = 8


def planted_question(question, seed):
    """A question's planted offset and noise, drawn from its slug: one in six is vague."""
    digest = digest_of(question, seed)
    generator = np.random.default_rng(digest)
    vague = digest % 6 == 0
    return PlantedQuestion(offset=float(generator.normal(0, 0.3)), noise=0.8 if vague else 0.1)


def digest_of(question, seed):
    return int(hashlib.sha256(f"{seed}:{question.slug}".encode()).hexdigest()[:8], 16)


@transaction.atomic
def build_history(history, *, owner, now=None):
    """Write the simulated loops, sessions, scorecards and scores; returns the loops made."""
    now = now or timezone.now()
    generator = np.random.default_rng(history.seed)
    templates = list(
        LoopTemplate.objects.select_related("role", "level").prefetch_related("sessions__focus")
    )
    by_competency = question_pools(history)
    revisions = dict(
        QuestionRevision.objects.filter(number=F("question__revision")).values_list(
            "question_id", "pk"
        )
    )
    loops = []
    for number in range(history.loops):
        template = templates[number % len(templates)]
        when = now - timedelta(days=float(generator.uniform(1, history.days)))
        candidate = simulation.ability(generator)
        loops.append(
            (
                Loop(
                    title=f"{TITLE} {number + 1}: {template}",
                    role=template.role,
                    level=template.level,
                    candidate_name=candidate_name(number),
                    owner=owner,
                    status=Loop.Status.CLOSED,
                    seed=number,
                    weights=template.weights,
                    decision=Loop.Decision.HIRE if candidate > 2.8 else Loop.Decision.NO_HIRE,
                    decision_rationale="Simulated for the demo history.",
                    decided_by=owner,
                    decided_at=when,
                ),
                template,
                when,
                candidate,
            )
        )
    Loop.objects.bulk_create([loop for loop, *_ in loops])
    for loop, template, when, candidate in loops:
        write_loop(history, generator, loop, template, when, candidate, by_competency, revisions)
    return [loop for loop, *_ in loops]


def question_pools(history):
    """{competency: questions the history asks}: a few per competency, as real loops come back
    to the same questions; those with sample answers first, so calibration has figures."""
    questions = Question.objects.filter(status=Question.Status.ACTIVE).annotate(
        samples=Count("sample_answers")
    )
    pools = {}
    for question in sorted(questions, key=lambda q: (-bool(q.samples), digest_of(q, history.seed))):
        pool = pools.setdefault(question.competency_id, [])
        if len(pool) < history.questions_per_competency:
            pool.append(question)
    return pools


def candidate_name(number):
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    return f"{first} {LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]}"


def write_loop(history, generator, loop, template, when, candidate, by_competency, revisions):
    """One loop's sessions, kit items, assignments, scorecards and scores."""
    Loop.objects.filter(pk=loop.pk).update(created_at=when, target_date=when.date())
    used = set()
    for spec in template.sessions.all():
        session = Session.objects.create(
            loop=loop, position=spec.position, name=spec.name, minutes=spec.minutes
        )
        session.focus.set(spec.focus.all())
        picked = pick(generator, session, spec.focus.all(), by_competency, used, most=4)
        if not picked:
            continue
        items = KitItem.objects.bulk_create(
            KitItem(
                session=session,
                position=n,
                question=q,
                revision_id=revisions[q.pk],
                minutes=q.minutes,
                scored=True,
            )
            for n, q in enumerate(picked)
        )
        KitItem.objects.filter(session=session).update(added_at=when)
        score_session(history, generator, session, items, candidate, when)


def pick(generator, session, focus, by_competency, used, *, most):
    """Questions for a session as assembly would choose them: each focus competency in turn,
    within the session's question minutes, none twice in the loop."""
    budget, picked = session.question_minutes, []
    while len(picked) < most:
        added = False
        for competency in focus:
            pool = [
                q
                for q in by_competency.get(competency.pk, [])
                if q.pk not in used and q.minutes <= budget
            ]
            if pool and len(picked) < most:
                question = pool[generator.integers(len(pool))]
                picked.append(question)
                used.add(question.pk)
                budget -= question.minutes
                added = True
        if not added:
            return picked
    return picked


def panel_for(history, generator):
    """A lead and a panel interviewer, and sometimes a shadow: [(user, planted, role)]."""
    lead, panel = generator.choice(len(history.raters), size=2, replace=False)
    people = [
        (*history.raters[lead], Assignment.Role.LEAD),
        (*history.raters[panel], Assignment.Role.PANEL),
    ]
    if history.shadows and generator.random() < history.shadow_share:
        people.append((*history.shadows[generator.integers(len(history.shadows))], "shadow"))
    return people


def score_session(history, generator, session, items, candidate, when):
    people = panel_for(history, generator)
    Assignment.objects.bulk_create(
        Assignment(session=session, interviewer=user, role=role) for user, _, role in people
    )
    levels = [simulation.answer_level(generator, candidate) for _ in items]
    cards, rows = [], []
    for user, planted, _ in people:
        scores = [
            simulation.score(
                generator, ability=level, rater=planted, question=question_plan(history, item)
            )
            for item, level in zip(items, levels, strict=True)
        ]
        card = Scorecard(
            session=session,
            interviewer=user,
            recommendation=ScoreScale(round(sum(scores) / len(scores))),
            submitted_at=when,
        )
        cards.append(card)
        rows.append(scores)
    Scorecard.objects.bulk_create(cards)
    Score.objects.bulk_create(
        Score(scorecard=card, item=item, revision_id=item.revision_id, score=value)
        for card, scores in zip(cards, rows, strict=True)
        for item, value in zip(items, scores, strict=True)
    )


def question_plan(history, item):
    planted = history.questions.get(item.question_id)
    if planted is None:
        planted = history.questions[item.question_id] = planted_question(
            item.question, history.seed
        )
    return planted


DEMO_RATERS = [
    ("priya", "Priya", "Nair", PlantedRater("Priya Nair", -0.4, 0.25)),
    ("tom", "Tom", "Becker", PlantedRater("Tom Becker", -0.2, 0.3)),
    ("lena", "Lena", "Fischer", PlantedRater("Lena Fischer", 0.0, 0.2)),
    ("omar", "Omar", "Haddad", PlantedRater("Omar Haddad", 0.1, 0.3)),
    ("grace", "Grace", "Kim", PlantedRater("Grace Kim", 0.2, 0.25)),
    ("diego", "Diego", "Alvarez", PlantedRater("Diego Alvarez", 0.4, 0.35)),
]
DEMO_SHADOWS = [
    ("sam", "Sam", "Okafor", PlantedRater("Sam Okafor", 0.05, 0.25)),
    ("mia", "Mia", "Rossi", PlantedRater("Mia Rossi", 0.45, 0.7)),
]


def demo_people(specs):
    """The demo's interviewers (no password: they cannot log in), made once."""
    from django.contrib.auth.models import Group

    from interviewkit.accounts.groups import INTERVIEWERS

    group = Group.objects.get(name=INTERVIEWERS)
    people = []
    for username, first, last, planted in specs:
        user, created = get_user_model().objects.get_or_create(
            username=f"demo-{username}", defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        people.append((user, planted))
    return people
