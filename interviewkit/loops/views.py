"""Loop pages. Kit edits arrive from htmx and answer with the re-rendered session; an edit
that cannot be made answers with the session as it is now and a message saying why."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from interviewkit.bank.models import Question
from interviewkit.loops import calendar, hooks, lifecycle, services
from interviewkit.loops.fill import alternatives, questions_used_in
from interviewkit.loops.forms import (
    InterviewersForm,
    LoopDetailsForm,
    LoopFilterForm,
    LoopForm,
    SessionForm,
    interviewer_choices,
)
from interviewkit.loops.history import undoable
from interviewkit.loops.models import KIT_STATUSES, Assignment, KitItem, Loop, Session
from interviewkit.loops.selectors import (
    can_edit,
    filtered_loops,
    loop_with_sessions,
    search_questions,
    session_summary,
    thin_coverage,
    visible_loops,
)

PAPERS = [("a4", "A4"), ("letter", "Letter")]
OPEN = (*KIT_STATUSES, Loop.Status.DEBRIEF)  # interviewers can still be assigned
LOOPS_PER_PAGE = 20
HISTORY_LINES = 30
SEARCH_CHARS = 200


@never_cache
def loop_list(request):
    form = LoopFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    loops = filtered_loops(request.user, data).prefetch_related("sessions__interviewers")
    page = Paginator(loops, LOOPS_PER_PAGE).get_page(request.GET.get("page"))
    for loop in page.object_list:  # each person once, in session order
        people = [p for s in loop.sessions.all() for p in s.interviewers.all()]
        loop.people = list(dict.fromkeys(p.get_full_name() or p.username for p in people))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "loops/loop_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


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


def page_context(request, loop):
    """What the loop page and each re-rendered session need, in a fixed number of queries."""
    manager = can_edit(request.user, loop)
    sessions = list(loop.sessions.all())
    panels = hooks.panels_for(request, loop)
    holders = hooks.holders_of(sessions) if manager else {}
    people = list(interviewer_choices()) if manager else []
    for session in sessions:  # what each session's card shows, read once for the page
        session.is_mine = any(p.pk == request.user.pk for p in session.interviewers.all())
        session.has_handout = any(item.is_handout for item in session.items.all())
        roles = {a.interviewer_id: a.role for a in session.assignments.all()}
        session.role_choices = [(person, roles.get(person.pk, "")) for person in people]
        session.panel = mark_safe(panels.get(session.pk, ""))  # noqa: S308 - rendered templates
        session.confirm_text = confirmation(holders.get(session.pk))
    return {
        "loop": loop,
        "manager": manager,
        "editable": manager and loop.kits_editable,
        "roles": Assignment.Role.choices,
        "papers": PAPERS,
    }


def confirmation(holders):
    """What the page asks before changing a session others have scored ("" when none have)."""
    if not holders:
        return ""
    return (
        f"This session has scorecards from {', '.join(holders)}. "
        f"The change is written to their history. Continue?"
    )


@never_cache
def loop_detail(request, pk):
    try:
        loop = loop_with_sessions(pk, request.user)
    except Loop.DoesNotExist:
        raise Http404("No such loop") from None
    context = page_context(request, loop)
    sessions = [(session, session_summary(session)) for session in loop.sessions.all()]
    outdated = [item for _, summary in sessions for item in summary["items"] if item.is_outdated]
    context.update(
        sessions=sessions,
        handouts=any(session.has_handout for session, _ in sessions),
        outdated=len(outdated),
        thin=thin_coverage(loop) if context["manager"] and loop.status in OPEN else [],
        outdated_scored=sum(item.scored for item in outdated),
        session_form=SessionForm(initial={"minutes": 45}),
        moves=lifecycle.next_moves(loop) if context["manager"] else [],
        scheduled=any(session.starts_at for session, _ in sessions),
        undo=undoable(loop) if context["editable"] else None,
        history=loop.events.select_related("by")[:HISTORY_LINES] if context["manager"] else [],
        panels=mark_safe(hooks.loop_panels_for(request, loop)),  # noqa: S308 - rendered templates
    )
    return render(request, "loops/loop_detail.html", context)


def editable_loop(request, pk):
    """The loop if this user may change it: 404 when they cannot see it, 403 when read-only."""
    loop = get_object_or_404(visible_loops(request.user), pk=pk)
    if not can_edit(request.user, loop):
        raise PermissionDenied("Only the loop's hiring manager can change it.")
    return loop


class Gone(Exception):
    """What an htmx action names was changed elsewhere; `url` is where to go now."""

    def __init__(self, message, url):
        super().__init__(message)
        self.url = url


def kit_session(request, pk):
    """A session whose kit this user may change now; Gone when it no longer exists."""
    session = Session.objects.select_related("loop").filter(pk=pk).first()
    if session is None:
        raise Gone("That session was removed, in another tab or by someone else.", "/loops/")
    loop = editable_loop(request, session.loop_id)
    if not loop.kits_editable:
        raise services.Refused(
            f"The loop is in {loop.get_status_display()}: its kits are the record of the "
            f"interviews and no longer change."
        )
    return session


def render_session(request, session_pk, **extra):
    loop = loop_with_sessions(Session.objects.get(pk=session_pk).loop_id, request.user)
    session = next(s for s in loop.sessions.all() if s.pk == session_pk)
    context = {**page_context(request, loop), "session": session, **extra}
    context["summary"] = session_summary(session)
    return render(request, "loops/_session.html", context)


def kit_action(view):
    """Run an htmx kit edit; a refusal or a stale page answers with the session as it is."""

    def wrapper(request, **kwargs):
        try:
            return view(request, **kwargs)
        except Gone as gone:
            messages.warning(request, str(gone))
            response = HttpResponse(status=204)
            response["HX-Redirect"] = gone.url
            return response
        except services.Refused as refused:
            session_pk = kwargs.get("session_pk", kwargs.get("pk"))
            return render_session(request, session_pk, error=str(refused))

    return wrapper


def confirmed_if_held(request, session, doing):
    """A change to a session others have scored needs the manager's confirmation, which the
    page asks for; a page loaded before the first scorecard arrived has not asked."""
    names = hooks.holders_of([session]).get(session.pk)
    if names and request.POST.get("confirmed") != "1":
        raise services.Refused(
            f"Scorecards were started on this session ({', '.join(names)}) since the page "
            f"loaded, so nothing was {doing}. Do it again to confirm: the change will be "
            f"written to their history."
        )


@require_POST
@kit_action
def item_action(request, session_pk, pk, action):
    session = kit_session(request, session_pk)
    item = (
        KitItem.objects.select_related("session", "revision", "question")
        .filter(pk=pk, session=session)
        .first()
    )
    if item is None:
        raise services.Refused(
            "That question is no longer in this session: it was changed in another tab or "
            "by someone else. This is the session as it is now."
        )
    if action in ("lock", "unlock"):
        services.set_locked(item, action == "lock", by=request.user)
    elif action in ("up", "down"):
        services.move_item(item, -1 if action == "up" else 1, by=request.user)
    elif action == "remove":
        confirmed_if_held(request, session, "removed")
        services.remove_item(item, by=request.user)
    elif action == "refresh":
        confirmed_if_held(request, session, "updated")
        services.refresh_item(item, by=request.user)
    elif action == "swap":
        confirmed_if_held(request, session, "swapped")
        question = Question.objects.filter(
            pk=number(request.POST.get("question")), status=Question.Status.ACTIVE
        ).first()
        if question is None:
            raise services.Refused("That question is no longer active in the bank.")
        services.swap_item(item, question, by=request.user)
    else:
        raise Http404("Unknown action")
    return render_session(request, session.pk)


def number(value):
    """A form's id as an int, or None when it is not one (never a 500)."""
    text = str(value or "")
    # isdigit() alone accepts "²" and 5,000 digits, which int() or the database refuse.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


