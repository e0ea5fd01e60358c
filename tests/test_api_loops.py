"""Loops through the API: created for a candidate with the ATS's reference, read with their
sessions, scorecards and decision, and an interviewer's token reading nothing a page hides."""

import pytest

from interviewkit.loops import lifecycle
from interviewkit.loops.models import Loop
from tests.conftest import Api, make_loop, make_user
from tests.test_api import problem
from tests.test_scorecards import fill

NEW = {"role": "ml-engineer", "level": "senior", "candidate_name": "Grace Hopper",
       "candidate_email": "grace@example.com", "external_ref": "greenhouse-4711"}  # fmt: skip


def test_a_manager_creates_a_loop_for_a_candidate(manager_api, loop):
    response = manager_api.post("/api/v1/loops", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/loops/{body['id']}"
    created = Loop.objects.get(pk=body["id"])
    assert (created.owner.username, created.external_ref) == ("maria", "greenhouse-4711")
    assert body["title"] == "Senior ML Engineer — Grace Hopper"
    assert body["candidate_email"] == "grace@example.com" and body["status"] == "draft"
    assert body["url"] == f"http://testserver/loops/{created.pk}/"
    sessions = manager_api.get(f"/api/v1/loops/{created.pk}/sessions").json()
    assert [s["name"] for s in sessions] == ["Phone screen", "ML breadth"]
    assert all(session["items"] for session in sessions)  # assembled from the bank
    found = manager_api.get("/api/v1/loops", {"external_ref": "greenhouse-4711"}).json()
    assert [item["id"] for item in found["items"]] == [created.pk]
    assert created.events.get().description.startswith("Assembled from")


def test_the_same_external_reference_twice_is_a_conflict_naming_the_loop(manager_api, loop):
    first = manager_api.post("/api/v1/loops", NEW).json()
    body = problem(manager_api.post("/api/v1/loops", NEW), 409)
    assert body["loop"] == first["id"] and "greenhouse-4711" in body["detail"]
    other = Api(make_user("olga", "Hiring managers"))
    assert other.post("/api/v1/loops", NEW).status_code == 201  # unique per owner only


def test_a_loop_that_cannot_be_made_says_why(manager_api, loop):
    body = problem(manager_api.post("/api/v1/loops", {**NEW, "role": "astronaut"}), 422)
    assert "no role “astronaut”" in body["detail"] and "ml-engineer" in body["detail"]
    junior = manager_api.post("/api/v1/loops", {**NEW, "level": "senior", "role": "data-scientist"})
    assert "no loop template" in problem(junior, 409)["detail"]
    wrong = problem(
        manager_api.post(
            "/api/v1/loops", {**NEW, "title": "t" * 201, "candidate_email": "nope", "colour": 1}
        ),
        422,
    )
    places = {error["where"] for error in wrong["errors"]}
    assert places == {"body.payload.title", "body.payload.candidate_email", "body.payload.colour"}
    assert "at most 200 characters" in wrong["detail"] and "not an email" in wrong["detail"]
    huge = manager_api.post("/api/v1/loops", {**NEW, "title": "t" * 70_000})
    assert "over 64 KB" in problem(huge, 413)["detail"]


def test_interviewers_do_not_create_loops(interviewer_api, loop):
    assert (
        "Only hiring managers" in problem(interviewer_api.post("/api/v1/loops", NEW), 403)["detail"]
    )


@pytest.fixture
def panel(loop, interviewer):
    bea = make_user("bea", "Interviewers")
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(interviewer)
    breadth.interviewers.add(bea)
    loop.external_ref = "ats-1"
    loop.save()
    return {"loop": loop, "screen": screen, "breadth": breadth, "ivan": interviewer, "bea": bea}


def test_an_interviewer_reads_the_loop_as_its_page_shows_it(interviewer_api, panel, manager):
    loop = panel["loop"]
    body = interviewer_api.get(f"/api/v1/loops/{loop.pk}").json()
    assert body["candidate_name"] == "Ada Lovelace"
    assert body["candidate_email"] is None and body["external_ref"] is None
    assert interviewer_api.get("/api/v1/loops", {"external_ref": "ats-1"}).json()["items"] == []
    sessions = interviewer_api.get(f"/api/v1/loops/{loop.pk}/sessions").json()
    assert [person["username"] for person in sessions[0]["interviewers"]] == ["ivan"]

    elsewhere = make_loop(manager, title="Not Ivan's")
    listed = interviewer_api.get("/api/v1/loops").json()["items"]
    assert [item["id"] for item in listed] == [loop.pk]
    for path in ("", "/sessions", "/scorecards", "/decision"):
        assert problem(interviewer_api.get(f"/api/v1/loops/{elsewhere.pk}{path}"), 404)


def test_scorecards_stay_independent_for_an_interviewers_token(panel, manager_api):
    ivan, bea = Api(panel["ivan"]), Api(panel["bea"])
    loop = panel["loop"]
    bea_card = fill(panel["breadth"], panel["bea"], 2, 2)
    ivan_draft = fill(panel["screen"], panel["ivan"], 3, 3, submit=False)

    assert [c["id"] for c in ivan.get(f"/api/v1/loops/{loop.pk}/scorecards").json()] == [
        ivan_draft.pk
    ]
    assert problem(ivan.get(f"/api/v1/scorecards/{bea_card.pk}"), 404)
    # Bea has submitted, but Ivan's card is a draft: she sees her own only, not his draft.
    assert [c["id"] for c in bea.get(f"/api/v1/loops/{loop.pk}/scorecards").json()] == [bea_card.pk]
    assert problem(bea.get(f"/api/v1/scorecards/{ivan_draft.pk}"), 404)
    everything = manager_api.get(f"/api/v1/loops/{loop.pk}/scorecards").json()
    assert {c["id"] for c in everything} == {ivan_draft.pk, bea_card.pk}

    fill(panel["screen"], panel["ivan"], 3, 3)  # Ivan submits: now he reads Bea's
    cards = ivan.get(f"/api/v1/loops/{loop.pk}/scorecards").json()
    assert {c["id"] for c in cards} == {ivan_draft.pk, bea_card.pk}
    bea_read = ivan.get(f"/api/v1/scorecards/{bea_card.pk}").json()
    assert bea_read["recommendation"] == 2 and bea_read["submitted"] is True
    assert {row["score"] for row in bea_read["scores"]} == {2}
    assert bea_read["scores"][0]["notes"].startswith("notes on")


def test_the_decision_reads_with_its_rationale_for_the_manager_only(panel, manager, manager_api):
    loop = panel["loop"]
    fill(panel["screen"], panel["ivan"], 3, 3)
    fill(panel["breadth"], panel["bea"], 4, 4)
    loop.refresh_from_db()
    assert loop.status == Loop.Status.DEBRIEF
    lifecycle.record_decision(
        loop, decision="hire", rationale="Strong on every session.", by=manager
    )

    mine = manager_api.get(f"/api/v1/loops/{loop.pk}/decision").json()
    assert mine["decision"] == "hire" and mine["rationale"] == "Strong on every session."
    assert mine["decided_by"]["username"] == "maria" and mine["decided_at"]
    theirs = Api(panel["ivan"]).get(f"/api/v1/loops/{loop.pk}/decision").json()
    assert theirs["decision"] == "hire" and theirs["rationale"] is None
    assert manager_api.get(f"/api/v1/loops/{loop.pk}").json()["decision"]["decision"] == "hire"


def test_the_loop_list_pages_newest_first_in_flat_queries(manager_api, manager, small_bank):
    loops = [make_loop(manager, title=f"Loop {n}") for n in range(5)]
    manager_api.get("/api/v1/me")
    first = manager_api.get("/api/v1/loops", {"limit": 3}).json()
    second = manager_api.get("/api/v1/loops", {"limit": 3, "cursor": first["next_cursor"]}).json()
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == [loop.pk for loop in reversed(loops)] and second["next_cursor"] is None
    assert manager_api.get("/api/v1/loops", {"status": "ready"}).json()["items"] == []
