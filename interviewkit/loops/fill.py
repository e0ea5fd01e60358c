"""Between the bank and the assembler: what a loop may ask, and writing what it chose.

One query reads every active question of the loop's role (with its overlaps), so filling
a whole loop costs the same few queries however many sessions it has.
"""

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from interviewkit.bank.models import Question, QuestionRevision
from interviewkit.loops.assembly import Candidate, SessionSpec, freshness, plan_loop
from interviewkit.loops.models import KitItem, Loop

QUESTIONS_PER_SESSION = 20  # real sessions ask up to 16; this bounds what one packet prints
RECENT_LOOPS = 2  # a new loop avoids the questions of this many earlier loops like it
ALTERNATIVES = 5


def questions_used_in(loop):
    return set(KitItem.objects.filter(session__loop=loop).values_list("question_id", flat=True))


def questions_asked_before(loop):
    """Questions this candidate (same email) met in any earlier loop."""
    if not loop.candidate_email:
        return set()
    earlier = KitItem.objects.filter(
        session__loop__candidate_email__iexact=loop.candidate_email
    ).exclude(session__loop=loop)
    return set(earlier.values_list("question_id", flat=True))


def questions_to_avoid(loop):
    """Questions a refill must not pick: already in the loop, or asked to this candidate."""
    return questions_used_in(loop) | questions_asked_before(loop)


def questions_in_recent_loops(loop, *, count=RECENT_LOOPS):
    """Questions of the latest loops of the same role and level: other candidates met them."""
    recent = (
        Loop.objects.filter(role=loop.role_id, level=loop.level_id)
        .exclude(pk=loop.pk)
        .order_by("-created_at", "-pk")
        .values("pk")[:count]
    )
    return set(
        KitItem.objects.filter(session__loop__in=recent).values_list("question_id", flat=True)
    )


def overlap_map():
    """{question id: ids of the questions it overlaps}, both ways."""
    overlaps = {}
    edges = Question.overlaps.through.objects.values_list("from_question_id", "to_question_id")
    for one, other in edges:
        overlaps.setdefault(one, set()).add(other)
    return {question: frozenset(others) for question, others in overlaps.items()}


def bank_candidates(role, *, overlaps, recent=frozenset()):
    """[(Candidate, kind)] for every active question that suits the role."""
    now = timezone.now()
    rows = Question.objects.filter(status=Question.Status.ACTIVE, roles=role).values_list(
        "id", "competency_id", "difficulty", "minutes", "last_used_at", "kind"
    )
    return [
        (
            Candidate(
                id,
                competency,
                difficulty,
                minutes,
                freshness(last_used, now),
                id in recent,
                overlaps.get(id, frozenset()),
            ),
            kind,
        )
        for id, competency, difficulty, minutes, last_used, kind in rows
    ]


def for_session(pool, session):
    """The candidates of a session: its focus competencies and, if it names them, kinds."""
    focus = {competency.id for competency in session.focus.all()}
    return [
        candidate
        for candidate, kind in pool
        if candidate.competency in focus and (not session.kinds or kind in session.kinds)
    ]


def as_candidate(item, overlaps):
    """A kept (locked or scored) item as the assembler sees it."""
    question = item.question
    return Candidate(
        question.id,
        question.competency_id,
        question.difficulty,
        item.minutes,
        overlaps=overlaps.get(question.id, frozenset()),
    )


def fill_sessions(loop, sessions, *, seed):
    """Fill these sessions, whose replaceable items the caller removed, around kept items."""
    overlaps = overlap_map()
    pool = bank_candidates(loop.role, overlaps=overlaps, recent=questions_in_recent_loops(loop))
    specs = []
    for session in sessions:
        kept = list(session.items.select_related("question"))
        specs.append(
            SessionSpec(
                key=session,
                position=session.position,
                candidates=for_session(pool, session),
                budget=session.question_minutes,
                focus=[competency.id for competency in session.focus.all()],
                kept=[as_candidate(item, overlaps) for item in kept],
            )
        )
    taken = questions_to_avoid(loop)
    plans = plan_loop(specs, mix=loop.level.difficulty_mix, seed=seed, taken=taken)
    for spec in specs:
        start = max((item.position for item in spec.key.items.all()), default=-1) + 1
        room = max(QUESTIONS_PER_SESSION - len(spec.kept), 0)  # what one packet may print
        chosen = [pick.id for pick in plans[spec.key].chosen][:room]
        add_questions(spec.key, chosen, start=start)
    return plans


def add_questions(session, question_ids, *, start):
    """Kit items for these questions at their current revisions, from position `start`."""
    revisions = QuestionRevision.objects.filter(
        question_id__in=question_ids, number=F("question__revision")
    ).select_related("question")
    by_question = {revision.question_id: revision for revision in revisions}
    items = [
        KitItem(
            session=session,
            position=start + offset,
            question_id=question_id,
            revision=by_question[question_id],
            minutes=by_question[question_id].question.minutes,
        )
        for offset, question_id in enumerate(question_ids)
    ]
    items = bulk_create_with_history(items, KitItem)
    Question.objects.filter(id__in=question_ids).update(last_used_at=timezone.now())
    return items


def alternatives(item, *, limit=ALTERNATIVES):
    """A few good replacements for an item: same competency first, fitting its minutes,
    nothing already in the loop or overlapping what is."""
    session = item.session
    loop = session.loop
    taken = questions_to_avoid(loop) - {item.question_id}
    mix = loop.level.difficulty_mix
    slack = item.minutes + unused_minutes(session)
    candidates = [
        candidate
        for candidate in for_session(bank_candidates(loop.role, overlaps=overlap_map()), session)
        if candidate.id not in taken
        and candidate.id != item.question_id
        and not (candidate.overlaps & taken)
    ]

    def score(candidate):
        return (
            candidate.competency != item.question.competency_id,
            candidate.minutes > slack,
            -mix.get(candidate.difficulty, 0) * candidate.freshness,
            candidate.id,
        )

    ids = [candidate.id for candidate in sorted(candidates, key=score)[:limit]]
    by_id = Question.objects.select_related("competency").in_bulk(ids)
    return [by_id[i] for i in ids]


def unused_minutes(session):
    used = sum(item.minutes for item in session.items.all())
    return max(session.question_minutes - used, 0)
