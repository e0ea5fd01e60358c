"""The Permissions-Policy header (Django sets the other security headers itself), and idle
sessions that activity keeps alive."""

import time

from django.conf import settings

TOUCH_SECONDS = 60  # activity extends a session at most this often: a write, not every request


class PermissionsPolicyMiddleware:
    """The browser features our pages never use are switched off for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class IdleSessionMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after the last request; each request moves
    that end on, but the session is written again only once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get("_seen", 0) >= TOUCH_SECONDS:
                session["_seen"] = now  # modified, so SessionMiddleware saves and extends it
        return response
