"""Writes to loops: creating one from its template, filling and adjusting its sessions."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from interviewkit.bank.models import Question, QuestionRevision
from interviewkit.bank.services import current_revision
from interviewkit.loops.assembly import Candidate, freshness, plan_session, session_rng
from interviewkit.loops.models import KitItem, Loop, LoopTemplate, Session, new_seed

ALTERNATIVES = 5


class NoTemplate(Exception):
    """No loop template exists for the chosen role and level."""


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


def candidates_for(session, *, role, exclude):
    """Active questions that suit the role and the session's focus and kinds."""
    questions = Question.objects.filter(
        status=Question.Status.ACTIVE,
        roles=role,
        competency__in=session.focus.all(),
    )
    if session.kinds:
        questions = questions.filter(kind__in=session.kinds)
    now = timezone.now()
    rows = questions.values_list("id", "competency_id", "difficulty", "minutes", "last_used_at")
    return [
        Candidate(id, competency, difficulty, minutes, freshness(last_used, now))
        for id, competency, difficulty, minutes, last_used in rows
        if id not in exclude
    ]


def as_candidate(item):
    question = item.question
    return Candidate(question.id, question.competency_id, question.difficulty, item.minutes)


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
    KitItem.objects.bulk_create(items)
    Question.objects.filter(id__in=question_ids).update(last_used_at=timezone.now())
    return items


def fill_session(session, *, seed, taken):
    """Fill a session, whose unlocked items the caller has removed, around its locked ones.

    `taken` holds question ids used elsewhere in the loop (or never to be asked) and is
    extended with this session's questions.
    """
    kept = list(session.items.select_related("question"))
    taken |= {item.question_id for item in kept}
    loop = session.loop
    plan = plan_session(
        candidates=candidates_for(session, role=loop.role, exclude=taken),
        budget=session.question_minutes,
        focus=[competency.id for competency in session.focus.all()],
        mix=loop.level.difficulty_mix,
        rng=session_rng(seed, session.position),
        kept=[as_candidate(item) for item in kept],
    )
    chosen_ids = [candidate.id for candidate in plan.chosen]
    start = max((item.position for item in kept), default=-1) + 1
    add_questions(session, chosen_ids, start=start)
    taken |= set(chosen_ids)
    return plan


@transaction.atomic
def fill_loop(loop, *, seed=None):
    """(Re)fill every session in order, keeping locked items; a new seed re-rolls."""
    if seed is not None:
        loop.seed = seed
        loop.save(update_fields=["seed", "updated_at"])
    KitItem.objects.filter(session__loop=loop, locked=False).delete()
    taken = questions_to_avoid(loop)
    for session in loop.sessions.all():
        fill_session(session, seed=loop.seed, taken=taken)


def refill_session(session):
    """Re-roll one session's unlocked items with a fresh seed, avoiding the rest of the loop."""
    loop = session.loop
    with transaction.atomic():
        session.items.filter(locked=False).delete()
        fill_session(session, seed=new_seed(), taken=questions_to_avoid(loop))


@transaction.atomic
def create_loop(*, owner, role, level, title, seed=None, **candidate):
    """A loop with the sessions of its role and level's template, assembled from the bank.

    candidate: candidate_name, candidate_email, target_date (all optional).
    """
    template = LoopTemplate.objects.filter(role=role, level=level).first()
    if template is None:
        raise NoTemplate(f"There is no loop template for {level} {role}; add one in the admin.")
    if seed is None:
        seed = new_seed()
    loop = Loop.objects.create(
        owner=owner, role=role, level=level, title=title, seed=seed, **candidate
    )
    for session_template in template.sessions.all():
        session = Session.objects.create(
            loop=loop,
            position=session_template.position,
            name=session_template.name,
            minutes=session_template.minutes,
            kinds=session_template.kinds,
        )
        session.focus.set(session_template.focus.all())
    fill_loop(loop)
    return loop


def alternatives(item, *, limit=ALTERNATIVES):
    """A few good replacements for an item: same competency first, fitting its minutes."""
    session = item.session
    loop = session.loop
    candidates = candidates_for(session, role=loop.role, exclude=questions_to_avoid(loop))
    mix = loop.level.difficulty_mix
    slack = item.minutes + unused_minutes(session)

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


def swap_item(item, question):
    """Put another question in the item's place, at its current revision."""
    item.question, item.minutes = question, question.minutes
    item.revision = current_revision(question)
    item.save(update_fields=["question", "revision", "minutes"])
    Question.objects.filter(pk=question.pk).update(last_used_at=timezone.now())
    return item


class AlreadyInLoop(Exception):
    """The question is already somewhere in this loop."""


def add_item(session, question):
    if question.pk in questions_used_in(session.loop):
        raise AlreadyInLoop(f"“{question.slug}” is already in this loop.")
    start = (session.items.aggregate(last=Max("position"))["last"] or 0) + 1
    return add_questions(session, [question.pk], start=start)[0]


def reorder_items(session, item_ids):
    """Positions follow the given order; ids not in the session are ignored."""
    items = {item.pk: item for item in session.items.all()}
    ordered = [items[pk] for pk in item_ids if pk in items]
    ordered += [item for pk, item in items.items() if item not in ordered]
    for position, item in enumerate(ordered):
        item.position = position
    KitItem.objects.bulk_update(ordered, ["position"])


def move_item(item, offset):
    """Move an item up (-1) or down (+1) within its session."""
    ids = list(item.session.items.values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    reorder_items(item.session, ids)


def refresh_item(item):
    """Move an item to its question's current revision (after the question was edited)."""
    item.revision = current_revision(item.question)
    item.minutes = item.question.minutes
    item.save(update_fields=["revision", "minutes"])


def add_session(loop, *, name, minutes, focus, kinds=()):
    position = (loop.sessions.aggregate(last=Max("position"))["last"] or 0) + 1
    session = Session.objects.create(
        loop=loop, name=name, minutes=minutes, kinds=list(kinds), position=position
    )
    session.focus.set(focus)
    refill_session(session)
    return session


def update_session(session, *, name, minutes, focus, kinds):
    """Change a session's shape and refill its unlocked items to match."""
    session.name, session.minutes, session.kinds = name, minutes, list(kinds)
    session.save(update_fields=["name", "minutes", "kinds"])
    session.focus.set(focus)
    refill_session(session)
