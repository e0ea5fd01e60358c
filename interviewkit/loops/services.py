"""Writes to loops: creating one from its template, filling and adjusting its sessions.

Every change is written to the loop's history (and, through it, to the history of the
scorecards on the sessions it touches). A scored item stays exactly as it was asked:
re-roll and refill keep it like a locked one, and swap, remove and update refuse it.
"""

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from interviewkit.bank.markdown import short_title
from interviewkit.bank.models import Question
from interviewkit.bank.services import current_revision
from interviewkit.loops import hooks
from interviewkit.loops.fill import (
    QUESTIONS_PER_SESSION,
    add_questions,
    fill_sessions,
    questions_used_in,
)
from interviewkit.loops.history import describe, record, restore, snapshot, undoable
from interviewkit.loops.models import (
    SEEDS,
    Assignment,
    KitItem,
    Loop,
    LoopEvent,
    LoopTemplate,
    Session,
    new_seed,
)
from interviewkit.loops.schedule import FIELDS, moves_invite, schedule_changes

SESSIONS_PER_LOOP = 10  # real loops have up to 6; this bounds what one packet prints
Kind = LoopEvent.Kind


class NoTemplate(Exception):
    """No loop template exists for the chosen role and level."""


class Refused(Exception):
    """A change that would touch what must not move; the message says why, in words."""


class Frozen(Refused):
    """The item has scores, notes or "not assessed" from an interviewer: it stays as asked."""


class AlreadyInLoop(Refused):
    """The question is already somewhere in this loop."""


class Full(Refused):
    """The loop has its most sessions, or the session its most questions."""


def refuse_if_scored(item, doing):
    if item.scored:
        raise Frozen(
            f"{describe(item)} has been scored, so it stays as it was asked; it cannot be {doing}."
        )


def replaceable(items):
    """Items a re-roll or refill may replace: neither locked nor scored."""
    return items.filter(locked=False, scored=False)


def delete_items(items):
    """Delete items; refused (and nothing deleted) if a score arrived on any of them."""
    try:
        items.delete()
    except ProtectedError:
        raise Frozen(
            "An interviewer has just scored a question this would remove, so nothing changed: "
            "reload to see the kit as it is now."
        ) from None


def fill_loop(loop, *, seed=None):
    """(Re)fill every session in order, keeping locked and scored items; a new seed re-rolls."""
    with transaction.atomic():
        if seed is not None:
            loop.seed = seed
            loop.save(update_fields=["seed", "updated_at"])
        delete_items(replaceable(KitItem.objects.filter(session__loop=loop)))
        fill_sessions(loop, list(loop.sessions.all()), seed=loop.seed)


def reroll_loop(loop, *, by):
    """Replace every unlocked, unscored question with a new seed; it can be undone once."""
    with transaction.atomic():
        replaced = list(replaceable(KitItem.objects.filter(session__loop=loop)))
        sessions = list(loop.sessions.all())
        undo = {
            "seed": loop.seed,
            "sessions": [s.pk for s in sessions],
            "items": snapshot(replaced),
        }
        fill_loop(loop, seed=(loop.seed + 1) % SEEDS)
        record(
            loop,
            kind=Kind.REROLL,
            by=by,
            sessions=sessions,
            undo=undo,
            description=f"Re-rolled the loop: {len(replaced)} question(s) replaced; locked "
            f"and scored questions stayed (seed {undo['seed']} → {loop.seed}).",
        )


def refill_session(session, *, by=None):
    """Re-roll one session's unlocked, unscored items with a fresh seed; undoable once."""
    loop = session.loop
    with transaction.atomic():
        replaced = list(replaceable(session.items.all()))
        delete_items(replaceable(session.items.all()))
        fill_sessions(loop, [session], seed=new_seed())
        record(
            loop,
            kind=Kind.REFILL,
            by=by,
            sessions=[session],
            undo={"sessions": [session.pk], "items": snapshot(replaced)},
            description=f"Refilled “{session.name}”: {len(replaced)} question(s) replaced; "
            f"locked and scored questions stayed.",
        )


def undo_last(loop, *, by):
    """Put back the questions the latest re-roll or refill replaced."""
    with transaction.atomic():
        event = undoable(loop)
        if event is None:
            raise Refused("There is nothing to undo: only the latest re-roll or refill can be.")
        saved = event.undo
        back = restore(loop, saved)
        if "seed" in saved:
            loop.seed = saved["seed"]
            loop.save(update_fields=["seed", "updated_at"])
        event.undo = None
        event.save(update_fields=["undo"])
        sessions = list(loop.sessions.filter(pk__in=saved["sessions"]))
        record(
            loop,
            kind=Kind.UNDO,
            by=by,
            sessions=sessions,
            description=f"Undid the {event.get_kind_display().lower()} of "
            f"{timezone.localtime(event.at):%d %b %H:%M}: {back} question(s) back.",
        )
        return back


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
        owner=owner,
        role=role,
        level=level,
        title=title,
        seed=seed,
        weights=template.weights,
        **candidate,
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
    record(
        loop, kind=Kind.CREATED, by=owner, description=f"Assembled from the {template} template."
    )
    return loop


