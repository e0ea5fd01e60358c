from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from interviewkit.accounts.models import Profile


class LoginForm(AuthenticationForm):
    """The password form; with password login off it says who may still use it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.PASSWORD_LOGIN:
            provider = settings.OIDC_PROVIDER_NAME.replace("%", "%%")
            self.error_messages = {
                **self.error_messages,
                "invalid_login": "Please enter a correct %(username)s and password. Password "
                f"sign-in is for administrators only: everyone else signs in with {provider}.",
            }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["reminders"]
