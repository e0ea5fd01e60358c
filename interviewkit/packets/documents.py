"""The HTML of each kind of document: a session's interviewer guide, scoring sheet, kit
(guide and sheet) or candidate handout, the whole loop (cover, overview, then every session's
guide and sheet, and its handout if asked for), and the debrief."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from interviewkit.bank.markdown import render_markdown, short_title
from interviewkit.bank.models import ScoreScale
from interviewkit.loops.models import Loop, Session, default_title
from interviewkit.loops.selectors import session_summary
from interviewkit.packets.pdf import BASE_URL
from interviewkit.scorecards.selectors import debrief

SESSION_KINDS = ("guide", "sheet", "kit", "handout")
KINDS = (*SESSION_KINDS, "loop")
NAMES = {
    "guide": "Interviewer guide",
    "sheet": "Scoring sheet",
    "kit": "Kit",
    "handout": "Candidate handout",
    "loop": "Loop packet",
    "debrief": "Debrief",
}
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
# Linked by plain URL, not {% static %}: the renderer finds them with the static finders, so a
# packet renders the same with or without DEBUG and collectstatic (no manifest needed).
STYLESHEETS = ("css/packet.css", "css/pygments.css")
SCORES = ScoreScale.choices
WRAP_UP_MINUTES = 2


def clock(minutes):
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(session, items):
    """Rows of (start, what, minutes): intro, each question, candidate's questions, wrap-up."""
    used = sum(item.minutes for item in items)
    spare = max(session.question_minutes - used, 0)
    rows = [("Introductions", session.intro_minutes)]
    rows += [
        (f"Q{n}. {short_title(item.revision.prompt)}", item.minutes)
        for n, item in enumerate(items, 1)
    ]
    rows.append(("Candidate's questions", spare + max(session.wrapup_minutes - WRAP_UP_MINUTES, 0)))
    rows.append(("Wrap-up and next steps", min(WRAP_UP_MINUTES, session.wrapup_minutes)))
    start, timed = 0, []
    for what, minutes in rows:
        timed.append({"start": clock(start), "what": what, "minutes": minutes})
        start += minutes
    return timed


def item_context(number, item):
    revision = item.revision
    return {
        "number": number,
        "item": item,
        "title": short_title(revision.prompt),
        "prompt_html": render_markdown(revision.prompt),
        "answer_html": render_markdown(revision.model_answer),
        "good_signals": revision.good_signals,
        "probes": revision.probes,
        "red_flags": revision.red_flags,
        "rubric": list(zip(SCORES, revision.rubric, strict=False)),
        "competency": item.question.competency.name,
        "difficulty": revision.difficulty,
        "kind": item.question.get_kind_display(),
    }


def kit_code_url(session):
    """What a session's sheets print as a QR code: SITE_URL, as links in mail use."""
    return settings.SITE_URL + reverse("kit_code", args=[session.kit_code])


def qr_svg(url):
    """The URL as a QR code in inline SVG: it prints sharp, and the renderer fetches nothing."""
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(border=4, omitsize=True, svgclass="qr"))  # noqa: S308 - segno drew it


def kit_code_context(session):
    return {"qr": qr_svg(kit_code_url(session)), "site": settings.SITE_URL.split("://")[-1]}


def session_context(session, *, kit_code=False):
    """What a session's documents print; with kit_code, its sheet's QR code too."""
    summary = session_summary(session)
    items = summary["items"]
    return {
        "session": session,
        "number": session.position + 1,
        "interviewers": ", ".join(
            f"{a.interviewer.get_full_name() or a.interviewer.username} "
            f"({a.get_role_display().lower()})"
            for a in session.assignments.all()
        ),
        "agenda": agenda(session, items),
        "items": [item_context(n, item) for n, item in enumerate(items, 1)],
        "summary": summary,
        "kit_code": kit_code_context(session) if kit_code else None,
    }


def handout_items(session):
    """(number in the guide, kit item) of each question the candidate works on paper."""
    items = enumerate(session.items.all(), 1)
    return [(number, item) for number, item in items if item.is_handout]


def handout_context(session):
    """Only what the candidate may read: each prompt, numbered as in the interviewer's guide
    (so both speak of the same question), and its minutes. No answer, signal or rubric."""
    return {
        "session": session,
        "items": [
            {
                "number": number,
                "prompt_html": render_markdown(item.revision.prompt),
                "minutes": item.minutes,
            }
            for number, item in handout_items(session)
        ],
    }


