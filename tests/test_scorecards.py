import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from interviewkit.scorecards import services
from interviewkit.scorecards.models import Scorecard, ScorecardEvent
from interviewkit.scorecards.selectors import debrief, question_score_spread
from tests.conftest import make_user


@pytest.fixture
def panel(loop, interviewer):
    """The fixture loop with Ivan on the screen and Bea on the breadth session."""
    bea = make_user("bea", "Interviewers")
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(interviewer)
    breadth.interviewers.add(bea)
    return {"loop": loop, "screen": screen, "breadth": breadth, "ivan": interviewer, "bea": bea}


def fill(session, person, score, recommendation, submit=True):
    card = services.scorecard_for(session, person)
    scores = {item.pk: (score, f"notes on {item.pk}") for item in session.items.all()}
    services.save_draft(
        card, scores=scores, recommendation=recommendation, takeaways="Clear thinker."
    )
    if submit:
        services.submit(card, by=person)
    return card


def form_data(session, score="3", recommendation="3"):
    data = {f"score_{item.pk}": score for item in session.items.all()}
    data.update({f"notes_{item.pk}": "said sensible things" for item in session.items.all()})
    data.update({"recommendation": recommendation, "takeaways": "Good"})
    return data


def test_assigned_interviewer_drafts_while_typing(interviewer_client, panel):
    screen = panel["screen"]
    page = interviewer_client.get(f"/scorecards/sessions/{screen.pk}/")
    assert page.status_code == 200
    for item in screen.items.all():
        assert item.revision.rubric[3] in page.content.decode()  # anchors in view

    saved = interviewer_client.post(
        f"/scorecards/sessions/{screen.pk}/", form_data(screen, "2"), HTTP_HX_REQUEST="true"
    )
    assert saved.content.startswith(b"Draft saved at")
    card = Scorecard.objects.get(session=screen, interviewer=panel["ivan"])
    assert not card.is_submitted
    assert set(card.scores.values_list("score", flat=True)) == {2}


def test_unassigned_interviewer_cannot_open_the_scorecard(client, panel):
    client.force_login(panel["bea"])
    assert client.get(f"/scorecards/sessions/{panel['screen'].pk}/").status_code == 404


def test_submit_requires_every_score_and_a_recommendation(interviewer_client, panel):
    screen = panel["screen"]
    data = form_data(screen)
    first = screen.items.first()
    data[f"score_{first.pk}"] = ""
    del data["recommendation"]
    response = interviewer_client.post(
        f"/scorecards/sessions/{screen.pk}/submit/", data, follow=True
    )
    text = response.content.decode()
    assert "Not submitted yet" in text and "Q1: give a score" in text
    assert "Choose an overall recommendation" in text
    assert not Scorecard.objects.get(session=screen).is_submitted

    data[f"score_{first.pk}"] = "na"
    data["recommendation"] = "4"
    interviewer_client.post(f"/scorecards/sessions/{screen.pk}/submit/", data)
    card = Scorecard.objects.get(session=screen)
    assert card.is_submitted and card.recommendation == 4
    assert card.scores.get(item=first).not_assessed


def test_submitted_scorecard_is_locked(interviewer_client, panel):
    card = fill(panel["screen"], panel["ivan"], 3, 3)
    response = interviewer_client.post(
        f"/scorecards/sessions/{panel['screen'].pk}/", form_data(panel["screen"], "1")
    )
    assert response.status_code == 302
    assert set(card.scores.values_list("score", flat=True)) == {3}
    late_autosave = interviewer_client.post(
        f"/scorecards/sessions/{panel['screen'].pk}/",
        form_data(panel["screen"], "1"),
        headers={"HX-Request": "true"},
    )
    assert late_autosave.content == b"Submitted."
    assert set(card.scores.values_list("score", flat=True)) == {3}
    with pytest.raises(services.Locked):
        services.save_draft(card, scores={}, recommendation=1, takeaways="")


def test_colleagues_scorecards_stay_hidden_until_you_submit(client, panel):
    bea_card = fill(panel["breadth"], panel["bea"], 2, 2)
    client.force_login(panel["ivan"])
    assert client.get(bea_card.get_absolute_url()).status_code == 404

    fill(panel["screen"], panel["ivan"], 3, 3)
    assert client.get(bea_card.get_absolute_url()).status_code == 200


