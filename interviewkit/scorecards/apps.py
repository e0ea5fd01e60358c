from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "interviewkit.scorecards"
    verbose_name = "Scorecards"

    def ready(self):
        from interviewkit.scorecards import receivers

        receivers.connect()
