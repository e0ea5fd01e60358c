"""Scorecard links on loop pages and usage figures on question pages, without loops or bank
having to know about scorecards."""

from django import template

from interviewkit.loops.models import KitItem
from interviewkit.loops.selectors import can_edit, visible_loops
from interviewkit.scorecards.selectors import question_score_spread

register = template.Library()


@register.inclusion_tag("scorecards/_session_scorecards.html", takes_context=True)
def session_scorecards(context, session, loop):
    user = context["request"].user
    cards = list(session.scorecards.all())
    assigned = any(person.pk == user.pk for person in session.interviewers.all())
    return {
        "session": session,
        "mine": next((card for card in cards if card.interviewer_id == user.pk), None),
        "assigned": assigned,
        "manager": can_edit(user, loop),
        "cards": cards,
    }


@register.inclusion_tag("scorecards/_question_usage.html", takes_context=True)
def question_usage(context, question):
    """Where a question was asked (the loops this user may see) and how it was scored."""
    user = context["request"].user
    items = KitItem.objects.filter(question=question)
    mine = (
        items.filter(session__loop__in=visible_loops(user))
        .select_related("session__loop")
        .order_by("-added_at")[:10]
    )
    return {
        "times": items.count(),
        "loops": items.values("session__loop").distinct().count(),
        "recent": mine,
        "spread": question_score_spread(question),
        "last_used_at": question.last_used_at,
    }
