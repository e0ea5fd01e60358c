"""Where apps built on loops (scorecards) plug into loop pages and edits, so that loops
imports none of them: dependencies run one way, as in STYLE.md.

- `kit_changed` is sent after an edit of a loop's kits, with loop, sessions, by and
  description; scorecards writes it into the history of those sessions' scorecards.
- `session_holders` holds functions(sessions) -> {session_id: ["Ivy (submitted)", …]}:
  whose work sits on a session, named in the confirmation before the session changes.
- `session_panels` holds functions(request, loop) -> {session_id: html} shown in each
  session's card on the loop page (the scorecard links).
- `status_guards` holds functions(loop, status) -> a reason the loop cannot move to that
  status yet, or None (the debrief waits for every scorecard).
- `status_changed` is sent after a loop moves, with loop, before, after and by; scorecards
  keeps every score as it stood when the debrief starts.
"""

from django.dispatch import Signal

kit_changed = Signal()
status_changed = Signal()
session_holders = []
session_panels = []
status_guards = []


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


def status_blocked(loop, status):
    """The first reason a registered app gives against this move, or None."""
    for guard in status_guards:
        if reason := guard(loop, status):
            return reason
    return None
