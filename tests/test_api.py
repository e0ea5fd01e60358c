"""The API's door and shape: tokens (made and revoked on the settings page, stored hashed),
problem details for every error, bounds with the bound in the message, cursor pagination,
and the bank and template reads."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviewkit.api.models import ApiToken
from interviewkit.api.tokens import MAX_ACTIVE, create_token, digest
from interviewkit.bank.models import Question, Role
from tests.conftest import Api, make_question


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


def test_the_settings_page_creates_a_token_shown_once_and_stored_as_a_digest(manager_client):
    response = manager_client.post("/settings/tokens/", {"name": "Greenhouse sync"}, follow=True)
    token = response.context["new_token"]
    assert token.startswith("ik_") and len(token) > 50
    assert token in response.content.decode()
    stored = ApiToken.objects.get(name="Greenhouse sync")
    assert stored.digest == digest(token) and token not in {stored.digest, stored.key_id}
    assert token not in manager_client.get("/settings/tokens/").content.decode()

    assert Api(token=token).get("/api/v1/me").json()["username"] == "maria"
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    assert "ik_" + stored.key_id in manager_client.get("/settings/tokens/").content.decode()


def test_a_revoked_token_is_refused_and_says_so(manager_client, manager):
    token, raw = create_token(manager, name="old")
    manager_client.post(f"/settings/tokens/{token.pk}/revoke/")
    body = problem(Api(token=raw).get("/api/v1/me"), 401)
    assert "revoked" in body["detail"] and "API tokens page" in body["detail"]


def test_nobody_revokes_anothers_token(interviewer_client, manager):
    token, raw = create_token(manager, name="mine")
    assert interviewer_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    assert Api(token=raw).get("/api/v1/me").status_code == 200


def test_requests_without_or_with_a_wrong_token_are_401_problems(client, manager):
    missing = problem(client.get("/api/v1/loops"), 401)
    assert "Authorization header" in missing["detail"]
    assert missing["type"] == "http://testserver/api/problems/token"
    assert client.get("/api/v1/loops")["WWW-Authenticate"].startswith("Bearer")
    _, raw = create_token(manager, name="real")
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    for token in (forged, "ik_nothing", "not-even-close"):
        assert "not one of ours" in problem(Api(token=token).get("/api/v1/loops"), 401)["detail"]


def test_a_deactivated_users_token_is_refused(manager):
    api = Api(manager)
    manager.is_active = False
    manager.save()
    assert "deactivated" in problem(api.get("/api/v1/me"), 401)["detail"]


def test_a_person_has_at_most_so_many_tokens(manager_client, manager):
    for number in range(MAX_ACTIVE):
        create_token(manager, name=f"t{number}")
    response = manager_client.post("/settings/tokens/", {"name": "one more"})
    assert f"You have {MAX_ACTIVE} tokens" in response.content.decode()


def test_the_problem_types_are_documented_pages(client):
    page = client.get("/api/problems/token")
    assert page.status_code == 200 and b"No valid API token" in page.content
    assert client.get("/api/problems/nothing").status_code == 404


def test_an_unknown_endpoint_is_a_problem_too(manager_api):
    assert "/api/docs" in problem(manager_api.get("/api/v1/nothing/here"), 404)["detail"]


def test_bounds_are_named_in_the_message(manager_api):
    body = problem(manager_api.get("/api/v1/roles", {"limit": 500}), 422)
    assert body["errors"] == [
        {"where": "query.limit", "message": "Input should be less than or equal to 100"}
    ]
    assert "query.limit" in body["detail"]
    long = problem(manager_api.get("/api/v1/questions", {"role": "x" * 51}), 422)
    assert "at most 50 characters" in long["detail"]
    assert (
        "not a cursor of ours"
        in problem(manager_api.get("/api/v1/roles", {"cursor": "made-up"}), 422)["detail"]
    )


def test_cursor_pagination_visits_every_question_once(manager_api, small_bank):
    seen, params, pages = [], {"limit": 5}, 0
    while True:
        body = manager_api.get("/api/v1/questions", params).json()
        seen += [question["slug"] for question in body["items"]]
        pages += 1
        if body["next_cursor"] is None:
            break
        assert body["next"].startswith("http://testserver/api/v1/questions?")
        params = {"limit": 5, "cursor": body["next_cursor"]}
        if pages == 1:
            make_question("added-while-paging")  # lands at the end, never repeats a page
    assert pages == 3
    assert seen == list(Question.objects.order_by("pk").values_list("slug", flat=True))


def test_roles_levels_and_templates(manager_api, loop):
    roles = manager_api.get("/api/v1/roles").json()
    assert [role["slug"] for role in roles["items"]] == list(
        Role.objects.order_by("pk").values_list("slug", flat=True)
    )
    assert manager_api.get("/api/v1/roles/ml-engineer").json()["name"] == "ML Engineer"
    assert problem(manager_api.get("/api/v1/roles/astronaut"), 404)
    senior = manager_api.get("/api/v1/levels/senior").json()
    assert senior["difficulty_mix"]["advanced"] == 50
    templates = manager_api.get("/api/v1/templates").json()["items"]
    assert templates[0]["role"] == "ml-engineer" and templates[0]["level"] == "senior"
    assert [s["name"] for s in templates[0]["sessions"]] == ["Phone screen", "ML breadth"]
    assert templates[0]["sessions"][0]["focus"] == ["ml-fundamentals", "evaluation"]
    one = manager_api.get(f"/api/v1/templates/{templates[0]['id']}").json()
    assert one == templates[0]


def test_a_question_reads_as_in_the_bank(interviewer_api, small_bank):
    question = small_bank[0]
    body = interviewer_api.get(f"/api/v1/questions/{question.slug}").json()
    assert body["prompt"] == question.prompt and body["rubric"] == question.rubric
    assert body["probes"][0] == {"ask": "What goes wrong at scale?", "listen_for": ""}
    assert body["competency"] == "ml-fundamentals" and body["tags"] == ["fundamentals"]
    drafts = interviewer_api.get("/api/v1/questions", {"status": "draft"}).json()
    assert drafts["items"] == []


def test_the_question_list_takes_a_flat_number_of_queries(manager_api, small_bank):
    manager_api.get("/api/v1/me")  # the token's first use writes its last-used time
    with CaptureQueriesContext(connection) as few:
        manager_api.get("/api/v1/questions", {"limit": 2})
    with CaptureQueriesContext(connection) as many:
        manager_api.get("/api/v1/questions", {"limit": 12})
    assert len(few) == len(many)


def test_the_openapi_document_describes_the_api(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert schema["info"]["version"] == "1"
    assert "/api/v1/loops" in schema["paths"] and "/api/v1/questions/import" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_is_served_from_our_own_static_files(manager_client):
    page = manager_client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


@pytest.mark.parametrize("path", ["/settings/tokens/", "/api/docs"])
def test_the_pages_need_a_login(client, path, db):
    assert client.get(path)["Location"].startswith("/login/")


@pytest.fixture
def bank_file(db):
    """A bank file of one new question, "from-the-api", as an export writes it."""
    from interviewkit.bank import interchange

    make_question("exported-one")
    return interchange.export_bank("yaml").replace("exported-one", "from-the-api")


def test_import_questions_dry_run_then_for_real(manager_api, bank_file, manager):
    dry = manager_api.post("/api/v1/questions/import?dry_run=true", bank_file, "application/yaml")
    assert dry.status_code == 200, dry.content
    assert dry.json()["created"] == ["from-the-api"] and dry.json()["imported"] is False
    assert not Question.objects.filter(slug="from-the-api").exists()

    done = manager_api.post("/api/v1/questions/import", bank_file, "application/yaml").json()
    assert done["imported"] is True and done["summary"].startswith("1 created")
    assert Question.objects.get(slug="from-the-api").revisions.get().created_by == manager


def test_import_problems_are_reported_and_nothing_imported(manager_api, bank_file):
    broken = bank_file.replace("difficulty: basic", "difficulty: impossible")
    body = problem(manager_api.post("/api/v1/questions/import", broken, "text/yaml"), 422)
    assert body["type"].endswith("/api/problems/import-problems")
    assert body["problems"][0]["field"] == "difficulty"
    assert body["problems"][0]["where"].startswith("line ")
    assert body["imported"] is False
    assert not Question.objects.filter(slug="from-the-api").exists()


def test_import_needs_a_format_a_bounded_body_and_a_curator(
    manager_api, interviewer_api, bank_file
):
    assert (
        "Content-Type"
        in problem(manager_api.post("/api/v1/questions/import", bank_file, "text/plain"), 415)[
            "detail"
        ]
    )
    as_json = manager_api.post("/api/v1/questions/import?format=json", "{", "text/plain")
    assert "not valid JSON" in problem(as_json, 422)["problems"][0]["message"]
    huge = manager_api.post("/api/v1/questions/import", "x" * (5 * 1024 * 1024 + 1), "text/csv")
    assert "over 5 MB" in problem(huge, 413)["detail"]
    refused = interviewer_api.post("/api/v1/questions/import", bank_file, "application/yaml")
    assert problem(refused, 403)
