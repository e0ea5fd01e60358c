"""Webhooks a hiring manager registers, and the log of every attempt to deliver an event."""

from django.conf import settings
from django.db import models

EVENTS = {
    "loop.ready": "Loop ready: its kits are final",
    "scorecard.submitted": "Scorecard submitted",
    "loop.scorecards_in": "All scorecards in",
    "loop.decided": "Decision recorded",
}
TEST_EVENT = "ping"


class Webhook(models.Model):
    """A URL that hears of the events it chose on its owner's loops, signed with its secret."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField("URL", max_length=500)
    events = models.JSONField(default=list)
    # Kept as it is, since every delivery is signed with it; shown to the owner only once.
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.url

    def event_names(self):
        return [EVENTS.get(event, event) for event in self.events]


class Delivery(models.Model):
    """One attempt at delivering one event; a retry is another row with the same event_id."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    event_id = models.CharField(max_length=36, db_index=True)
    attempt = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    retry_at = models.DateTimeField(null=True, blank=True)  # when the next attempt is due

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.event} #{self.attempt} → {self.status_code or self.error}"

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300
