import pytest

from interviewkit.bank.models import Question
from tests.browser.conftest import log_in
from tests.conftest import make_question

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_find_edit_the_rubric_and_retire_a_question(page, manager):
    make_question("overfitting", prompt="What is overfitting?")
    log_in(page, "maria")

    page.goto("/bank/")
    page.get_by_role("link", name="New question").click()
    fields = {
        "Prompt": "Why does batch normalization speed up training?",
        "Minutes": "6",
        "Tags": "normalization, training",
        "Model answer": "It normalizes each layer's inputs per mini-batch.",
        "What good looks like": "Per-batch statistics\nLearned scale\nSmoother loss",
        "Follow-up probes": "What happens at inference?\nListen for: running statistics, not "
        "the batch's\nWhy not with batch size 1?\nListen for: the batch variance is zero",
        "Red flags": "Uses batch statistics at inference\nCalls it dropout",
        "1 · Strong no": "Cannot say what is normalized or why.",
        "2 · No": "Knows the mean and variance step but not its effect.",
        "3 · Yes": "Explains per-batch statistics, scale and shift, and stability.",
        "4 · Strong yes": "Adds inference statistics and when layer norm fits better.",
    }
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Kind").select_option("conceptual")
    page.get_by_label("Competency").select_option(label="Deep learning")
    page.get_by_label("Difficulty").select_option("advanced")
    page.get_by_label("Status").select_option("active")
    page.get_by_label("ML Engineer").check()
    page.get_by_role("button", name="Create question").click()
    page.get_by_role("heading", name="why-does-batch-normalization-speed-up-training").wait_for()

    page.get_by_role("link", name="← Question bank").click()
    page.get_by_role("searchbox", name="Search").fill("normalization")
    page.get_by_role("button", name="Apply").click()
    results = page.locator("table.bank-table tbody tr")
    assert results.count() == 1
    results.get_by_role("link", name="Why does batch normalization").click()

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("4 · Strong yes").fill("Also covers running statistics and group norm.")
    page.get_by_label("What changed").fill("Sharper top anchor")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved as revision 2").wait_for()
    rubric = page.get_by_role("table", name="Rubric")
    assert "Also covers running statistics and group norm." in rubric.inner_text()

    page.get_by_role("button", name="Retire").click()
    page.get_by_text("Question retired").wait_for()
    question = Question.objects.get(slug="why-does-batch-normalization-speed-up-training")
    assert question.status == "retired" and question.revision == 2
    page.goto("/bank/?q=normalization")
    assert page.locator("table.bank-table tbody tr").count() == 0
