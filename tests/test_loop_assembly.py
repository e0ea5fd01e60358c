"""Properties of assembly over random banks (hypothesis), on plain data and on the database."""

from collections import Counter

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.bank.models import Competency, Question, QuestionRevision, Role
from interviewkit.loops.assembly import Candidate, SessionSpec, plan_loop, plan_session, session_rng
from interviewkit.loops.models import SEEDS, KitItem, Level, LoopTemplate, SessionTemplate
from interviewkit.loops.selectors import session_summary
from interviewkit.loops.services import create_loop, fill_loop
from tests.conftest import ensure_reference_data, make_user

MIX = {"basic": 10, "intermediate": 40, "advanced": 50}
DIFFICULTIES = ["basic", "intermediate", "advanced"]

candidate_lists = st.lists(
    st.builds(
        lambda i, competency, difficulty, minutes, fresh: (
            i,
            competency,
            difficulty,
            minutes,
            fresh,
        ),
        st.integers(0, 10_000),
        st.integers(1, 5),
        st.sampled_from(DIFFICULTIES),
        st.integers(1, 45),
        st.floats(0.1, 1.0),
    ),
    max_size=60,
    unique_by=lambda row: row[0],
).map(lambda rows: [Candidate(*row) for row in rows])
focus_lists = st.lists(st.integers(1, 5), min_size=1, max_size=5, unique=True)


@given(candidate_lists, st.integers(0, 120), focus_lists, st.integers(0, 2**31), st.data())
def test_plans_fit_the_budget_repeat_nothing_and_keep_locked_items(
    candidates, budget, focus, seed, data
):
    kept = (
        data.draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True))
        if candidates
        else []
    )
    kept = [k for k in kept if k.minutes <= budget][:2]
    if sum(k.minutes for k in kept) > budget:
        kept = []
    plan = plan_session(
        candidates=candidates,
        budget=budget,
        focus=focus,
        mix=MIX,
        rng=session_rng(seed, 0),
        kept=kept,
    )
    chosen_ids = [c.id for c in plan.chosen]
    assert sum(c.minutes for c in plan.chosen + kept) <= budget
    assert len(set(chosen_ids)) == len(chosen_ids)
    assert not set(chosen_ids) & {k.id for k in kept}
    assert plan.unused_minutes == budget - sum(c.minutes for c in plan.chosen + kept)


@given(candidate_lists, st.integers(0, 120), focus_lists, st.integers(0, 2**31))
def test_every_focus_competency_is_covered_when_the_bank_can(candidates, budget, focus, seed):
    shortest = {}
    for c in candidates:
        if c.competency in focus:
            shortest[c.competency] = min(c.minutes, shortest.get(c.competency, c.minutes))
    coverable = len(shortest) == len(focus) and sum(shortest.values()) <= budget

    plan = plan_session(
        candidates=candidates, budget=budget, focus=focus, mix=MIX, rng=session_rng(seed, 0)
    )

    covered = {c.competency for c in plan.chosen}
    if coverable:
        assert covered >= set(focus)
        assert plan.uncovered == []
    assert set(plan.uncovered) == set(focus) - covered


@given(candidate_lists, st.integers(0, 120), focus_lists, st.integers(0, 2**31))
def test_the_same_seed_gives_the_same_plan(candidates, budget, focus, seed):
    def plan():
        return plan_session(
            candidates=list(reversed(candidates)),
            budget=budget,
            focus=focus,
            mix=MIX,
            rng=session_rng(seed, 3),
        ).chosen

    assert (
        plan()
        == plan_session(
            candidates=candidates, budget=budget, focus=focus, mix=MIX, rng=session_rng(seed, 3)
        ).chosen
    )


def test_the_fill_prefers_the_levels_difficulties_and_fresh_questions():
    candidates = [
        Candidate(i, 1, DIFFICULTIES[i % 3], 5, 1.0 if i % 2 else 0.1) for i in range(300)
    ]
    picks = Counter()
    for seed in range(200):
        plan = plan_session(
            candidates=candidates, budget=5, focus=[1], mix=MIX, rng=session_rng(seed, 0)
        )
        (chosen,) = plan.chosen
        picks[chosen.difficulty] += 1
        picks["fresh" if chosen.freshness == 1.0 else "stale"] += 1
    assert picks["advanced"] > picks["basic"] * 2
    assert picks["fresh"] > picks["stale"] * 3


def with_overlaps(candidates, pairs):
    """The candidates with symmetric overlaps between the given pairs of positions."""
    links = {}
    for a, b in pairs:
        if a < len(candidates) and b < len(candidates) and a != b:
            links.setdefault(candidates[a].id, set()).add(candidates[b].id)
            links.setdefault(candidates[b].id, set()).add(candidates[a].id)
    return [c._replace(overlaps=frozenset(links.get(c.id, ()))) for c in candidates]


@given(
    candidate_lists,
    st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=40),
    st.integers(0, 2**31),
)
def test_a_loop_never_holds_two_overlapping_questions(candidates, pairs, seed):
    candidates = with_overlaps(candidates, pairs)
    specs = [
        SessionSpec(key=n, position=n, candidates=candidates, budget=60, focus=[1, 2, 3])
        for n in range(3)
    ]
    plans = plan_loop(specs, mix=MIX, seed=seed)
    picks = [pick for plan in plans.values() for pick in plan.chosen]
    ids = [pick.id for pick in picks]
    assert len(ids) == len(set(ids))
    assert not any(pick.overlaps & set(ids) for pick in picks)


