import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from interviewkit.bank.models import Question
from interviewkit.loops.models import Loop, Session
from interviewkit.loops.selectors import visible_loops
from interviewkit.scorecards.forms import KitCodeForm
from interviewkit.scorecards.models import Scorecard

logger = logging.getLogger(__name__)
RECENT = 8
RETRY_AFTER_SECONDS = 30


def home(request):
    """Start page: the user's recent loops and the sessions they interview in."""
    my_sessions = list(
        Session.objects.filter(interviewers=request.user)
        .exclude(loop__status=Loop.Status.CLOSED)
        .select_related("loop__role", "loop__level")
        .order_by("-loop__target_date", "-loop__created_at")[:RECENT]
    )
    states = dict(
        Scorecard.objects.filter(session__in=my_sessions, interviewer=request.user).values_list(
            "session_id", "submitted_at"
        )
    )
    for session in my_sessions:
        submitted = states.get(session.pk, False)
        session.my_state = (
            "not started" if submitted is False else ("submitted" if submitted else "draft")
        )
    context = {
        "loops": visible_loops(request.user).exclude(status=Loop.Status.CLOSED)[:RECENT],
        "my_sessions": my_sessions,
        "active_questions": Question.objects.filter(status=Question.Status.ACTIVE).count(),
        "kit_code_form": KitCodeForm(),
    }
    return render(request, "home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does not. Behind
    gunicorn, the master's own /healthz (interviewkit/health.py) answers without queueing."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("healthz: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def database_reachable():
    try:
        connection.ensure_connection()
    except DatabaseError:
        return False
    return True


def server_error(request):
    """Any page whose request failed: a 503 that says so while the database is unreachable
    (rendered without it), else the plain 500 page."""
    if database_reachable():
        return HttpResponseServerError(render_to_string("500.html"))
    logger.error("database unreachable while serving %s", request.path)
    html = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
