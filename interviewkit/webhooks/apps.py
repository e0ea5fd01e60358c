from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "interviewkit.webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from interviewkit.webhooks import receivers  # noqa: F401 - connects the receivers
