"""Calendar files (iCalendar, RFC 5545, with the methods of RFC 5546) for sessions that have
a time: an invitation (REQUEST) or a cancellation (CANCEL) for mail, and a published copy
(PUBLISH) to download, of one session or of a loop's whole schedule.

Every file names a session's event by the same UID for the session's life, so an update or a
cancellation replaces the entry a calendar already holds; Session.calendar_sequence is the
SEQUENCE, raised by every change that has to win over an earlier copy.
"""

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vCalAddress

PRODID = "-//Interview Kit//Interview Kit//EN"


def name_of(user):
    return user.get_full_name() or user.username


def uid(session):
    host = urlsplit(settings.SITE_URL).hostname or "interviewkit"
    return f"session-{session.pk}@{host}"


def address(user, **params):
    person = vCalAddress(f"mailto:{user.email}")
    person.params.update(CN=name_of(user), **params)
    return person


def organizer(loop):
    """The loop's hiring manager; the site's sender when the manager has no address."""
    if loop.owner.email:
        return address(loop.owner)
    sender = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    sender.params["CN"] = "Interview Kit"
    return sender


def session_url(session):
    return f"{settings.SITE_URL}{session.loop.get_absolute_url()}#session-{session.pk}"


def description(session):
    loop = session.loop
    people = ", ".join(name_of(p) for p in session.interviewers.all()) or "nobody yet"
    lines = [
        f"{loop.title}: {session.name}, {session.minutes} minutes.",
        f"Candidate: {loop.candidate_name or 'not named'}.",
        f"Interviewers: {people}.",
        f"Kit and scorecard: {session_url(session)}",
    ]
    if session.video_link:
        lines.insert(1, f"Video call: {session.video_link}")
    return "\n".join(lines)


def event(session, *, attendees=(), cancelled=False):
    """The session's event; attendees are the users an invitation is addressed to."""
    candidate = session.loop.candidate_name or session.loop.title
    place = " · ".join(part for part in (session.location, session.video_link) if part)
    return Event.new(
        uid=uid(session),
        stamp=timezone.now(),
        start=session.local_start,
        end=session.local_end,
        sequence=session.calendar_sequence,
        summary=f"Interview: {session.name} — {candidate}",
        location=place or None,
        description=description(session),
        url=session_url(session),
        organizer=organizer(session.loop),
        attendees=[
            address(p, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE")
            for p in attendees
            if p.email
        ],
        status="CANCELLED" if cancelled else "CONFIRMED",
    )


def calendar(events, *, method):
    """The file's bytes, with the time zones its events use (for their year only)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    for item in events:
        cal.add_component(item)
    starts = [item.start.date() for item in events if "DTSTART" in item]
    if starts:
        year = timedelta(days=366)
        cal.add_missing_timezones(first_date=min(starts) - year, last_date=max(starts) + year)
    return cal.to_ical()


def invitation(session):
    """REQUEST: the session's invitation to all its interviewers, as it is now."""
    return calendar([event(session, attendees=session.interviewers.all())], method="REQUEST")


def cancellation(session, person):
    """CANCEL: the session is off for this person (unassigned, the session removed, or its
    time withdrawn: a cancellation names the event by its UID and needs no time)."""
    return calendar([event(session, attendees=[person], cancelled=True)], method="CANCEL")


def published(sessions):
    """PUBLISH: a copy to import, with no invitees to answer (the sessions that have a time)."""
    return calendar([event(s) for s in sessions if s.starts_at], method="PUBLISH")


def filename(session=None, *, loop=None):
    if session is not None:
        return f"{slugify(session.loop.title)}-{slugify(session.name)}.ics"
    return f"{slugify(loop.title)}-schedule.ics"
