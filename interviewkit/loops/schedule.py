"""A session's time and place: how a change reads in the history, and which changes the
calendars of the people invited must hear of."""

import zoneinfo

from django.utils.dateformat import format as format_date

FIELDS = ("starts_at", "time_zone", "location", "video_link")


def when(start, zone):
    """“Tue 10 Mar 2026, 10:00 CET (Europe/Berlin)”, or "no time set"."""
    if start is None:
        return "no time set"
    local = start.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{format_date(local, 'D j M Y, H:i T')} ({zone})"


def where(location, video_link):
    return " · ".join(part for part in (location, video_link) if part) or "no place set"


def schedule_changes(session, *, starts_at, time_zone, location, video_link):
    """The history's words for a change of time or place ([] when nothing changed)."""
    changes = []
    before = when(session.starts_at, session.time_zone)
    after = when(starts_at, time_zone)
    if before != after:
        changes.append(f"start: {before} → {after}")
    if (location, video_link) != (session.location, session.video_link):
        changes.append(
            f"place: {where(session.location, session.video_link)} → {where(location, video_link)}"
        )
    return changes


def moves_invite(session, *, minutes, starts_at, location, video_link):
    """Whether invitees' calendars must hear of the change: a new time, length or place of a
    session that has or had a time (a zone alone moves nothing: calendars convert)."""
    if session.starts_at is None and starts_at is None:
        return False
    before = (session.starts_at, session.minutes, session.location, session.video_link)
    return before != (starts_at, minutes, location, video_link)
