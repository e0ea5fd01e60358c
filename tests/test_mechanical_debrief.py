"""The mechanical debrief on a known example: competency means and spreads, the weighted loop
score, disagreements, and the before/after record of what the discussion changed."""

import pytest

from interviewkit.loops.fill import add_questions
from interviewkit.loops.models import Loop
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets.documents import debrief_html
from interviewkit.scorecards import services
from interviewkit.scorecards.models import DebriefBaseline
from interviewkit.scorecards.selectors import debrief
from tests.conftest import make_user

FUND, EVAL, DEEP = "ml-fundamentals", "evaluation", "deep-learning"


def fill(session, person, by_competency):
    card = services.scorecard_for(session, person)
    scores = {
        item.pk: (str(by_competency[item.question.competency.slug]), "")
        for item in session.items.all()
    }
    services.save_draft(card, scores=scores, recommendation=3, takeaways="")
    services.submit(card, by=person)
    return card


@pytest.fixture
def example(loop, small_bank, interviewer):
    """Screen: a fundamentals and an evaluation question, Ivan leading, Bea on the panel and
    Sam shadowing; breadth: a fundamentals and a deep-learning question, Carl alone."""
    screen, breadth = loop.sessions.all()
    for session, questions in ((screen, (0, 4)), (breadth, (1, 8))):
        session.items.all().delete()
        add_questions(session, [small_bank[n].pk for n in questions], start=0)
    loop.weights = {FUND: 3, EVAL: 1, DEEP: 2}
    loop.save()
    bea, carl, sam = (make_user(name, "Interviewers") for name in ("bea", "carl", "sam"))
    screen.interviewers.add(interviewer, through_defaults={"role": "lead"})
    screen.interviewers.add(bea)
    screen.interviewers.add(sam, through_defaults={"role": "shadow"})
    breadth.interviewers.add(carl, through_defaults={"role": "lead"})
    fill(screen, sam, {FUND: 1, EVAL: 1})  # never counts
    fill(screen, interviewer, {FUND: 4, EVAL: 3})
    bea_card = fill(screen, bea, {FUND: 2, EVAL: 1})
    fill(breadth, carl, {FUND: 3, DEEP: 2})
    return {"loop": loop, "screen": screen, "bea": bea, "bea_card": bea_card}


def test_the_mechanical_figures_of_a_known_example(example):
    figures = debrief(loop_with_sessions(example["loop"].pk))
    rows = {row["competency"].slug: row for row in figures["competencies"]}
    assert rows[FUND]["average"] == pytest.approx(3)  # Ivan 4, Bea 2, Carl 3
    assert rows[FUND]["sd"] == pytest.approx(0.8165, abs=1e-4)
    assert rows[FUND]["spread"] == 2 and rows[FUND]["disagreement"]
    assert (rows[EVAL]["average"], rows[EVAL]["sd"], rows[EVAL]["raters"]) == (2, 1, 2)
    assert (rows[DEEP]["average"], rows[DEEP]["sd"], rows[DEEP]["weight"]) == (2, 0, 2)
    assert figures["loop_score"] == pytest.approx((3 * 3 + 1 * 2 + 2 * 2) / 6)
    disputed = {item.question.competency.slug for item, _ in figures["answer_disagreements"]}
    assert disputed == {FUND, EVAL}  # 4 vs 2 and 3 vs 1 on the screen's two answers
    assert figures["moved"] == []


def test_changes_after_the_debrief_starts_are_kept_as_before_and_after(
    example, manager, manager_client
):
    loop = Loop.objects.get(pk=example["loop"].pk)
    assert loop.status == Loop.Status.DEBRIEF  # every counting scorecard is in
    assert DebriefBaseline.objects.count() == 6  # the shadow's scores are not the record
    services.reopen(example["bea_card"], by=manager, reason="Discussed the evidence")
    fill(example["screen"], example["bea"], {FUND: 3, EVAL: 1})

    figures = debrief(loop_with_sessions(loop.pk))
    ((person, item, before, after),) = figures["moved"]
    assert (person.username, item.question.competency.slug, before, after) == ("bea", FUND, 2, 3)
    assert figures["loop_score"] == pytest.approx(2.5)  # the figures before discussion stay
    assert figures["loop_score_now"] == pytest.approx((3 * 10 / 3 + 2 + 4) / 6)
    page = manager_client.get(f"/scorecards/loops/{loop.pk}/debrief/").content.decode()
    assert "How the discussion moved the scores" in page and "2 → 3" in page
    assert "Weighted loop score <strong>2.50</strong>" in page


def test_the_debrief_shows_the_spread_as_a_chart_on_the_page_and_in_the_pdf(
    example, manager_client
):
    loop = example["loop"]
    page = manager_client.get(f"/scorecards/loops/{loop.pk}/debrief/").content.decode()
    assert 'class="chart chart-spread' in page and 'src="data:image/svg+xml;base64,' in page
    assert "Competency means: ML fundamentals 3.0 (interviewers 4.0, 2.0, 3.0)" in page
    html = debrief_html(loop_with_sessions(loop.pk))
    assert "<svg" in html and "data:image" not in html  # the PDF renderer fetches nothing
    pdf = manager_client.get(f"/packets/loops/{loop.pk}/debrief.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_loop_templates_state_weights_and_each_loop_keeps_its_own(manager, small_bank):
    from interviewkit.loops.models import LoopTemplate
    from interviewkit.loops.services import create_loop
    from interviewkit.loops.templates_fixture import load_loop_templates

    load_loop_templates()
    template = LoopTemplate.objects.get(role__slug="ml-engineer", level__slug="senior")
    assert template.weights["coding"] == 3 and template.weights["mlops-system-design"] == 3
    LoopTemplate.objects.filter(pk=template.pk).update(weights={})
    load_loop_templates()  # a template made before weights existed gets the file's
    template.refresh_from_db()
    assert template.weights["coding"] == 3
    loop = create_loop(owner=manager, role=template.role, level=template.level, title="Weighted")
    LoopTemplate.objects.filter(pk=template.pk).update(weights={"coding": 9})
    loop.refresh_from_db()
    assert loop.weights["coding"] == 3  # a later edit of the template leaves the loop alone
