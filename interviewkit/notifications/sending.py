"""Sending a recorded notification from the queue: once, and again later when the mail
server fails.

A worker claims the notification with one conditional UPDATE before it sends, so two workers
(or a task queued twice) never both send it, and no transaction stays open while the mail
server answers. A claim older than CLAIM_EXPIRES is a worker that died mid-send, and may be
taken over; that is the one case in which a mail could go out twice.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from interviewkit import queue
from interviewkit.notifications.models import Notification

logger = logging.getLogger(__name__)
# Minutes to wait after each failed attempt; after the last, the notification is given up
# (it stays in the admin with its error).
BACKOFF_MINUTES = (1, 5, 30, 120, 360)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
CLAIM_EXPIRES = timedelta(minutes=10)


def claim(notification_id):
    """The notification, now this worker's to send; None if it was sent, given up, or is
    being sent by another worker."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(
            pk=notification_id, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS
        )
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - CLAIM_EXPIRES))
        .update(sending_since=now, attempts=F("attempts") + 1)
    )
    return Notification.objects.get(pk=notification_id) if claimed else None


def message(notification):
    mail = EmailMessage(notification.subject, notification.body, to=[notification.to])
    if notification.calendar:
        # The method in the content type is what makes mail programs offer the invitation.
        mimetype = f"text/calendar; method={notification.calendar_method}"
        mail.attach("invite.ics", notification.calendar, mimetype)
    return mail


@task()
def send_notification(notification_id):
    notification = claim(notification_id)
    if notification is None:
        return "not claimed"
    try:
        message(notification).send()
    except Exception as error:  # a mail server fails in many ways; every one is retried
        retry_later(notification, error)
        return "failed"
    Notification.objects.filter(pk=notification.pk).update(
        sent_at=timezone.now(), sending_since=None
    )
    return "sent"


def retry_later(notification, error):
    """Release the claim, keep the error, and queue the next attempt after its back-off."""
    Notification.objects.filter(pk=notification.pk).update(
        sending_since=None, last_error=f"{type(error).__name__}: {error}"[:2000]
    )
    if notification.attempts >= MAX_ATTEMPTS:
        logger.error("gave up sending notification %s: %s", notification.pk, error)
        return
    wait = timedelta(minutes=BACKOFF_MINUTES[notification.attempts - 1])
    logger.warning(
        "sending notification %s failed (attempt %s), retrying in %s: %s",
        notification.pk, notification.attempts, wait, error,
    )  # fmt: skip
    queue.enqueue(send_notification, notification.pk, run_after=timezone.now() + wait)
