from django.conf import settings
from django.http import Http404, HttpResponse

from interviewkit.loops.models import Loop
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets.documents import KINDS, PAPER_SIZES
from interviewkit.packets.services import packet_filename, packet_pdf


def packet_download(request, pk, kind, session_pk=None):
    """A loop's packet, or one session's guide or sheet, as a PDF download."""
    paper = request.GET.get("paper", settings.PACKET_PAPER)
    if kind not in KINDS or paper not in PAPER_SIZES or (kind == "loop") != (session_pk is None):
        raise Http404("No such packet")
    try:
        loop = loop_with_sessions(pk, request.user)
    except Loop.DoesNotExist:
        raise Http404("No such loop") from None
    session = None
    if session_pk is not None:
        session = next((s for s in loop.sessions.all() if s.pk == session_pk), None)
        if session is None:
            raise Http404("No such session")
    fillable = kind == "sheet" and request.GET.get("fillable") == "1"
    pdf, _ = packet_pdf(loop, kind=kind, session=session, paper=paper, fillable=fillable)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = packet_filename(loop, kind=kind, session=session, paper=paper)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
