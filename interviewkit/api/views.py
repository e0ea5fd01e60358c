"""The API's pages: the API tokens page (create, revoke), the docs, and problem types."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from ninja.openapi.views import openapi_view

from interviewkit.api import tokens
from interviewkit.api.forms import TokenForm
from interviewkit.api.models import ApiToken
from interviewkit.api.problems import KINDS
from interviewkit.api.v1 import api

SHOWN_ONCE = "new_api_token"  # the session key holding a new token until it is shown


@never_cache
def token_list(request):
    """The user's tokens; a new one is shown once, on the page the creation redirects to (kept in
    the session only until then, so a reload neither shows it again nor makes another)."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, raw = tokens.create_token(request.user, name=form.cleaned_data["name"])
        except tokens.TooMany as error:
            form.add_error(None, str(error))
        else:
            request.session[SHOWN_ONCE] = raw
            return redirect("api:tokens")
    context = {
        "form": form,
        "tokens": request.user.api_tokens.all(),
        "new_token": request.session.pop(SHOWN_ONCE, None),
    }
    return render(request, "api/tokens.html", context)


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke(token)
    messages.success(request, f"Revoked “{token.name}”: it no longer works.")
    return redirect("api:tokens")


def docs(request):
    """Swagger UI from django-ninja's own static files, under the site's policy."""
    return openapi_view(request, api=api)


@login_not_required
def problem_type(request, kind):
    if kind not in KINDS:
        raise Http404("No such problem type")
    title, meaning = KINDS[kind]
    return render(request, "api/problem.html", {"kind": kind, "title": title, "meaning": meaning})
