from interviewkit.bank.models import Question
from interviewkit.bank.services import save_question
from tests.conftest import make_question


def test_a_new_question_starts_at_revision_one(db):
    question = make_question("bias-variance")
    assert question.revision == 1
    assert question.revisions.get().content["prompt"] == "Explain bias variance."


def test_changing_content_makes_a_new_revision_and_keeps_the_old(db):
    question = make_question("bias-variance")
    question.prompt = "Explain the bias-variance trade-off with an example."
    save_question(question)

    question.refresh_from_db()
    assert question.revision == 2
    first, second = question.revisions.order_by("number")
    assert first.prompt == "Explain bias variance."
    assert second.prompt == "Explain the bias-variance trade-off with an example."


def test_saving_without_content_change_makes_no_revision(db):
    question = make_question("bias-variance")
    question.status = Question.Status.RETIRED
    save_question(question, tags=["renamed-tag"])
    assert question.revisions.count() == 1


def test_a_long_note_fits_the_audit_trail_and_stays_whole_on_the_revision(db):
    question = make_question("bias-variance")
    question.prompt = "Explain the bias-variance trade-off."
    note = "imported from /tmp/" + "a-long-folder/" * 10 + "bank.csv"
    revision = save_question(question, note=note)
    assert revision.note == note
    assert question.history.latest().history_change_reason == note[:100]
