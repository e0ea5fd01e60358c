"""The API's reads of the bank and loop templates, and importing questions into the bank."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field as Bounded
from ninja import Query, Router

from interviewkit.api import schemas
from interviewkit.api.bounds import bounded_body
from interviewkit.api.pagination import DEFAULT_LIMIT, MAX_CURSOR, MAX_LIMIT, page
from interviewkit.api.problems import Problem
from interviewkit.bank import interchange
from interviewkit.bank.models import Question, Role, as_probe
from interviewkit.loops.models import Level, LoopTemplate, SessionTemplate

router = Router(tags=["bank and templates"])
CURATE = ("bank.add_question", "bank.change_question")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "application/json": "json",
    "text/csv": "csv",
}


class Paging(schemas.Schema):
    cursor: str | None = Bounded(None, max_length=MAX_CURSOR)
    limit: int = Bounded(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def require(user, *permissions):
    if not user.has_perms(permissions):
        raise PermissionDenied(f"Your account lacks the permission to do this ({permissions[0]}).")


@router.get("/roles", response=schemas.RolePage)
def list_roles(request, paging: Query[Paging]):
    return page(request, Role.objects.all(), **paging.dict())


@router.get("/roles/{slug}", response=schemas.Role)
def read_role(request, slug: str):
    return get_object_or_404(Role, slug=slug)


@router.get("/levels", response=schemas.LevelPage)
def list_levels(request, paging: Query[Paging]):
    return page(request, Level.objects.all(), **paging.dict())


@router.get("/levels/{slug}", response=schemas.Level)
def read_level(request, slug: str):
    return get_object_or_404(Level, slug=slug)


def templates():
    sessions = SessionTemplate.objects.prefetch_related("focus").order_by("position", "pk")
    return LoopTemplate.objects.select_related("role", "level").prefetch_related(
        Prefetch("sessions", queryset=sessions)
    )


def template_out(template):
    return {
        "id": template.pk,
        "role": template.role.slug,
        "level": template.level.slug,
        "sessions": [
            {
                "name": session.name,
                "minutes": session.minutes,
                "focus": [competency.slug for competency in session.focus.all()],
                "kinds": session.kinds,
            }
            for session in template.sessions.all()
        ],
    }


@router.get("/templates", response=schemas.LoopTemplatePage)
def list_templates(request, paging: Query[Paging]):
    found = page(request, templates(), **paging.dict())
    return {**found, "items": [template_out(template) for template in found["items"]]}


@router.get("/templates/{int:template_id}", response=schemas.LoopTemplate)
def read_template(request, template_id: int):
    return template_out(get_object_or_404(templates(), pk=template_id))


class QuestionFilter(Paging):
    status: Question.Status | None = None
    competency: str | None = Bounded(None, max_length=50, description="A competency slug.")
    role: str | None = Bounded(None, max_length=50, description="A role slug.")


def question_out(question):
    return {
        **{name: getattr(question, name) for name in ("slug", "revision", "status", "prompt")},
        **{name: getattr(question, name) for name in ("kind", "difficulty", "minutes")},
        "competency": question.competency.slug if question.competency else None,  # a draft's
        "roles": [role.slug for role in question.roles.all()],
        "tags": [tag.name for tag in question.tags.all()],
        "model_answer": question.model_answer,
        "good_signals": question.good_signals,
        "probes": [as_probe(probe) for probe in question.probes],
        "red_flags": question.red_flags,
        "rubric": question.rubric,
    }


def questions():
    return Question.objects.select_related("competency").prefetch_related("roles", "tags")


@router.get("/questions", response=schemas.QuestionPage)
def list_questions(request, query: Query[QuestionFilter]):
    """Every status unless one is asked for, as the bank list with “all”."""
    require(request.user, "bank.view_question")
    found = questions()
    if query.status:
        found = found.filter(status=query.status)
    if query.competency:
        found = found.filter(competency__slug=query.competency)
    if query.role:
        found = found.filter(roles__slug=query.role)
    result = page(request, found, cursor=query.cursor, limit=query.limit)
    return {**result, "items": [question_out(question) for question in result["items"]]}


def import_format(request, given):
    if given:
        return given
    content_type = request.content_type.split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        raise Problem(
            415,
            f"Send the file as {', '.join(CONTENT_TYPES)} (Content-Type), or say "
            f"?format=yaml, json or csv.",
        )
    return CONTENT_TYPES[content_type]


@router.post(
    "/questions/import",
    response={200: schemas.ImportReport},
    openapi_extra={"requestBody": {"content": {t: {} for t in CONTENT_TYPES}, "required": True}},
)
def import_questions(
    request, dry_run: bool = False, format: Literal["yaml", "json", "csv"] | None = None
):
    """A bank file (docs/bank-format.md) as the body; all of it is imported or none."""
    require(request.user, *CURATE)
    fmt = import_format(request, format)
    source = interchange.Source("API upload", bounded_body(request, MAX_IMPORT_BYTES), fmt)
    report = interchange.import_sources([source], user=request.user, dry_run=dry_run)
    body = {
        "imported": report.imported,
        "dry_run": dry_run,
        "summary": report.summary(),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "problems": [
            {
                name: str(getattr(problem, name, ""))
                for name in ("where", "field", "message", "slug")
            }
            for problem in report.problems
        ],
    }
    if report.problems:
        detail = f"Nothing was imported: {report.summary()}."
        raise Problem(422, detail, kind="import-problems", **body)
    return body


# After the import, whose path "/questions/{slug}" would otherwise take.
@router.get("/questions/{slug}", response=schemas.Question)
def read_question(request, slug: str):
    require(request.user, "bank.view_question")
    return question_out(get_object_or_404(questions(), slug=slug))
