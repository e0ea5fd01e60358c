"""The bank pages: list, search and filters, question page, editor, retire and restore."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviewkit.bank.models import Question
from interviewkit.loops.models import KitItem
from tests.conftest import make_loop, make_question

pytestmark = pytest.mark.django_db


def question_form(**overrides):
    """POST data for a complete, active question."""
    data = {
        "slug": "",
        "prompt": "What does dropout do during training and at inference time?",
        "kind": "conceptual",
        "competency": "",
        "difficulty": "intermediate",
        "minutes": "5",
        "status": "active",
        "roles": [],
        "tags": "regularization, deep-learning",
        "model_answer": "Dropout zeroes random units while training.",
        "good_signals": "Random masking\nScaling at inference\nActs as an ensemble",
        "probes": "Why scale the activations?\nListen for: expected activations stay the same at "
        "inference\nWhere does dropout hurt?\nListen for: small models, and next to batch norm",
        "red_flags": "Drops units at inference\nThinks it speeds up training",
        "rubric_1": "Cannot say what dropout does.",
        "rubric_2": "Knows units are dropped but not why or when.",
        "rubric_3": "Explains masking, scaling and the regularizing effect.",
        "rubric_4": "Adds the ensemble view and when dropout conflicts with batch norm.",
        "note": "",
    }
    from interviewkit.bank.models import Competency, Role

    data["competency"] = Competency.objects.get(slug="deep-learning").pk
    data["roles"] = [role.pk for role in Role.objects.filter(slug__in=["ml-engineer"])]
    data.update(overrides)
    return data


def listed_slugs(response):
    return [question.slug for question in response.context["page"].object_list]


def test_login_is_required(client):
    response = client.get("/bank/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_interviewers_read_the_bank_but_cannot_write_it(interviewer_client):
    question = make_question("overfitting")
    assert interviewer_client.get("/bank/").status_code == 200
    page = interviewer_client.get(question.get_absolute_url())
    assert page.status_code == 200
    assert b"New question" not in interviewer_client.get("/bank/").content
    assert b">Edit<" not in page.content and b"Retire" not in page.content
    assert interviewer_client.get("/bank/new/").status_code == 403
    assert interviewer_client.get("/bank/overfitting/edit/").status_code == 403
    response = interviewer_client.post("/bank/overfitting/status/", {"status": "retired"})
    assert response.status_code == 403
    assert Question.objects.get(slug="overfitting").status == "active"


def test_filters_narrow_the_list(manager_client):
    make_question("dl-basic", competency="deep-learning", difficulty="basic", tags=["cnn"])
    make_question("dl-advanced", competency="deep-learning", difficulty="advanced")
    make_question("eval-scenario", competency="evaluation", kind="scenario", minutes=10)
    from interviewkit.bank.models import Role

    make_question("ds-only", roles=[Role.objects.get(slug="data-scientist")])

    def slugs(query):
        return sorted(listed_slugs(manager_client.get(f"/bank/?{query}")))

    assert slugs("competency=deep-learning") == ["dl-advanced", "dl-basic"]
    assert slugs("competency=deep-learning&difficulty=advanced") == ["dl-advanced"]
    assert slugs("kind=scenario") == ["eval-scenario"]
    assert slugs("tag=cnn") == ["dl-basic"]
    assert "ds-only" not in slugs("role=mlops-engineer")
    assert "ds-only" in slugs("role=data-scientist")


def test_retired_questions_are_hidden_until_asked_for(manager_client):
    make_question("kept")
    make_question("old", status="retired")
    assert listed_slugs(manager_client.get("/bank/")) == ["kept"]
    assert listed_slugs(manager_client.get("/bank/?status=retired")) == ["old"]
    assert sorted(listed_slugs(manager_client.get("/bank/?status=all"))) == ["kept", "old"]


def test_a_bad_filter_says_what_is_wrong(manager_client):
    make_question("kept")
    response = manager_client.get("/bank/?difficulty=impossible")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert listed_slugs(response) == []


def test_search_finds_words_in_prompt_answer_and_tags(manager_client):
    make_question("roc", prompt="How is the ROC curve drawn from a classifier's scores?")
    make_question("leak", prompt="What is target leakage?", tags=["leakage"])
    make_question(
        "knn", prompt="How does k-NN classify?", model_answer="It votes among the neighbours."
    )

    assert listed_slugs(manager_client.get("/bank/?q=classifier scores")) == ["roc"]
    assert listed_slugs(manager_client.get("/bank/?q=leakage")) == ["leak"]
    assert listed_slugs(manager_client.get("/bank/?q=neighbours")) == ["knn"]
    response = manager_client.get("/bank/?q=quaternions")
    assert listed_slugs(response) == [] and b"No question matches" in response.content


def test_search_ranks_prompt_matches_first_on_postgresql(manager_client):
    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL full-text search")
    make_question("mentions", model_answer="Dropout is one way; early stopping is another.")
    make_question("about", prompt="Explain dropout and why it regularizes a network.")
    assert listed_slugs(manager_client.get("/bank/?q=dropout")) == ["about", "mentions"]


def test_sorting_and_pages_of_25(manager_client):
    for number in range(30):
        make_question(f"q-{number:02}", minutes=3 + number % 5)
    first = manager_client.get("/bank/?sort=slug")
    assert listed_slugs(first) == [f"q-{number:02}" for number in range(25)]
    assert "page 1 of 2" in first.content.decode()
    second = manager_client.get("/bank/?sort=slug&page=2")
    assert listed_slugs(second) == [f"q-{number:02}" for number in range(25, 30)]
    by_minutes = listed_slugs(manager_client.get("/bank/?sort=minutes"))
    assert by_minutes[:6] == ["q-00", "q-05", "q-10", "q-15", "q-20", "q-25"]


def test_the_list_makes_as_many_queries_for_100_questions_as_for_10(manager_client):
    def queries_for_list():
        with CaptureQueriesContext(connection) as context:
            assert manager_client.get("/bank/?sort=slug").status_code == 200
        return len(context)

    queries_for_list()  # the session's first request writes it once (idle timeout)
    for number in range(10):
        make_question(f"small-{number}", tags=["a", f"t{number}"])
    ten = queries_for_list()
    for number in range(90):
        make_question(f"big-{number}", tags=["b", f"u{number}"])
    assert queries_for_list() == ten


def test_question_page_shows_everything_an_interviewer_needs(manager_client):
    question = make_question(
        "roc-auc",
        prompt="What does **ROC AUC** measure?",
        model_answer="The probability that a random positive outranks a random negative.\n\n"
        "```python\nauc = roc_auc_score(y, scores)\n```",
        probes=["What does an AUC of 0.5 mean?", "Why can AUC mislead on rare positives?"],
        red_flags=["Says AUC depends on the threshold", "Confuses AUC with accuracy"],
        rubric=["Cannot define it.", "Knows the curve only.", "Ranking view.", "Plus caveats."],
    )
    page = manager_client.get(question.get_absolute_url()).content.decode()
    assert "<strong>ROC AUC</strong>" in page
    assert 'class="codehilite"' in page
    for text in (
        "What does an AUC of 0.5 mean?",
        "Confuses AUC with accuracy",
        "Knows the curve only.",
        "4 · Strong yes",
        "Revision 1",
        "Asked <strong>0</strong> times",
    ):
        assert text in page


def test_question_page_lists_where_it_was_used(manager_client, manager, small_bank):
    loop = make_loop(manager)
    item = KitItem.objects.filter(session__loop=loop).select_related("question").first()
    page = manager_client.get(item.question.get_absolute_url()).content.decode()
    assert "Asked <strong>1</strong> time in <strong>1</strong> loop" in page
    assert loop.title in page


@pytest.mark.parametrize(
    "markdown, forbidden",
    [
        ("<script>alert('x')</script>", "<script>alert"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="#" onclick="steal()">x</a>', "onclick"),
        ('<p onmouseover="steal()">hover</p>', "onmouseover"),
        ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
        ("![x](file:///etc/passwd)", "file:///etc/passwd"),
    ],
)
def test_markdown_in_questions_renders_harmlessly(manager_client, markdown, forbidden):
    question = make_question("hostile", prompt=f"Prompt {markdown}", model_answer=markdown)
    page = manager_client.get(question.get_absolute_url()).content.decode()
    assert forbidden not in page


def test_an_old_revision_can_be_read(manager_client):
    question = make_question("drift", prompt="What is data drift?")
    from interviewkit.bank.services import save_question

    question.prompt = "What is concept drift?"
    save_question(question)
    current = manager_client.get(question.get_absolute_url()).content.decode()
    old = manager_client.get(question.get_absolute_url() + "?revision=1").content.decode()
    assert "What is concept drift?" in current and "Prompt" in current
    assert "What is data drift?" in old and "reading revision 1" in old
    assert manager_client.get(question.get_absolute_url() + "?revision=9").status_code == 404


def test_create_a_question_through_the_form(manager_client, manager):
    response = manager_client.post("/bank/new/", question_form())
    slug = "what-does-dropout-do-during-training-and-at-inference-time"
    question = Question.objects.get(slug=slug)
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert question.rubric[3].startswith("Adds the ensemble view")
    assert question.probes == [
        {
            "ask": "Why scale the activations?",
            "listen_for": "expected activations stay the same at inference",
        },
        {"ask": "Where does dropout hurt?", "listen_for": "small models, and next to batch norm"},
    ]
    assert sorted(tag.name for tag in question.tags.all()) == ["deep-learning", "regularization"]
    assert question.revisions.get().created_by == manager


def test_the_form_says_what_is_wrong_and_saves_nothing(manager_client):
    make_question("taken")
    response = manager_client.post(
        "/bank/new/",
        question_form(
            slug="taken", rubric_3="", good_signals="Only one", minutes="0", tags="Bad Tag"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in page
    assert "Write the anchor for a score of 3." in page
    assert "needs 3 to 5 signals; this has 1" in page
    assert "greater than or equal to 1" in page
    assert "fix bad tag" in page
    assert Question.objects.count() == 1


def test_an_active_question_says_what_to_listen_for_and_names_real_overlaps(manager_client):
    make_question("dropout-basics")
    response = manager_client.post(
        "/bank/new/",
        question_form(
            slug="dropout-at-inference",
            probes="Why scale?\nListen for: expectations match\nWhere does it hurt?",
            overlaps="dropout-basics, no-such-question",
        ),
    )
    page = response.content.decode()
    assert "Say what to listen for under probe 2" in page
    assert "No other question has the slug no-such-question" in page
    assert not Question.objects.filter(slug="dropout-at-inference").exists()
    manager_client.post(
        "/bank/new/", question_form(slug="dropout-at-inference", overlaps="dropout-basics")
    )
    question = Question.objects.get(slug="dropout-at-inference")
    assert [q.slug for q in question.overlaps.all()] == ["dropout-basics"]
    page = manager_client.get(question.get_absolute_url()).content.decode()
    assert "Overlaps with (never in one loop)" in page and "Listen for:" in page


def test_a_draft_may_be_incomplete(manager_client):
    manager_client.post(
        "/bank/new/", question_form(slug="rough", status="draft", good_signals="", probes="")
    )
    assert Question.objects.get(slug="rough").status == "draft"


def test_editing_content_makes_a_revision_and_kits_keep_theirs(manager_client, manager, small_bank):
    loop = make_loop(manager)
    item = KitItem.objects.filter(session__loop=loop).select_related("question").first()
    question = item.question
    data = question_form(
        prompt=question.prompt,
        competency=question.competency_id,
        rubric_4="Excellent: adds a worked example and its caveats.",
        note="Sharper top anchor",
    )
    response = manager_client.post(f"/bank/{question.slug}/edit/", data, follow=True)
    question.refresh_from_db()
    item.refresh_from_db()
    assert question.revision == 2 and question.rubric[3].startswith("Excellent")
    assert item.revision.number == 1 and item.revision.rubric[3] != question.rubric[3]
    assert "Saved as revision 2" in response.content.decode()
    assert "Sharper top anchor" in response.content.decode()
    assert question.slug == item.question.slug  # the slug cannot change


def test_retire_and_restore(manager_client, manager, small_bank):
    loop = make_loop(manager)
    question = KitItem.objects.filter(session__loop=loop).first().question
    response = manager_client.post(f"/bank/{question.slug}/status/", {"status": "retired"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "retired"
    assert KitItem.objects.filter(question=question).exists()  # kits keep their questions
    manager_client.post(f"/bank/{question.slug}/status/", {"status": "active"})
    question.refresh_from_db()
    assert question.status == "active"
    assert manager_client.get(f"/bank/{question.slug}/status/").status_code == 405


def test_an_imported_draft_is_completed_in_the_form_which_says_what_it_still_needs(
    manager_client,
):
    from interviewkit.bank.models import Competency
    from interviewkit.bank.services import save_question

    question = Question(slug="what-is-a-tensor", prompt="What is a tensor?", status="draft")
    save_question(question, note="imported from our-questions.xlsx")
    page = manager_client.get("/bank/what-is-a-tensor/").content.decode()
    assert "still needs: kind, competency, difficulty, minutes, model answer" in page
    assert manager_client.get("/bank/what-is-a-tensor/edit/").status_code == 200

    draft = question_form(prompt="What is a tensor?", status="draft", competency="", minutes="")
    draft.update(kind="", model_answer="", rubric_4="")
    assert manager_client.post("/bank/what-is-a-tensor/edit/", draft).status_code == 302
    active = manager_client.post("/bank/what-is-a-tensor/edit/", {**draft, "status": "active"})
    page = active.content.decode()
    for message in (
        "An active question needs a kind.",
        "An active question needs a competency.",
        "Say how many minutes an active question takes.",
        "An active question needs a model answer.",
        "Write the anchor for a score of 4.",
    ):
        assert message in page
    competency = Competency.objects.get(slug="deep-learning").pk
    complete = {**draft, "status": "active", "kind": "conceptual", "competency": competency}
    complete.update(minutes="5", model_answer="A grid of numbers.", rubric_4="Knows strides.")
    assert manager_client.post("/bank/what-is-a-tensor/edit/", complete).status_code == 302
    question.refresh_from_db()
    assert (question.status, question.competency_id, question.minutes) == ("active", competency, 5)
    # Once it has a competency and minutes, a question keeps them: kits and scores use them.
    cleared = manager_client.post("/bank/what-is-a-tensor/edit/", {**complete, "minutes": ""})
    assert "This field is required." in cleared.content.decode()
