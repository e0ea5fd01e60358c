"""PDF packets, read back as text with pypdf."""

import io
import re
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from interviewkit.loops.models import KitItem
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets import services
from interviewkit.packets.pdf import (
    RenderFailed,
    StaticOnlyFetcher,
    child_failure,
    make_pdf,
    render_pdf,
)
from interviewkit.packets.services import packet_pdf

A4 = (595, 842)
LETTER = (612, 792)


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def outline_titles(pdf):
    reader = PdfReader(io.BytesIO(pdf))

    def walk(entries, depth=0):
        for entry in entries:
            if isinstance(entry, list):
                yield from walk(entry, depth + 1)
            else:
                yield depth, entry.title

    return list(walk(reader.outline))


def page_size(pdf):
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def prompts(session):
    return [item.revision.prompt for item in session.items.all()]


def test_guide_has_every_question_with_answer_rubric_and_header(packet_loop):
    session = packet_loop.sessions.all()[0]
    pdf, _ = packet_pdf(packet_loop, kind="guide", session=session)
    text = pdf_text(pdf)
    for item in session.items.all():
        assert item.revision.prompt in text
        assert item.revision.model_answer in text
        assert item.revision.rubric[3] in text
    assert "Ada Lovelace" in text and "Confidential" in text
    assert re.search(r"Phone screen · page 1 of \d+", text)  # numbered per section
    assert "Introductions" in text and "Wrap-up and next steps" in text


def test_scoring_sheet_has_prompts_but_no_answers(packet_loop):
    session = packet_loop.sessions.all()[0]
    pdf, _ = packet_pdf(packet_loop, kind="sheet", session=session)
    text = pdf_text(pdf)
    for item in session.items.all():
        assert item.revision.prompt.rstrip(".") in text
        assert item.revision.model_answer not in text
        assert item.revision.rubric[0] not in text
    for words in ("Not assessed", "Strong no", "Strong yes", "Key takeaways", "Interviewer name"):
        assert words in text


def test_loop_packet_has_cover_overview_every_prompt_and_bookmarks(packet_loop):
    pdf, _ = packet_pdf(packet_loop, kind="loop")
    text = pdf_text(pdf)
    for session in packet_loop.sessions.all():
        for prompt in prompts(session):
            assert prompt in text
    assert "What each interview covers" in text

    titles = outline_titles(pdf)
    top = [title for depth, title in titles if depth == 0]
    assert "Phone screen — interviewer guide" in top
    assert "ML breadth — scoring sheet" in top
    questions = [title for depth, title in titles if depth == 1]
    assert len(questions) == KitItem.objects.filter(session__loop=packet_loop).count()

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Loop packet — Ada Lovelace — Senior ML Engineer — " + (
        packet_loop.title
    )
    assert reader.metadata.author == "Maria"


def test_a_default_loop_title_is_not_repeated_on_the_cover(packet_loop):
    packet_loop.title = "Senior ML Engineer — Ada Lovelace"  # what the form fills in
    pdf, _ = packet_pdf(packet_loop, kind="loop")
    assert PdfReader(io.BytesIO(pdf)).metadata.title == (
        "Loop packet — Ada Lovelace — Senior ML Engineer"
    )
    cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert cover.count("Senior ML Engineer") == 1


def test_paper_sizes(packet_loop):
    session = packet_loop.sessions.all()[0]
    assert page_size(packet_pdf(packet_loop, kind="sheet", session=session)[0]) == A4
    letter = packet_pdf(packet_loop, kind="sheet", session=session, paper="letter")[0]
    assert page_size(letter) == LETTER


RADIO = 1 << 15  # the PDF field flag that makes a button field a radio group


def form_fields(pdf):
    """{name: field} of the top-level AcroForm fields, as a PDF reader sees them."""
    fields = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/AcroForm", {}).get("/Fields", [])
    return {str(field.get_object()["/T"]): field.get_object() for field in fields}


def test_fillable_sheet_has_one_radio_group_per_question(packet_loop):
    session = packet_loop.sessions.all()[0]
    pdf, _ = packet_pdf(packet_loop, kind="sheet", session=session, fillable=True)
    fields = form_fields(pdf)
    count = session.items.count()
    for number in range(1, count + 1):
        group = fields[f"s1-q{number}-score"]
        assert group["/FT"] == "/Btn" and group["/Ff"] & RADIO
        assert [str(option) for option in group["/Opt"]] == ["1", "2", "3", "4", "na"]
        assert len(group["/Kids"]) == 5  # one score, or "not assessed": never two at once
        assert fields[f"s1-q{number}-notes"]["/FT"] == "/Tx"
    recommendation = fields["s1-recommendation"]
    assert recommendation["/Ff"] & RADIO and len(recommendation["/Kids"]) == 4
    assert {"s1-takeaways", "s1-interviewer", "s1-date"} <= set(fields)
    assert not any("score-" in name for name in fields)  # no loose checkboxes left
    plain, _ = packet_pdf(packet_loop, kind="sheet", session=session)
    assert not form_fields(plain)


