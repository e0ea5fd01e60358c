from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What a person chose about the mail Interview Kit sends them; no profile means the
    defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    reminders = models.BooleanField(
        default=True,
        verbose_name="Remind me of unsubmitted scorecards",
        help_text="An email when your scorecard for an interview is still not submitted "
        "24 hours after it ended.",
    )

    def __str__(self):
        return f"Settings of {self.user}"


def profile_of(user):
    """The user's settings, kept with the defaults until they change one."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)
