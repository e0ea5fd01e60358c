"""How packets plug into loops (see loops.hooks): the PDFs that failed to render, listed for
the hiring manager on the loop page; and every change of a loop (a line of its history)
renders its packet again ahead of time."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string

from interviewkit.loops import hooks
from interviewkit.loops.models import LoopEvent
from interviewkit.loops.selectors import can_edit
from interviewkit.packets.failures import explanation
from interviewkit.packets.services import current_failures


def failed_renders_panel(request, loop):
    if not can_edit(request.user, loop):
        return ""
    failures = [
        (explanation(document, failure), failure) for document, failure in current_failures(loop)
    ]
    if not failures:
        return ""
    return render_to_string("packets/_failures.html", {"failures": failures}, request=request)


@receiver(post_save, sender=LoopEvent, dispatch_uid="packets.prerender")
def loop_changed(sender, instance, created, **kwargs):
    if created:
        from interviewkit.packets.tasks import schedule_prerender

        loop = instance.loop
        transaction.on_commit(lambda: schedule_prerender(loop))


def connect():
    """Register once per process (ready() may run again in some test runners)."""
    if failed_renders_panel not in hooks.loop_panels:
        hooks.loop_panels.append(failed_renders_panel)
