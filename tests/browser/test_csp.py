"""The main pages work under the Content-Security-Policy: a real browser reports no
violation while a manager and an interviewer use them."""

import pytest

from tests.browser.conftest import log_in
from tests.conftest import make_loop, make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)


REFUSALS = ("Content Security Policy", "Refused to", "Failed to load resource")


def watch_for_violations(page):
    """Every CSP violation the page reports, from the console and from the DOM event, and every
    resource it failed to load (a missing favicon, say)."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if any(words in message.text for words in REFUSALS) else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Refused to load: CSP ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return found


def test_main_pages_raise_no_csp_violation(page, manager, browser, live_server):
    for index in range(4):
        make_question(f"fundamentals-{index}", competency="ml-fundamentals", minutes=5)
        make_question(f"evaluation-{index}", competency="evaluation", minutes=5)
    loop = make_loop(manager, candidate_name="Ada Lovelace")
    ivy = make_user("ivy", "Interviewers")
    screen = loop.sessions.get(name="Phone screen")
    screen.interviewers.add(ivy)

    violations = watch_for_violations(page)
    log_in(page, "maria")
    for path in ("/", "/loops/", "/bank/", "/bank/fundamentals-0/", "/bank/new/",
                 f"/scorecards/loops/{loop.pk}/debrief/", f"/audit/loops/{loop.pk}/",
                 "/analytics/", "/analytics/calibration/"):  # fmt: skip
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto(loop.get_absolute_url())
    card = page.locator(f"#session-{screen.pk}")
    card.get_by_role("button", name="PDF").click()  # Bootstrap's dropdown script runs
    card.locator(".kit-item").first.get_by_role("button", name="Swap").click()  # htmx runs
    card.get_by_text("Swap for one of these").wait_for()
    card.get_by_role("button", name="Cancel").click()  # our own script runs
    assert card.get_by_text("Swap for one of these").count() == 0

    interviewer = browser.new_context(base_url=live_server.url).new_page()
    violations += watch_for_violations(interviewer)
    log_in(interviewer, "ivy")
    interviewer.goto(f"/scorecards/sessions/{screen.pk}/")
    interviewer.locator(".score-item").first.get_by_label("3 · Yes").check()
    interviewer.get_by_text("Draft saved at").wait_for()  # htmx autosave under the policy
    assert violations == []
