from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "interviewkit.analytics"
    verbose_name = "Reliability and calibration"

    def ready(self):
        from interviewkit.analytics import receivers

        receivers.connect()
