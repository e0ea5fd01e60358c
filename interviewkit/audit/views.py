from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from interviewkit.audit.selectors import LIMIT, loop_audit
from interviewkit.loops.selectors import can_edit, visible_loops


@never_cache
def loop_audit_page(request, pk):
    """Who changed what and when, for the loop's hiring manager (it shows scores)."""
    loop = get_object_or_404(visible_loops(request.user), pk=pk)
    if not can_edit(request.user, loop):
        raise Http404("Only the loop's hiring manager sees its audit trail")
    context = {"loop": loop, "lines": loop_audit(loop), "limit": LIMIT}
    return render(request, "audit/loop_audit.html", context)
