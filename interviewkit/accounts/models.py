"""Who a signed-on user is at the identity provider, and what each person chose."""

from django.conf import settings
from django.db import models


class SignOn(models.Model):
    """A user's issuer and subject at the identity provider: unlike an email, they never change
    hands, so a second sign-in finds the same user by them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on"
    )
    issuer = models.CharField(max_length=200)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_subject")
        ]

    def __str__(self):
        return f"{self.user} at {self.issuer}"


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
