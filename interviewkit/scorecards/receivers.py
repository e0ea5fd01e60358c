"""How scorecards plug into loops (see loops.hooks): the scorecard links in each session's
card, the names in a confirmation, and kit changes written into scorecards' history."""

from django.dispatch import receiver
from django.template.loader import render_to_string

from interviewkit.bank import hooks as bank_hooks
from interviewkit.loops import hooks
from interviewkit.loops.models import KitItem, Loop
from interviewkit.loops.selectors import can_edit, visible_loops
from interviewkit.scorecards.models import Scorecard, ScorecardEvent
from interviewkit.scorecards.selectors import holders, missing_scorecards, question_score_spread
from interviewkit.scorecards.services import take_baseline


def scorecard_panels(request, loop):
    """The scorecard buttons and links under each session, from one query."""
    user = request.user
    manager = can_edit(user, loop)
    cards = list(Scorecard.objects.filter(session__loop=loop).select_related("interviewer"))
    panels = {}
    for session in loop.sessions.all():
        mine = [card for card in cards if card.session_id == session.pk]
        context = {
            "session": session,
            "mine": next((card for card in mine if card.interviewer_id == user.pk), None),
            "assigned": any(person.pk == user.pk for person in session.interviewers.all()),
            "manager": manager,
            "cards": mine,
        }
        panels[session.pk] = render_to_string(
            "scorecards/_session_scorecards.html", context, request=request
        )
    return panels


@receiver(hooks.kit_changed)
def write_kit_change_into_scorecards(sender, *, sessions, by, description, **kwargs):
    events = [
        ScorecardEvent(
            scorecard=card, kind=ScorecardEvent.Kind.KIT_CHANGED, by=by, reason=description
        )
        for card in Scorecard.objects.filter(session__in=sessions)
    ]
    ScorecardEvent.objects.bulk_create(events)


def every_scorecard_in(loop, status):
    """The debrief starts once every assigned interviewer has submitted."""
    if status != Loop.Status.DEBRIEF:
        return None
    loop = Loop.objects.prefetch_related("sessions__assignments__interviewer").get(pk=loop.pk)
    missing = missing_scorecards(loop, list(Scorecard.objects.filter(session__loop=loop)))
    if missing:
        names = ", ".join(
            f"{person.get_full_name() or person.username} ({session.name})"
            for session, person, _ in missing
        )
        return (
            f"Scorecards still to come from {names}. Wait for them, or unassign anyone who "
            f"will not submit."
        )
    return None


@receiver(hooks.status_changed)
def keep_scores_as_the_debrief_starts(sender, *, loop, status, **kwargs):
    if status == Loop.Status.DEBRIEF:
        take_baseline(loop)


def question_usage(request, question):
    """Where a question was asked (the loops this user may see) and how it was scored."""
    items = KitItem.objects.filter(question=question)
    mine = (
        items.filter(session__loop__in=visible_loops(request.user))
        .select_related("session__loop")
        .order_by("-added_at")[:10]
    )
    context = {
        "times": items.count(),
        "loops": items.values("session__loop").distinct().count(),
        "recent": mine,
        "spread": question_score_spread(question, request.user),
        "last_used_at": question.last_used_at,
    }
    return render_to_string("scorecards/_question_usage.html", context, request=request)


def connect():
    """Register once per process (ready() may run again in some test runners)."""
    for registry, function in (
        (hooks.session_holders, holders),
        (hooks.session_panels, scorecard_panels),
        (hooks.status_guards, every_scorecard_in),
        (bank_hooks.question_panels, question_usage),
    ):
        if function not in registry:
            registry.append(function)
