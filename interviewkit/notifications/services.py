"""What each notification says and to whom, recorded in the transaction of the change that
caused it and sent from the queue once that commits (never inside a request)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from interviewkit import queue
from interviewkit.loops import calendar
from interviewkit.loops.models import Loop
from interviewkit.loops.schedule import when, where
from interviewkit.notifications.models import Notification
from interviewkit.notifications.sending import send_notification
from interviewkit.scorecards.models import Scorecard
from interviewkit.scorecards.selectors import missing_scorecards

Kind = Notification.Kind


def link(path):
    return f"{settings.SITE_URL}{path}"


def notify(*, key, kind, recipient, subject, context, ics=b"", method="", loop, session=None):
    """Record the mail and queue its sending; news already recorded (same key) is not
    recorded again. Returns the new notification, or None."""
    if not recipient.email or Notification.objects.filter(key=key).exists():
        return None
    body = render_to_string(
        f"notifications/{kind}.txt",
        {**context, "recipient": recipient, "settings_url": link(reverse("accounts:settings"))},
    )
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind, "recipient": recipient, "to": recipient.email, "subject": subject,
            "body": body, "calendar": ics.decode(), "calendar_method": method if ics else "",
            "loop": loop, "session": session,
        },
    )  # fmt: skip
    if not created:  # recorded by a concurrent transaction a moment ago
        return None
    queue.enqueue(send_notification, notification.pk)
    return notification


def session_context(session):
    loop = session.loop
    return {
        "session": session,
        "loop": loop,
        "candidate": loop.candidate_name or "the candidate",
        "when": when(session.starts_at, session.time_zone),
        "where": where(session.location, session.video_link),
        "manager": loop.owner.get_full_name() or loop.owner.username,
        "loop_url": calendar.session_url(session),
        "kit_url": link(reverse("packets:session", args=[loop.pk, session.pk, "kit"])),
        "scorecard_url": link(reverse("scorecards:edit", args=[session.pk])),
    }


def assigned(session, person):
    """The interviewer is on the session now: the invitation, when it has a time."""
    candidate = session.loop.candidate_name or session.loop.title
    return notify(
        key=f"assigned:{session.pk}:{person.pk}:{session.calendar_sequence}",
        kind=Kind.ASSIGNED,
        recipient=person,
        subject=f"You interview {candidate}: {session.name}",
        context=session_context(session),
        ics=calendar.invitation(session) if session.starts_at else b"",
        method="REQUEST",
        loop=session.loop,
        session=session,
    )


def unassigned(session, person, *, removed=False):
    """The interviewer is off the session (or the session is gone): the cancellation."""
    candidate = session.loop.candidate_name or session.loop.title
    return notify(
        key=f"unassigned:{session.pk}:{person.pk}:{session.calendar_sequence}",
        kind=Kind.UNASSIGNED,
        recipient=person,
        subject=f"Cancelled: your interview of {candidate} ({session.name})",
        context={**session_context(session), "removed": removed},
        ics=calendar.cancellation(session, person) if session.starts_at else b"",
        method="CANCEL",
        loop=session.loop,
        session=None if removed else session,
    )


def moved(session):
    """The session's time, length or place changed: the updated invitation to each of its
    interviewers (a cancellation when it has no time any more)."""
    candidate = session.loop.candidate_name or session.loop.title
    timed = session.starts_at is not None
    for person in session.interviewers.all():
        notify(
            key=f"moved:{session.pk}:{person.pk}:{session.calendar_sequence}",
            kind=Kind.MOVED,
            recipient=person,
            subject=f"{'Changed' if timed else 'Time withdrawn'}: your interview of "
            f"{candidate} ({session.name})",
            context=session_context(session),
            ics=calendar.invitation(session) if timed else calendar.cancellation(session, person),
            method="REQUEST" if timed else "CANCEL",
            loop=session.loop,
            session=session,
        )


def all_in(loop):
    """Every assigned interviewer has submitted: tell the hiring manager, once per loop."""
    loop = Loop.objects.prefetch_related("sessions__interviewers").get(pk=loop.pk)
    people = [p for s in loop.sessions.all() for p in s.interviewers.all()]
    cards = list(Scorecard.objects.filter(session__loop=loop))
    if not people or missing_scorecards(loop, cards):
        return None
    return notify(
        key=f"all-in:{loop.pk}",
        kind=Kind.ALL_IN,
        recipient=loop.owner,
        subject=f"Every scorecard is in: {loop.title}",
        context={
            "loop": loop,
            "count": len(cards),
            "debrief_url": link(reverse("scorecards:debrief", args=[loop.pk])),
        },
        loop=loop,
    )
