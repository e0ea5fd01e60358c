"""Notifications: one email to one person, recorded before it is sent so it goes out once."""

from django.conf import settings
from django.db import models

from interviewkit.loops.models import Loop, Session


class Notification(models.Model):
    """The mail as it was written when the news happened; `key` names the news (what, about
    which session or loop, for whom, at which calendar sequence), so the same news is never
    recorded, and so never sent, twice."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Assigned to a session"
        UNASSIGNED = "unassigned", "Taken off a session"
        MOVED = "moved", "Session moved"
        REMINDER = "reminder", "Scorecard reminder"
        ALL_IN = "all-in", "Every scorecard in"

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    calendar = models.TextField(blank=True, help_text="The .ics attached, if any.")
    calendar_method = models.CharField(max_length=10, blank=True)  # REQUEST or CANCEL
    # Kept (as null) when the session or loop is deleted: a cancellation outlives both.
    loop = models.ForeignKey(
        Loop, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sending_since = models.DateTimeField(null=True, blank=True)  # a worker's claim on it
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}: {self.subject}"
