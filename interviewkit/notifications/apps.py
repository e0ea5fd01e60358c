from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "interviewkit.notifications"
    verbose_name = "Notifications"

    def ready(self):
        from interviewkit.notifications import receivers  # noqa: F401 - connects the hooks
