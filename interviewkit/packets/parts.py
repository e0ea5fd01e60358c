"""Documents are made of parts, each rendered and stored on its own: a session's guide, its
sheet and its candidate handout, the loop's cover and overview, the debrief. A loop packet is
its cover and every session's parts merged, so editing one question renders only its
session's parts again.

A part's key is a digest of what it prints (revision ids, positions, minutes, names, times,
a sheet's kit code and its URL, paper, the print templates and stylesheets), computed from a
few queries without rendering any HTML: a download of a stored packet costs those queries
and a file read.
"""

import functools
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import weasyprint
from django.conf import settings

from interviewkit.loops.models import Loop, Session
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets.documents import (
    NAMES,
    PAPER_SIZES,
    SESSION_KINDS,
    cover_html,
    debrief_html,
    handout_items,
    kit_code_url,
    packet_html,
)
from interviewkit.packets.pdf import find_static

PART_KINDS = ("cover", "guide", "sheet", "handout", "debrief")
PRINT_STYLES = ("css/packet.css", "css/packet-fonts.css", "css/pygments.css")
TEMPLATES = Path(settings.BASE_DIR) / "templates"
WEB_PAGES = {"progress.html", "ready.html", "failed.html", "_failures.html"}  # not printed


@functools.cache
def print_digest():
    """Changes with WeasyPrint, the print stylesheets and the print templates, so stored
    parts are rendered anew when any of them changes."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for name in PRINT_STYLES:
        digest.update(Path(find_static(name)).read_bytes())
    templates = [
        path
        for path in sorted((TEMPLATES / "packets").glob("*.html"))
        if path.name not in WEB_PAGES
    ]
    templates.append(TEMPLATES / "scorecards" / "_debrief_body.html")
    for path in templates:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def person(user):
    return user.get_full_name() or user.username if user else ""


def loop_facts(loop):
    """What every part prints about the loop itself."""
    return [
        loop.title,
        loop.candidate_name,
        str(loop.target_date or ""),
        str(loop.role),
        str(loop.level),
        person(loop.owner),
    ]


def session_facts(session):
    """What a session's guide and sheet print about it and its questions."""
    return [
        session.pk,
        session.position,
        session.name,
        session.minutes,
        session.intro_minutes,
        session.wrapup_minutes,
        session.starts_at.isoformat() if session.starts_at else "",
        session.time_zone,
        session.location,
        session.video_link,
        [(person(a.interviewer), a.role) for a in session.assignments.all()],
        [
            (item.pk, item.revision_id, item.position, item.minutes, item.question.competency_id)
            for item in session.items.all()
        ],
    ]


def overview_facts(session):
    """What the cover's overview prints of a session: not its questions, only how many of
    each competency, so editing or swapping a question leaves the cover as it is."""
    return [
        session.pk,
        session.position,
        session.name,
        session.minutes,
        [(person(a.interviewer), a.role) for a in session.assignments.all()],
        sorted(item.question.competency_id for item in session.items.all()),
    ]


@dataclass(frozen=True)
class Part:
    """One stored piece of a document. `session` for guides, sheets and handouts; `fillable`
    for sheets."""

    loop: Loop
    kind: str
    session: Session | None = None
    paper: str = "a4"
    fillable: bool = False

    @cached_property
    def key(self):
        if self.kind == "debrief":  # scores change without a version number: its text is it
            content = [self.html()]
        elif self.kind == "cover":
            content = [loop_facts(self.loop), [overview_facts(s) for s in self.loop.sessions.all()]]
        else:
            content = [loop_facts(self.loop), session_facts(self.session)]
        if self.kind == "sheet":
            content.append(kit_code_url(self.session))  # its QR code and kit code
        head = [print_digest(), self.kind, self.paper, self.fillable]
        return hashlib.sha256(json.dumps([head, content], default=str).encode()).hexdigest()

    def html(self):
        if self.kind == "debrief":
            return debrief_html(self.loop, paper=self.paper)
        if self.kind == "cover":
            return cover_html(self.loop, paper=self.paper)
        return packet_html(
            self.loop,
            kind=self.kind,
            session=self.session,
            paper=self.paper,
            fillable=self.fillable,
        )

    def sessions(self):
        """The sessions whose questions this part prints in full (to find one to blame)."""
        return [self.session] if self.kind in ("guide", "handout") else []

    @property
    def name(self):
        what = {"cover": "Cover and overview"}.get(self.kind, NAMES.get(self.kind, self.kind))
        what += ", fillable" if self.fillable else ""
        where = f" — {self.session.name}" if self.session else ""
        return f"{what}{where} ({PAPER_SIZES[self.paper]})"

    @property
    def spec(self):
        """Plain data a worker rebuilds the part from (see from_spec)."""
        return {
            "loop": self.loop.pk,
            "kind": self.kind,
            "session": self.session.pk if self.session else None,
            "paper": self.paper,
            "fillable": self.fillable,
        }


def from_spec(spec):
    """The part a spec describes, as the loop is now; None if its loop or session is gone."""
    try:
        loop = loop_with_sessions(spec["loop"])
    except Loop.DoesNotExist:
        return None
    session = None
    if spec["session"] is not None:
        session = next((s for s in loop.sessions.all() if s.pk == spec["session"]), None)
        if session is None:
            return None
    return Part(loop, spec["kind"], session, spec["paper"], spec["fillable"])


def parts_of(document):
    """The parts a document is made of, in print order."""
    loop, paper = document.loop, document.paper
    if document.kind == "debrief":
        return [Part(loop, "debrief", paper=paper)]
    if document.kind == "sheet":
        return [Part(loop, "sheet", document.session, paper, document.fillable)]
    if document.kind in SESSION_KINDS:
        kinds = ["guide", "sheet"] if document.kind == "kit" else [document.kind]
        return [Part(loop, kind, document.session, paper) for kind in kinds]
    parts = [Part(loop, "cover", paper=paper)]
    for session in loop.sessions.all():
        parts += [Part(loop, "guide", session, paper), Part(loop, "sheet", session, paper)]
        if document.handouts and handout_items(session):
            parts.append(Part(loop, "handout", session, paper))
    return parts


def merged_key(parts):
    """The key of a document of several parts: its parts' keys, in order."""
    return hashlib.sha256("|".join(["merged", *(p.key for p in parts)]).encode()).hexdigest()
