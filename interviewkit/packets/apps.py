from django.apps import AppConfig


class PacketsConfig(AppConfig):
    name = "interviewkit.packets"
    verbose_name = "PDF packets"