@transaction.atomic
def swap_item(item, question, *, by=None):
    """Put another question in the item's place, at its current revision."""
    refuse_if_scored(item, "swapped")
    refuse_if_in_loop(question, item.session.loop, besides=item.question_id)
    before = describe(item)
    item.question, item.minutes = question, question.minutes
    item.revision = current_revision(question)
    item.save(update_fields=["question", "revision", "minutes"])
    Question.objects.filter(pk=question.pk).update(last_used_at=timezone.now())
    record(
        item.session.loop,
        kind=Kind.KIT,
        by=by,
        sessions=[item.session],
        description=f"Swapped {before} in “{item.session.name}” for "
        f"“{short_title(item.revision.prompt)}”.",
    )
    return item


@transaction.atomic
def remove_item(item, *, by=None):
    refuse_if_scored(item, "removed")
    what = describe(item)
    delete_items(KitItem.objects.filter(pk=item.pk))
    record(
        item.session.loop,
        kind=Kind.KIT,
        by=by,
        sessions=[item.session],
        description=f"Removed {what} from “{item.session.name}”.",
    )


def refuse_if_in_loop(question, loop, *, besides=None):
    """A question is asked once a loop, and never beside one that asks the same thing."""
    used = questions_used_in(loop) - {besides}
    if question.pk in used:
        raise AlreadyInLoop(f"“{question.slug}” is already in this loop.")
    twin = question.overlaps.filter(pk__in=used).first()
    if twin:
        raise AlreadyInLoop(
            f"“{question.slug}” asks what “{twin.slug}”, already in this loop, asks; "
            f"swap that one instead."
        )