def test_unchanged_packet_comes_from_the_cache_and_a_change_renders_anew(packet_loop):
    session = packet_loop.sessions.all()[0]
    with mock.patch.object(services, "render_pdf", wraps=services.render_pdf) as render:
        first, cached = packet_pdf(packet_loop, kind="sheet", session=session)
        assert not cached
        again, cached = packet_pdf(
            loop_with_sessions(packet_loop.pk), kind="sheet", session=session
        )
        assert cached and again == first
        assert render.call_count == 1

        item = session.items.first()
        item.minutes += 1
        item.save()
        fresh = loop_with_sessions(packet_loop.pk)
        _, cached = packet_pdf(fresh, kind="sheet", session=fresh.sessions.all()[0])
        assert not cached and render.call_count == 2


class CountingHandler(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 - the http.server API
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_renderer_reads_no_local_file_and_reaches_no_network(tmp_path):
    marker = tmp_path / "secret-marker.txt"
    marker.write_text("TOP-SECRET-MARKER")
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    html = f"""<html><head>
      <link rel="stylesheet" href="{url}/evil.css">
      <link rel="attachment" href="file://{marker}">
      <style>@import url("{url}/import.css"); body {{ background: url("file://{marker}") }}</style>
      </head><body><p>Hello</p>
      <img src="file://{marker}"><img src="{url}/pixel.png">
      <img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">
      <a rel="attachment" href="file://{marker}">attach</a>
      <iframe src="file://{marker}"></iframe><object data="file://{marker}"></object>
    </body></html>"""
    try:
        pdf = render_pdf(html)
    finally:
        server.shutdown()
    reader = PdfReader(io.BytesIO(pdf))
    assert CountingHandler.hits == []
    assert reader.attachments == {}
    assert b"TOP-SECRET-MARKER" not in pdf
    assert "Hello" in pdf_text(pdf)


def huge_table(rows):
    """Plain HTML that WeasyPrint takes many seconds and hundreds of megabytes to lay out."""
    cells = "<tr><td>1</td><td>2</td><td>3</td></tr>" * rows
    return f"<html><body><p>Hello</p><table>{cells}</table></body></html>"


def test_a_render_is_stopped_at_its_time_limit(settings):
    settings.PACKET_RENDER_SECONDS = 2
    start = time.monotonic()
    with pytest.raises(RenderFailed) as failed:
        render_pdf(huge_table(20_000))  # about 20 s of work without the limit
    assert failed.value.reason == "time"
    assert time.monotonic() - start < 4


def test_a_render_that_needs_more_memory_than_allowed_fails_cleanly(settings):
    settings.PACKET_RENDER_MEMORY_MB = 450  # the renderer itself holds about 310 of it
    settings.PACKET_RENDER_SECONDS = 60
    assert "Hello" in pdf_text(render_pdf("<p>Hello</p>"))  # the limit leaves room for work
    with pytest.raises(RenderFailed) as failed:
        render_pdf(huge_table(5_000))
    # It runs out of memory in about 5 s. Once, on a loaded CI machine, the child was still
    # alive at the time limit instead: stopped all the same, so either is a clean failure.
    assert failed.value.reason in ("memory", "time")


def test_too_little_memory_to_start_the_renderer_is_a_memory_failure():
    with pytest.raises(RenderFailed) as failed:
        render_pdf("<p>Hello</p>", memory_mb=10)
    assert failed.value.reason == "memory"


def test_a_crashed_renderer_is_an_error_that_says_how():
    failed = child_failure(1, "Traceback …\nRecursionError: maximum recursion depth exceeded")
    assert (failed.reason, failed.detail) == (
        "error",
        "RecursionError: maximum recursion depth exceeded",
    )
    assert child_failure(-signal.SIGSEGV, "").detail == "the renderer crashed (SIGSEGV)"
    assert child_failure(-signal.SIGXCPU, "").reason == "time"


def test_fetcher_serves_only_our_static_files():
    fetcher = StaticOnlyFetcher()
    base = "https://packets.interviewkit.invalid/static/"
    assert fetcher.fetch(base + "css/packet.css").read().startswith(b"/*")
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1/x",
        "data:text/plain,hi",
        base + "../../../../etc/passwd",
        base + "css/../../settings.py",
        "https://packets.interviewkit.invalid/media/x.pdf",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_hostile_question_content_is_sanitized_before_the_renderer(packet_loop, tmp_path):
    from interviewkit.bank.services import save_question

    item = KitItem.objects.filter(session__loop=packet_loop).first()
    question = item.question
    question.model_answer = (
        f'Fine text <img src="file://{tmp_path}/x.png"> <a rel="attachment" href="file:///etc/passwd">x</a>'
        "<script>alert(1)</script> [link](javascript:alert(1))"
    )
    save_question(question)
    from interviewkit.loops.services import refresh_item

    refresh_item(KitItem.objects.get(pk=item.pk))
    fresh = loop_with_sessions(packet_loop.pk)
    with mock.patch.object(services, "render_pdf", wraps=services.render_pdf) as render:
        pdf, _ = packet_pdf(fresh, kind="guide", session=fresh.sessions.get(pk=item.session_id))
    html = render.call_args.args[0]
    # The render child's fetcher is out of a mock's reach: lay the same HTML out here.
    with mock.patch.object(StaticOnlyFetcher, "fetch", wraps=StaticOnlyFetcher().fetch) as fetch:
        make_pdf(html)
    fetched = [call.args[0] for call in fetch.call_args_list]
    assert fetched and all("/static/" in url for url in fetched)
    assert "Fine text" in pdf_text(pdf)
    assert "alert" not in pdf_text(pdf)
    assert PdfReader(io.BytesIO(pdf)).attachments == {}


def test_download_views(manager_client, interviewer_client, packet_loop, client):
    response = manager_client.get(f"/packets/loops/{packet_loop.pk}/loop.pdf?paper=letter")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]  # a packet holds model answers
    assert 'filename="ada-lovelace-loop-letter.pdf"' in response["Content-Disposition"]
    assert page_size(response.content) == LETTER

    session = packet_loop.sessions.all()[0]
    sheet = manager_client.get(
        f"/packets/loops/{packet_loop.pk}/sessions/{session.pk}/sheet.pdf?fillable=1"
    )
    assert PdfReader(io.BytesIO(sheet.content)).get_fields()
    assert "no-store" in sheet["Cache-Control"]
    debrief = manager_client.get(f"/packets/loops/{packet_loop.pk}/debrief.pdf")
    assert debrief["Content-Type"] == "application/pdf" and "no-store" in debrief["Cache-Control"]
    assert 'filename="ada-lovelace-debrief-a4.pdf"' in debrief["Content-Disposition"]
    assert manager_client.get(f"/packets/loops/{packet_loop.pk}/nonsense.pdf").status_code == 404


