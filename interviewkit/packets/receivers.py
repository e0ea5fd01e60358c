"""How packets plug into loops (see loops.hooks): the PDFs that failed to render, listed for
the hiring manager on the loop page."""

from django.template.loader import render_to_string

from interviewkit.loops import hooks
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


def connect():
    """Register once per process (ready() may run again in some test runners)."""
    if failed_renders_panel not in hooks.loop_panels:
        hooks.loop_panels.append(failed_renders_panel)
