"""Registering webhooks and delivering events to them, signed and bounded.

Each delivery is POSTed with `X-InterviewKit-Timestamp` (Unix seconds) and
`X-InterviewKit-Signature: sha256=<hex>`, the HMAC-SHA256 with the webhook's secret of
"<timestamp>.<body>"; docs/api.md has the recipe to check it. A receiver has CONNECT_SECONDS
to accept and READ_SECONDS to answer; at most MAX_RESPONSE_BYTES of its answer are read.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import uuid
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from interviewkit.loops.selectors import can_edit
from interviewkit.queue import enqueue
from interviewkit.webhooks.models import TEST_EVENT, Delivery, Webhook

MAX_WEBHOOKS = 10
CONNECT_SECONDS, READ_SECONDS = 5, 10
MAX_RESPONSE_BYTES = 1024
KEPT_DELIVERIES = 200  # per webhook; older log lines are deleted


class TooMany(Exception):
    """The user has MAX_WEBHOOKS webhooks already."""


class Unsafe(Exception):
    """The URL's host is a private or local address, and WEBHOOKS_ALLOW_LOCAL is off."""


def register(owner, *, url, events):
    """(the Webhook, its secret): the secret is shown to the owner once."""
    if owner.webhooks.count() >= MAX_WEBHOOKS:
        raise TooMany(f"You have {MAX_WEBHOOKS} webhooks, the most one person may: delete one.")
    secret = "whsec_" + secrets.token_urlsafe(32)
    return Webhook.objects.create(owner=owner, url=url, events=list(events), secret=secret), secret


def signature(secret, timestamp, body):
    message = f"{timestamp}.{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhooks_for(loop, event):
    """The webhooks that hear this event of this loop: those of people who may edit it."""
    found = Webhook.objects.filter(Q(owner=loop.owner_id) | Q(owner__is_superuser=True))
    return [
        hook
        for hook in found.select_related("owner")
        if event in hook.events and can_edit(hook.owner, loop)
    ]


def envelope(event, data):
    at = timezone.now().isoformat()
    return json.dumps({"id": str(uuid.uuid4()), "event": event, "created_at": at, "data": data})


def send_event(event, loop, data):
    """Queue the event for every webhook that hears it, once the transaction commits."""
    from interviewkit.webhooks.tasks import deliver

    for hook in webhooks_for(loop, event):
        enqueue(deliver, hook.pk, event, envelope(event, data))


def send_test(webhook):
    from interviewkit.webhooks.tasks import deliver

    data = {"message": "A test event from Interview Kit: your webhook is reachable."}
    enqueue(deliver, webhook.pk, TEST_EVENT, envelope(TEST_EVENT, data))


def refuse_private(url):
    """Keep deliveries off the company's own network: every address the host has must be
    public (the check is at send time, so DNS that changes after registration is caught)."""
    if settings.WEBHOOKS_ALLOW_LOCAL:
        return
    parts = urlsplit(url)
    for *_, address in socket.getaddrinfo(parts.hostname, parts.port or 443):
        if not ipaddress.ip_address(address[0]).is_global:
            raise Unsafe(f"{parts.hostname} is at {address[0]}, a private or local address")


def attempt(webhook, *, event, body, number):
    """POST the event once and log the answer (or why there was none) as a Delivery."""
    timestamp = str(int(time.time()))
    event_id = json.loads(body)["id"]
    headers = {
        "Content-Type": "application/json",
        "Accept-Encoding": "identity",  # so the bounded read below is of the answer itself
        "User-Agent": "InterviewKit-Webhooks/1",
        "X-InterviewKit-Event": event,
        "X-InterviewKit-Delivery": event_id,
        "X-InterviewKit-Timestamp": timestamp,
        "X-InterviewKit-Signature": "sha256=" + signature(webhook.secret, timestamp, body),
    }
    delivery = Delivery(webhook=webhook, event=event, event_id=event_id, attempt=number)
    started = time.monotonic()
    try:
        refuse_private(webhook.url)
        with requests.post(
            webhook.url,
            data=body.encode(),
            headers=headers,
            timeout=(CONNECT_SECONDS, READ_SECONDS),
            allow_redirects=False,  # a redirect could point anywhere, the checks above aside
            stream=True,
        ) as response:
            delivery.status_code = response.status_code
            excerpt = response.raw.read(MAX_RESPONSE_BYTES)
            delivery.response_excerpt = excerpt.decode("utf-8", "replace")
    except (requests.RequestException, OSError, Unsafe) as error:
        delivery.error = f"{type(error).__name__}: {error}"[:300]
    delivery.duration_ms = int((time.monotonic() - started) * 1000)
    delivery.save()
    forget_old(webhook)
    return delivery


def forget_old(webhook):
    kept = webhook.deliveries.order_by("-pk").values_list("pk", flat=True)[KEPT_DELIVERIES:]
    oldest_kept = list(kept[:1])
    if oldest_kept:
        webhook.deliveries.filter(pk__lte=oldest_kept[0]).delete()
