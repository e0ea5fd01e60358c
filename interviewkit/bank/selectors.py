"""Reads of the bank that are more than a filter: search and the bank list's questions."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When

from interviewkit.bank.forms import SORTS
from interviewkit.bank.models import Question

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
