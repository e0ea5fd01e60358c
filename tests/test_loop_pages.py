import json

import pytest
from django.core.management import call_command

from interviewkit.bank.models import Competency, Role
from interviewkit.bank.services import save_question
from interviewkit.loops.models import SEEDS, KitItem, Level, Loop
from tests.conftest import make_loop, make_question, make_user


def items_of(session):
    return list(session.items.order_by("position").values_list("question__slug", flat=True))


def test_manager_creates_a_loop_from_role_and_level(manager_client, small_bank):
    call_command("load_loop_templates")
    response = manager_client.post(
        "/loops/new/",
        {
            "role": Role.objects.get(slug="ml-engineer").pk,
            "level": Level.objects.get(slug="senior").pk,
            "candidate_name": "Grace Hopper",
            "candidate_email": "grace@example.com",
        },
        follow=True,
    )
    loop = Loop.objects.get()
    assert loop.title == "Senior ML Engineer — Grace Hopper"
    assert response.redirect_chain[-1][0] == f"/loops/{loop.pk}/"
    assert [s.name for s in loop.sessions.all()][:2] == ["Phone screen", "ML breadth"]
    assert b"Grace Hopper" in response.content
    assert (
        b"No question covers Coding" in response.content
    )  # the small bank has no coding questions


def test_loop_form_explains_what_is_missing(manager_client):
    response = manager_client.post("/loops/new/", {"candidate_email": "not-an-email"})
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert Loop.objects.count() == 0


def test_loop_page_shows_sessions_items_and_minutes(manager_client, loop):
    response = manager_client.get(loop.get_absolute_url())
    content = response.content.decode()
    for session in loop.sessions.all():
        assert session.name in content
        assert f"of {session.question_minutes} question min" in content
        for item in session.items.all():
            assert item.revision.prompt in content


