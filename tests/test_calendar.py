"""Calendar files: a session's entry for its interviewers and manager, the loop's schedule for
the manager, invitations and cancellations; every one parsed back with icalendar."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from interviewkit.loops import calendar
from tests.conftest import make_user

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def timed_loop(loop, interviewer):
    screen, breadth = loop.sessions.all()
    screen.starts_at, screen.time_zone, screen.location = START, "Europe/Berlin", "Room 4B"
    screen.video_link = "https://meet.example.com/ada"
    screen.save()
    breadth.starts_at = START + timedelta(hours=2)
    breadth.save()
    screen.interviewers.add(interviewer)
    return loop


def parse(content):
    cal = Calendar.from_ical(content)
    return cal, cal.events


def test_a_session_entry_downloads_for_its_interviewer(interviewer_client, timed_loop):
    screen = timed_loop.sessions.get(name="Phone screen")
    response = interviewer_client.get(f"/loops/sessions/{screen.pk}/invite.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    cal, (event,) = parse(response.content)
    assert cal["METHOD"] == "PUBLISH"
    assert event.start == START and event.end == START + timedelta(minutes=30)
    assert str(event.start.tzinfo) == "Europe/Berlin"  # with its VTIMEZONE
    assert event["UID"] == calendar.uid(screen) and event.sequence == 0
    assert event["LOCATION"] == "Room 4B · https://meet.example.com/ada"
    assert "Ada Lovelace" in event["SUMMARY"] and "Ivan" in event["DESCRIPTION"]
    assert "ATTENDEE" not in event  # a published copy asks nobody to answer


def test_the_entry_is_for_the_sessions_people_only(client, interviewer_client, timed_loop):
    breadth = timed_loop.sessions.get(name="ML breadth")
    assert interviewer_client.get(f"/loops/sessions/{breadth.pk}/invite.ics").status_code == 404
    other = make_user("olga", "Hiring managers")
    client.force_login(other)
    screen = timed_loop.sessions.get(name="Phone screen")
    assert client.get(f"/loops/sessions/{screen.pk}/invite.ics").status_code == 404


def test_a_session_without_a_time_has_no_entry(manager_client, loop):
    session = loop.sessions.first()
    assert manager_client.get(f"/loops/sessions/{session.pk}/invite.ics").status_code == 404
    page = manager_client.get(loop.get_absolute_url()).content.decode()
    assert "Calendar entry (.ics)" not in page and "Schedule for your calendar" not in page


def test_the_manager_downloads_the_loops_schedule(manager_client, timed_loop):
    page = manager_client.get(timed_loop.get_absolute_url()).content.decode()
    assert "Schedule for your calendar (.ics)" in page and "Calendar entry (.ics)" in page
    response = manager_client.get(f"/loops/{timed_loop.pk}/schedule.ics")
    cal, events = parse(response.content)
    assert cal["METHOD"] == "PUBLISH"
    assert [e.start for e in events] == [START, START + timedelta(hours=2)]
    assert {e["UID"] for e in events} == {calendar.uid(s) for s in timed_loop.sessions.all()}


def test_the_schedule_is_the_managers(interviewer_client, timed_loop):
    response = interviewer_client.get(f"/loops/{timed_loop.pk}/schedule.ics")
    assert response.status_code == 403


def test_an_invitation_and_a_cancellation_name_the_same_event(timed_loop, interviewer):
    screen = timed_loop.sessions.get(name="Phone screen")
    cal, (invite,) = parse(calendar.invitation(screen))
    assert cal["METHOD"] == "REQUEST" and invite["STATUS"] == "CONFIRMED"
    assert str(invite["ORGANIZER"]) == "mailto:maria@example.com"
    assert [str(a) for a in invite.attendees] == [f"mailto:{interviewer.email}"]
    screen.calendar_sequence = 1
    cal, (cancel,) = parse(calendar.cancellation(screen, interviewer))
    assert cal["METHOD"] == "CANCEL" and cancel["STATUS"] == "CANCELLED"
    assert cancel["UID"] == invite["UID"] and cancel.sequence == 1