def test_a_colleagues_draft_is_never_shown(client, panel):
    draft = fill(panel["breadth"], panel["bea"], 2, 2, submit=False)
    fill(panel["screen"], panel["ivan"], 3, 3)
    client.force_login(panel["ivan"])
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_manager_sees_all_and_reopening_is_recorded(manager_client, manager, panel):
    card = fill(panel["screen"], panel["ivan"], 3, 3)
    assert manager_client.get(card.get_absolute_url()).status_code == 200

    colleague = Client()
    colleague.force_login(panel["bea"])
    assert colleague.post(f"/scorecards/{card.pk}/reopen/").status_code == 403
    assert Scorecard.objects.get(pk=card.pk).is_submitted

    manager_client.post(f"/scorecards/{card.pk}/reopen/", {"reason": "Scored the wrong candidate"})
    card.refresh_from_db()
    assert not card.is_submitted
    event = card.events.get(kind=ScorecardEvent.Kind.REOPENED)
    assert event.by == manager and event.reason == "Scored the wrong candidate"
    page = manager_client.get(card.get_absolute_url()).content.decode()
    assert "Reopened by Maria" in page and "Scored the wrong candidate" in page


def test_debrief_figures_on_a_known_example(panel):
    screen, breadth = panel["screen"], panel["breadth"]
    fill(screen, panel["ivan"], 4, 4)
    fill(breadth, panel["bea"], 1, 1)
    carol = make_user("carol", "Interviewers")
    breadth.interviewers.add(carol)

    data = debrief(panel["loop"])

    assert dict(data["tally"]) == {"Strong no": 1, "No": 0, "Yes": 0, "Strong yes": 1}
    by_name = {row["competency"].slug: row for row in data["competencies"]}
    shared = {i.question.competency.slug for i in screen.items.all()} & {
        i.question.competency.slug for i in breadth.items.all()
    }
    assert shared  # both sessions ask ml-fundamentals or evaluation questions
    for slug in shared:
        row = by_name[slug]
        assert row["disagreement"] and row["spread"] == 3
        assert {round(avg) for _, avg in row["by_person"]} == {1, 4}
    screen_count = screen.items.count()
    rows = {row["item"].pk: row["cells"] for row in data["matrix"]}
    assert len(rows) == screen_count + breadth.items.count()
    assert [cell.score if cell else None for cell in rows[screen.items.first().pk]] == [4, None]
    assert [(s.name, p.username, state) for s, p, state in data["missing"]] == [
        ("ML breadth", "carol", "not started")
    ]
    assert data["unstaffed"] == []


def test_debrief_page_and_pdf(manager_client, interviewer_client, panel):
    fill(panel["screen"], panel["ivan"], 4, 4)
    fill(panel["breadth"], panel["bea"], 2, 2)
    loop = panel["loop"]
    assert interviewer_client.get(f"/scorecards/loops/{loop.pk}/debrief/").status_code == 404

    page = manager_client.get(f"/scorecards/loops/{loop.pk}/debrief/").content.decode()
    assert "Strong yes" in page and "Disagreement" in page
    assert "No interviewer assigned" not in page
    panel["breadth"].interviewers.clear()
    page = manager_client.get(f"/scorecards/loops/{loop.pk}/debrief/").content.decode()
    assert "No interviewer assigned, so no scorecard will come: ML breadth." in page

    pdf = manager_client.get(f"/packets/loops/{loop.pk}/debrief.pdf").content
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert re.search(r"Ivan Phone screen Strong yes", text)
    assert re.search(r"Bea ML breadth No", text)
    assert "0 strong no · 1 no · 0 yes · 1 strong yes" in text


def test_question_usage_shows_score_spread(panel):
    for person, session in ((panel["ivan"], panel["screen"]), (panel["bea"], panel["breadth"])):
        fill(session, person, 3, 3)
    question = panel["screen"].items.first().question
    spread = question_score_spread(question, panel["loop"].owner)
    assert spread["total"] == 1 and dict(spread["counts"])[3] == 1
