"""Reminders of unsubmitted scorecards: a sweep that any clock can run (the periodic task on
the queue, or cron through `manage.py sweep_reminders`); each reminder is sent once."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from interviewkit import queue
from interviewkit.accounts.models import Profile
from interviewkit.loops.models import Loop, Session
from interviewkit.notifications.models import Notification
from interviewkit.notifications.services import notify, session_context
from interviewkit.scorecards.models import Scorecard

REMINDER_AFTER = timedelta(hours=24)  # after the session ends
SWEEP_EVERY = timedelta(minutes=15)
FINISHED = (Loop.Status.DECIDED, Loop.Status.CLOSED)  # their scorecards no longer change


def reminder(session, person):
    return notify(
        key=f"reminder:{session.pk}:{person.pk}",
        kind=Notification.Kind.REMINDER,
        recipient=person,
        subject=f"Your scorecard for {session.name} is not submitted yet",
        context=session_context(session),
        loop=session.loop,
        session=session,
    )


def sweep_reminders(*, now):
    """Remind each interviewer whose scorecard is still unsubmitted 24 hours after their
    session ended, once, unless they turned reminders off. Returns how many were queued."""
    sessions = list(
        Session.objects.filter(starts_at__lte=now - REMINDER_AFTER)
        .exclude(loop__status__in=FINISHED)
        .select_related("loop__owner")
        .prefetch_related("interviewers")
    )
    submitted = set(
        Scorecard.objects.filter(session__in=sessions, submitted_at__isnull=False).values_list(
            "session_id", "interviewer_id"
        )
    )
    reminded = set(
        Notification.objects.filter(
            kind=Notification.Kind.REMINDER, session__in=sessions
        ).values_list("session_id", "recipient_id")
    )
    opted_out = set(Profile.objects.filter(reminders=False).values_list("user_id", flat=True))
    queued = 0
    for session in sessions:
        if session.starts_at + timedelta(minutes=session.minutes) + REMINDER_AFTER > now:
            continue
        for person in session.interviewers.all():
            pair = (session.pk, person.pk)
            if pair in submitted or pair in reminded or person.pk in opted_out:
                continue
            queued += reminder(session, person) is not None
    return queued


@task()
def sweep_reminders_periodically():
    """One sweep, then the next SWEEP_EVERY later; the next run is queued first, so a sweep
    that fails does not end the chain (start it with `manage.py start_periodic_tasks`)."""
    queue.repeat(sweep_reminders_periodically, after=SWEEP_EVERY)
    return sweep_reminders(now=timezone.now())
