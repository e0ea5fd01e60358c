"""Per-user API tokens, kept only as a SHA-256 digest."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A token acts as its user, with their permissions; `key_id` is the readable part that
    finds it ("ik_<key_id>_<secret>"), the digest is what proves it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “Greenhouse sync”.")
    key_id = models.CharField(max_length=8, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["revoked_at", "-created_at"]

    def __str__(self):
        return f"{self.name} (ik_{self.key_id}_…)"

    @property
    def is_active(self):
        return self.revoked_at is None
