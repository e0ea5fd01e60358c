"""Reminders of unsubmitted scorecards: 24 hours after the session ended, once, never to
someone who turned them off; a sweep for cron, and a periodic task started once."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from interviewkit.accounts.models import Profile
from interviewkit.loops.models import Loop
from interviewkit.notifications.reminders import SWEEP_EVERY, sweep_reminders
from interviewkit.scorecards import services as scorecards
from tests.conftest import DATABASE_QUEUE, make_user, run_worker

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ENDED = START + timedelta(minutes=30)  # the phone screen is 30 minutes


@pytest.fixture
def screen(loop, interviewer):
    session = loop.sessions.get(name="Phone screen")
    session.starts_at = START
    session.save()
    session.interviewers.add(interviewer)
    return session


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return sweep_reminders(now=now)

    return run


def test_a_reminder_comes_24_hours_after_the_session_and_only_once(screen, mailoutbox, sweep):
    assert sweep(ENDED + timedelta(hours=23, minutes=59)) == 0
    assert sweep(ENDED + timedelta(hours=24)) == 1
    assert sweep(ENDED + timedelta(hours=30)) == 0
    (mail,) = mailoutbox
    assert mail.to == ["ivan@example.com"]
    assert mail.subject == "Your scorecard for Phone screen is not submitted yet"
    assert f"http://127.0.0.1:8000/scorecards/sessions/{screen.pk}/" in mail.body
    assert "http://127.0.0.1:8000/account/settings/" in mail.body  # how to stop them


def test_reminders_go_only_to_those_still_owing_a_scorecard(screen, interviewer, mailoutbox, sweep):
    bea = make_user("bea", "Interviewers")
    screen.interviewers.add(bea)
    card = scorecards.scorecard_for(screen, interviewer)
    scores = {item.pk: (3, "") for item in screen.items.all()}
    scorecards.save_draft(card, scores=scores, recommendation=3, takeaways="")
    scorecards.submit(card, by=interviewer)
    sweep(ENDED + timedelta(days=2))
    assert [mail.to for mail in mailoutbox] == [["bea@example.com"]]


def test_reminders_respect_the_opt_out(screen, interviewer, mailoutbox, sweep):
    Profile.objects.create(user=interviewer, reminders=False)
    assert sweep(ENDED + timedelta(days=2)) == 0
    assert mailoutbox == []


def test_no_reminder_once_the_loop_is_decided_or_closed(screen, mailoutbox, sweep):
    Loop.objects.filter(pk=screen.loop_id).update(status=Loop.Status.CLOSED)
    assert sweep(ENDED + timedelta(days=2)) == 0


def days_ago(session, days):
    """Move the session into the past of the real clock, for what reads the time itself."""
    session.starts_at = timezone.now() - timedelta(days=days)
    session.save()


def test_the_cron_command_does_one_sweep(screen, mailoutbox, capsys):
    days_ago(screen, 2)
    call_command("sweep_reminders")
    assert "Queued 1 reminder." in capsys.readouterr().out


def waiting_sweeps():
    return DBTaskResult.objects.filter(
        task_path="interviewkit.notifications.reminders.sweep_reminders_periodically",
        status=TaskResultStatus.READY,
    )


@pytest.mark.django_db(transaction=True)
def test_the_periodic_sweep_starts_once_and_queues_its_next_run(
    screen, settings, mailoutbox, capsys
):
    settings.TASKS = DATABASE_QUEUE
    days_ago(screen, 2)
    call_command("start_periodic_tasks")
    call_command("start_periodic_tasks")
    output = capsys.readouterr().out
    assert "Started" in output and "Already queued:" in output
    assert waiting_sweeps().count() == 1

    run_worker()  # the sweep runs, queues the reminder and its own next run; the reminder goes
    (mail,) = mailoutbox
    assert mail.to == ["ivan@example.com"]
    (following,) = waiting_sweeps()
    wait = following.run_after - following.enqueued_at
    assert wait == pytest.approx(SWEEP_EVERY, abs=timedelta(seconds=5))
    call_command("start_periodic_tasks")
    assert waiting_sweeps().count() == 1
