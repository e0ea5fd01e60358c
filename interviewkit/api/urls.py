from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from interviewkit.api import views
from interviewkit.api.problems import problem_response
from interviewkit.api.v1 import api


def token_only(patterns):
    """The API checks its token itself: the site's login redirect must not answer for it."""
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns


@login_not_required
def not_found(request, rest):
    return problem_response(request, 404, f"/api/v1/{rest} is no endpoint: see /api/docs.")


v1_patterns, app_name, namespace = api.urls
app_name = "api"
urlpatterns = [
    path("api/v1/", (token_only(v1_patterns), "ninja", namespace)),
    re_path(r"^api/v1/(?P<rest>.*)$", not_found),
    path("api/docs", views.docs, name="docs"),
    path("api/problems/<slug:kind>", views.problem_type, name="problem"),
    path("settings/tokens/", views.token_list, name="tokens"),
    path("settings/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
