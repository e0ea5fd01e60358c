"""The login page (password and single sign-on) and the end of a single sign-on."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from interviewkit.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_enabled=settings.SSO_ENABLED,
            sso_provider=settings.OIDC_PROVIDER_NAME,
            password_login=settings.PASSWORD_LOGIN,
            **kwargs,
        )


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back; a failure says why on the login page."""

    def login_failure(self):
        reason = getattr(self.request, "sign_on_refused", None) or (
            "the provider did not confirm who you are. Try again, or ask your administrator."
        )
        messages.error(self.request, f"Sign-in with {settings.OIDC_PROVIDER_NAME} failed: {reason}")
        return super().login_failure()
