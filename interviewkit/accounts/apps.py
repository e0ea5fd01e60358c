import logging

from django.apps import AppConfig

logger = logging.getLogger("interviewkit.security")


def log_failed_login(sender, credentials, request=None, **kwargs):
    """Every failed login is logged with the username tried and the client address."""
    address = request.META.get("REMOTE_ADDR", "?") if request is not None else "?"
    logger.warning("failed login for %r from %s", credentials.get("username", "")[:150], address)


class AccountsConfig(AppConfig):
    name = "interviewkit.accounts"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        user_login_failed.connect(log_failed_login, dispatch_uid="log_failed_login")
