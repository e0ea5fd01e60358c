"""Version 1 of the JSON API at /api/v1/: django-ninja, per-user tokens, problem details."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer

from interviewkit.api import loops, problems, reference, schemas, tokens

DESCRIPTION = """Interview Kit's API. Authenticate with a token from the API tokens page
(Settings): `Authorization: Bearer ik_…`. A token acts as its user and reads only what the
user sees on the site. Lists come a page at a time: pass `next_cursor` back as `?cursor=`.
Errors are problem details (RFC 9457, `application/problem+json`). See docs/api.md."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = tokens.user_for(token)  # tokens.Refused says what is wrong with it
        request.user = user  # so the audit trail names who made each change
        return user


api = NinjaAPI(
    title="Interview Kit",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api:v1",
    docs=Swagger(settings={"validatorUrl": None}),  # no badge fetched from swagger.io
    docs_url=None,  # the docs page is /api/docs, a page of the site
)
problems.install(api)
api.add_router("", reference.router)
api.add_router("", loops.router)


@api.get("/me", response=schemas.Person, tags=["you"])
def me(request):
    """Whom the token acts as."""
    return loops.person(request.user)
