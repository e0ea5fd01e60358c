from urllib.parse import urlsplit

from django import forms
from django.conf import settings

from interviewkit.webhooks.models import EVENTS

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="Where to POST the events: an https:// address of your system.",
    )
    events = forms.MultipleChoiceField(
        choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        if parts.scheme == "https":
            return url
        if parts.hostname in LOCAL_HOSTS and settings.WEBHOOKS_ALLOW_LOCAL:
            return url
        raise forms.ValidationError(
            "Use an https:// URL. Plain http:// is only for 127.0.0.1 or localhost, and only "
            "while WEBHOOKS_ALLOW_LOCAL is on (it is with DEBUG)."
        )
