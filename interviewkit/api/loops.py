"""The API's loops: list, create for a candidate, read with sessions, scorecards and decision.

Each read follows the rules of the pages: a loop only for those who see it on the site, its
candidate's email, ATS reference and the decision's rationale only for its hiring manager, and
scorecards only as can_read allows (no colleague's scores before your own are submitted).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field as Bounded
from ninja import Query, Router, Status
from ninja.decorators import decorate_view

from interviewkit.api import schemas
from interviewkit.api.bounds import MAX_JSON_BYTES, body_at_most
from interviewkit.api.pagination import page
from interviewkit.api.problems import Problem
from interviewkit.api.reference import Paging
from interviewkit.bank.models import Role
from interviewkit.loops.models import Level, Loop, default_title
from interviewkit.loops.selectors import can_edit, loop_with_sessions, visible_loops
from interviewkit.loops.services import NoTemplate, create_loop
from interviewkit.scorecards.models import Score, Scorecard
from interviewkit.scorecards.selectors import can_read, readable_scorecards

router = Router(tags=["loops"])


def person(user):
    return {"username": user.username, "name": user.get_full_name() or user.username}


def decision_out(loop, manager):
    return {
        "decision": loop.decision or None,
        "rationale": loop.decision_rationale if manager and loop.decision else None,
        "decided_by": person(loop.decided_by) if loop.decided_by else None,
        "decided_at": loop.decided_at,
    }


def loop_out(request, loop):
    manager = can_edit(request.user, loop)
    return {
        **{name: getattr(loop, name) for name in ("id", "title", "status", "candidate_name")},
        "url": request.build_absolute_uri(loop.get_absolute_url()),
        "role": loop.role.slug,
        "level": loop.level.slug,
        "candidate_email": loop.candidate_email if manager else None,
        "external_ref": loop.external_ref if manager else None,
        "target_date": loop.target_date,
        "owner": person(loop.owner),
        "created_at": loop.created_at,
        "decision": decision_out(loop, manager),
    }


def visible_loop(request, loop_id):
    return get_object_or_404(visible_loops(request.user).select_related("decided_by"), pk=loop_id)


class LoopFilter(Paging):
    status: Loop.Status | None = None
    external_ref: str | None = Bounded(
        None, max_length=100, description="Your loops with this ATS reference."
    )


@router.get("/loops", response=schemas.LoopPage)
def list_loops(request, query: Query[LoopFilter]):
    """The loops you see on the site, newest first."""
    loops = visible_loops(request.user).select_related("decided_by")
    if query.status:
        loops = loops.filter(status=query.status)
    if query.external_ref:  # the reference is the owner's to see, so only their loops match
        loops = loops.filter(external_ref=query.external_ref)
        if not request.user.is_superuser:
            loops = loops.filter(owner=request.user)
    found = page(request, loops, cursor=query.cursor, limit=query.limit, newest_first=True)
    return {**found, "items": [loop_out(request, loop) for loop in found["items"]]}


def one_by_slug(model, slug, field):
    found = model.objects.filter(slug=slug).first()
    if found is None:
        choices = ", ".join(model.objects.values_list("slug", flat=True))
        detail = f"body.{field}: there is no {field} “{slug}”; choose one of {choices}."
        raise Problem(422, detail, kind="invalid")
    return found


def refuse_taken(request, owner, external_ref):
    taken = Loop.objects.filter(owner=owner, external_ref=external_ref).first()
    if taken:
        raise Problem(
            409,
            f"You have a loop for external_ref “{external_ref}” already (loop {taken.pk}): "
            f"read it at /api/v1/loops/{taken.pk}.",
            kind="conflict",
            loop=taken.pk,
        )


@router.post("/loops", response={201: schemas.Loop})
@decorate_view(body_at_most(MAX_JSON_BYTES))
def create(request, payload: schemas.NewLoop, response: HttpResponse):
    """Assemble a loop from the template of its role and level, as the New loop page does."""
    if not request.user.has_perm("loops.add_loop"):
        raise PermissionDenied("Only hiring managers create loops.")
    role = one_by_slug(Role, payload.role, "role")
    level = one_by_slug(Level, payload.level, "level")
    if payload.external_ref:
        refuse_taken(request, request.user, payload.external_ref)
    details = payload.dict(exclude={"role", "level", "title"})
    title = payload.title or default_title(level, role, payload.candidate_name)
    try:
        loop = create_loop(owner=request.user, role=role, level=level, title=title, **details)
    except NoTemplate as error:
        raise Problem(409, str(error), kind="refused") from None
    except IntegrityError:  # the same reference, created a moment ago by another request
        refuse_taken(request, request.user, payload.external_ref)
        raise
    response["Location"] = f"/api/v1/loops/{loop.pk}"
    return Status(201, loop_out(request, visible_loop(request, loop.pk)))


@router.get("/loops/{int:loop_id}", response=schemas.Loop)
def read_loop(request, loop_id: int):
    return loop_out(request, visible_loop(request, loop_id))


@router.get("/loops/{int:loop_id}/decision", response=schemas.Decision)
def read_decision(request, loop_id: int):
    loop = visible_loop(request, loop_id)
    return decision_out(loop, can_edit(request.user, loop))


def session_out(session):
    return {
        **{name: getattr(session, name) for name in ("id", "name", "minutes", "kinds")},
        "intro_minutes": session.intro_minutes,
        "wrapup_minutes": session.wrapup_minutes,
        "focus": [competency.slug for competency in session.focus.all()],
        "interviewers": [person(user) for user in session.interviewers.all()],
        "items": [
            {
                "id": item.pk,
                "question": item.question.slug,
                "revision": item.revision.number,
                "prompt": item.revision.prompt,
                "competency": item.question.competency.slug,
                "difficulty": item.revision.difficulty,
                "kind": item.revision.kind,
                **{name: getattr(item, name) for name in ("minutes", "locked", "scored")},
            }
            for item in session.items.all()
        ],
    }


@router.get("/loops/{int:loop_id}/sessions", response=list[schemas.Session])
def list_sessions(request, loop_id: int):
    """Every session with its interviewers and kit, as the loop page shows them."""
    try:
        loop = loop_with_sessions(loop_id, request.user)
    except Loop.DoesNotExist:
        raise Problem(404, "There is no such loop, or not one you may see.") from None
    return [session_out(session) for session in loop.sessions.all()]


def scorecard_out(card):
    return {
        **{name: getattr(card, name) for name in ("id", "recommendation", "takeaways")},
        "session": card.session_id,
        "session_name": card.session.name,
        "interviewer": person(card.interviewer),
        "submitted": card.is_submitted,
        "submitted_at": card.submitted_at,
        "scores": [
            {
                "item": row.item_id,
                "question": row.item.question.slug,
                "revision": row.revision.number,
                **{name: getattr(row, name) for name in ("score", "not_assessed", "notes")},
            }
            for row in card.scores.all()
        ],
    }


def with_scores(cards):
    rows = Score.objects.select_related("item__question", "revision").order_by(
        "item__session__position", "item__position", "item__pk"
    )
    return cards.select_related("session", "interviewer").prefetch_related(
        Prefetch("scores", queryset=rows)
    )


@router.get("/loops/{int:loop_id}/scorecards", response=list[schemas.Scorecard])
def list_scorecards(request, loop_id: int):
    """The loop's scorecards you may read: all for its hiring manager; for an interviewer their
    own, and colleagues' submitted ones once all of theirs on the loop are submitted."""
    loop = visible_loop(request, loop_id)
    cards = with_scores(readable_scorecards(request.user, loop)).order_by("session__position", "pk")
    return [scorecard_out(card) for card in cards]


@router.get("/scorecards/{int:scorecard_id}", response=schemas.Scorecard)
def read_scorecard(request, scorecard_id: int):
    card = with_scores(Scorecard.objects.select_related("session__loop")).filter(pk=scorecard_id)
    card = card.first()
    if card is None or not can_read(request.user, card):
        raise Problem(404, "There is no such scorecard, or not one you may read yet.")
    return scorecard_out(card)
