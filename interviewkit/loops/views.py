"""Loop pages. Edits arrive from htmx and answer with the re-rendered session."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from interviewkit.bank.models import Question
from interviewkit.loops import services
from interviewkit.loops.forms import InterviewersForm, LoopForm, SessionForm, interviewer_choices
from interviewkit.loops.models import SEEDS, KitItem, Loop, Session
from interviewkit.loops.selectors import (
    can_edit,
    loop_with_sessions,
    session_summary,
    visible_loops,
)

PAPERS = [("a4", "A4"), ("letter", "Letter")]


def loop_list(request):
    loops = visible_loops(request.user).prefetch_related("sessions__interviewers")
    return render(request, "loops/loop_list.html", {"loops": loops})


@permission_required("loops.add_loop", raise_exception=True)
def loop_create(request):
    form = LoopForm(request.POST or None, initial={"role": request.GET.get("role")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loop = services.create_loop(
                owner=request.user,
                role=data["role"],
                level=data["level"],
                title=data["title"],
                candidate_name=data["candidate_name"],
                candidate_email=data["candidate_email"],
                target_date=data["target_date"],
                seed=data["seed"],
            )
        except services.NoTemplate as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Assembled “{loop.title}”. Adjust it below.")
            return redirect(loop)
    return render(request, "loops/loop_form.html", {"form": form})


def loop_detail(request, pk):
    try:
        loop = loop_with_sessions(pk, request.user)
    except Loop.DoesNotExist:
        raise Http404("No such loop") from None
    editable = can_edit(request.user, loop)
    sessions = [(session, session_summary(session)) for session in loop.sessions.all()]
    outdated = sum(item.is_outdated for _, summary in sessions for item in summary["items"])
    return render(
        request,
        "loops/loop_detail.html",
        {
            "loop": loop,
            "sessions": sessions,
            "editable": editable,
            "outdated": outdated,
            "session_form": SessionForm(initial={"minutes": 45}),
            "people": interviewer_choices(),
        },
    )


def editable_loop(request, pk):
    """The loop if this user may change it: 404 when they cannot see it, 403 when read-only."""
    loop = get_object_or_404(visible_loops(request.user), pk=pk)
    if not can_edit(request.user, loop):
        raise PermissionDenied("Only the loop's hiring manager can change it.")
    return loop


def editable_session(request, pk):
    session = get_object_or_404(Session, pk=pk)
    editable_loop(request, session.loop_id)
    return session


def editable_item(request, pk):
    item = get_object_or_404(KitItem.objects.select_related("session"), pk=pk)
    editable_loop(request, item.session.loop_id)
    return item


def render_session(request, session, **extra):
    loop = loop_with_sessions(session.loop_id, request.user)
    session = next(s for s in loop.sessions.all() if s.pk == session.pk)
    context = {
        "loop": loop,
        "session": session,
        "summary": session_summary(session),
        "editable": True,
        "people": interviewer_choices(),
        **extra,
    }
    return render(request, "loops/_session.html", context)


@require_POST
def loop_reroll(request, pk):
    loop = editable_loop(request, pk)
    services.fill_loop(loop, seed=(loop.seed + 1) % SEEDS)
    messages.success(request, "Re-rolled every unlocked question; locked ones stayed.")
    return redirect(loop)


@require_POST
def loop_refresh(request, pk):
    loop = editable_loop(request, pk)
    items = KitItem.objects.filter(session__loop=loop).select_related("question", "revision")
    updated = [item for item in items if item.is_outdated]
    for item in updated:
        services.refresh_item(item)
    messages.success(request, f"Updated {len(updated)} question(s) to their latest revision.")
    return redirect(loop)


@require_POST
def item_action(request, pk, action):
    item = editable_item(request, pk)
    if action == "lock":
        item.locked = not item.locked
        item.save(update_fields=["locked"])
    elif action == "remove":
        item.delete()
    elif action in ("up", "down"):
        services.move_item(item, -1 if action == "up" else 1)
    elif action == "refresh":
        services.refresh_item(item)
    elif action == "swap":
        question = get_object_or_404(Question, pk=request.POST.get("question"))
        services.swap_item(item, question)
    else:
        raise Http404("Unknown action")
    return render_session(request, item.session)


def item_alternatives(request, pk):
    item = editable_item(request, pk)
    context = {"item": item, "alternatives": services.alternatives(item)}
    return render(request, "loops/_alternatives.html", context)


def session_search(request, pk):
    session = editable_session(request, pk)
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = (
            Question.objects.filter(status=Question.Status.ACTIVE, prompt__icontains=query)
            .exclude(pk__in=services.questions_used_in(session.loop))
            .select_related("competency")[:10]
        )
    return render(
        request,
        "loops/_search_results.html",
        {"session": session, "results": results, "query": query},
    )


@require_POST
def session_add_item(request, pk):
    session = editable_session(request, pk)
    question = get_object_or_404(
        Question, pk=request.POST.get("question"), status=Question.Status.ACTIVE
    )
    error = None
    try:
        services.add_item(session, question)
    except services.AlreadyInLoop as problem:
        error = str(problem)
    return render_session(request, session, error=error)


@require_POST
def session_reorder(request, pk):
    session = editable_session(request, pk)
    ids = [int(value) for value in request.POST.getlist("item") if value.isdigit()]
    services.reorder_items(session, ids)
    return render_session(request, session)


@require_POST
def session_refill(request, pk):
    session = editable_session(request, pk)
    services.refill_session(session)
    return render_session(request, session)


def session_edit(request, pk):
    session = editable_session(request, pk)
    form = SessionForm(
        request.POST or None,
        initial={
            "name": session.name,
            "minutes": session.minutes,
            "focus": session.focus.all(),
            "kinds": session.kinds,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_session(session, **form.cleaned_data)
        return render_session(request, session)
    return render(request, "loops/_session_form.html", {"session": session, "form": form})


@require_POST
def session_interviewers(request, pk):
    session = editable_session(request, pk)
    form = InterviewersForm(request.POST)
    if form.is_valid():
        session.interviewers.set(form.cleaned_data["interviewers"])
    return render_session(request, session)


@require_POST
def session_add(request, pk):
    loop = editable_loop(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        services.add_session(loop, **form.cleaned_data)
        messages.success(request, f"Added the session “{form.cleaned_data['name']}”.")
    else:
        errors = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items())
        messages.error(request, f"The session was not added. {errors}")
    return redirect(loop)


@require_POST
def session_delete(request, pk):
    session = editable_session(request, pk)
    loop = session.loop
    session.delete()
    messages.success(request, f"Removed the session “{session.name}”.")
    return redirect(loop)
