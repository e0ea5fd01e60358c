import pytest

from interviewkit.loops.models import KitItem, Loop
from interviewkit.loops.templates_fixture import load_loop_templates
from tests.browser.conftest import log_in
from tests.conftest import make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bank_for_loops(manager):
    for competency in ("ml-fundamentals", "supervised-learning", "evaluation"):
        for index in range(6):
            make_question(
                f"{competency}-{index}",
                competency=competency,
                minutes=5,
                prompt=f"Question {index} about {competency.replace('-', ' ')}?",
            )
    load_loop_templates()


def slugs(session_section):
    return session_section.locator(".kit-item").evaluate_all("els => els.map(e => e.dataset.slug)")


def test_build_adjust_and_reload_a_loop(page, manager, bank_for_loops):
    make_user("ivy", "Interviewers")
    log_in(page, "maria")

    page.goto("/loops/new/")
    page.get_by_label("Role").select_option(label="ML Engineer")
    page.get_by_label("Level").select_option(label="Senior")
    page.get_by_label("Candidate name").fill("Ada Lovelace")
    page.get_by_role("button", name="Assemble loop").click()
    page.get_by_role("heading", name="Senior ML Engineer — Ada Lovelace").wait_for()
    loop = Loop.objects.get()

    screen = page.locator("section.session", has_text="Phone screen")
    first = screen.locator(".kit-item").nth(0)
    original = slugs(screen)

    # Swap the first question for the first alternative offered.
    first.get_by_role("button", name="Swap").click()
    first.get_by_role("button", name="Use this").first.click()
    page.wait_for_function(
        "([slug]) => document.querySelector('section.session .kit-item').dataset.slug !== slug",
        arg=[original[0]],
    )
    swapped = slugs(screen)[0]
    assert swapped != original[0]

    # Lock it, then re-roll the loop: the locked question stays.
    screen.locator(".kit-item").nth(0).get_by_role("button", name="Lock").click()
    screen.locator(".kit-item").nth(0).get_by_text("Locked", exact=True).wait_for()
    order_before_reroll = slugs(screen)
    page.get_by_role("button", name="Loop", exact=True).click()
    page.get_by_role("link", name="Re-roll unlocked questions…").click()
    page.get_by_role("button", name="Re-roll").click()
    page.get_by_text("Re-rolled every unlocked question").wait_for()
    screen = page.locator("section.session", has_text="Phone screen")
    assert slugs(screen)[0] == swapped
    rerolled = slugs(screen)
    assert rerolled != order_before_reroll

    # Undo the re-roll: the questions it replaced come back.
    page.get_by_role("button", name="Undo re-rolled").click()
    page.get_by_text("Undone:").wait_for()
    screen = page.locator("section.session", has_text="Phone screen")
    assert slugs(screen) == order_before_reroll

    # Move the second question to the top.
    order = slugs(screen)
    screen.locator(".kit-item").nth(1).get_by_role("button", name="Move up").click()
    page.wait_for_function(
        "([slug]) => document.querySelector('section.session .kit-item').dataset.slug === slug",
        arg=[order[1]],
    )

    # Assign an interviewer as the session's lead.
    screen.get_by_text("Assign interviewers").click()
    screen.get_by_label("Ivy").select_option("lead")
    screen.get_by_role("button", name="Save interviewers").click()
    screen.locator(".interviewer", has_text="Ivy").wait_for()

    page.reload()
    screen = page.locator("section.session", has_text="Phone screen")
    assert slugs(screen)[:2] == [order[1], order[0]]
    assert "Locked" in screen.locator(".kit-item").nth(1).inner_text()
    assert screen.locator(".interviewer").inner_text() == "Ivy"
    assert screen.locator(".role-lead").inner_text() == "Lead"
    session = loop.sessions.get(name="Phone screen")
    assert session.assignments.get().role == "lead"
    assert KitItem.objects.get(session=session, question__slug=swapped).locked
