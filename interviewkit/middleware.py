"""The Permissions-Policy header (Django sets the other security headers itself)."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """The browser features our pages never use are switched off for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
