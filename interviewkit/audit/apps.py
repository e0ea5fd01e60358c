from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "interviewkit.audit"
    verbose_name = "Audit trail"
