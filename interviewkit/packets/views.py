"""PDF downloads. Interviewers get their own sessions' documents; the loop packet (every
session's model answers) and the debrief are for the loop's hiring manager. A document that
cannot be rendered answers with a page saying why, not a PDF."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from interviewkit.loops.models import Loop
from interviewkit.loops.selectors import can_edit, loop_for_download, loop_with_sessions
from interviewkit.packets.documents import (
    KINDS,
    PAPER_SIZES,
    SESSION_KINDS,
    Document,
    handout_items,
)
from interviewkit.packets.services import PacketFailed, deliver

REFRESH_SECONDS = 2  # how often a progress page asks again


def pdf_download(request, document):
    """The document as a PDF download once its parts are rendered; until then a page that
    says how far the rendering is and asks again by itself (202); or why it failed (422).
    The progress page asks with ?waiting=1, so that once the PDF is ready it gets a page
    that starts the download and stays readable, rather than a download over a stale page."""
    try:
        pdf, progress = deliver(document)
    except PacketFailed as failed:
        context = {"document": document, "failure": failed.failure, "explanation": str(failed)}
        return render(request, "packets/failed.html", context, status=422)
    query = request.GET.copy()
    query.pop("waiting", None)
    download_url = f"{request.path}?{query.urlencode()}" if query else request.path
    if progress:
        query["waiting"] = "1"
        context = {
            "progress": progress,
            "document": document,
            "refresh": REFRESH_SECONDS,
            "refresh_url": f"{request.path}?{query.urlencode()}",
        }
        response = render(request, "packets/progress.html", context, status=202)
        response["Retry-After"] = str(REFRESH_SECONDS)
        return response
    if request.GET.get("waiting") == "1":
        context = {"document": document, "download_url": download_url}
        return render(request, "packets/ready.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


def chosen_paper(request):
    paper = request.GET.get("paper", settings.PACKET_PAPER)
    if paper not in PAPER_SIZES:
        raise Http404("No such paper size")
    return paper


def readable_loop(request, pk, read=loop_with_sessions):
    try:
        return read(pk, request.user)
    except Loop.DoesNotExist:
        raise Http404("No such loop") from None


@never_cache
def packet_download(request, pk, kind, session_pk=None):
    """A loop's packet (?handouts=1: with the candidate handouts), or one session's guide,
    sheet, kit or candidate handout, as a PDF download."""
    paper = chosen_paper(request)
    if kind not in KINDS or (kind in SESSION_KINDS) != (session_pk is not None):
        raise Http404("No such packet")
    loop = readable_loop(request, pk, read=loop_for_download)
    manager = can_edit(request.user, loop)
    session = None
    if session_pk is not None:
        session = next((s for s in loop.sessions.all() if s.pk == session_pk), None)
        mine = session and any(
            a.interviewer_id == request.user.pk for a in session.assignments.all()
        )
        if session is None or not (manager or mine):
            raise Http404("No such session")
    elif not manager:
        raise Http404("The loop packet is for the loop's hiring manager")
    if kind == "handout" and not handout_items(session):
        raise Http404("This session has no coding, scenario or design question to hand out")
    fillable = kind == "sheet" and request.GET.get("fillable") == "1"
    handouts = kind == "loop" and request.GET.get("handouts") == "1"
    return pdf_download(request, Document(loop, kind, session, paper, fillable, handouts))


@never_cache
def debrief_download(request, pk):
    paper = chosen_paper(request)
    loop = readable_loop(request, pk)
    if not can_edit(request.user, loop):
        raise Http404("Only the loop's hiring manager sees its debrief")
    return pdf_download(request, Document(loop, "debrief", paper=paper))
