"""Every PDF link a manager and an interviewer are shown on the loop page, clicked in a real
browser and read back: the right prompts, the chosen paper, no model answer on a sheet."""

import io
import re

import pytest
from pypdf import PdfReader

from interviewkit.bank.markdown import short_title
from tests.browser.conftest import log_in
from tests.conftest import DATABASE_QUEUE, make_loop, make_question, make_user, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = {"A4": 595, "Letter": 612}
RENDER_MS = 60_000  # each PDF is rendered by a child process: slow on a busy test machine


@pytest.fixture
def kit_loop(manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for competency in ("ml-fundamentals", "evaluation", "deep-learning"):
        for index in range(3):
            make_question(
                f"{competency}-{index}",
                competency=competency,
                prompt=f"Explain idea {index} of {competency.replace('-', ' ')}.",
                model_answer=f"MODEL-ANSWER-{competency}-{index}: the idea and a trade-off.",
            )
    loop = make_loop(manager, candidate_name="Ada Lovelace")
    ivy = make_user("ivy", "Interviewers")
    loop.sessions.get(name="Phone screen").interviewers.add(ivy)
    return loop


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    return reader, text


def click_and_read(page, menu_button, link):
    menu_button.click()
    with page.expect_download(timeout=RENDER_MS) as download:
        link.click(timeout=RENDER_MS)
    return download.value.suggested_filename, download.value.path().read_bytes()


def check_session_pdf(name, label, pdf, session, paper):
    reader, text = text_of(pdf)
    assert round(float(reader.pages[0].mediabox.width)) == WIDTHS[paper], name
    titles = [short_title(item.revision.prompt) for item in session.items.all()]
    assert titles and all(title in text for title in titles), name
    answers = [item.revision.model_answer.split(":")[0] for item in session.items.all()]
    if label == "Scoring sheet" or label.startswith("Scoring sheet,"):
        assert not any(answer in text for answer in answers), f"{name} holds a model answer"
    else:  # a guide, or a kit (guide and sheet)
        assert all(answer in text for answer in answers), name
    if "fillable" in label:
        assert reader.get_fields() and "fillable" in name


def click_every_session_pdf(page, loop, sessions):
    read = 0
    for session in sessions:
        card = page.locator(f"#session-{session.pk}")
        button = card.get_by_role("button", name="PDF")
        links = card.locator(".pdf-menu a")
        for index in range(links.count()):
            link = links.nth(index)
            label = link.inner_text()
            paper = "Letter" if "paper=letter" in link.get_attribute("href") else "A4"
            name, pdf = click_and_read(page, button, link)
            check_session_pdf(name, label, pdf, session, paper)
            read += 1
    return read


def test_manager_downloads_every_pdf_of_every_session_and_the_loop(page, manager, kit_loop):
    log_in(page, "maria")
    page.goto(kit_loop.get_absolute_url())
    sessions = list(kit_loop.sessions.all())
    assert click_every_session_pdf(page, kit_loop, sessions) == 8 * len(sessions)

    packet = page.get_by_role("button", name="Loop packet")
    for paper in ("A4", "Letter"):
        link = page.get_by_role("link", name=f"Loop packet ({paper})")
        _, pdf = click_and_read(page, packet, link)
        reader, text = text_of(pdf)
        assert round(float(reader.pages[0].mediabox.width)) == WIDTHS[paper]
        assert "Ada Lovelace" in text and "Overview" in text
        for session in sessions:
            for item in session.items.all():
                assert short_title(item.revision.prompt) in text


def test_an_interviewer_downloads_their_own_kit(page, kit_loop):
    log_in(page, "ivy")
    screen = kit_loop.sessions.get(name="Phone screen")
    with page.expect_download(timeout=RENDER_MS) as download:
        page.get_by_role("link", name="Print my kit").click(timeout=RENDER_MS)
    check_session_pdf(download.value.suggested_filename, "Kit",
                      download.value.path().read_bytes(), screen, "A4")  # fmt: skip

    page.goto(kit_loop.get_absolute_url())
    assert page.get_by_role("button", name="Loop packet").count() == 0
    breadth = kit_loop.sessions.get(name="ML breadth")
    assert page.locator(f"#session-{breadth.pk}").get_by_role("button", name="PDF").count() == 0
    assert click_every_session_pdf(page, kit_loop, [screen]) == 8


def test_after_an_edit_the_loop_packet_shows_its_progress_then_downloads(page, kit_loop, settings):
    settings.TASKS = DATABASE_QUEUE  # the production queue: a worker renders, not the request
    item = kit_loop.sessions.get(name="ML breadth").items.first()
    log_in(page, "maria")
    page.goto(f"/bank/{item.question.slug}/edit/")
    page.get_by_label("Model answer").fill("EDITED-ANSWER: what the manager wrote today.")
    page.get_by_label("What changed").fill("Clearer answer")
    page.get_by_label("Follow-up probes").fill(
        "What breaks at scale?\nListen for: memory and time\nHow would you test it?\n"
        "Listen for: a held-out check"
    )  # a revision saved from the page must meet today's standard
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved as revision 2").wait_for()

    page.goto(kit_loop.get_absolute_url())
    page.get_by_role("button", name="Update to latest").click()
    page.get_by_text("Updated 1 question(s) to their latest revision").wait_for()
    page.get_by_role("button", name="Loop packet").click()
    page.get_by_role("link", name="Loop packet (A4)").click()
    page.get_by_role("heading", name="Preparing the loop packet").wait_for()
    assert "0 of 5 parts rendered" in page.inner_text(".packet-progress")

    with page.expect_download(timeout=RENDER_MS) as download:
        run_worker()  # the worker renders the five parts; the page's next refresh downloads
    _, text = text_of(download.value.path().read_bytes())
    assert "EDITED-ANSWER" in text and "Ada Lovelace" in text
    page.get_by_role("heading", name="The loop packet (A4) is ready").wait_for()