def test_loop_page_queries_do_not_grow_with_items(
    manager_client, loop, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        manager_client.get(loop.get_absolute_url())
    for index in range(30):
        make_question(f"extra-{index}", competency="evaluation")
    bigger = make_loop(loop.owner, title="Bigger", seed=3)
    session = bigger.sessions.first()
    session.minutes = 200
    session.save()
    from interviewkit.loops.services import refill_session

    refill_session(session)
    assert (
        KitItem.objects.filter(session__loop=bigger).count()
        > KitItem.objects.filter(session__loop=loop).count()
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager_client.get(bigger.get_absolute_url())


def test_unassigned_interviewer_gets_404(interviewer_client, loop):
    assert interviewer_client.get(loop.get_absolute_url()).status_code == 404
    assert b"Ada" not in interviewer_client.get("/loops/").content


def test_assigned_interviewer_reads_but_cannot_edit(interviewer_client, interviewer, loop):
    session = loop.sessions.first()
    session.interviewers.add(interviewer)
    response = interviewer_client.get(loop.get_absolute_url())
    assert response.status_code == 200
    assert b"only its hiring manager can change it" in response.content
    assert b"Re-roll unlocked" not in response.content
    item = session.items.first()
    url = f"/loops/sessions/{session.pk}/items/{item.pk}/remove/"
    assert interviewer_client.post(url).status_code == 403
    assert KitItem.objects.filter(pk=item.pk).exists()


def test_another_manager_cannot_see_or_edit_my_loop(client, loop):
    other = make_user("otto", "Hiring managers")
    client.force_login(other)
    assert client.get(loop.get_absolute_url()).status_code == 404
    item = KitItem.objects.filter(session__loop=loop).first()
    url = f"/loops/sessions/{item.session_id}/items/{item.pk}/lock/"
    assert client.post(url).status_code == 404


def test_lock_swap_remove_and_reorder_in_place(manager_client, loop):
    session = loop.sessions.first()
    first, second = session.items.order_by("position")[:2]

    items = f"/loops/sessions/{session.pk}/items"
    response = manager_client.post(f"{items}/{first.pk}/lock/", HTTP_HX_REQUEST="true")
    assert b"Unlock" in response.content and b"<html" not in response.content
    assert KitItem.objects.get(pk=first.pk).locked

    alternatives = manager_client.get(f"{items}/{second.pk}/alternatives/")
    other = alternatives.context["alternatives"][0]
    assert other.pk not in KitItem.objects.filter(session__loop=loop).values_list(
        "question", flat=True
    )
    manager_client.post(f"{items}/{second.pk}/swap/", {"question": other.pk})
    assert KitItem.objects.get(pk=second.pk).question == other

    before = items_of(session)
    ids = list(session.items.order_by("position").values_list("pk", flat=True))
    manager_client.post(f"/loops/sessions/{session.pk}/reorder/", {"item": list(reversed(ids))})
    assert items_of(session) == list(reversed(before))

    manager_client.post(f"{items}/{first.pk}/remove/")
    assert not KitItem.objects.filter(pk=first.pk).exists()


def test_adding_a_question_already_in_the_loop_is_refused(manager_client, loop):
    first, second = loop.sessions.all()
    used = second.items.first().question
    response = manager_client.post(f"/loops/sessions/{first.pk}/add/", {"question": used.pk})
    assert "already in this loop" in response.content.decode()
    assert not first.items.filter(question=used).exists()


def test_reroll_keeps_locked_items_and_changes_the_rest(manager_client, loop):
    for index in range(20):
        make_question(f"more-{index}", competency="ml-fundamentals")
    session = loop.sessions.first()
    locked = session.items.first()
    locked.locked = True
    locked.save()
    before = set(
        KitItem.objects.filter(session__loop=loop, locked=False).values_list("question", flat=True)
    )

    manager_client.post(f"/loops/{loop.pk}/reroll/")

    assert KitItem.objects.get(pk=locked.pk).question_id == locked.question_id
    after = set(
        KitItem.objects.filter(session__loop=loop, locked=False).values_list("question", flat=True)
    )
    assert after != before


def test_edit_session_minutes_and_focus_then_refill(manager_client, loop):
    for number in range(3):  # the loop already uses the small bank's deep-learning questions
        make_question(f"fresh-deep-learning-{number}", competency="deep-learning")
    session = loop.sessions.first()
    response = manager_client.post(
        f"/loops/sessions/{session.pk}/edit/",
        {
            "name": "Deep learning screen",
            "minutes": 25,
            "focus": [Competency.objects.get(slug="deep-learning").pk],
            "refill": "1",
        },
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.name == "Deep learning screen" and session.minutes == 25
    competencies = set(session.items.values_list("question__competency__slug", flat=True))
    assert competencies == {"deep-learning"}
    assert sum(session.items.values_list("minutes", flat=True)) <= 15


def test_add_and_remove_a_session(manager_client, loop):
    make_question("fresh-evaluation", competency="evaluation")
    response = manager_client.post(
        f"/loops/{loop.pk}/sessions/add/",
        {"name": "Extra", "minutes": 30, "focus": [Competency.objects.get(slug="evaluation").pk]},
        follow=True,
    )
    assert b"Added the session" in response.content
    extra = loop.sessions.get(name="Extra")
    assert extra.items.exists()
    manager_client.post(f"/loops/sessions/{extra.pk}/delete/")
    assert not loop.sessions.filter(name="Extra").exists()


def test_assign_interviewers(manager_client, loop, interviewer):
    session = loop.sessions.first()
    manager_client.post(
        f"/loops/sessions/{session.pk}/interviewers/", {f"role_{interviewer.pk}": "panel"}
    )
    assert list(session.interviewers.all()) == [interviewer]


def test_changed_questions_are_flagged_and_updated_on_request(manager_client, loop):
    item = KitItem.objects.filter(session__loop=loop).first()
    question = item.question
    question.prompt = "A sharper prompt."
    save_question(question)

    page = manager_client.get(loop.get_absolute_url()).content.decode()
    assert "1 question changed in the bank" in page
    assert KitItem.objects.get(pk=item.pk).revision.prompt != "A sharper prompt."

    manager_client.post(f"/loops/{loop.pk}/refresh/")
    assert KitItem.objects.get(pk=item.pk).revision.prompt == "A sharper prompt."


def test_build_loop_command_prints_json(small_bank, manager, capsys):
    make_loop(manager)  # creates the template used below
    call_command(
        "build_loop", "--role", "ml-engineer", "--level", "senior", "--seed", "5", "--json"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 5
    assert [s["name"] for s in data["sessions"]] == ["Phone screen", "ML breadth"]
    for session in data["sessions"]:
        assert sum(item["minutes"] for item in session["items"]) <= session["question_minutes"]
        assert all(set(item) >= {"slug", "minutes"} for item in session["items"])


def test_reroll_of_the_largest_seed_wraps_around(manager_client, loop):
    # The seed column is a 32-bit integer on PostgreSQL: seed + 1 must not overflow it.
    loop.seed = SEEDS - 1
    loop.save()
    manager_client.post(f"/loops/{loop.pk}/reroll/")
    loop.refresh_from_db()
    assert loop.seed == 0


def test_build_loop_command_rejects_a_seed_out_of_range(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--seed must be from 0 to 2147483647"):
        call_command("build_loop", "--role", "ml-engineer", "--level", "senior", "--seed", "-1")


def test_build_loop_command_names_unknown_slugs(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No role 'wizard'"):
        call_command("build_loop", "--role", "wizard", "--level", "senior")


def test_adding_a_question_searches_what_the_bank_search_searches(manager_client, loop):
    session = loop.sessions.first()
    make_question("hidden-gem", tags=["calibration-drift"], model_answer="Platt scaling and more.")
    url = f"/loops/sessions/{session.pk}/search/"
    by_tag = manager_client.get(url, {"q": "calibration-drift"}).content.decode()
    by_answer = manager_client.get(url, {"q": "Platt"}).content.decode()
    assert "hidden gem" in by_tag.lower() and "hidden gem" in by_answer.lower()
    assert "No active question matches" in manager_client.get(url, {"q": "zzz"}).content.decode()
