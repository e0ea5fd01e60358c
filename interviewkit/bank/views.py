"""Bank pages: browse, search, read, write, retire and restore questions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from interviewkit.bank import hooks, services
from interviewkit.bank.forms import QuestionFilterForm, QuestionForm
from interviewkit.bank.models import Competency, Question, ScoreScale
from interviewkit.bank.selectors import filtered_questions
from interviewkit.bank.standard import needs_of

PAGE_SIZE = 25


@permission_required("bank.view_question", raise_exception=True)
def question_list(request):
    data = request.GET.copy()
    if not data.get("sort"):  # show the order actually used: best match when searching
        data["sort"] = "relevance" if data.get("q", "").strip() else "competency"
    form = QuestionFilterForm(data)
    if form.is_valid():
        questions = filtered_questions(form.cleaned_data)
    else:
        questions = Question.objects.none()
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    for question in page.object_list:
        if question.status == Question.Status.DRAFT:
            question.still_needs = needs_of(question)
    query = request.GET.copy()
    query.pop("page", None)
    filtering = any(value for key, value in request.GET.items() if key not in ("sort", "page"))
    return render(
        request,
        "bank/question_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtering": filtering,
            "drafts": Question.objects.filter(status=Question.Status.DRAFT).count(),
        },
    )


@permission_required("bank.view_question", raise_exception=True)
def question_detail(request, slug):
    question = get_object_or_404(
        Question.objects.select_related("competency").prefetch_related("roles", "tags", "overlaps"),
        slug=slug,
    )
    revisions = list(question.revisions.select_related("created_by"))
    shown = question
    number = request.GET.get("revision")
    if number:
        shown = next((r for r in revisions if str(r.number) == number), None)
        if shown is None:
            raise Http404("No such revision")
        shown.competency = Competency.objects.filter(pk=shown.competency_id).first()
    return render(
        request,
        "bank/question_detail.html",
        {
            "question": question,
            "shown": shown,
            "old_revision": shown is not question,
            "rubric": list(zip(ScoreScale.choices, shown.rubric, strict=False)),
            "history": revision_history(revisions),
            "still_needs": needs_of(question) if question.status == Question.Status.DRAFT else [],
            "usage": mark_safe(hooks.panels_for(request, question)),  # noqa: S308 - templates
        },
    )


def revision_history(revisions):
    """Each revision (newest first) with the fields it changed from the one before."""
    history = []
    for newer, older in zip(revisions, revisions[1:] + [None], strict=True):
        if older is None:
            changed = ["created"]
        else:
            changed = [
                field.removesuffix("_id").replace("_", " ")
                for field, value in newer.content.items()
                if older.content.get(field) != value
            ]
        history.append((newer, changed))
    return history


@permission_required("bank.add_question", raise_exception=True)
def question_create(request):
    form = QuestionForm(request.POST or None, initial={"status": Question.Status.DRAFT})
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        services.save_question(
            question,
            roles=form.cleaned_data["roles"],
            tags=form.cleaned_data["tags"],
            overlaps=form.cleaned_data["overlaps"],
            user=request.user,
            note="Created",
        )
        messages.success(request, f"Question “{question.slug}” created.")
        return redirect(question)
    return render(request, "bank/question_form.html", {"form": form})


@permission_required("bank.change_question", raise_exception=True)
def question_edit(request, slug):
    question = get_object_or_404(Question, slug=slug)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        before = question.revision
        revision = services.save_question(
            form.save(commit=False),
            roles=form.cleaned_data["roles"],
            tags=form.cleaned_data["tags"],
            overlaps=form.cleaned_data["overlaps"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        if revision.number != before:
            messages.success(request, f"Saved as revision {revision.number}.")
        else:
            messages.info(request, "Saved; the content did not change, so no new revision.")
        return redirect(question)
    return render(request, "bank/question_form.html", {"form": form, "question": question})


@require_POST
@permission_required("bank.change_question", raise_exception=True)
def question_status(request, slug):
    question = get_object_or_404(Question, slug=slug)
    status = request.POST.get("status")
    if status == Question.Status.RETIRED:
        services.set_status(question, status)
        messages.success(
            request, "Question retired: new loops will not use it; kits that have it keep it."
        )
    elif status == Question.Status.ACTIVE:
        services.set_status(question, status)
        messages.success(request, "Question restored: loops can use it again.")
    else:
        messages.error(request, "Choose to retire or restore the question.")
    return redirect(question)