@kit_action
def item_alternatives(request, session_pk, pk):
    session = kit_session(request, session_pk)
    item = session.items.filter(pk=pk).select_related("question").first()
    if item is None:
        raise services.Refused("That question is no longer in this session.")
    services.refuse_if_scored(item, "swapped")
    context = {
        "item": item,
        "alternatives": alternatives(item),
        "confirm_text": confirmation(hooks.holders_of([session]).get(session.pk)),
    }
    return render(request, "loops/_alternatives.html", context)


@kit_action
def session_search(request, pk):
    session = kit_session(request, pk)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_CHARS]  # no NUL in SQL
    results = search_questions(query, exclude=questions_used_in(session.loop))
    context = {
        "session": session,
        "results": results,
        "query": query,
        "confirm_text": confirmation(hooks.holders_of([session]).get(session.pk)),
    }
    return render(request, "loops/_search_results.html", context)


@require_POST
@kit_action
def session_add_item(request, pk):
    session = kit_session(request, pk)
    confirmed_if_held(request, session, "added")
    question = Question.objects.filter(
        pk=number(request.POST.get("question")), status=Question.Status.ACTIVE
    ).first()
    if question is None:
        raise services.Refused("That question is no longer active in the bank.")
    services.add_item(session, question, by=request.user)
    return render_session(request, session.pk)


