from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "interviewkit.bank"
    verbose_name = "Question bank"
