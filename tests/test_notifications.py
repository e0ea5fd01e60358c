"""Mail about interviews: each notification sent once, to the right person, with a calendar
file that icalendar reads back; sent from the queue, never inside a request; retried when the
mail server fails."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from interviewkit.loops import calendar
from interviewkit.notifications.models import Notification
from interviewkit.scorecards import services as scorecards
from tests.conftest import make_user

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def screen(loop):
    """The loop's phone screen, at 10:00 in Berlin in room 4B."""
    session = loop.sessions.get(name="Phone screen")
    session.starts_at, session.time_zone, session.location = START, "Europe/Berlin", "Room 4B"
    session.save()
    return session


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Commit as a request would: run what was queued on commit (tasks run at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def assign(client, session, *people):
    """Exactly these people on the session, as panel interviewers, through the loop page."""
    return client.post(
        f"/loops/sessions/{session.pk}/interviewers/", {f"role_{p.pk}": "panel" for p in people}
    )


def invite_in(mail):
    """The mail's calendar file, parsed back: (calendar, its one event)."""
    (attachment,) = mail.attachments
    cal = Calendar.from_ical(attachment.content)
    assert attachment.mimetype == f"text/calendar; method={cal['METHOD']}"  # what mail apps read
    (event,) = cal.events
    return cal, event


def test_an_assignment_sends_the_invitation_once(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    with run_tasks():
        assign(manager_client, screen, interviewer)
    with run_tasks():
        assign(manager_client, screen, interviewer)  # saved again, nothing changed
    (mail,) = mailoutbox
    assert mail.to == ["ivan@example.com"]
    assert mail.subject == "You interview Ada Lovelace: Phone screen"
    kit = f"http://127.0.0.1:8000/packets/loops/{screen.loop_id}/sessions/{screen.pk}/kit.pdf"
    assert kit in mail.body and "Tue 10 Mar 2026, 10:00 CET (Europe/Berlin)" in mail.body
    cal, event = invite_in(mail)
    assert cal["METHOD"] == "REQUEST" and event["UID"] == calendar.uid(screen)
    assert event.start == START and str(event.start.tzinfo) == "Europe/Berlin"
    assert [str(a) for a in event.attendees] == ["mailto:ivan@example.com"]
    assert str(event["ORGANIZER"]) == "mailto:maria@example.com"
    assert Notification.objects.get().sent_at is not None


def test_an_assignment_without_a_time_says_the_invitation_follows(
    manager_client, loop, interviewer, mailoutbox, run_tasks
):
    with run_tasks():
        assign(manager_client, loop.sessions.first(), interviewer)
    (mail,) = mailoutbox
    assert mail.attachments == [] and "No time is set yet" in mail.body


def test_unassigning_sends_the_cancellation(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    bea = make_user("bea", "Interviewers")
    with run_tasks():
        assign(manager_client, screen, interviewer, bea)
    with run_tasks():
        assign(manager_client, screen, bea)
    invitation, cancellation = [m for m in mailoutbox if m.to == ["ivan@example.com"]]
    assert cancellation.subject.startswith("Cancelled: your interview of Ada Lovelace")
    _, invited = invite_in(invitation)
    cal, cancelled = invite_in(cancellation)
    assert cal["METHOD"] == "CANCEL" and cancelled["STATUS"] == "CANCELLED"
    assert cancelled["UID"] == invited["UID"] and cancelled.sequence > invited.sequence
    assert [str(a) for a in cancelled.attendees] == ["mailto:ivan@example.com"]
    assert len(mailoutbox) == 3  # Bea was invited once and told nothing more


def test_a_person_assigned_again_is_invited_again(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    for people in ([interviewer], [], [interviewer]):
        with run_tasks():
            assign(manager_client, screen, *people)
    methods = [invite_in(mail)[0]["METHOD"] for mail in mailoutbox]
    assert methods == ["REQUEST", "CANCEL", "REQUEST"]
    sequences = [invite_in(mail)[1].sequence for mail in mailoutbox]
    assert sequences == sorted(sequences) and len(set(sequences)) == 2


def test_a_moved_session_sends_the_updated_invitation(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    with run_tasks():
        assign(manager_client, screen, interviewer)
    data = {
        "name": "Phone screen", "minutes": 30, "focus": [c.pk for c in screen.focus.all()],
        "starts_at": "2026-03-11T15:00", "time_zone": "Europe/Berlin", "location": "Room 4B",
        "video_link": "", "save": "",
    }  # fmt: skip
    with run_tasks():
        manager_client.post(f"/loops/sessions/{screen.pk}/edit/", data)
    with run_tasks():
        manager_client.post(f"/loops/sessions/{screen.pk}/edit/", {**data, "name": "Screen"})
    invitation, update = mailoutbox  # the rename told nobody
    assert update.subject.startswith("Changed: your interview of Ada Lovelace")
    cal, event = invite_in(update)
    assert cal["METHOD"] == "REQUEST" and event["UID"] == invite_in(invitation)[1]["UID"]
    assert event.start == datetime(2026, 3, 11, 14, 0, tzinfo=UTC) and event.sequence == 1


def test_removing_a_session_cancels_it_for_its_interviewers(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    with run_tasks():
        assign(manager_client, screen, interviewer)
    with run_tasks():
        manager_client.post(f"/loops/sessions/{screen.pk}/delete/")
    cal, event = invite_in(mailoutbox[1])
    assert cal["METHOD"] == "CANCEL" and event.sequence == 1
    assert "was removed from the loop" in mailoutbox[1].body
    assert Notification.objects.filter(session=None).count() == 2  # records outlive it


def test_nobody_without_an_address_is_written_to(manager_client, screen, mailoutbox, run_tasks):
    nameless = make_user("nora", "Interviewers")
    nameless.email = ""
    nameless.save()
    with run_tasks():
        assign(manager_client, screen, nameless)
    assert mailoutbox == [] and not Notification.objects.exists()


def fill(session, person):
    card = scorecards.scorecard_for(session, person)
    scores = {item.pk: (3, "") for item in session.items.all()}
    scorecards.save_draft(card, scores=scores, recommendation=3, takeaways="Clear.")
    return card


def test_the_manager_hears_once_that_every_scorecard_is_in(
    loop, interviewer, mailoutbox, run_tasks
):
    bea = make_user("bea", "Interviewers")
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(interviewer)
    breadth.interviewers.add(bea)
    ivans, beas = fill(screen, interviewer), fill(breadth, bea)
    with run_tasks():
        scorecards.submit(ivans, by=interviewer)
    assert mailoutbox == []  # Bea's is still to come
    with run_tasks():
        scorecards.submit(beas, by=bea)
    (mail,) = mailoutbox
    assert mail.to == ["maria@example.com"] and mail.subject.startswith("Every scorecard is in")
    assert f"http://127.0.0.1:8000/scorecards/loops/{loop.pk}/debrief/" in mail.body
    with run_tasks():
        scorecards.reopen(beas, by=loop.owner)
        scorecards.submit(beas, by=bea)
    assert len(mailoutbox) == 1


def test_withdrawing_the_time_cancels_the_calendar_entry(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    with run_tasks():
        assign(manager_client, screen, interviewer)
    data = {
        "name": "Phone screen", "minutes": 30, "focus": [c.pk for c in screen.focus.all()],
        "starts_at": "", "time_zone": "Europe/Berlin", "location": "Room 4B", "save": "",
    }  # fmt: skip
    with run_tasks():
        manager_client.post(f"/loops/sessions/{screen.pk}/edit/", data)
    withdrawn = mailoutbox[1]
    assert withdrawn.subject.startswith("Time withdrawn: your interview of Ada Lovelace")
    cal, event = invite_in(withdrawn)
    assert cal["METHOD"] == "CANCEL" and event["UID"] == calendar.uid(screen)
    assert event.sequence == 1 and "DTSTART" not in event


def test_deleting_a_loop_cancels_its_sessions(
    manager_client, screen, interviewer, mailoutbox, run_tasks
):
    with run_tasks():
        assign(manager_client, screen, interviewer)
    with run_tasks():
        manager_client.post(f"/loops/{screen.loop_id}/delete/")
    cal, event = invite_in(mailoutbox[1])
    assert cal["METHOD"] == "CANCEL" and event["UID"] == calendar.uid(screen)