@require_POST
@kit_action
def session_reorder(request, pk):
    session = kit_session(request, pk)
    ids = [pk for pk in map(number, request.POST.getlist("item")) if pk is not None]
    services.reorder_items(session, ids, by=request.user)
    return render_session(request, session.pk)


@require_POST
@kit_action
def session_refill(request, pk):
    session = kit_session(request, pk)
    confirmed_if_held(request, session, "refilled")
    services.refill_session(session, by=request.user)
    return render_session(request, session.pk, notice="Refilled. You can undo it at the top.")


@kit_action
def session_edit(request, pk):
    session = kit_session(request, pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        confirmed_if_held(request, session, "changed")
        refill = "refill" in request.POST
        services.update_session(session, **form.cleaned_data, refill=refill, by=request.user)
        return render_session(request, session.pk)
    holders = hooks.holders_of([session]).get(session.pk, [])
    context = {"session": session, "form": form, "holders": holders}
    return render(request, "loops/_session_form.html", context)


@require_POST
@kit_action
def session_interviewers(request, pk):
    session = get_object_or_404(Session, pk=pk)
    loop = editable_loop(request, session.loop_id)
    if loop.status in (Loop.Status.DECIDED, Loop.Status.CLOSED):
        raise services.Refused(f"The loop is {loop.get_status_display().lower()}.")
    form = InterviewersForm(request.POST)
    if not form.is_valid():
        raise services.Refused(" ".join(form.non_field_errors()) or "Choose a role for each.")
    services.set_interviewers(session, form.cleaned_data["roles"], by=request.user)
    return render_session(request, session.pk)


@require_POST
def session_add(request, pk):
    loop = editable_loop(request, pk)
    form = SessionForm(request.POST)
    if not loop.kits_editable:
        messages.error(request, "The loop's kits no longer change, so no session can be added.")
    elif form.is_valid():
        try:
            services.add_session(loop, **form.cleaned_data, by=request.user)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Added the session “{form.cleaned_data['name']}”.")
    else:
        errors = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items())
        messages.error(request, f"The session was not added. {errors}")
    return redirect(loop)


