"""Pages everyone can use: axe-core (from npm) finds no serious or critical violation on the
main pages, for a hiring manager and for an interviewer; at 390 px wide no page scrolls
sideways; keyboard focus is visible; a session's buttons stay on one row at desktop width."""

from pathlib import Path

import pytest
from django.conf import settings

from interviewkit.scorecards.services import save_draft, scorecard_for, submit
from tests.browser.conftest import log_in
from tests.conftest import make_loop, make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
SERIOUS = """async () => {
  const found = await axe.run(document, { resultTypes: ["violations"] });
  return found.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ` +
      v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", "));
}"""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def pages(manager):
    """The main pages of each user: a loop, the bank, scorecards submitted and in draft."""
    for index in range(4):
        make_question(f"fundamentals-{index}", competency="ml-fundamentals", minutes=5)
        make_question(f"evaluation-{index}", competency="evaluation", minutes=5)
        make_question(f"deep-{index}", competency="deep-learning", minutes=5)
    loop = make_loop(manager, candidate_name="Ada Lovelace")
    ivy = make_user("ivy", "Interviewers")
    screen, breadth = loop.sessions.order_by("position")
    for session in (screen, breadth):
        session.interviewers.add(ivy)
    card = scorecard_for(screen, ivy)
    scores = {row.item_id: ("3", "Explained it with an example.") for row in card.scores.all()}
    save_draft(card, scores=scores, recommendation=3, takeaways="Clear and careful.")
    submit(card, by=ivy)
    common = ["/", "/loops/", loop.get_absolute_url(), "/bank/", "/bank/fundamentals-0/",
              f"/scorecards/{card.pk}/", "/account/settings/", "/analytics/"]  # fmt: skip
    return {
        "maria": [*common, f"/scorecards/loops/{loop.pk}/debrief/"],
        "ivy": [
            *common,
            f"/scorecards/sessions/{breadth.pk}/",
            f"/scorecards/sessions/{breadth.pk}/?mode=paper",
        ],
    }


def signed_in(browser, live_server, username, viewport):
    # axe is injected as a script of the test's own, which the app's CSP would refuse.
    context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, username)
    return page


def test_axe_finds_no_serious_or_critical_violation_on_the_main_pages(pages, browser, live_server):
    found = []
    for username, paths in pages.items():
        page = signed_in(browser, live_server, username, DESKTOP)
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(path=AXE)
            found += [f"{username} {path}: {problem}" for problem in page.evaluate(SERIOUS)]
        page.context.close()
    assert not found, "\n".join(found)


def test_no_page_is_wider_than_a_390_px_phone(pages, browser, live_server):
    too_wide = []
    for username, paths in pages.items():
        page = signed_in(browser, live_server, username, PHONE)
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.evaluate("window.innerWidth"):
                too_wide.append(f"{username} {path}: {width} px")
        page.context.close()
    assert not too_wide, "\n".join(too_wide)


FOCUS_SHOWN = """() => {
  if (document.activeElement === document.body) return true;  // past the last, back to the top
  const style = getComputedStyle(document.activeElement);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outlined || style.boxShadow !== "none";
}"""


def test_keyboard_focus_is_visible_and_session_buttons_keep_to_one_row(pages, browser, live_server):
    page = signed_in(browser, live_server, "maria", DESKTOP)
    loop_url = pages["maria"][2]
    for path in ("/", loop_url):
        page.goto(path)
        unseen = []
        for _ in range(25):
            page.keyboard.press("Tab")
            if not page.evaluate(FOCUS_SHOWN):
                unseen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
        assert not unseen, f"{path}: " + "\n".join(unseen)

    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(loop_url)
        for header in page.locator(".session > .card-header").all():
            tops = {round(button.bounding_box()["y"]) for button in header.locator(".btn").all()}
            assert len(tops) == 1, (width, header.inner_text())
