"""Copying a filled paper sheet: a whole six-question sheet entered with the keyboard only,
from the kit code typed on the home page to the submitted scorecard."""

import pytest

from interviewkit.bank.models import Question
from interviewkit.loops.services import add_item
from interviewkit.scorecards.models import Scorecard
from tests.browser.conftest import log_in
from tests.conftest import make_loop, make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# What the paper says, question by question: a score key and the notes written beside it.
SHEET = [
    ("3", "Clear on bias and variance."),
    ("4", ""),
    ("n", "Ran out of time."),
    ("2", "Mixed up precision and recall."),
    ("3", ""),
    ("1", "No idea of calibration."),
]


def autosave(response):
    return response.request.method == "POST" and "/scorecards/sessions/" in response.url


def test_a_whole_sheet_is_entered_and_submitted_without_the_mouse(page, manager):
    for index in range(4):
        make_question(f"fundamentals-{index}", competency="ml-fundamentals", minutes=5)
        make_question(f"evaluation-{index}", competency="evaluation", minutes=5)
        make_question(f"deep-{index}", competency="deep-learning", minutes=5)
    loop = make_loop(manager, candidate_name="Ada Lovelace")
    breadth = loop.sessions.get(name="ML breadth")
    for question in Question.objects.exclude(kit_items__session__loop=loop)[:3]:
        add_item(breadth, question)
    assert breadth.items.count() == len(SHEET)
    ivy = make_user("ivy", "Interviewers")
    breadth.interviewers.add(ivy)

    log_in(page, "ivy")
    page.get_by_label("Kit code from a scoring sheet").focus()
    page.keyboard.type(breadth.kit_code_display.lower())
    page.keyboard.press("Enter")
    page.wait_for_url("**/?mode=paper")

    for key, notes in SHEET:
        if notes:  # from the score to its notes and back
            page.keyboard.press("Tab")
            page.keyboard.type(notes)
            page.keyboard.press("Shift+Tab")
        with page.expect_response(autosave):
            page.keyboard.press(key)
    with page.expect_response(autosave):
        page.keyboard.press("4")  # the overall recommendation; the takeaways are next
    page.keyboard.type("Strong on evaluation, weak on calibration.")
    page.keyboard.press("Tab")  # Save draft
    page.keyboard.press("Tab")  # Submit scorecard
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    page.wait_for_url("**/scorecards/*/")

    card = Scorecard.objects.get(session=breadth, interviewer=ivy)
    assert card.is_submitted and card.recommendation == 4
    assert card.takeaways == "Strong on evaluation, weak on calibration."
    rows = card.scores.order_by("item__position", "item__pk")
    entered = [("n" if row.not_assessed else str(row.score), row.notes) for row in rows]
    assert entered == SHEET
