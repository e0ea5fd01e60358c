"""The events webhooks tell of, heard from loops and scorecards (see their hooks modules)."""

from django.conf import settings
from django.dispatch import receiver

from interviewkit.loops import hooks as loop_hooks
from interviewkit.loops.models import Loop
from interviewkit.scorecards import hooks as scorecard_hooks
from interviewkit.webhooks.services import send_event


def api_url(path):
    return f"{settings.SITE_URL}/api/v1/{path}"


def loop_data(loop):
    """A thin event: what happened to which loop; the API tells the rest to whoever may read it."""
    return {
        "loop": {
            "id": loop.pk,
            "url": api_url(f"loops/{loop.pk}"),
            "page": f"{settings.SITE_URL}{loop.get_absolute_url()}",
            "title": loop.title,
            "status": loop.status,
            "external_ref": loop.external_ref or None,
        }
    }


@receiver(loop_hooks.status_changed, dispatch_uid="webhooks.loop_ready")
def loop_ready(sender, *, loop, status, **kwargs):
    if status == Loop.Status.READY:
        send_event("loop.ready", loop, loop_data(loop))


@receiver(loop_hooks.decision_recorded, dispatch_uid="webhooks.loop_decided")
def loop_decided(sender, *, loop, by, **kwargs):
    decision = {
        "decision": loop.decision,
        "decided_by": by.username if by else None,
        "decided_at": loop.decided_at.isoformat() if loop.decided_at else None,
    }
    send_event("loop.decided", loop, {**loop_data(loop), "decision": decision})


@receiver(scorecard_hooks.scorecard_submitted, dispatch_uid="webhooks.scorecard_submitted")
def scorecard_submitted(sender, *, scorecard, **kwargs):
    loop = scorecard.session.loop
    card = {
        "id": scorecard.pk,
        "url": api_url(f"scorecards/{scorecard.pk}"),
        "session": scorecard.session_id,
        "session_name": scorecard.session.name,
        "interviewer": scorecard.interviewer.username,
    }
    send_event("scorecard.submitted", loop, {**loop_data(loop), "scorecard": card})


@receiver(scorecard_hooks.scorecards_in, dispatch_uid="webhooks.scorecards_in")
def scorecards_in(sender, *, loop, **kwargs):
    send_event("loop.scorecards_in", loop, loop_data(loop))
