from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "interviewkit.api"
    verbose_name = "API"
