"""Bank pages: browse, search, read, write, retire and restore questions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from interviewkit.bank import services
from interviewkit.bank.forms import SORTS, QuestionFilterForm, QuestionForm
from interviewkit.bank.models import Competency, Question, ScoreScale

PAGE_SIZE = 25
DIFFICULTY_RANK = Case(
    *[When(difficulty=value, then=Value(rank)) for rank, value in enumerate(Question.Difficulty)],
    output_field=IntegerField(),
)


def search_vector():
    return (
        SearchVector("slug", weight="A", config="english")
        + SearchVector("prompt", weight="A", config="english")
        + SearchVector("model_answer", weight="C", config="english")
    )


def search_query(text):
    return SearchQuery(text, search_type="websearch", config="english")


def search(questions, text):
    """Questions that match the search text: full-text on PostgreSQL, words on SQLite."""
    if connection.vendor == "postgresql":
        return questions.annotate(search=search_vector()).filter(
            Q(search=search_query(text)) | Q(tags__name=text.lower())
        )
    # SQLite has no full-text search here: every word must appear somewhere in the question.
    for word in text.split():
        questions = questions.filter(
            Q(prompt__icontains=word)
            | Q(slug__icontains=word)
            | Q(model_answer__icontains=word)
            | Q(tags__name=word.lower())
        )
    return questions


def filtered_questions(data):
    """The bank list's questions for the cleaned data of a QuestionFilterForm."""
    questions = Question.objects.all()
    status = data["status"]
    if status == "":
        questions = questions.exclude(status=Question.Status.RETIRED)
    elif status != "all":
        questions = questions.filter(status=status)
    for field in ("competency", "kind", "difficulty"):
        if data[field]:
            questions = questions.filter(**{field: data[field]})
    if data["role"]:
        questions = questions.filter(roles=data["role"])
    if data["tag"]:
        questions = questions.filter(tags__name=data["tag"])
    text = data["q"].strip()
    if text:
        questions = search(questions, text)
    # Joins through roles, tags and search can repeat a question: select each one once.
    questions = Question.objects.filter(pk__in=questions.values("pk")).annotate(
        difficulty_rank=DIFFICULTY_RANK, times_used=Count("kit_items")
    )
    order = SORTS[data["sort"] or "relevance"][1]
    if order is None:  # best match: ranked on PostgreSQL, else the competency order
        if text and connection.vendor == "postgresql":
            questions = questions.annotate(rank=SearchRank(search_vector(), search_query(text)))
            order = ["-rank", "slug"]
        else:
            order = SORTS["competency"][1]
    return questions.select_related("competency").prefetch_related("roles", "tags").order_by(*order)


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
    query = request.GET.copy()
    query.pop("page", None)
    filtering = any(value for key, value in request.GET.items() if key not in ("sort", "page"))
    return render(
        request,
        "bank/question_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtering": filtering},
    )


@permission_required("bank.view_question", raise_exception=True)
def question_detail(request, slug):
    question = get_object_or_404(
        Question.objects.select_related("competency").prefetch_related("roles", "tags"), slug=slug
    )
    revisions = list(question.revisions.select_related("created_by"))
    shown = question
    number = request.GET.get("revision")
    if number:
        shown = next((r for r in revisions if str(r.number) == number), None)
        if shown is None:
            raise Http404("No such revision")
        shown.competency = Competency.objects.get(pk=shown.competency_id)
    return render(
        request,
        "bank/question_detail.html",
        {
            "question": question,
            "shown": shown,
            "old_revision": shown is not question,
            "rubric": list(zip(ScoreScale.choices, shown.rubric, strict=False)),
            "history": revision_history(revisions),
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
