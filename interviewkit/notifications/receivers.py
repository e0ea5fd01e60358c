"""How notifications hears of the changes people are told about (loops.hooks and
scorecards.hooks); each receiver runs inside the change's transaction, so a change that
rolls back tells nobody."""

from django.dispatch import receiver

from interviewkit.loops import hooks as loop_hooks
from interviewkit.notifications import services
from interviewkit.scorecards import hooks as scorecard_hooks


@receiver(loop_hooks.interviewers_changed, dispatch_uid="notify_interviewers_changed")
def interviewers_changed(sender, *, session, added, removed, **kwargs):
    for person in added:
        services.assigned(session, person)
    for person in removed:
        services.unassigned(session, person)


@receiver(loop_hooks.schedule_changed, dispatch_uid="notify_schedule_changed")
def schedule_changed(sender, *, session, **kwargs):
    services.moved(session)


@receiver(loop_hooks.sessions_removed, dispatch_uid="notify_sessions_removed")
def sessions_removed(sender, *, sessions, **kwargs):
    for session in sessions:
        session.calendar_sequence += 1  # the cancellation outranks the invitation it withdraws
        for person in session.interviewers.all():
            services.unassigned(session, person, removed=True)


@receiver(scorecard_hooks.scorecard_submitted, dispatch_uid="notify_scorecard_submitted")
def scorecard_submitted(sender, *, loop, **kwargs):
    services.all_in(loop)
