"""Bounds on loops (sessions per loop, questions per session), and request values that are not
what a page sends (ids that are not numbers, NUL characters) answered without a 500."""

import pytest

from interviewkit.bank.models import Competency
from interviewkit.loops import services
from interviewkit.loops.models import Session
from tests.conftest import make_question

EXTRA_SESSION = {"name": "Extra", "minutes": 30}


def add_sessions(loop, count):
    focus = [Competency.objects.get(slug="evaluation")]
    for number in range(count):
        services.add_session(loop, name=f"Extra {number}", minutes=30, focus=focus)


def test_a_loop_holds_at_most_ten_sessions(manager_client, loop):
    add_sessions(loop, services.SESSIONS_PER_LOOP - loop.sessions.count())
    with pytest.raises(services.Full, match="The loop has 10 sessions and a loop holds at most 10"):
        add_sessions(loop, 1)

    data = {**EXTRA_SESSION, "focus": [Competency.objects.get(slug="evaluation").pk]}
    response = manager_client.post(f"/loops/{loop.pk}/sessions/add/", data, follow=True)
    assert "a loop holds at most 10: remove one first." in response.content.decode()
    assert loop.sessions.count() == services.SESSIONS_PER_LOOP


def test_a_session_holds_at_most_twenty_questions(manager_client, loop):
    for number in range(60):  # every difficulty, so the level's mix never stops the fill
        difficulty = ("basic", "intermediate", "advanced")[number % 3]
        make_question(
            f"one-minute-{number}", competency="evaluation", minutes=1, difficulty=difficulty
        )
    session = Session.objects.get(loop=loop, name="Phone screen")
    session.minutes = 240
    session.save()
    services.refill_session(session)  # a fill stops at the limit, whatever the minutes allow
    assert session.items.count() == services.QUESTIONS_PER_SESSION

    spare = make_question("one-more", competency="evaluation", minutes=1)
    with pytest.raises(services.Full, match="“Phone screen” has 20 questions"):
        services.add_item(session, spare)
    response = manager_client.post(f"/loops/sessions/{session.pk}/add/", {"question": spare.pk})
    assert "a session holds at most 20: remove one first" in response.content.decode()
    assert session.items.count() == services.QUESTIONS_PER_SESSION


NOT_IDS = ["abc", "²", "1" * 5000, "9" * 30, "-1", "", "1e3", "\x00", " 1"]


@pytest.mark.parametrize("value", NOT_IDS, ids=repr)
def test_an_id_that_is_not_a_number_is_refused_in_words(manager_client, loop, value):
    session = loop.sessions.first()
    item = session.items.first()
    swap = manager_client.post(
        f"/loops/sessions/{session.pk}/items/{item.pk}/swap/", {"question": value}
    )
    add = manager_client.post(f"/loops/sessions/{session.pk}/add/", {"question": value})
    for response in (swap, add):
        assert response.status_code == 200
        assert "That question is no longer active in the bank." in response.content.decode()
    reorder = manager_client.post(f"/loops/sessions/{session.pk}/reorder/", {"item": [value]})
    assert reorder.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/bank/?q=drop%00out",
        "/bank/?tag=a%00b",
        "/bank/?competency=%00",
        "/bank/?page=%00",
        "/bank/?page=" + "9" * 5000,
        "/loops/?q=%00",
        "/loops/?owner=%00",
        "/loops/?owner=" + "9" * 5000,
    ],
)
def test_nul_characters_and_huge_numbers_in_search_and_filters(manager_client, loop, url):
    assert manager_client.get(url).status_code == 200


def test_nul_characters_in_the_session_search(manager_client, loop):
    session = loop.sessions.first()
    response = manager_client.get(f"/loops/sessions/{session.pk}/search/?q=evalu%00ation")
    assert response.status_code == 200
