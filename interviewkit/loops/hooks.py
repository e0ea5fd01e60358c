"""Where apps built on loops (scorecards, notifications) plug into loop pages and edits, so
that loops imports none of them: dependencies run one way, as in STYLE.md.

- `kit_changed` is sent after an edit of a loop's kits, with loop, sessions, by and
  description; scorecards writes it into the history of those sessions' scorecards.
- `status_changed` is sent after a loop moves, with loop, before, status and by; and
  `decision_recorded` after a decision is recorded or changed, with loop and by (webhooks
  tell other systems). Both are sent inside the change's transaction.
- `interviewers_changed` is sent after a session's interviewers change, with session, added,
  removed (sets of users) and by; `schedule_changed` after a session's time, length or place
  changed in a way its invitees' calendars must hear of (the session holds the new values and
  calendar_sequence), with session and by; `sessions_removed` just before sessions are deleted
  (one, or a whole loop's), with sessions and by. Notifications mails the people concerned.
- `session_holders` holds functions(sessions) -> {session_id: ["Ivy (submitted)", …]}:
  whose work sits on a session, named in the confirmation before the session changes.
- `session_panels` holds functions(request, loop) -> {session_id: html} shown in each
  session's card on the loop page (the scorecard links).
- `status_guards` holds functions(loop, status) -> a reason the loop cannot move to that
  status yet, or None (the debrief waits for every scorecard).
- `loop_panels` holds functions(request, loop) -> html shown above the sessions on the loop
  page (the PDFs that failed to render).
"""

from django.dispatch import Signal

kit_changed = Signal()
status_changed = Signal()
decision_recorded = Signal()
interviewers_changed = Signal()
schedule_changed = Signal()
sessions_removed = Signal()
session_holders = []
session_panels = []
status_guards = []
loop_panels = []


def holders_of(sessions):
    """{session_id: [names]} from every registered app, for the sessions given."""
    found = {}
    for holders in session_holders:
        for session_id, names in holders(sessions).items():
            found.setdefault(session_id, []).extend(names)
    return found


def panels_for(request, loop):
    panels = {}
    for panel in session_panels:
        for session_id, html in panel(request, loop).items():
            panels[session_id] = panels.get(session_id, "") + html
    return panels


def loop_panels_for(request, loop):
    return "".join(panel(request, loop) for panel in loop_panels)


def status_blocked(loop, status):
    """The first reason a registered app gives against this move, or None."""
    for guard in status_guards:
        if reason := guard(loop, status):
            return reason
    return None
