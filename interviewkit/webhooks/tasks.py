"""Delivering webhook events from the task queue, retried with back-off."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from interviewkit.queue import enqueue
from interviewkit.webhooks import services
from interviewkit.webhooks.models import Webhook

# The wait after each failed attempt; after the last attempt fails, the event is given up.
BACKOFF = [timedelta(seconds=s) for s in (60, 5 * 60, 30 * 60, 2 * 3600, 8 * 3600)]
MAX_ATTEMPTS = len(BACKOFF) + 1


@task()
def deliver(webhook_id, event, body, attempt=1):
    """One attempt; anything but a 2xx answer is tried again later, the same body each time."""
    webhook = Webhook.objects.filter(pk=webhook_id).first()
    if webhook is None:  # deleted since the event
        return None
    delivery = services.attempt(webhook, event=event, body=body, number=attempt)
    if not delivery.ok and attempt < MAX_ATTEMPTS:
        delivery.retry_at = timezone.now() + BACKOFF[attempt - 1]
        delivery.save(update_fields=["retry_at"])
        enqueue(deliver, webhook_id, event, body, attempt=attempt + 1, run_after=delivery.retry_at)
    return delivery.status_code