@require_POST
def session_delete(request, pk):
    session = Session.objects.filter(pk=pk).select_related("loop").first()
    if session is None:
        messages.warning(request, "That session was already removed.")
        return redirect("loops:list")
    loop = editable_loop(request, session.loop_id)
    try:
        if not loop.kits_editable:
            raise services.Refused("The loop's kits no longer change.")
        services.delete_session(session, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Removed the session “{session.name}”.")
    return redirect(loop)


@never_cache
def loop_reroll(request, pk):
    """GET asks to confirm; POST re-rolls every unlocked, unscored question."""
    loop = editable_loop(request, pk)
    replaceable = services.replaceable(KitItem.objects.filter(session__loop=loop))
    if request.method == "POST":
        try:
            if not loop.kits_editable:
                raise services.Refused("The loop's kits no longer change.")
            services.reroll_loop(loop, by=request.user)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, "Re-rolled every unlocked question; locked and scored ones stayed."
            )
        return redirect(loop)
    held = hooks.holders_of(list(loop.sessions.all()))
    context = {
        "loop": loop,
        "replaced": replaceable.count(),
        "kept": KitItem.objects.filter(session__loop=loop).count() - replaceable.count(),
        "holders": sorted({name for names in held.values() for name in names}),
    }
    return render(request, "loops/loop_reroll.html", context)


@require_POST
def loop_undo(request, pk):
    loop = editable_loop(request, pk)
    try:
        back = services.undo_last(loop, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Undone: {back} question(s) are back as they were.")
    return redirect(loop)


@require_POST
def loop_refresh(request, pk):
    loop = editable_loop(request, pk)
    if not loop.kits_editable:
        messages.error(request, "The loop's kits no longer change.")
        return redirect(loop)
    updated, scored = services.refresh_loop(loop, by=request.user)
    note = (
        f" {scored} scored question(s) stay at the revision they were asked in." if scored else ""
    )
    messages.success(request, f"Updated {updated} question(s) to their latest revision.{note}")
    return redirect(loop)


@never_cache
def loop_edit(request, pk):
    loop = editable_loop(request, pk)
    form = LoopDetailsForm(request.POST or None, instance=loop)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.update_details(
                Loop.objects.get(pk=loop.pk), by=request.user, **form.cleaned_data
            )
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Saved the loop's details.")
        return redirect(loop)
    return render(request, "loops/loop_edit.html", {"loop": loop, "form": form})


@require_POST
def loop_status(request, pk):
    loop = editable_loop(request, pk)
    status = request.POST.get("status", "")
    if status not in Loop.Status.values:
        messages.error(request, "Choose one of the actions shown.")
        return redirect(loop)
    try:
        lifecycle.set_status(loop, status, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The loop is now {loop.get_status_display()}.")
    return redirect(loop)


@never_cache
def loop_delete(request, pk):
    """GET asks to confirm; POST deletes a loop nobody has a scorecard on."""
    loop = editable_loop(request, pk)
    problem = lifecycle.why_not_delete(loop)
    if request.method == "POST":
        try:
            lifecycle.delete_loop(loop, by=request.user)
        except services.Refused as refused:
            messages.error(request, str(refused))
            return redirect(loop)
        messages.success(request, f"Deleted the loop “{loop.title}”.")
        return redirect(reverse("loops:list"))
    return render(request, "loops/loop_delete.html", {"loop": loop, "problem": problem})


def ics_response(content, name):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
def session_invite(request, pk):
    """The session's calendar entry, for its interviewers and the loop's hiring manager."""
    session = get_object_or_404(
        Session.objects.select_related("loop__owner").filter(starts_at__isnull=False), pk=pk
    )
    mine = session.interviewers.filter(pk=request.user.pk).exists()
    if not (mine or can_edit(request.user, session.loop)):
        raise Http404("No such session")
    return ics_response(calendar.published([session]), calendar.filename(session))


@never_cache
def loop_schedule(request, pk):
    """Every session of the loop that has a time, for its hiring manager."""
    loop = editable_loop(request, pk)
    sessions = loop.sessions.filter(starts_at__isnull=False).prefetch_related("interviewers")
    return ics_response(calendar.published(list(sessions)), calendar.filename(loop=loop))
