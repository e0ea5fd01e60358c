"""Work the task queue's workers do for packets: render a part, render a loop's packets ahead
of time after it changes, and prune stored files nothing points at any more."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from interviewkit import queue
from interviewkit.loops.models import Loop
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets import services
from interviewkit.packets.documents import Document
from interviewkit.packets.models import PrerenderDue, QueuedPart, StoredPart
from interviewkit.packets.parts import from_spec, parts_of
from interviewkit.packets.prune import prune

PRUNE_EVERY = timedelta(days=1)


@task()
def render_stored_part(spec):
    """Render and store one part (see parts.Part.spec), unless stored or known to fail."""
    QueuedPart.objects.filter(key=spec["key"]).update(started_at=timezone.now())
    try:
        part = from_spec(spec)
        if part is not None:
            services.render_part(part)
    except (services.PacketFailed, services.PacketBusy):
        pass  # remembered, or another worker has it
    finally:
        QueuedPart.objects.filter(key=spec["key"]).delete()


def schedule_prerender(loop):
    """After a change, render the loop's packet ahead of time once changes stop for a moment."""
    if not settings.PACKETS_PRERENDER:
        return
    due = timezone.now() + timedelta(seconds=settings.PACKETS_PRERENDER_DELAY)
    PrerenderDue.objects.update_or_create(loop=loop, defaults={"due_at": due})
    queue.enqueue(prerender_loop, loop.pk, run_after=due)


@task()
def prerender_loop(loop_id):
    """Queue the parts of the loop's packet, unless a later change moved the time on."""
    due = PrerenderDue.objects.filter(loop_id=loop_id).first()
    if due is None or due.due_at > timezone.now() + timedelta(seconds=1):
        return  # done already, or a later change's run will do it
    due.delete()
    try:
        loop = loop_with_sessions(loop_id)
    except Loop.DoesNotExist:
        return
    document = Document(loop, "loop", paper=settings.PACKET_PAPER)
    parts = parts_of(document)
    stored = set(
        StoredPart.objects.filter(key__in=[p.key for p in parts]).values_list("key", flat=True)
    )
    services.queue_parts([part for part in parts if part.key not in stored])


@task()
def prune_periodically():
    """Prune, then again a day later (start it with `manage.py start_periodic_tasks`)."""
    queue.repeat(prune_periodically, after=PRUNE_EVERY)
    return prune()
