import pytest

from tests.browser.conftest import log_in
from tests.conftest import make_loop, make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def autosave(response):
    return response.request.method == "POST" and "/scorecards/sessions/" in response.url


def test_interviewer_submits_and_the_manager_sees_it_in_the_debrief(
    page, manager, browser, live_server
):
    for index in range(4):
        make_question(f"fundamentals-{index}", competency="ml-fundamentals", minutes=5)
        make_question(f"evaluation-{index}", competency="evaluation", minutes=5)
    loop = make_loop(manager, candidate_name="Ada Lovelace")
    ivy = make_user("ivy", "Interviewers")
    screen = loop.sessions.get(name="Phone screen")
    screen.interviewers.add(ivy)

    log_in(page, "ivy")
    page.goto(loop.get_absolute_url())
    page.get_by_role("link", name="Score this interview").click()
    cards = page.locator(".score-item")
    for index in range(cards.count()):
        cards.nth(index).get_by_label("3 · Yes").check()
        cards.nth(index).get_by_label("Notes").fill(f"Answer {index} was solid.")
    page.get_by_text("Draft saved at").wait_for()
    # Let each autosave finish, so that Submit does not race a draft save on the test database.
    with page.expect_response(autosave):
        page.get_by_role("radio", name="Strong yes", exact=True).check()
    with page.expect_response(autosave):
        page.get_by_label("Key takeaways").fill("Reasons clearly about trade-offs.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_url("**/scorecards/*/")
    page.locator(".recommendation").wait_for()
    assert page.locator(".recommendation").inner_text() == "Strong yes"

    manager_page = browser.new_context(base_url=live_server.url).new_page()
    log_in(manager_page, "maria")
    manager_page.goto(loop.get_absolute_url())
    manager_page.get_by_role("link", name="Debrief").click()
    recommendations = manager_page.locator("table.recommendations")
    assert "Ivy" in recommendations.inner_text() and "Strong yes" in recommendations.inner_text()
    assert "1 scorecard submitted" in manager_page.content()
