from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from interviewkit.accounts.views import SignOnCallbackView


def sign_on(view):
    """A single sign-on view: reached before login, and only while single sign-on is set up."""

    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.SSO_ENABLED:
            raise Http404("Single sign-on is not set up.")
        return view(request, *args, **kwargs)

    return wrapped


# mozilla-django-oidc finds these by their names, so they are not in a namespace.
urlpatterns = [
    path(
        "authenticate/",
        sign_on(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path("callback/", sign_on(SignOnCallbackView.as_view()), name="oidc_authentication_callback"),
]
