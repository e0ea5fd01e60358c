"""Webhooks: registered by a manager, told of loop ready, scorecards submitted and all in, and
the decision; signed so the recipe in docs/api.md verifies them; retried with back-off on a
500 from a receiver on 127.0.0.1; every attempt in the delivery log."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from interviewkit.loops import lifecycle
from interviewkit.loops.models import Loop
from interviewkit.webhooks import services, tasks
from interviewkit.webhooks.models import Delivery, Webhook
from tests.conftest import make_loop, make_user
from tests.test_scorecards import fill
from tests.webhook_receiver import Receiver

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def documented_verify():
    """The `verify` function of docs/api.md, run as a receiver would copy it."""
    code = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own documentation
    return namespace["verify"]


@pytest.fixture
def local(settings):
    settings.WEBHOOKS_ALLOW_LOCAL = True
    return settings


def hook(owner, url, events=("loop.ready",)):
    return services.register(owner, url=url, events=events)


def test_a_manager_registers_a_webhook_and_sees_its_secret_once(manager_client, local):
    response = manager_client.post(
        "/settings/webhooks/",
        {"url": "https://ats.example.com/hooks", "events": ["loop.ready", "loop.decided"]},
        follow=True,
    )
    secret = response.context["new_secret"]
    webhook = Webhook.objects.get()
    assert secret.startswith("whsec_") and webhook.secret == secret
    assert webhook.events == ["loop.ready", "loop.decided"]
    assert secret in response.content.decode()
    assert secret not in manager_client.get("/settings/webhooks/").content.decode()


@pytest.mark.parametrize(
    ("url", "allow_local", "accepted"),
    [
        ("https://ats.example.com/hooks", False, True),
        ("http://ats.example.com/hooks", True, False),
        ("http://127.0.0.1:9000/hooks", False, False),
        ("http://127.0.0.1:9000/hooks", True, True),
        ("http://localhost/hooks", True, True),
    ],
)
def test_only_https_unless_local_is_allowed(manager_client, settings, url, allow_local, accepted):
    settings.WEBHOOKS_ALLOW_LOCAL = allow_local
    response = manager_client.post("/settings/webhooks/", {"url": url, "events": ["loop.ready"]})
    assert Webhook.objects.exists() is accepted
    if not accepted:
        assert "Use an https:// URL" in response.content.decode()


def test_interviewers_have_no_webhooks(interviewer_client):
    assert interviewer_client.get("/settings/webhooks/").status_code == 403
    assert "/settings/webhooks/" not in interviewer_client.get("/settings/tokens/").content.decode()


def test_loop_ready_arrives_signed_and_the_documented_recipe_verifies_it(
    loop, manager, local, django_capture_on_commit_callbacks
):
    verify = documented_verify()
    with Receiver(200) as receiver:
        webhook, secret = hook(manager, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.set_status(loop, Loop.Status.READY, by=manager)
    [(headers, body)] = receiver.requests
    assert verify(secret, headers, body)
    assert not verify(secret, headers, body + b" ")  # a changed body fails
    assert not verify("whsec_someone-else", headers, body)
    old = {
        **headers,
        "X-InterviewKit-Timestamp": str(int(headers["X-InterviewKit-Timestamp"]) - 600),
    }
    assert not verify(secret, old, body)
    event = json.loads(body)
    assert event["event"] == "loop.ready" and headers["X-InterviewKit-Event"] == "loop.ready"
    assert event["data"]["loop"]["id"] == loop.pk
    assert event["data"]["loop"]["url"].endswith(f"/api/v1/loops/{loop.pk}")
    assert headers["X-InterviewKit-Delivery"] == event["id"]
    assert Delivery.objects.get().status_code == 200


def test_scorecards_submitted_all_in_and_the_decision(
    loop, manager, interviewer, local, django_capture_on_commit_callbacks
):
    bea = make_user("bea", "Interviewers")
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(interviewer)
    breadth.interviewers.add(bea)
    events = ["scorecard.submitted", "loop.scorecards_in", "loop.decided", "loop.ready"]
    with Receiver(200) as receiver:
        hook(manager, receiver.url, events)
        with django_capture_on_commit_callbacks(execute=True):
            card = fill(screen, interviewer, 3, 3)
            fill(breadth, bea, 4, 4)
            lifecycle.record_decision(
                Loop.objects.get(pk=loop.pk), decision="hire", rationale="Strong.", by=manager
            )
    got = [json.loads(body) for _, body in receiver.requests]
    assert [event["event"] for event in got] == [
        "scorecard.submitted",
        "scorecard.submitted",
        "loop.scorecards_in",
        "loop.decided",
    ]
    assert got[0]["data"]["scorecard"]["id"] == card.pk
    assert got[0]["data"]["scorecard"]["interviewer"] == "ivan"
    assert "score" not in json.dumps(got[0]["data"]["scorecard"]).replace("scorecard", "")
    assert got[3]["data"]["decision"]["decision"] == "hire"


def test_a_webhook_hears_only_loops_its_owner_manages(
    small_bank, manager, local, django_capture_on_commit_callbacks
):
    olga = make_user("olga", "Hiring managers")
    with Receiver(200) as receiver:
        hook(olga, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.set_status(make_loop(manager), Loop.Status.READY, by=manager)
    assert receiver.requests == []


def test_a_500_is_retried_with_back_off_until_it_is_taken(
    loop, manager, manager_client, local, django_capture_on_commit_callbacks
):
    with Receiver(500, 500, 200) as receiver:
        hook(manager, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.set_status(loop, Loop.Status.READY, by=manager)
    assert len(receiver.requests) == 3
    assert len({headers["X-InterviewKit-Delivery"] for headers, _ in receiver.requests}) == 1
    assert len({body for _, body in receiver.requests}) == 1  # the same body each time
    log = list(Delivery.objects.order_by("attempt"))
    assert [(d.attempt, d.status_code) for d in log] == [(1, 500), (2, 500), (3, 200)]
    waits = [d.retry_at - d.at for d in log[:2]]
    for wait, due in zip(waits, tasks.BACKOFF[:2], strict=True):
        assert abs(wait - due) < timedelta(seconds=5)
    assert log[2].retry_at is None

    page = manager_client.get("/settings/webhooks/").content.decode()
    assert page.count('status-code">500') == 2 and 'status-code">200' in page


def test_retries_stop_after_the_last_attempt(
    loop, manager, local, django_capture_on_commit_callbacks
):
    with Receiver(500) as receiver:
        hook(manager, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.set_status(loop, Loop.Status.READY, by=manager)
    assert len(receiver.requests) == tasks.MAX_ATTEMPTS
    last = Delivery.objects.get(attempt=tasks.MAX_ATTEMPTS)
    assert last.status_code == 500 and last.retry_at is None


def test_a_retry_waits_on_the_database_queue(
    manager, local, settings, django_capture_on_commit_callbacks
):
    """The test backend runs tasks at once; the real one keeps the retry until it is due."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with Receiver(500) as receiver:
        webhook, _ = hook(manager, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.deliver.call(webhook.pk, "ping", services.envelope("ping", {}))  # as a worker
    first = Delivery.objects.get()
    queued = DBTaskResult.objects.get()
    assert first.status_code == 500 and queued.run_after == first.retry_at
    assert queued.args_kwargs["kwargs"] == {"attempt": 2}
    assert first.retry_at - first.at == pytest.approx(tasks.BACKOFF[0], abs=timedelta(seconds=5))


def test_the_test_button_sends_a_ping_and_logs_it(
    manager, manager_client, local, django_capture_on_commit_callbacks
):
    with Receiver(204) as receiver:
        webhook, secret = hook(manager, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            response = manager_client.post(f"/settings/webhooks/{webhook.pk}/test/", follow=True)
    assert "A test event is on its way" in response.content.decode()
    [(headers, body)] = receiver.requests
    assert json.loads(body)["event"] == "ping" and documented_verify()(secret, headers, body)
    assert 'status-code">204' in manager_client.get("/settings/webhooks/").content.decode()


def ping(webhook):
    return services.attempt(webhook, event="ping", body=services.envelope("ping", {}), number=1)


def test_a_receivers_answer_is_read_only_so_far(manager, local, monkeypatch):
    with Receiver(200, answer=b"x" * 5_000_000) as receiver:
        webhook, _ = hook(manager, receiver.url)
        delivery = services.attempt(
            webhook, event="ping", body=services.envelope("ping", {}), number=1
        )
    assert delivery.status_code == 200
    assert len(delivery.response_excerpt) == services.MAX_RESPONSE_BYTES


def test_a_slow_receiver_times_out(manager, local, monkeypatch):
    monkeypatch.setattr(services, "READ_SECONDS", 0.3)
    with Receiver(200, delay=2) as receiver:
        webhook, _ = hook(manager, receiver.url)
        delivery = services.attempt(
            webhook, event="ping", body=services.envelope("ping", {}), number=1
        )
    assert delivery.status_code is None and "ReadTimeout" in delivery.error


def test_private_addresses_are_refused_unless_allowed(manager, settings):
    settings.WEBHOOKS_ALLOW_LOCAL = False
    webhook = Webhook.objects.create(owner=manager, url="https://localhost:9/x", secret="s")
    delivery = ping(webhook)
    assert "private or local address" in delivery.error and delivery.status_code is None


def test_a_deleted_webhook_hears_nothing_more(manager, manager_client, local):
    webhook, _ = hook(manager, "http://127.0.0.1:9/x")
    manager_client.post(f"/settings/webhooks/{webhook.pk}/delete/")
    assert tasks.deliver.call(webhook.pk, "ping", services.envelope("ping", {})) is None
    assert not Delivery.objects.exists()
