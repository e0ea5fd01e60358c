"""The login page (password and single sign-on), the end of a single sign-on, and settings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from interviewkit.accounts.forms import LoginForm, ProfileForm
from interviewkit.accounts.models import profile_of


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


@never_cache
def account_settings(request):
    # An unticked box posts nothing, so an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile_of(request.user))
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Saved your settings.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
