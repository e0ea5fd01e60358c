"""A hiring manager opens the analytics page, then a question's reliability, in a browser."""

import pytest

from interviewkit.analytics import demo
from interviewkit.analytics.simulation import PlantedRater
from tests.browser.conftest import log_in
from tests.browser.test_csp import watch_for_violations
from tests.conftest import make_loop, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_reads_the_analytics_and_a_questions_reliability(page, manager, small_bank):
    make_loop(manager)
    raters = [
        (make_user(name, "Interviewers"), PlantedRater(name, severity, 0.3))
        for name, severity in (("harsh", -0.5), ("fair", 0.0), ("kind", 0.5))
    ]
    demo.build_history(demo.History(raters=raters, loops=30), owner=manager)
    violations = watch_for_violations(page)

    log_in(page, "maria")
    page.get_by_role("link", name="Analytics").click()
    page.get_by_role("heading", name="Do our interviews measure something?").wait_for()
    severity = page.locator("img.chart-severity")
    assert severity.evaluate("img => img.complete && img.naturalWidth > 0")  # drawn under CSP
    assert "Severity: Harsh -" in severity.get_attribute("alt")
    assert page.locator(".rater-row").first.inner_text().startswith("Harsh")  # harshest first
    assert page.locator(".competency-alphas tbody tr").count() == 3

    first = page.locator(".question-row").first
    slug = first.get_attribute("data-slug")
    first.get_by_role("link", name=slug).click()
    page.wait_for_url(f"**/bank/{slug}/")
    panel = page.locator(".question-reliability")
    panel.get_by_text("Alpha").first.wait_for()
    assert "95% interval" in panel.inner_text()
    histogram = panel.locator("img.chart-histogram")
    assert histogram.evaluate("img => img.complete && img.naturalWidth > 0")
    assert histogram.get_attribute("alt").startswith("Anchor use chart. Scores given: 1 strong no")
    assert violations == []