def coverage_grid(loop, sessions):
    """Competency rows × session columns: how many questions each interview asks of each."""
    counts = {}
    for column, session in enumerate(sessions):
        for item in session.items.all():
            competency = item.question.competency
            counts.setdefault(competency, [0] * len(sessions))[column] += 1
    return sorted(counts.items(), key=lambda row: row[0].position)


def stylesheet_urls():
    return [f"{BASE_URL}{settings.STATIC_URL.lstrip('/')}{name}" for name in STYLESHEETS]


def packet_html(loop, *, kind, session=None, paper="a4", fillable=False):
    """The HTML of a session's guide, sheet or handout, or with kind "cover", the loop's cover
    and overview."""
    sessions = list(loop.sessions.all()) if kind == "cover" else [session]
    candidate = loop.candidate_name or "Candidate not named"
    role = f"{loop.level} {loop.role}"
    # A default title repeats the role and candidate; show only a title someone chose.
    defaults = (role, default_title(loop.level, loop.role, loop.candidate_name))
    own_title = "" if loop.title in defaults else loop.title
    title = " — ".join(
        part
        for part in (
            NAMES["loop" if kind == "cover" else kind],
            candidate,
            role,
            own_title if kind == "cover" else session.name,
        )
        if part
    )
    if kind == "handout":
        session_contexts = [handout_context(session)]
    else:
        session_contexts = [session_context(s, kit_code=kind == "sheet") for s in sessions]
    context = {
        "loop": loop,
        "kind": kind,
        "title": title,
        "author": loop.owner.get_full_name() or loop.owner.username,
        "candidate": candidate,
        "role": role,
        "own_title": own_title,
        "page_size": PAPER_SIZES[paper],
        "stylesheets": stylesheet_urls(),
        "fillable": fillable,
        "scores": SCORES,
        "sessions": session_contexts,
        "grid": coverage_grid(loop, sessions) if kind == "cover" else [],
    }
    return render_to_string(f"packets/{kind}.html", context)


def cover_html(loop, *, paper="a4"):
    return packet_html(loop, kind="cover", paper=paper)


def debrief_html(loop, *, paper="a4"):
    """The debrief as a document: figures, notes, takeaways and the decision."""
    context = {
        "loop": loop,
        "page_size": PAPER_SIZES[paper],
        "stylesheets": stylesheet_urls(),
        "title": f"Debrief — {loop.candidate_name or loop.title}",
        "author": loop.owner.get_full_name() or loop.owner.username,
        "inline_charts": True,  # the renderer fetches nothing, data: URIs included
        **debrief(loop),
    }
    return render_to_string("packets/debrief.html", context)


def question_html(session, item, *, paper="a4"):
    """One kit item alone in an interviewer guide, to learn whether it renders on its own."""
    context = session_context(session)
    context["items"] = [item_context(1, item)]
    return render_to_string(
        "packets/guide.html",
        {
            "title": short_title(item.revision.prompt),
            "page_size": PAPER_SIZES[paper],
            "stylesheets": stylesheet_urls(),
            "scores": SCORES,
            "sessions": [context],
        },
    )


def in_sentence(name):
    """A document's name to stand inside a sentence: "Interviewer guide" → "interviewer guide"."""
    return name[0].lower() + name[1:]


@dataclass(frozen=True)
class Document:
    """One document of a loop: its kind (a session's guide, sheet, kit or handout, the loop
    packet or the debrief), the session for the first four, the paper, whether sheets are
    fillable, and whether a loop packet holds the candidate handouts."""

    loop: Loop
    kind: str
    session: Session | None = None
    paper: str = "a4"
    fillable: bool = False
    handouts: bool = False

    @property
    def name(self):
        """How a person would call it: "Scoring sheet, fillable — ML depth (A4)"."""
        what = NAMES[self.kind] + (", fillable" if self.fillable else "")
        what += " with candidate handouts" if self.handouts else ""
        where = f" — {self.session.name}" if self.session else ""
        return f"{what}{where} ({PAPER_SIZES[self.paper]})"

    @property
    def in_sentence(self):
        """The name inside a sentence: "the interviewer guide — ML depth (A4)"."""
        return in_sentence(self.name)

    @property
    def filename(self):
        loop, session = self.loop, self.session
        what = f"{self.kind}-fillable" if self.fillable else self.kind
        what += "-with-handouts" if self.handouts else ""
        parts = [loop.candidate_name or loop.title, session.name if session else "", what]
        return "-".join(filter(None, map(slugify, [*parts, self.paper]))) + ".pdf"
