"""A loop over time: scores never move or vanish, statuses and the decision, history, undo,
stale pages, and independence wherever scores could show."""

import io
import re

import pytest
from django.db.models import ProtectedError
from django.test import Client
from pypdf import PdfReader

from interviewkit.loops import lifecycle, services
from interviewkit.loops.models import KitItem, Loop, LoopEvent
from interviewkit.scorecards import services as scorecards
from interviewkit.scorecards.models import Score, Scorecard, ScorecardEvent
from tests.conftest import make_question, make_user

Status = Loop.Status


@pytest.fixture
def more_questions(small_bank):
    """Enough spare questions that swaps, re-rolls and refills have something to choose."""
    return [
        make_question(f"spare-{competency}-{n}", competency=competency)
        for competency in ("ml-fundamentals", "evaluation", "deep-learning")
        for n in range(4)
    ]


@pytest.fixture
def scored(loop, manager, interviewer, more_questions):
    """The manager and Ivan both interview the phone screen, and both submit; Bea's breadth
    interview is still to come, so the loop is Interviewing."""
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(manager, interviewer)
    breadth.interviewers.add(make_user("bea", "Interviewers"))
    cards = {}
    for person, base in ((manager, 4), (interviewer, 2)):
        card = scorecards.scorecard_for(screen, person)
        values = {
            item.pk: (str(1 + (base + n) % 4), f"{person.username} on Q{n}")
            for n, item in enumerate(screen.items.order_by("position"))
        }
        scorecards.save_draft(card, scores=values, recommendation=base, takeaways="Sharp.")
        scorecards.submit(card, by=person)
        cards[person.username] = card
    assert Loop.objects.get(pk=loop.pk).status == Status.INTERVIEWING
    return {"loop": loop, "screen": screen, "breadth": breadth, "cards": cards}


def given(card):
    """(prompt the score was given against, score, notes) for every row of a scorecard."""
    rows = Score.objects.filter(scorecard=card).select_related("revision", "item__revision")
    return sorted((row.revision.prompt, row.score, row.notes) for row in rows)


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, HTTP_HX_REQUEST="true", **headers)


def test_no_edit_of_the_loop_moves_or_deletes_a_submitted_score(manager_client, scored):
    loop, screen = scored["loop"], scored["screen"]
    before = {name: given(card) for name, card in scored["cards"].items()}
    items = f"/loops/sessions/{screen.pk}/items"
    first, second = screen.items.order_by("position")[:2]
    spare = KitItem.objects.filter(session__loop=loop).values_list("question", flat=True)
    other = next(q for q in scored_spares(loop) if q.pk not in spare)

    swap = post(
        manager_client, f"{items}/{second.pk}/swap/", {"question": other.pk, "confirmed": 1}
    )
    assert "has been scored, so it stays as it was asked" in swap.content.decode()
    remove = post(manager_client, f"{items}/{first.pk}/remove/", {"confirmed": 1})
    assert "cannot be removed" in remove.content.decode()
    manager_client.post(f"/loops/{loop.pk}/reroll/")
    post(manager_client, f"/loops/sessions/{screen.pk}/refill/", {"confirmed": 1})
    post(
        manager_client,
        f"/loops/sessions/{screen.pk}/edit/",
        {
            "name": "Screen",
            "minutes": 45,
            "focus": [c.pk for c in screen.focus.all()],
            "refill": "1",
            "confirmed": "1",
        },
    )
    ivan_card = scored["cards"]["ivan"]
    manager_client.post(f"/scorecards/{ivan_card.pk}/reopen/", {"reason": "typo"})

    after = {name: given(card) for name, card in scored["cards"].items()}
    assert after == before  # every score, on the prompt it was given against
    for row in Score.objects.filter(scorecard__in=scored["cards"].values()):
        assert row.item.session_id == screen.pk and row.item.revision_id == row.revision_id
    assert Scorecard.objects.get(pk=ivan_card.pk).submitted_at is None  # reopened, scores kept
    history = list(ScorecardEvent.objects.filter(scorecard=ivan_card).values_list("kind", "reason"))
    changes = [reason for kind, reason in history if kind == ScorecardEvent.Kind.KIT_CHANGED]
    assert any(reason.startswith("Re-rolled the loop") for reason in changes)
    assert any(reason.startswith("Refilled “Phone screen”") for reason in changes)
    assert any("name “Phone screen” → “Screen”" in reason for reason in changes)
    assert ("reopened", "typo") in history
    kinds = set(loop.events.values_list("kind", flat=True))
    assert {LoopEvent.Kind.REROLL, LoopEvent.Kind.REFILL, LoopEvent.Kind.SESSIONS} <= kinds