@transaction.atomic
def add_item(session, question, *, by=None):
    refuse_if_in_loop(question, session.loop)
    if (count := session.items.count()) >= QUESTIONS_PER_SESSION:
        raise Full(
            f"“{session.name}” has {count} questions and a session holds at most "
            f"{QUESTIONS_PER_SESSION}: remove one first, or add the question to another session."
        )
    start = (session.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = add_questions(session, [question.pk], start=start)[0]
    record(
        session.loop,
        kind=Kind.KIT,
        by=by,
        sessions=[session],
        description=f"Added “{short_title(item.revision.prompt)}” to “{session.name}”.",
    )
    return item


def set_locked(item, locked, *, by=None):
    """Lock or unlock; asking for the state an item already has changes nothing."""
    if item.locked == locked:
        return False
    item.locked = locked
    item.save(update_fields=["locked"])
    record(
        item.session.loop,
        kind=Kind.KIT,
        by=by,
        description=f"{'Locked' if locked else 'Unlocked'} {describe(item)} in "
        f"“{item.session.name}”.",
    )
    return True


def reorder_items(session, item_ids, *, by=None):
    """Positions follow the given order; ids not in the session are ignored."""
    items = {item.pk: item for item in session.items.all()}
    ordered = [items[pk] for pk in item_ids if pk in items]
    ordered += [item for pk, item in items.items() if item not in ordered]
    changed = [item for position, item in enumerate(ordered) if item.position != position]
    for position, item in enumerate(ordered):
        item.position = position
    bulk_update_with_history(ordered, KitItem, ["position"])
    if changed:
        record(session.loop, kind=Kind.KIT, by=by, description=f"Reordered “{session.name}”.")


def move_item(item, offset, *, by=None):
    """Move an item up (-1) or down (+1) within its session."""
    ids = list(item.session.items.values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    reorder_items(item.session, ids, by=by)


def refresh_item(item, *, by=None):
    """Move an item to its question's current revision (after the question was edited)."""
    refuse_if_scored(item, "updated to a newer revision")
    before = item.revision.number
    item.revision = current_revision(item.question)
    item.minutes = item.question.minutes
    item.save(update_fields=["revision", "minutes"])
    record(
        item.session.loop,
        kind=Kind.KIT,
        by=by,
        sessions=[item.session],
        description=f"Updated {describe(item)} in “{item.session.name}” from revision "
        f"{before} to {item.revision.number}.",
    )


def refresh_loop(loop, *, by=None):
    """Update every outdated, unscored item; returns (updated, left as scored)."""
    items = KitItem.objects.filter(session__loop=loop).select_related(
        "question", "revision", "session"
    )
    outdated = [item for item in items if item.is_outdated]
    updated = [item for item in outdated if not item.scored]
    with transaction.atomic():
        for item in updated:
            refresh_item(item, by=by)
    return len(updated), len(outdated) - len(updated)


def add_session(loop, *, name, minutes, focus, kinds=(), by=None, **schedule):
    """A new session, filled from the bank; schedule: starts_at, time_zone, location, video_link."""
    if (count := loop.sessions.count()) >= SESSIONS_PER_LOOP:
        raise Full(
            f"The loop has {count} sessions and a loop holds at most {SESSIONS_PER_LOOP}: remove "
            f"one first."
        )
    position = (loop.sessions.aggregate(last=Max("position"))["last"] or 0) + 1
    with transaction.atomic():
        session = Session.objects.create(
            loop=loop, name=name, minutes=minutes, kinds=list(kinds), position=position, **schedule
        )
        session.focus.set(focus)
        fill_sessions(loop, [session], seed=new_seed())
        record(loop, kind=Kind.SESSIONS, by=by, description=f"Added the session “{name}”.")
    return session


def update_session(session, *, name, minutes, focus, kinds, refill=False, by=None, **schedule):
    """Change a session's name, minutes, focus, kinds and its schedule (starts_at, time_zone,
    location, video_link); refill only when asked. A new time, length or place reaches the
    interviewers' calendars (hooks.schedule_changed)."""
    changes = describe_session_changes(
        session, name=name, minutes=minutes, focus=focus, kinds=kinds
    ) + schedule_changes(session, **schedule)
    moved = moves_invite(
        session,
        minutes=minutes,
        starts_at=schedule["starts_at"],
        location=schedule["location"],
        video_link=schedule["video_link"],
    )
    with transaction.atomic():
        session.name, session.minutes, session.kinds = name, minutes, list(kinds)
        for field in FIELDS:
            setattr(session, field, schedule[field])
        session.calendar_sequence += moved
        session.save(update_fields=["name", "minutes", "kinds", *FIELDS, "calendar_sequence"])
        session.focus.set(focus)
        if changes:
            record(
                session.loop,
                kind=Kind.SESSIONS,
                by=by,
                sessions=[session],
                description=f"Changed the session “{name}”: {'; '.join(changes)}.",
            )
        if moved:
            hooks.schedule_changed.send(sender=Session, session=session, by=by)
        if refill:
            refill_session(session, by=by)


def describe_session_changes(session, *, name, minutes, focus, kinds):
    changes = []
    if name != session.name:
        changes.append(f"name “{session.name}” → “{name}”")
    if minutes != session.minutes:
        changes.append(f"{session.minutes} → {minutes} minutes")
    before = {c.pk for c in session.focus.all()}
    if before != {c.pk for c in focus}:
        changes.append("focus " + ", ".join(c.name for c in focus))
    if list(kinds) != list(session.kinds):
        changes.append("kinds " + (", ".join(kinds) or "any"))
    return changes


def delete_session(session, *, by=None):
    """Remove a session and its questions; refused while any scorecard on it holds work."""
    loop = session.loop
    try:
        with transaction.atomic():
            hooks.sessions_removed.send(sender=Session, sessions=[session], by=by)
            session.delete()
            record(
                loop,
                kind=Kind.SESSIONS,
                by=by,
                description=f"Removed the session “{session.name}”.",
            )
    except ProtectedError:
        raise Frozen(
            f"“{session.name}” has scorecards with scores or notes, so it stays. Close the "
            f"loop instead, or ask the interviewers to clear their scorecards."
        ) from None


def set_interviewers(session, roles, *, by=None):
    """Assign interviewers with their roles: roles is {user: "lead" | "panel" | "shadow"};
    whoever is not in it is unassigned, and whoever is added or removed is told (hooks)."""
    before = {a.interviewer: a.role for a in session.assignments.select_related("interviewer")}
    after = {person: Assignment.Role(role) for person, role in roles.items()}
    if before == after:
        return
    with transaction.atomic():
        session.assignments.exclude(interviewer__in=list(after)).delete()
        for person, role in after.items():
            if before.get(person) != role:
                Assignment.objects.update_or_create(
                    session=session, interviewer=person, defaults={"role": role}
                )
        added = {person for person in after if person not in before}
        removed = {person for person in before if person not in after}
        if removed:  # a cancellation must outrank the invite it withdraws
            session.calendar_sequence += 1
            session.save(update_fields=["calendar_sequence"])
        record(
            session.loop,
            kind=Kind.INTERVIEWERS,
            by=by,
            description=f"“{session.name}”: {describe_assignments(before, after)}.",
        )
        if added or removed:  # whoever is put on or taken off is told (notifications)
            hooks.interviewers_changed.send(
                sender=Session, session=session, added=added, removed=removed, by=by
            )


def describe_assignments(before, after):
    def name(user):
        return user.get_full_name() or user.username

    def names(people, roles):
        return ", ".join(
            f"{name(p)} ({Assignment.Role(roles[p]).label.lower()})"
            for p in sorted(people, key=name)
        )

    parts = []
    if added := [p for p in after if p not in before]:
        parts.append(f"assigned {names(added, after)}")
    if changed := [p for p in after if p in before and before[p] != after[p]]:
        parts.append(f"now {names(changed, after)}")
    if removed := [p for p in before if p not in after]:
        parts.append(f"unassigned {', '.join(sorted(map(name, removed)))}")
    return " and ".join(parts)
