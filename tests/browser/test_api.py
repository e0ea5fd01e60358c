"""The API from a browser: a token made on the settings page works from outside the browser,
and the API docs (django-ninja's Swagger UI) work offline under our Content-Security-Policy."""

import pytest
import requests

from tests.browser.conftest import log_in
from tests.browser.test_csp import watch_for_violations
from tests.conftest import make_loop, make_question

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_a_token_on_the_settings_page_and_use_it(page, manager, live_server):
    for index in range(4):
        make_question(f"fundamentals-{index}", competency="ml-fundamentals")
        make_question(f"evaluation-{index}", competency="evaluation")
    loop = make_loop(manager, candidate_name="Ada Lovelace")
    log_in(page, "maria")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Greenhouse sync")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("Your new token").input_value()
    assert token.startswith("ik_")

    answer = requests.get(
        f"{live_server.url}/api/v1/loops", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert answer.status_code == 200
    assert [item["candidate_name"] for item in answer.json()["items"]] == ["Ada Lovelace"]
    assert answer.json()["items"][0]["id"] == loop.pk

    page.reload()  # the token is not shown again; its use is
    assert page.get_by_label("Your new token").count() == 0
    row = page.locator("table.tokens tr", has_text="Greenhouse sync")
    assert "never" not in row.inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke").click()
    page.get_by_text("Revoked “Greenhouse sync”").wait_for()
    refused = requests.get(
        f"{live_server.url}/api/v1/loops", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_the_api_docs_work_offline_under_the_policy(page, manager, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    violations = watch_for_violations(page)
    log_in(page, "maria")
    page.goto("/api/docs")
    page.get_by_text("/api/v1/loops/{loop_id}/scorecards").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert violations == []
    assert [url for url in requested if not url.startswith(live_server.url)] == []
