"""From paper back to the system: a scoring sheet's QR code (read back from the printed page
with a barcode decoder) and its kit code open the scorer's own scorecard, and nobody else's."""

import os
import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image

from interviewkit.loops.models import read_kit_code
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets.parts import Part
from interviewkit.packets.services import packet_pdf
from interviewkit.scorecards.models import Scorecard
from tests.conftest import make_user
from tests.test_packets import pdf_text


@pytest.fixture
def panel(loop, interviewer, settings, tmp_path):
    """The phone screen with two interviewers, as its manager prints it for both."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://kit.example.com"
    pat = make_user("pat", "Interviewers")
    screen = loop.sessions.get(name="Phone screen")
    screen.interviewers.add(interviewer, pat)
    return loop_with_sessions(loop.pk).sessions.all()[0], pat


def qr_codes_on_first_page(pdf, tmp_path):
    """The QR codes a decoder finds on the first page, printed at 150 dpi."""
    if shutil.which("pdftoppm") is None:
        message = "no pdftoppm on PATH: install Debian's 'poppler-utils' package"
        if os.getenv("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER=1)")
        pytest.skip(message)
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile",
         tmp_path / "sheet.pdf", tmp_path / "page"],
        check=True,
    )  # fmt: skip
    with Image.open(tmp_path / "page.png") as image:
        found = zxingcpp.read_barcodes(image)
    return [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]


def path_of(url):
    return url.removeprefix("https://kit.example.com")


def test_the_printed_qr_code_opens_each_interviewers_own_scorecard_and_nobody_elses(
    panel, tmp_path, interviewer, interviewer_client, manager_client, client
):
    session, pat = panel
    pdf, _ = packet_pdf(session.loop, kind="sheet", session=session)
    assert qr_codes_on_first_page(pdf, tmp_path) == [
        f"https://kit.example.com/k/{session.kit_code}"
    ]
    path = path_of(qr_codes_on_first_page(pdf, tmp_path)[0])
    assert session.kit_code_display in pdf_text(pdf)

    response = interviewer_client.get(path, follow=True)
    assert response.redirect_chain[-1][0] == f"/scorecards/sessions/{session.pk}/?mode=paper"
    assert response.context["scorecard"].interviewer == interviewer
    client.force_login(pat)
    assert client.get(path, follow=True).context["scorecard"].interviewer == pat

    assert manager_client.get(path).status_code == 404  # the loop's manager does not score it
    client.force_login(make_user("olga", "Interviewers"))
    assert client.get(path).status_code == 404
    assert client.get(f"/k/{'Z' * 8}").status_code == 404
    assert Scorecard.objects.filter(session=session).count() == 2


def test_a_signed_out_scan_asks_to_log_in_first(panel, client):
    session, _ = panel
    response = client.get(f"/k/{session.kit_code}")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_kit_code_typed_on_the_home_page_opens_the_scorecard(panel, interviewer_client):
    session, _ = panel
    home = interviewer_client.get("/").content.decode()
    assert 'action="/k/"' in home and 'name="code"' in home
    typed = f" {session.kit_code[:4].lower()}-{session.kit_code[4:]} "
    response = interviewer_client.get("/k/", {"code": typed})
    assert response.url == f"/scorecards/sessions/{session.pk}/?mode=paper"

    response = interviewer_client.get("/k/", {"code": "NOPE-0000"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "No interview of yours has the kit code “NOPE-0000”" in response.content.decode()


def test_typed_codes_forgive_case_spaces_and_lookalike_letters():
    assert read_kit_code("7kqm 4hxr") == "7KQM4HXR"
    assert read_kit_code("7KQM-4HXO") == "7KQM4HX0"
    assert read_kit_code("lI00-0000") == "11000000"
    assert read_kit_code("7KQM4HX") == ""
    assert read_kit_code("7KQM4HXU") == ""  # U is not in the alphabet
    assert read_kit_code("x" * 10_000) == ""


def test_codes_are_random_and_the_sheet_is_stored_anew_when_its_code_changes(panel):
    session, _ = panel
    codes = {other.kit_code for other in session.loop.sessions.all()}
    assert len(codes) == 2 and all(read_kit_code(code) == code for code in codes)
    sheet = Part(session.loop, "sheet", session).key
    guide = Part(session.loop, "guide", session).key
    session.kit_code = "7KQM4HXR"
    assert Part(session.loop, "sheet", session).key != sheet
    assert Part(session.loop, "guide", session).key == guide
