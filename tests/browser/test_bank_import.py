import pytest

from interviewkit.bank.models import Question
from tests.browser.conftest import log_in
from tests.conftest import make_question
from tests.test_bank_interchange import new_question_yaml, yaml_file
from tests.test_bank_sheets import xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_preview_and_confirm_an_import(page, manager, tmp_path):
    make_question("overfitting", prompt="What is overfitting?")
    bank_file = tmp_path / "team-bank.yaml"
    bank_file.write_text(
        yaml_file(
            new_question_yaml("bias-variance", prompt="Explain the bias-variance trade-off."),
            new_question_yaml("overfitting", prompt="How do you spot overfitting early?"),
        )
    )
    log_in(page, "maria")

    page.goto("/bank/import/")
    page.get_by_label("Bank file").set_input_files(str(bank_file))
    page.get_by_role("button", name="Preview import").click()

    page.get_by_role("heading", name="Preview import").wait_for()
    created = page.get_by_role("list", name="Will be created")
    updated = page.get_by_role("list", name="Will be updated")
    assert created.inner_text().split() == ["bias-variance"]
    assert updated.inner_text().startswith("overfitting changes prompt")
    assert not Question.objects.filter(slug="bias-variance").exists()

    page.get_by_role("button", name="Import 2 questions").click()
    page.get_by_text("Imported team-bank.yaml: 1 created, 1 updated").wait_for()
    assert page.url.endswith("/bank/")
    page.get_by_text("Explain the bias-variance trade-off.").wait_for()
    page.get_by_text("How do you spot overfitting early?").wait_for()


def test_a_bad_file_shows_its_problems_and_cannot_be_imported(page, manager, tmp_path):
    bank_file = tmp_path / "bad.yaml"
    bank_file.write_text(yaml_file(new_question_yaml("bias-variance", minutes="ten")))
    log_in(page, "maria")

    page.goto("/bank/import/")
    page.get_by_label("Bank file").set_input_files(str(bank_file))
    page.get_by_role("button", name="Preview import").click()

    problems = page.get_by_role("table", name="Problems")
    assert "line 9" in problems.inner_text() and "minutes" in problems.inner_text()
    assert page.get_by_role("button", name="Import").count() == 0
    page.get_by_role("link", name="Upload another file").click()
    page.get_by_role("heading", name="Import questions").wait_for()


def test_a_recruiters_sheet_has_one_column_mapped_again_and_imports_as_drafts(
    page, manager, tmp_path
):
    sheet = tmp_path / "our-questions.xlsx"
    sheet.write_bytes(
        xlsx(
            [
                ["Question", "Our notes", "Level"],
                [
                    "What is a p-value?",
                    "The chance of data this odd if nothing is going on.",
                    "Mid",
                ],
            ]
        )
    )
    log_in(page, "maria")

    page.goto("/bank/import/")
    page.get_by_label("Bank file").set_input_files(str(sheet))
    page.get_by_role("button", name="Preview import").click()

    columns = page.get_by_role("form", name="Columns")
    assert columns.get_by_label("Question").input_value() == "prompt"
    assert columns.get_by_label("Level").input_value() == "difficulty"
    assert columns.get_by_label("Our notes").input_value() == ""  # not guessed: not imported
    drafts = page.get_by_role("list", name="Drafts to complete")
    assert "model answer" in drafts.inner_text()

    columns.get_by_label("Our notes").select_option("model_answer")
    columns.get_by_role("button", name="Check again with these columns").click()
    page.get_by_text("Columns changed").wait_for()
    drafts = page.get_by_role("list", name="Drafts to complete")
    assert "what-is-a-p-value" in drafts.inner_text()
    assert "model answer" not in drafts.inner_text()

    page.get_by_role("button", name="Import 1 question").click()
    page.get_by_text("Imported our-questions.xlsx: 1 created").wait_for()
    page.get_by_role("link", name="Drafts to complete (1)").click()
    page.get_by_text("Still needs: kind, competency, minutes").wait_for()
    question = Question.objects.get(slug="what-is-a-p-value")
    assert question.model_answer.startswith("The chance of data this odd")
    assert (question.status, question.difficulty) == ("draft", "intermediate")
