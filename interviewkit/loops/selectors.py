"""Reads of loops that are more than a filter: what a user may see, and a loop's page data."""

from django.db.models import Prefetch, Q
from django.db.models.fields.json import KeyTextTransform

from interviewkit.accounts.groups import is_hiring_manager
from interviewkit.bank.models import Question
from interviewkit.bank.selectors import search
from interviewkit.loops.models import Assignment, KitItem, Loop

SEARCH_RESULTS = 10

SHORT_FILL = 0.75  # a session filled below this share of its question minutes is "short"


def visible_loops(user):
    """Hiring managers see the loops they own (superusers all); interviewers theirs."""
    loops = Loop.objects.select_related("role", "level", "owner")
    if user.is_superuser:
        return loops
    if is_hiring_manager(user):
        return loops.filter(Q(owner=user) | Q(sessions__interviewers=user)).distinct()
    return loops.filter(sessions__interviewers=user).distinct()


def can_edit(user, loop):
    return user.is_superuser or (loop.owner_id == user.pk and is_hiring_manager(user))


def loop_with_sessions(loop_id, user=None):
    """The loop with everything its page shows, in a fixed number of queries.

    With a user, only a loop they may see; without one (management commands), any loop.
    """
    items = KitItem.objects.select_related("question__competency", "revision").order_by(
        "position", "pk"
    )
    loops = visible_loops(user) if user else Loop.objects.select_related("role", "level", "owner")
    return loops.prefetch_related(
        "sessions__focus",
        "sessions__interviewers",
        Prefetch(
            "sessions__assignments", queryset=Assignment.objects.select_related("interviewer")
        ),
        Prefetch("sessions__items", queryset=items),
    ).get(pk=loop_id)


def items_without_content():
    """Kit items with what finding a packet's stored parts needs (positions, minutes, revision
    ids, and the kind of question, which says whether it has a handout), without the questions'
    content."""
    return (
        KitItem.objects.select_related("question")
        .only("session", "position", "minutes", "revision_id", "question__competency_id")
        .annotate(revision_kind=KeyTextTransform("kind", "revision__content"))
        .order_by("position", "pk")
    )


def loop_for_download(loop_id, user):
    """The loop with what a download needs to find its stored parts (names, positions, revision
    ids, assignments), without the questions' content: a download of a stored packet reads no
    question. Rendering reads the loop again in full (see packets.parts.from_spec)."""
    items = items_without_content()
    return (
        visible_loops(user)
        .prefetch_related(
            Prefetch(
                "sessions__assignments", queryset=Assignment.objects.select_related("interviewer")
            ),
            Prefetch("sessions__items", queryset=items),
        )
        .get(pk=loop_id)
    )


def filtered_loops(user, data):
    """The loop list for a LoopFilterForm's cleaned data: status, role, level, owner, search."""
    loops = visible_loops(user)
    if data.get("status"):
        loops = loops.filter(status=data["status"])
    elif not data.get("closed"):  # closed loops only when asked for
        loops = loops.exclude(status=Loop.Status.CLOSED)
    for field in ("role", "level", "owner"):
        if data.get(field):
            loops = loops.filter(**{field: data[field]})
    text = (data.get("q") or "").strip()
    if text:
        loops = loops.filter(
            Q(candidate_name__icontains=text)
            | Q(candidate_email__icontains=text)
            | Q(title__icontains=text)
        )
    return loops.order_by("-created_at", "-pk")


def search_questions(text, *, exclude):
    """Active questions matching the bank's search (prompt, answer, slug, tags), for adding."""
    if not text.strip():
        return []
    active = Question.objects.filter(status=Question.Status.ACTIVE)
    matches = search(active, text.strip()).values("pk")
    return list(
        Question.objects.filter(pk__in=matches)
        .exclude(pk__in=exclude)
        .select_related("competency")
        .order_by("competency__position", "slug")[:SEARCH_RESULTS]
    )


def session_summary(session):
    """Minutes used against the budget, and what is wrong with the session, in words."""
    items = list(session.items.all())
    used = sum(item.minutes for item in items)
    budget = session.question_minutes
    covered = {item.question.competency_id for item in items}
    problems = [
        f"No question covers {competency.name}: the bank has none left for this role "
        f"that fits, or all are used elsewhere in the loop."
        for competency in session.focus.all()
        if competency.id not in covered
    ]
    if budget and used < SHORT_FILL * budget:
        problems.append(
            f"Only {used} of {budget} question minutes are filled: the bank has no more "
            f"active questions for this role, focus, kind and level that fit. Add questions to "
            f"the bank, widen the focus, or shorten the session."
        )
    if used > budget:
        problems.append(
            f"Questions take {used} minutes, {used - budget} more than the {budget} available."
        )
    return {"used": used, "budget": budget, "problems": problems, "items": items}


INDEPENDENT_RATERS = 2  # a focus competency needs this many counting interviewers


def thin_coverage(loop):
    """[(competency, interviewers)] for each focus competency of the loop that fewer than two
    independent (lead or panel) interviewers will score, from a loop_with_sessions loop."""
    raters = {}
    focus = {}
    for session in loop.sessions.all():
        counting = {a.interviewer_id for a in session.assignments.all() if a.counts}
        for competency in session.focus.all():
            focus[competency.pk] = competency
        for item in session.items.all():
            raters.setdefault(item.question.competency_id, set()).update(counting)
    return [
        (competency, len(raters.get(pk, ())))
        for pk, competency in sorted(focus.items(), key=lambda kv: kv[1].position)
        if len(raters.get(pk, ())) < INDEPENDENT_RATERS
    ]