def scored_spares(loop):
    from interviewkit.bank.models import Question

    return Question.objects.filter(slug__startswith="spare-").order_by("slug")


def test_a_scored_item_cannot_be_deleted_even_around_the_services(scored):
    item = scored["screen"].items.first()
    with pytest.raises(ProtectedError):
        item.delete()
    assert Score.objects.filter(item=item).count() == 2


def test_an_unscored_item_goes_with_its_empty_score_rows(loop, interviewer, more_questions):
    screen = loop.sessions.first()
    screen.interviewers.add(interviewer)
    scorecards.scorecard_for(screen, interviewer)  # empty rows for every item
    item = screen.items.first()
    services.remove_item(item)
    assert not Score.objects.filter(item_id=item.pk).exists()


def test_a_changed_session_names_its_scorecards_before_it_changes(manager_client, scored):
    screen = scored["screen"]
    page = manager_client.get(scored["loop"].get_absolute_url()).content.decode()
    assert "This session has scorecards from Ivan (submitted), Maria (submitted)" in page
    # A page loaded before the scorecards existed sends no confirmation: nothing changes.
    before = list(screen.items.values_list("pk", "question"))
    response = post(manager_client, f"/loops/sessions/{screen.pk}/refill/")
    assert "Scorecards were started on this session" in response.content.decode()
    assert list(screen.items.values_list("pk", "question")) == before


def test_reroll_can_be_undone_once(manager_client, loop, more_questions):
    before = sorted(KitItem.objects.filter(session__loop=loop).values_list("question", flat=True))
    seed = loop.seed
    confirm = manager_client.get(f"/loops/{loop.pk}/reroll/")
    assert "Re-roll the unlocked questions?" in confirm.content.decode()
    manager_client.post(f"/loops/{loop.pk}/reroll/")
    rerolled = sorted(KitItem.objects.filter(session__loop=loop).values_list("question", flat=True))
    assert rerolled != before
    assert "Undo re-rolled" in manager_client.get(loop.get_absolute_url()).content.decode()

    response = manager_client.post(f"/loops/{loop.pk}/undo/", follow=True)
    assert "Undone:" in response.content.decode()
    after = sorted(KitItem.objects.filter(session__loop=loop).values_list("question", flat=True))
    assert after == before
    assert Loop.objects.get(pk=loop.pk).seed == seed
    again = manager_client.post(f"/loops/{loop.pk}/undo/", follow=True)
    assert "nothing to undo" in again.content.decode()


def test_undo_is_offered_only_until_the_next_change(manager_client, loop, more_questions):
    manager_client.post(f"/loops/{loop.pk}/reroll/")
    item = KitItem.objects.filter(session__loop=loop).first()
    post(manager_client, f"/loops/sessions/{item.session_id}/items/{item.pk}/lock/")
    assert "Undo re-rolled" not in manager_client.get(loop.get_absolute_url()).content.decode()


def test_refill_of_one_session_is_undone_alone(manager_client, loop, more_questions):
    screen, breadth = loop.sessions.all()
    other = list(breadth.items.values_list("question", flat=True))
    before = sorted(screen.items.values_list("question", flat=True))
    post(manager_client, f"/loops/sessions/{screen.pk}/refill/")
    manager_client.post(f"/loops/{loop.pk}/undo/")
    assert sorted(screen.items.values_list("question", flat=True)) == before
    assert list(breadth.items.values_list("question", flat=True)) == other


def test_lock_and_unlock_are_separate_and_idempotent(manager_client, loop):
    item = loop.sessions.first().items.first()
    url = f"/loops/sessions/{item.session_id}/items/{item.pk}"
    post(manager_client, f"{url}/lock/")
    post(manager_client, f"{url}/lock/")  # a stale page asking again leaves it locked
    assert KitItem.objects.get(pk=item.pk).locked
    post(manager_client, f"{url}/unlock/")
    post(manager_client, f"{url}/unlock/")
    assert not KitItem.objects.get(pk=item.pk).locked


