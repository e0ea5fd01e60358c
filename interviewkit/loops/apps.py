from django.apps import AppConfig


class LoopsConfig(AppConfig):
    name = "interviewkit.loops"
    verbose_name = "Interview loops"
