import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from interviewkit.bank.models import Question
from interviewkit.loops.models import Session
from interviewkit.loops.selectors import visible_loops

logger = logging.getLogger(__name__)
RECENT = 8


def home(request):
    """Start page: the user's recent loops and the sessions they interview in."""
    my_sessions = (
        Session.objects.filter(interviewers=request.user)
        .select_related("loop__role", "loop__level")
        .order_by("-loop__target_date", "-loop__created_at")[:RECENT]
    )
    context = {
        "loops": visible_loops(request.user)[:RECENT],
        "my_sessions": my_sessions,
        "active_questions": Question.objects.filter(status=Question.Status.ACTIVE).count(),
    }
    return render(request, "home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("healthz: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
