"""A session's time and place: entered in its own time zone, stored in UTC, shown on the loop
page, on the interviewer's home and in the printed kit."""

from datetime import UTC, datetime

from interviewkit.loops.forms import SessionForm
from interviewkit.loops.models import LoopEvent
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets.documents import packet_html


def schedule(client, session, **fields):
    """Post the session form as the page sends it, with the time and place given."""
    data = {
        "name": session.name,
        "minutes": session.minutes,
        "focus": [c.pk for c in session.focus.all()],
        "starts_at": "",
        "time_zone": "UTC",
        "location": "",
        "video_link": "",
        "save": "",
        **fields,
    }
    return client.post(f"/loops/sessions/{session.pk}/edit/", data)


def test_a_start_is_entered_in_the_sessions_zone_and_stored_in_utc(manager_client, loop):
    session = loop.sessions.first()
    schedule(
        manager_client,
        session,
        starts_at="2026-03-10T10:00",
        time_zone="Europe/Berlin",
        location="Room 4B",
        video_link="https://meet.example.com/ada-screen",
    )
    session.refresh_from_db()
    assert session.starts_at == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert session.time_zone == "Europe/Berlin" and session.location == "Room 4B"
    page = manager_client.get(loop.get_absolute_url()).content.decode()
    assert "Tue 10 Mar 2026, 10:00–10:30 CET" in page and "(Europe/Berlin)" in page
    assert 'href="https://meet.example.com/ada-screen"' in page
    line = LoopEvent.objects.filter(loop=loop, kind=LoopEvent.Kind.SESSIONS).first().description
    assert "start: no time set → Tue 10 Mar 2026, 10:00 CET (Europe/Berlin)" in line
    assert "place: no place set → Room 4B · https://meet.example.com/ada-screen" in line


def test_the_edit_form_shows_the_start_in_the_sessions_zone(manager_client, loop):
    session = loop.sessions.first()
    schedule(manager_client, session, starts_at="2026-07-01T09:30", time_zone="America/New_York")
    form = manager_client.get(f"/loops/sessions/{session.pk}/edit/").content.decode()
    assert 'value="2026-07-01T09:30"' in form
    assert '<option value="America/New_York" selected>' in form


def test_a_time_the_clocks_skip_is_refused_with_a_way_out(manager_client, loop):
    session = loop.sessions.first()
    response = schedule(
        manager_client, session, starts_at="2026-03-29T02:30", time_zone="Europe/Berlin"
    )
    assert "The clocks in Europe/Berlin skip that time" in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at is None


def test_a_video_link_must_be_a_web_address(manager_client, loop):
    session = loop.sessions.first()
    response = schedule(manager_client, session, video_link="javascript:alert(1)")
    assert "Enter a valid URL" in response.content.decode()
    session.refresh_from_db()
    assert session.video_link == ""


def test_the_zone_defaults_to_the_sites(settings):
    settings.TIME_ZONE = "Europe/Lisbon"
    form = SessionForm({"name": "Screen", "minutes": 30, "starts_at": "2026-05-04T10:00"})
    form.is_valid()
    assert form.fields["time_zone"].initial == "Europe/Lisbon"
    assert form.cleaned_data["starts_at"] == datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def test_only_a_new_time_length_or_place_moves_the_calendar_sequence(manager_client, loop):
    session = loop.sessions.first()
    schedule(manager_client, session, name="Renamed")
    session.refresh_from_db()
    assert session.calendar_sequence == 0  # no time yet: no calendar holds it
    schedule(manager_client, session, starts_at="2026-03-10T10:00")
    schedule(manager_client, session, starts_at="2026-03-10T10:00", name="Renamed again")
    session.refresh_from_db()
    assert session.calendar_sequence == 1
    schedule(manager_client, session, starts_at="2026-03-10T11:00")
    schedule(manager_client, session, starts_at="2026-03-10T11:00", location="Room 2")
    session.refresh_from_db()
    assert session.calendar_sequence == 3


def test_the_interviewers_home_shows_when_and_where(interviewer_client, interviewer, loop):
    session = loop.sessions.first()
    session.interviewers.add(interviewer)
    session.starts_at = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    session.time_zone, session.location = "Asia/Tokyo", "Tokyo office, room 7"
    session.save()
    home = interviewer_client.get("/").content.decode()
    assert "Tue 10 Mar 2026, 23:00–23:30 JST" in home and "Tokyo office, room 7" in home


def test_the_printed_kit_shows_when_and_where(loop):
    session = loop.sessions.first()
    session.starts_at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    session.time_zone, session.location = "Europe/Berlin", "Room 4B"
    session.save()
    loop = loop_with_sessions(loop.pk)
    html = packet_html(loop, kind="guide", session=loop.sessions.first())
    assert "Tue 10 March 2026, 10:00 CET (Europe/Berlin)" in html and "Room 4B" in html
