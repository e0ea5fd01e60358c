"""The audit trail: who changed what and when, for loops, kits, scorecards and the bank."""

import pytest

from interviewkit.bank.models import BankImport, Question
from interviewkit.loops.models import KitItem
from interviewkit.scorecards import services as scorecards
from interviewkit.scorecards.models import Score
from tests.conftest import make_question


@pytest.fixture
def submitted(loop, interviewer, small_bank):
    for index in range(6):
        make_question(f"spare-{index}", competency="ml-fundamentals")
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(interviewer)
    breadth.interviewers.add(loop.owner)
    card = scorecards.scorecard_for(screen, interviewer)
    values = {item.pk: ("2", "first thoughts") for item in screen.items.all()}
    scorecards.save_draft(card, scores=values, recommendation=2, takeaways="Unsure.")
    scorecards.submit(card, by=interviewer)
    return card


def test_the_audit_trail_records_a_reroll_and_a_reopen(manager_client, submitted, loop):
    before = set(KitItem.objects.filter(session__loop=loop).values_list("pk", flat=True))
    manager_client.post(f"/loops/{loop.pk}/reroll/")
    replaced = before - set(KitItem.objects.filter(session__loop=loop).values_list("pk", flat=True))
    assert replaced
    manager_client.post(f"/scorecards/{submitted.pk}/reopen/", {"reason": "typo"})
    card = scorecards.scorecard_for(submitted.session, submitted.interviewer)
    values = {item.pk: ("4", "second look") for item in submitted.session.items.all()}
    scorecards.save_draft(card, scores=values, recommendation=4, takeaways="Strong.")

    page = manager_client.get(f"/audit/loops/{loop.pk}/").content.decode()
    assert page.count("deleted") >= len(replaced)  # each replaced question, by whom
    assert "Maria" in page and "submitted_at" in page
    row = Score.objects.filter(scorecard=submitted).first()
    old = [h.score for h in row.history.order_by("history_date")]
    assert old[-2:] == [2, 4]  # the reopened scorecard keeps its previous scores on record
    assert "score:</span> 2 → 4" in page


def test_interviewers_cannot_read_the_audit_trail(interviewer_client, submitted, loop):
    assert interviewer_client.get(f"/audit/loops/{loop.pk}/").status_code == 404


def test_question_edits_and_imports_are_on_record(manager_client, manager, tmp_path, db):
    question = make_question("audited")
    question.prompt = "Explain audits, again."
    from interviewkit.bank.services import save_question

    save_question(question, user=manager, note="Clearer wording")
    history = list(question.history.order_by("history_date"))
    assert history[-1].prompt == "Explain audits, again."
    assert history[-1].history_change_reason == "Clearer wording"

    from interviewkit.bank import interchange

    path = tmp_path / "bank.yaml"
    path.write_text(interchange.export_bank("yaml").replace("Explain audits, again.", "New."))
    interchange.import_sources(interchange.read_paths([path]), user=manager)
    record = BankImport.objects.get()
    assert (record.by, record.updated) == (manager, {"audited": ["prompt"]})
    assert Question.objects.get(slug="audited").history.first().history_user == manager
