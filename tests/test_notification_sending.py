"""Sending notifications: a request only queues them, a worker sends each once, and a mail
server that fails is tried again later."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from interviewkit.notifications.models import Notification
from interviewkit.notifications.sending import (
    BACKOFF_MINUTES,
    CLAIM_EXPIRES,
    MAX_ATTEMPTS,
    send_notification,
)
from tests.conftest import DATABASE_QUEUE, run_worker

SEND = "interviewkit.notifications.sending.send_notification"


class FlakyBackend(EmailBackend):
    """A mail server that drops the connection for the first `failures` sends."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.test_notification_sending.FlakyBackend"
    yield FlakyBackend
    FlakyBackend.failures = 0


def assign(client, session, person):
    client.post(f"/loops/sessions/{session.pk}/interviewers/", {f"role_{person.pk}": "panel"})


@pytest.mark.django_db(transaction=True)
def test_a_request_only_queues_the_mail_and_a_worker_sends_it(
    manager_client, loop, interviewer, settings, mailoutbox
):
    settings.TASKS = DATABASE_QUEUE
    assign(manager_client, loop.sessions.first(), interviewer)
    assert mailoutbox == []
    queued = DBTaskResult.objects.get(task_path=SEND)
    assert queued.status == TaskResultStatus.READY
    assert Notification.objects.get().sent_at is None

    run_worker()
    (mail,) = mailoutbox
    assert mail.to == ["ivan@example.com"] and Notification.objects.get().sent_at


def test_a_failing_mail_server_is_tried_again(
    manager_client, loop, interviewer, flaky, mailoutbox, django_capture_on_commit_callbacks
):
    flaky.failures = 2
    with django_capture_on_commit_callbacks(execute=True):  # retries run at once here
        assign(manager_client, loop.sessions.first(), interviewer)
    (mail,) = mailoutbox
    notification = Notification.objects.get()
    assert notification.attempts == 3 and notification.sent_at is not None
    assert "SMTPServerDisconnected" in notification.last_error


@pytest.mark.django_db(transaction=True)
def test_the_next_attempt_waits_its_back_off_on_the_database_queue(
    manager_client, loop, interviewer, settings, flaky, mailoutbox
):
    settings.TASKS = DATABASE_QUEUE
    flaky.failures = 1
    assign(manager_client, loop.sessions.first(), interviewer)
    run_worker()  # the first attempt fails; the second is not due yet
    assert mailoutbox == []
    retry = DBTaskResult.objects.get(task_path=SEND, status=TaskResultStatus.READY)
    wait = retry.run_after - timezone.now()
    assert timedelta(minutes=BACKOFF_MINUTES[0]) - timedelta(seconds=10) < wait
    assert Notification.objects.get().attempts == 1

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert len(mailoutbox) == 1 and Notification.objects.get().sent_at


def test_a_mail_server_that_never_answers_is_given_up_on(
    manager_client, loop, interviewer, flaky, mailoutbox, django_capture_on_commit_callbacks
):
    flaky.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        assign(manager_client, loop.sessions.first(), interviewer)
    notification = Notification.objects.get()
    assert notification.attempts == MAX_ATTEMPTS and notification.sent_at is None
    assert mailoutbox == []
    send_notification.call(notification.pk)  # a stray task changes nothing
    assert Notification.objects.get().attempts == MAX_ATTEMPTS


def test_a_notification_whose_task_runs_twice_is_sent_once(
    manager_client, loop, interviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign(manager_client, loop.sessions.first(), interviewer)
    notification = Notification.objects.get()
    assert send_notification.call(notification.pk) == "not claimed"
    assert len(mailoutbox) == 1


def test_a_claim_is_respected_until_its_worker_must_have_died(interviewer, loop, mailoutbox):
    notification = Notification.objects.create(
        key="test", kind=Notification.Kind.ALL_IN, recipient=interviewer, to=interviewer.email,
        subject="Hello", body="Hi", loop=loop, sending_since=timezone.now(),
    )  # fmt: skip
    assert send_notification.call(notification.pk) == "not claimed"  # another worker sends it
    Notification.objects.filter(pk=notification.pk).update(
        sending_since=timezone.now() - CLAIM_EXPIRES - timedelta(seconds=1)
    )
    assert send_notification.call(notification.pk) == "sent"
    assert len(mailoutbox) == 1