def test_questions_of_recent_loops_are_asked_only_when_nothing_else_fits():
    recent = [Candidate(i, 1, "advanced", 5, recent=True) for i in range(10)]
    fresh = [Candidate(100 + i, 1, "advanced", 5) for i in range(4)]
    plan = plan_session(
        candidates=recent + fresh, budget=30, focus=[1], mix={"advanced": 1}, rng=session_rng(1, 0)
    )
    chosen = [c.id for c in plan.chosen]
    assert set(chosen) >= {c.id for c in fresh} and len(chosen) == 6  # four fresh, then two


def test_sessions_follow_the_levels_share_of_advanced_questions():
    bank = [Candidate(i, 1 + (i // 3) % 3, DIFFICULTIES[i % 3], 5 + i % 4) for i in range(300)]
    staff = {"basic": 0, "intermediate": 25, "advanced": 75}
    junior = {"basic": 60, "intermediate": 35, "advanced": 5}
    for mix, check in ((staff, lambda share: share >= 0.6), (junior, lambda share: share <= 0.15)):
        for seed in range(50):
            plan = plan_session(
                candidates=bank, budget=45, focus=[1, 2, 3], mix=mix, rng=session_rng(seed, 0)
            )
            share = sum(c.difficulty == "advanced" for c in plan.chosen) / len(plan.chosen)
            assert check(share), (mix, seed, [c.difficulty for c in plan.chosen])


# On the database: random banks, whole loops.

bank_specs = st.lists(
    st.tuples(
        st.sampled_from(["ml-fundamentals", "evaluation", "coding"]),
        st.sampled_from(DIFFICULTIES),
        st.integers(3, 30),
        st.sampled_from(["conceptual", "coding"]),
    ),
    min_size=0,
    max_size=40,
)


def make_bank(specs):
    competencies = {c.slug: c for c in Competency.objects.all()}
    questions = Question.objects.bulk_create(
        Question(
            slug=f"q{i}",
            prompt=f"Question {i}",
            kind=kind,
            competency=competencies[comp],
            difficulty=difficulty,
            minutes=minutes,
            model_answer="answer",
            status="active",
            revision=1,
            rubric=["1", "2", "3", "4"],
        )
        for i, (comp, difficulty, minutes, kind) in enumerate(specs)
    )
    QuestionRevision.objects.bulk_create(
        QuestionRevision(question=q, number=1, content={"prompt": q.prompt}) for q in questions
    )
    for question in questions:
        question.roles.set(Role.objects.all())


def make_template(role, level):
    template = LoopTemplate.objects.create(role=role, level=level)
    for position, (name, minutes, kinds, focus) in enumerate(
        [
            ("Screen", 40, ["conceptual"], ["ml-fundamentals", "evaluation"]),
            ("Coding", 50, ["coding"], ["coding"]),
            ("Breadth", 60, [], ["ml-fundamentals", "evaluation", "coding"]),
        ]
    ):
        session = SessionTemplate.objects.create(
            template=template, position=position, name=name, minutes=minutes, kinds=kinds
        )
        session.focus.set(Competency.objects.filter(slug__in=focus))


def loop_items(loop):
    return [
        [(item.question.slug, item.minutes) for item in session.items.order_by("position")]
        for session in loop.sessions.order_by("position")
    ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=bank_specs, seed=st.integers(0, SEEDS - 1))
def test_whole_loops_on_random_banks(db, specs, seed):
    ensure_reference_data()
    with transaction.atomic():
        owner = make_user("owner")
        role = Role.objects.get(slug="ml-engineer")
        level = Level.objects.create(slug="senior", name="Senior", difficulty_mix=MIX)
        make_template(role, level)
        make_bank(specs)
        args = {
            "owner": owner,
            "role": role,
            "level": level,
            "title": "Loop",
            "candidate_email": "a@example.com",
        }

        with transaction.atomic():
            first = loop_items(create_loop(seed=seed, **args))
            transaction.set_rollback(True)
        loop = create_loop(seed=seed, **args)
        assert loop_items(loop) == first  # same seed, same bank: same loop

        used = [slug for session in loop_items(loop) for slug, _ in session]
        assert len(used) == len(set(used))  # no question twice in a loop
        for session in loop.sessions.all():
            assert sum(i.minutes for i in session.items.all()) <= session.question_minutes

        second = create_loop(seed=seed, **{**args, "candidate_email": "A@Example.com"})
        again = [slug for session in loop_items(second) for slug, _ in session]
        assert not set(again) & set(used)  # never a question this candidate met before
        transaction.set_rollback(True)


def test_locked_items_survive_a_reroll(small_bank, manager):
    ensure_reference_data()
    level = Level.objects.create(slug="mid", name="Mid", difficulty_mix=MIX)
    role = Role.objects.get(slug="ml-engineer")
    make_template(role, level)
    loop = create_loop(owner=manager, role=role, level=level, title="Loop", seed=1)
    locked = list(KitItem.objects.filter(session__loop=loop)[:2])
    for item in locked:
        item.locked = True
        item.save()

    for seed in range(2, 8):
        fill_loop(loop, seed=seed)
        for item in locked:
            assert KitItem.objects.get(pk=item.pk).question_id == item.question_id


def test_a_session_the_bank_cannot_fill_says_why(db, manager):
    ensure_reference_data()
    level = Level.objects.create(slug="mid", name="Mid", difficulty_mix=MIX)
    role = Role.objects.get(slug="ml-engineer")
    make_template(role, level)
    make_bank([("ml-fundamentals", "basic", 5, "conceptual")])

    loop = create_loop(owner=manager, role=role, level=level, title="Thin bank", seed=1)

    screen, coding, _ = loop.sessions.all()
    problems = " ".join(session_summary(screen)["problems"])
    assert "No question covers Evaluation & metrics" in problems
    assert "Only 5 of 30 question minutes are filled" in problems
    assert "No question covers Coding" in " ".join(session_summary(coding)["problems"])