def test_interviewer_downloads_only_loops_they_are_on(client, packet_loop):
    from tests.conftest import make_user

    stranger = make_user("sam", "Interviewers")
    client.force_login(stranger)
    assert client.get(f"/packets/loops/{packet_loop.pk}/loop.pdf").status_code == 404


def test_export_packet_command_writes_the_file(packet_loop, tmp_path):
    output = tmp_path / "sheet.pdf"
    call_command(
        "export_packet",
        packet_loop.pk,
        "--session",
        "2",
        "--kind",
        "sheet",
        "--paper",
        "letter",
        "--fillable",
        "-o",
        str(output),
    )
    pdf = output.read_bytes()
    assert page_size(pdf) == LETTER
    assert "ML breadth — scoring sheet" in pdf_text(pdf)

    with pytest.raises(CommandError, match="sessions 1 to 2"):
        call_command("export_packet", packet_loop.pk, "--session", "9", "-o", str(output))


def test_a_failed_render_leaves_no_file(packet_loop, tmp_path):
    output = tmp_path / "packet.pdf"
    crash = mock.patch.object(services, "render_pdf", side_effect=RuntimeError("renderer crashed"))
    with crash, pytest.raises(RuntimeError):
        call_command("export_packet", packet_loop.pk, "-o", str(output))
    assert not output.exists()
    assert not list((tmp_path / "media").rglob("*.pdf"))


def mono_glyphs_for(pdf, char):
    """How many glyphs of the code font draw this character (1 unless ligatures apply)."""
    code = f"<{ord(char):04x}>"
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "Mono" in str(font.get("/BaseFont")) and "/ToUnicode" in font:
                cmap = font["/ToUnicode"].get_object().get_data().decode()
                count = max(count, sum(line.endswith(code) for line in cmap.splitlines()))
    return count


def test_code_prints_without_ligatures(packet_loop):
    session = packet_loop.sessions.first()
    item = session.items.first()
    item.revision.content["model_answer"] = (
        "```python\nif a == b and c != d and x >= y:\n    return a === b\n```"
    )
    item.revision.save()
    pdf, _ = packet_pdf(loop_with_sessions(packet_loop.pk), kind="guide", session=session)
    assert mono_glyphs_for(pdf, "=") == 1  # contextual "==" glyphs would add more


def label_heights(page, label):
    """How far down the page (in points) each text run holding the label starts."""
    found = []

    def visit(text, cm, tm, font, size):
        if label in text:
            found.append(tm[5] * cm[0])

    page.extract_text(visitor_text=visit)
    return found


def test_a_sheet_uses_its_last_page(packet_loop):
    session = packet_loop.sessions.all()[1]
    for fillable in (False, True):
        pdf, _ = packet_pdf(packet_loop, kind="sheet", session=session, fillable=fillable)
        last = PdfReader(io.BytesIO(pdf)).pages[-1]
        found = label_heights(last, "Interviewer name")
        assert found and found[0] > 0.85 * float(last.mediabox.height), fillable