def test_an_action_on_an_item_gone_elsewhere_says_so_and_redraws(manager_client, loop):
    session = loop.sessions.first()
    item = session.items.first()
    services.remove_item(item)  # in another tab
    response = post(manager_client, f"/loops/sessions/{session.pk}/items/{item.pk}/lock/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "no longer in this session" in content
    assert f'id="session-{session.pk}"' in content  # the session as it is now

    session_pk = session.pk
    services.delete_session(session)
    gone = post(manager_client, f"/loops/sessions/{session_pk}/items/{item.pk}/lock/")
    assert gone.status_code == 204 and gone["HX-Redirect"] == "/loops/"


def test_non_numeric_ids_are_refused_in_words(manager_client, loop):
    session = loop.sessions.first()
    item = session.items.first()
    swap = post(
        manager_client, f"/loops/sessions/{session.pk}/items/{item.pk}/swap/", {"question": "x1"}
    )
    assert swap.status_code == 200 and "no longer active" in swap.content.decode()
    add = post(manager_client, f"/loops/sessions/{session.pk}/add/", {"question": "'; drop"})
    assert add.status_code == 200 and "no longer active" in add.content.decode()


def test_save_keeps_the_questions_and_save_and_refill_replaces_them(
    manager_client, loop, more_questions
):
    session = loop.sessions.first()
    before = list(session.items.values_list("pk", flat=True))
    data = {"name": "Warm-up", "minutes": 30, "focus": [c.pk for c in session.focus.all()]}
    post(manager_client, f"/loops/sessions/{session.pk}/edit/", {**data, "save": ""})
    session.refresh_from_db()
    assert session.name == "Warm-up"
    assert list(session.items.values_list("pk", flat=True)) == before
    post(manager_client, f"/loops/sessions/{session.pk}/edit/", {**data, "refill": "1"})
    assert not set(session.items.values_list("pk", flat=True)) & set(before)


def test_statuses_move_by_their_actions(manager_client, manager, interviewer, loop):
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(interviewer)
    status = f"/loops/{loop.pk}/status/"

    manager_client.post(status, {"status": "interviewing"})  # not from Draft
    assert Loop.objects.get(pk=loop.pk).status == Status.DRAFT
    manager_client.post(status, {"status": "ready"})
    assert Loop.objects.get(pk=loop.pk).status == Status.READY
    manager_client.post(status, {"status": "draft"})
    manager_client.post(status, {"status": "ready"})

    card = scorecards.scorecard_for(screen, interviewer)
    scorecards.save_draft(card, scores={}, recommendation=None, takeaways="")
    assert Loop.objects.get(pk=loop.pk).status == Status.READY  # nothing written yet
    item = screen.items.first()
    scorecards.save_draft(card, scores={item.pk: ("3", "")}, recommendation=None, takeaways="")
    assert Loop.objects.get(pk=loop.pk).status == Status.INTERVIEWING  # the first score

    breadth.interviewers.add(manager)
    response = manager_client.post(status, {"status": "debrief"}, follow=True)
    assert "Scorecards still to come from" in response.content.decode()
    assert Loop.objects.get(pk=loop.pk).status == Status.INTERVIEWING
    for session, person in ((screen, interviewer), (breadth, manager)):
        card = scorecards.scorecard_for(session, person)
        values = {item.pk: ("3", "") for item in session.items.all()}
        scorecards.save_draft(card, scores=values, recommendation=3, takeaways="")
        scorecards.submit(card, by=person)
    assert Loop.objects.get(pk=loop.pk).status == Status.DEBRIEF  # the last one is in

    manager_client.post(status, {"status": "closed"})
    assert Loop.objects.get(pk=loop.pk).status == Status.CLOSED
    manager_client.post(status, {"status": "draft"})
    assert Loop.objects.get(pk=loop.pk).status == Status.CLOSED  # closing is final
    lines = list(
        loop.events.filter(kind=LoopEvent.Kind.STATUS).values_list("description", flat=True)
    )
    assert "Interviewing → Debrief: every scorecard is in" in lines
    assert "Ready → Interviewing: the first scores came in." in lines


def test_kits_cannot_be_final_with_an_empty_session(manager, loop):
    loop.sessions.first().items.all().delete()
    with pytest.raises(services.Refused, match="no questions yet: Phone screen"):
        lifecycle.set_status(loop, Status.READY, by=manager)


def test_the_decision_is_recorded_with_rationale_and_who(manager_client, manager, loop):
    decide = f"/scorecards/loops/{loop.pk}/decision/"
    early = manager_client.post(decide, {"decision": "hire", "rationale": "Strong."}, follow=True)
    assert "start the debrief first" in early.content.decode()
    Loop.objects.filter(pk=loop.pk).update(status=Status.DEBRIEF)
    missing = manager_client.post(decide, {"decision": "hire", "rationale": " "})
    assert "Write the rationale" in missing.content.decode()
    manager_client.post(decide, {"decision": "no-hire", "rationale": "Weak on evaluation."})
    decided = Loop.objects.get(pk=loop.pk)
    assert (decided.status, decided.decision, decided.decided_by) == (
        Status.DECIDED,
        "no-hire",
        manager,
    )
    assert decided.decision_rationale == "Weak on evaluation."
    manager_client.post(decide, {"decision": "hire", "rationale": "Reference check changed it."})
    lines = list(loop.events.filter(kind="decision").values_list("description", flat=True))
    assert lines[0] == "Changed the decision to Hire. Reference check changed it."

    page = manager_client.get(f"/scorecards/loops/{loop.pk}/debrief/").content.decode()
    assert "Reference check changed it." in page
    pdf = manager_client.get(f"/packets/loops/{loop.pk}/debrief.pdf?paper=letter").content
    reader = PdfReader(io.BytesIO(pdf))
    assert "Decision: Hire" in reader.pages[0].extract_text()
    assert round(float(reader.pages[0].mediabox.width)) == 612  # the chosen paper


def test_details_are_edited_and_recorded(manager_client, loop):
    response = manager_client.post(
        f"/loops/{loop.pk}/edit/",
        {"title": "Ada, second loop", "candidate_name": "Ada King", "candidate_email": "",
         "target_date": "2027-01-15"},
    )  # fmt: skip
    assert response.status_code == 302
    loop.refresh_from_db()
    assert (loop.title, loop.candidate_name, str(loop.target_date)) == (
        "Ada, second loop",
        "Ada King",
        "2027-01-15",
    )
    line = loop.events.get(kind=LoopEvent.Kind.EDITED).description
    assert "candidate name “Ada Lovelace” → “Ada King”" in line
    bad = manager_client.post(f"/loops/{loop.pk}/edit/", {"title": "", "target_date": "2024-02-30"})
    assert bad.status_code == 200 and "Enter a valid date" in bad.content.decode()


def test_delete_only_without_scorecards_otherwise_close(manager_client, interviewer, loop):
    screen = loop.sessions.first()
    screen.interviewers.add(interviewer)
    scorecards.scorecard_for(screen, interviewer)
    page = manager_client.get(f"/loops/{loop.pk}/delete/").content.decode()
    assert "cannot be deleted; close it instead" in page and "Close the loop" in page
    manager_client.post(f"/loops/{loop.pk}/delete/")
    assert Loop.objects.filter(pk=loop.pk).exists()

    Scorecard.objects.all().delete()
    assert "Delete the loop" in manager_client.get(f"/loops/{loop.pk}/delete/").content.decode()
    response = manager_client.post(f"/loops/{loop.pk}/delete/")
    assert response.status_code == 302 and not Loop.objects.filter(pk=loop.pk).exists()


def test_kits_are_the_record_once_the_debrief_starts(manager_client, loop, more_questions):
    Loop.objects.filter(pk=loop.pk).update(status=Status.DEBRIEF)
    session = loop.sessions.first()
    before = list(session.items.values_list("pk", "question"))
    response = post(manager_client, f"/loops/sessions/{session.pk}/refill/")
    assert "its kits are the record" in response.content.decode()
    assert list(session.items.values_list("pk", "question")) == before
    page = manager_client.get(loop.get_absolute_url()).content.decode()
    assert "Refill" not in page and "no longer change" in page


def test_loop_list_filters_searches_and_pages(manager_client, manager, loop):
    from tests.conftest import make_loop

    for n in range(22):
        make_loop(manager, title=f"Loop {n}", candidate_name=f"Person {n}")
    Loop.objects.filter(title="Loop 3").update(status=Status.CLOSED)
    first = manager_client.get("/loops/").content.decode()
    assert "Page 1 of 2" in first and "22 loops" in first  # 23 loops, one closed
    found = manager_client.get("/loops/?q=lovelace").content.decode()
    assert "Ada Lovelace" in found and "Person 1<" not in found
    closed = manager_client.get("/loops/?status=closed").content.decode()
    assert "Loop 3" in closed and "Ada Lovelace" not in closed
    assert manager_client.get("/loops/?status=nonsense").status_code == 200


def test_editable_pages_are_never_cached(manager_client, interviewer_client, loop, interviewer):
    screen = loop.sessions.first()
    screen.interviewers.add(interviewer)
    for client, url in (
        (manager_client, loop.get_absolute_url()),
        (manager_client, f"/scorecards/loops/{loop.pk}/debrief/"),
        (interviewer_client, f"/scorecards/sessions/{screen.pk}/"),
        (manager_client, f"/packets/loops/{loop.pk}/sessions/{screen.pk}/sheet.pdf"),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url


class TestIndependence:
    """Ivan interviews the screen and has not submitted; Bea submitted the breadth session."""

    @pytest.fixture
    def setting(self, loop, interviewer):
        bea = make_user("bea", "Interviewers")
        screen, breadth = loop.sessions.all()
        screen.interviewers.add(interviewer)
        breadth.interviewers.add(bea)
        card = scorecards.scorecard_for(breadth, bea)
        values = {item.pk: ("4", "BEA-SECRET-NOTE") for item in breadth.items.all()}
        scorecards.save_draft(card, scores=values, recommendation=4, takeaways="BEA-TAKEAWAY")
        scorecards.submit(card, by=bea)
        mine = scorecards.scorecard_for(screen, interviewer)
        return {"loop": loop, "screen": screen, "breadth": breadth, "bea": card, "mine": mine}

    def seen_by_ivan(self, client, setting):
        loop, breadth = setting["loop"], setting["breadth"]
        pages = [loop.get_absolute_url(), "/", f"/scorecards/sessions/{setting['screen'].pk}/"]
        pages += [item.question.get_absolute_url() for item in breadth.items.all()]
        pages += [f"/scorecards/{setting['bea'].pk}/", f"/scorecards/loops/{loop.pk}/debrief/"]
        text = [client.get(url).content.decode() for url in pages]
        kit = client.get(f"/packets/loops/{loop.pk}/sessions/{setting['screen'].pk}/kit.pdf")
        text.append(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(kit.content)).pages))
        return "\n".join(text)

    def test_no_colleague_score_anywhere_until_ivan_submits(self, interviewer_client, setting):
        seen = self.seen_by_ivan(interviewer_client, setting)
        assert "BEA-SECRET-NOTE" not in seen and "BEA-TAKEAWAY" not in seen
        assert not re.search(r"Scores from \d+ submitted scorecard", seen)
        assert "No submitted scores yet" in seen
        for url in (
            f"/scorecards/{setting['bea'].pk}/",
            f"/scorecards/loops/{setting['loop'].pk}/debrief/",
            f"/packets/loops/{setting['loop'].pk}/debrief.pdf",
            f"/packets/loops/{setting['loop'].pk}/loop.pdf",
            f"/packets/loops/{setting['loop'].pk}/sessions/{setting['breadth'].pk}/guide.pdf",
        ):
            assert interviewer_client.get(url).status_code == 404, url

    def test_after_submitting_ivan_reads_the_bank_figures(self, interviewer_client, setting):
        screen, mine = setting["screen"], setting["mine"]
        values = {item.pk: ("3", "") for item in screen.items.all()}
        scorecards.save_draft(mine, scores=values, recommendation=3, takeaways="")
        scorecards.submit(mine, by=mine.interviewer)
        question = setting["breadth"].items.first().question
        page = interviewer_client.get(question.get_absolute_url()).content.decode()
        assert "Scores from 1 submitted scorecard" in page
        assert interviewer_client.get(f"/scorecards/{setting['bea'].pk}/").status_code == 200

    def test_the_manager_sees_everything(self, manager_client, setting):
        question = setting["breadth"].items.first().question
        assert (
            "Scores from 1 submitted"
            in manager_client.get(question.get_absolute_url()).content.decode()
        )
        debrief = manager_client.get(f"/scorecards/loops/{setting['loop'].pk}/debrief/")
        assert "BEA-SECRET-NOTE" in debrief.content.decode()
        assert "BEA-TAKEAWAY" in debrief.content.decode()

    def test_another_interviewer_of_the_loop_is_blind_to_it_too(self, setting):
        other = Client()
        other.force_login(setting["screen"].interviewers.first())
        question = setting["breadth"].items.first().question
        assert "No submitted scores yet" in other.get(question.get_absolute_url()).content.decode()
