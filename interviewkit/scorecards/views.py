"""Scorecards: an interviewer's own, a colleague's (after submitting yours), the debrief."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from interviewkit.loops import lifecycle
from interviewkit.loops.models import Loop, Session
from interviewkit.loops.selectors import can_edit, loop_with_sessions
from interviewkit.loops.services import Refused
from interviewkit.scorecards import services
from interviewkit.scorecards.forms import DecisionForm, ScorecardForm
from interviewkit.scorecards.models import Score, Scorecard
from interviewkit.scorecards.selectors import can_read, debrief, session_of_kit_code

PAPERS = [("a4", "A4"), ("letter", "Letter")]


def own_scorecard(request, session_pk):
    """The scorecard of the signed-in interviewer for a session they are assigned to."""
    session = get_object_or_404(
        Session.objects.select_related("loop").filter(interviewers=request.user), pk=session_pk
    )
    scorecard = services.scorecard_for(session, request.user)
    return session, Scorecard.objects.prefetch_related(ordered_scores()).get(pk=scorecard.pk)


def ordered_scores():
    scores = Score.objects.select_related(
        "revision", "item__revision", "item__question__competency"
    )
    return Prefetch("scores", queryset=scores.order_by("item__position", "item__pk"))


def edit_url(session_pk, *, paper):
    """The scorecard form, or its mode for copying a filled paper sheet."""
    url = reverse("scorecards:edit", args=[session_pk])
    return f"{url}?mode=paper" if paper else url


def from_paper(request):
    return (request.POST.get("mode") or request.GET.get("mode")) == "paper"


@never_cache
def scorecard_edit(request, session_pk):
    """GET the form (?mode=paper: one row per question, scored from the keyboard); POST saves
    a draft (htmx calls it while the interviewer types)."""
    session, scorecard = own_scorecard(request, session_pk)
    paper = from_paper(request)
    if scorecard.is_submitted:
        if request.headers.get("HX-Request"):
            # An autosave that raced the submit button: answer it without a redirect, whose
            # page would swallow the "submitted" message meant for the real navigation.
            return HttpResponse("Submitted.")
        return redirect(scorecard)
    form = ScorecardForm(request.POST or None, scorecard=scorecard)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(scorecard, **form.draft())
        except (services.Locked, services.Closed) as error:
            return HttpResponse(str(error), status=409)
        if request.headers.get("HX-Request"):
            saved = timezone.localtime().strftime("%H:%M:%S")
            return HttpResponse(f"Draft saved at {saved}")
        messages.success(request, "Draft saved.")
        return redirect(edit_url(session_pk, paper=paper))
    context = {"session": session, "scorecard": scorecard, "form": form, "loop": session.loop}
    template = "scorecards/scorecard_paper.html" if paper else "scorecards/scorecard_form.html"
    return render(request, template, context)


@require_POST
def scorecard_submit(request, session_pk):
    session, scorecard = own_scorecard(request, session_pk)
    form = ScorecardForm(request.POST, scorecard=scorecard)
    back = edit_url(session_pk, paper=from_paper(request))
    if not form.is_valid():
        messages.error(request, "Not submitted: check the scores marked below.")
        return redirect(back)
    try:
        services.save_draft(scorecard, **form.draft())
        services.submit(scorecard, by=request.user)
    except services.Incomplete as missing:
        messages.error(request, f"Not submitted yet. {missing}")
        return redirect(back)
    except (services.Locked, services.Closed) as error:
        messages.error(request, str(error))
        return redirect(scorecard)
    messages.success(request, "Scorecard submitted. You can now read your colleagues' scorecards.")
    return redirect(scorecard)


@never_cache
def kit_code_open(request, code):
    """Where a sheet's QR code leads: the signed-in interviewer's scorecard for its session,
    ready to copy the paper; a 404 for anyone who does not interview in it."""
    session = session_of_kit_code(request.user, code)
    if session is None:
        raise Http404("No interview of yours has this kit code")
    return redirect(edit_url(session.pk, paper=True))


@never_cache
def kit_code_typed(request):
    """The home page's box: a kit code typed from a sheet."""
    typed = request.GET.get("code", "").strip()
    session = session_of_kit_code(request.user, typed)
    if session is None:
        messages.error(
            request,
            f"No interview of yours has the kit code “{typed[:20]}”. Type the code printed "
            "beside the QR code of your scoring sheet, such as 7KQM-4HXR.",
        )
        return redirect("home")
    return redirect(edit_url(session.pk, paper=True))


@never_cache
def scorecard_detail(request, pk):
    scorecard = get_object_or_404(
        Scorecard.objects.select_related("session__loop", "interviewer").prefetch_related(
            ordered_scores(), "events__by"
        ),
        pk=pk,
    )
    if not can_read(request.user, scorecard):
        raise Http404("No such scorecard")
    loop = scorecard.session.loop
    context = {"scorecard": scorecard, "loop": loop, "manager": can_edit(request.user, loop)}
    return render(request, "scorecards/scorecard_detail.html", context)


@require_POST
def scorecard_reopen(request, pk):
    scorecard = get_object_or_404(Scorecard.objects.select_related("session__loop"), pk=pk)
    if not can_edit(request.user, scorecard.session.loop):
        raise PermissionDenied("Only the loop's hiring manager can reopen a scorecard.")
    try:
        services.reopen(scorecard, by=request.user, reason=request.POST.get("reason", ""))
    except services.Closed as error:
        messages.error(request, str(error))
        return redirect(scorecard)
    messages.success(
        request,
        f"Reopened {scorecard.interviewer.get_full_name() or scorecard.interviewer}'s "
        f"scorecard; its scores stay until the interviewer changes them.",
    )
    return redirect(scorecard)


def managed_loop(request, pk):
    try:
        loop = loop_with_sessions(pk, request.user)
    except Loop.DoesNotExist:
        raise Http404("No such loop") from None
    if not can_edit(request.user, loop):
        raise Http404("Only the loop's hiring manager sees its debrief")
    return loop


@never_cache
def debrief_page(request, pk):
    loop = managed_loop(request, pk)
    form = DecisionForm(initial={"decision": loop.decision, "rationale": loop.decision_rationale})
    context = {"loop": loop, "form": form, "papers": PAPERS, **debrief(loop)}
    return render(request, "scorecards/debrief.html", context)


@require_POST
def debrief_decide(request, pk):
    loop = managed_loop(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.record_decision(loop, **form.cleaned_data, by=request.user)
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Recorded the decision: {loop.get_decision_display()}.")
            return redirect("scorecards:debrief", loop.pk)
    context = {"loop": loop, "form": form, "papers": PAPERS, **debrief(loop)}
    return render(request, "scorecards/debrief.html", context, status=400)
