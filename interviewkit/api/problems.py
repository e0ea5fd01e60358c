"""Errors as problem details (RFC 9457): application/problem+json with type, title, status and
detail. Each type of ours has a page at /api/problems/<kind> that says what to do about it."""

import logging
from http import HTTPStatus

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from interviewkit.api.tokens import Refused

logger = logging.getLogger(__name__)

# kind: (title, what it means and what to do), shown at /api/problems/<kind>
KINDS = {
    "token": (
        "No valid API token",
        "Send a token of yours in the Authorization header as “Bearer ik_…”. Create one on "
        "the API tokens page (Settings); a revoked token stays refused.",
    ),
    "invalid": (
        "The request has values that are missing, of the wrong kind or out of bounds",
        "The “errors” list names each one, where it was (body, query or path) and its bound.",
    ),
    "too-large": (
        "The request body is too large",
        "The detail gives the bound; send less (for imports, split the file).",
    ),
    "conflict": (
        "The request conflicts with what exists",
        "For example a loop with this external reference exists already: read it instead.",
    ),
    "refused": (
        "Interview Kit cannot do that now",
        "The detail says why, as the page would: e.g. no loop template for a role and level.",
    ),
    "import-problems": (
        "The questions cannot be imported as they are",
        "Nothing was imported. The “problems” list locates each one (file, line or row, "
        "field); fix them and send the file again.",
    ),
}


class Problem(Exception):
    """An answer that is a problem; raised anywhere in an API view."""

    def __init__(self, status, detail, *, kind=None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.kind, self.extra = status, detail, kind, extra


def problem_response(request, status, detail, *, kind=None, **extra):
    body = {
        "type": request.build_absolute_uri(f"/api/problems/{kind}") if kind else "about:blank",
        "title": KINDS[kind][0] if kind else HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="Interview Kit"'
    return response


def where(location):
    """("query", "limit") → "query.limit": where a validation error was."""
    return ".".join(str(part) for part in location)


def install(api):
    """Every error the API can meet answers as a problem."""

    @api.exception_handler(Problem)
    def own(request, exc):
        return problem_response(request, exc.status, exc.detail, kind=exc.kind, **exc.extra)

    @api.exception_handler(AuthenticationError)
    def no_token(request, exc):
        detail = "Send your API token in the Authorization header: “Bearer ik_…”."
        return problem_response(request, 401, detail, kind="token")

    @api.exception_handler(Refused)
    def bad_token(request, exc):
        return problem_response(request, 401, str(exc), kind="token")

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        errors = [{"where": where(e["loc"]), "message": e["msg"]} for e in exc.errors]
        detail = "; ".join(f"{e['where']}: {e['message']}" for e in errors)
        return problem_response(request, 422, detail, kind="invalid", errors=errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem_response(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response(request, 404, str(exc) or "There is nothing here.")

    @api.exception_handler(ObjectDoesNotExist)
    def no_object(request, exc):
        return problem_response(request, 404, "There is no such object, or not one you may see.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem_response(request, 403, str(exc) or "Your account may not do this.")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return problem_response(request, 413, str(exc), kind="too-large")

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("API request %s %s failed", request.method, request.path)
        return problem_response(request, 500, "Something went wrong on our side; it is logged.")
