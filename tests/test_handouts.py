"""Candidate handouts: the prompts of a session's coding, scenario and design questions with
room to work, read back from the PDF: every prompt there, nothing of the interviewer's guide."""

import pytest

from interviewkit.bank.models import Question
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.loops.services import add_item
from interviewkit.packets.models import StoredPart
from interviewkit.packets.services import packet_pdf
from tests.conftest import make_question
from tests.test_packets import outline_titles, pdf_text

WORKED = {
    "dedupe-events": Question.Kind.CODING,
    "churn-drop": Question.Kind.SCENARIO,
    "feature-store": Question.Kind.SYSTEM_DESIGN,
}


@pytest.fixture
def handout_loop(loop, interviewer, settings, tmp_path):
    """The phone screen asks three questions worked on paper, besides its conceptual ones."""
    settings.MEDIA_ROOT = tmp_path / "media"
    screen = loop.sessions.get(name="Phone screen")
    screen.interviewers.add(interviewer)
    for slug, kind in WORKED.items():
        question = make_question(
            slug,
            kind=kind,
            prompt=f"Handout prompt {slug}: work it through on paper.",
            model_answer=f"Model answer {slug} says exactly this.",
            good_signals=[f"Signal {slug} one", f"Signal {slug} two"],
            probes=[f"Probe {slug}?"],
            red_flags=[f"Red flag {slug}"],
            rubric=[f"Anchor {slug} {score}" for score in range(1, 5)],
        )
        add_item(screen, question)
    return loop_with_sessions(loop.pk)


def screen_of(loop):
    return next(s for s in loop.sessions.all() if s.name == "Phone screen")


def test_a_handout_holds_every_worked_prompt_and_nothing_of_the_guide(handout_loop):
    screen = screen_of(handout_loop)
    pdf, _ = packet_pdf(handout_loop, kind="handout", session=screen)
    text = pdf_text(pdf)
    for item in screen.items.all():
        revision = item.revision
        if revision.kind in WORKED.values():
            assert revision.prompt in text
        else:
            assert revision.prompt.rstrip(".") not in text  # a conceptual question is asked aloud
        assert revision.model_answer not in text
        for words in [*revision.good_signals, *revision.red_flags, *revision.rubric]:
            assert words not in text
        assert all(probe["ask"] not in text for probe in map(dict, revision.probes))
    assert "Your work" in text and "Ada Lovelace" in text
    assert "Confidential" not in text and "Strong no" not in text
    assert StoredPart.objects.filter(kind="handout").count() == 1  # stored like the other parts


def test_handouts_number_their_questions_as_the_guide_does(handout_loop):
    screen = screen_of(handout_loop)
    pdf, _ = packet_pdf(handout_loop, kind="handout", session=screen)
    numbers = [n for n, item in enumerate(screen.items.all(), 1) if item.question.slug in WORKED]
    text = pdf_text(pdf)
    assert all(f"Question {number}" in text for number in numbers)


def test_the_loop_packet_holds_the_handouts_only_when_asked(handout_loop):
    plain, _ = packet_pdf(handout_loop, kind="loop")
    with_handouts, _ = packet_pdf(handout_loop, kind="loop", handouts=True)
    assert "candidate handout" not in pdf_text(plain).lower()
    assert "Handout prompt dedupe-events" in pdf_text(with_handouts)
    titles = [title for _, title in outline_titles(with_handouts)]
    assert titles.count("Phone screen — candidate handout") == 1
    assert "ML breadth — candidate handout" not in titles  # it asks nothing to work on paper


def test_the_handout_is_in_the_session_menu_and_the_loop_packets_options(
    handout_loop, manager_client, interviewer_client
):
    screen = screen_of(handout_loop)
    breadth = next(s for s in handout_loop.sessions.all() if s.name == "ML breadth")
    page = manager_client.get(handout_loop.get_absolute_url()).content.decode()
    handout_url = f"/packets/loops/{handout_loop.pk}/sessions/{screen.pk}/handout.pdf"
    assert f"{handout_url}?paper=a4" in page
    assert f"/sessions/{breadth.pk}/handout.pdf" not in page
    assert f"/packets/loops/{handout_loop.pk}/loop.pdf?paper=a4&amp;handouts=1" in page

    response = interviewer_client.get(handout_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "phone-screen-handout-a4.pdf" in response["Content-Disposition"]
    nothing_to_hand_out = f"/packets/loops/{handout_loop.pk}/sessions/{breadth.pk}/handout.pdf"
    assert manager_client.get(nothing_to_hand_out).status_code == 404
    response = manager_client.get(f"/packets/loops/{handout_loop.pk}/loop.pdf?handouts=1")
    assert "loop-with-handouts-a4.pdf" in response["Content-Disposition"]
