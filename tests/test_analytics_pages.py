"""The analytics pages: who sees which figures, flat query counts, exposure and retiring."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from interviewkit.analytics import demo
from interviewkit.analytics.models import Thresholds
from interviewkit.analytics.simulation import PlantedRater
from interviewkit.bank.models import Question
from interviewkit.scorecards import services
from tests.conftest import make_loop, make_question, make_user


def history(manager, *, loops, seed=1, raters=None):
    make_loop(manager)  # the loop template the history follows
    raters = raters or [
        (make_user(f"rater{n}", "Interviewers"), PlantedRater(f"r{n}", severity, 0.3))
        for n, severity in enumerate((-0.3, 0.0, 0.3))
    ]
    demo.build_history(demo.History(raters=raters, loops=loops, seed=seed), owner=manager)
    return raters


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_manager_sees_every_interviewers_figures(small_bank, manager, manager_client):
    history(manager, loops=20)
    page = manager_client.get("/analytics/").content.decode()
    for name in ("R0", "R1", "R2"):
        assert f"<td>Rater{name[1]}</td>" in page
    assert "Competencies" in page and "question-row" in page
    assert 'class="chart chart-severity' in page and "Severity: Rater0 " in page


def test_an_interviewer_sees_only_their_own_figures(small_bank, manager):
    raters = history(manager, loops=20)
    me = raters[1][0]
    page = client_for(me).get("/analytics/").content.decode()
    assert "<td>Rater1</td>" in page
    assert "<td>Rater0</td>" not in page and "<td>Rater2</td>" not in page
    assert "question-row" not in page and "Competencies" not in page


def test_no_figure_comes_from_a_loop_the_interviewer_is_still_scoring(small_bank, manager):
    (ivan, _), (bea, _) = history(
        manager,
        loops=0,
        raters=[
            (make_user("ivan", "Interviewers"), PlantedRater("ivan", 0, 0.3)),
            (make_user("bea", "Interviewers"), PlantedRater("bea", 0, 0.3)),
        ],
    )
    loop = make_loop(manager, title="Current")
    screen, breadth = loop.sessions.all()
    screen.interviewers.add(ivan, bea)
    breadth.interviewers.add(ivan)
    for person, value in ((ivan, "4"), (bea, "1")):
        card = services.scorecard_for(screen, person)
        scores = {item.pk: (value, "") for item in screen.items.all()}
        services.save_draft(card, scores=scores, recommendation=int(value), takeaways="")
        services.submit(card, by=person)
    question = screen.items.first().question
    # Ivan still has the breadth scorecard to submit: Bea's scores show him nothing yet.
    for url in ("/analytics/", question.get_absolute_url()):
        page = client_for(ivan).get(url).content.decode()
        assert "Severity: " not in page and "-3.00" not in page, url
    assert "<td>Bea</td>" not in client_for(ivan).get("/analytics/").content.decode()
    assert (
        "No submitted scores yet"
        in client_for(ivan).get(question.get_absolute_url()).content.decode()
    )
    # Bea has nothing left to submit and sees her own severity; the manager sees both.
    assert "-3.00" in client_for(bea).get("/analytics/").content.decode()
    page = client_for(manager).get("/analytics/").content.decode()
    assert "<td>Ivan</td>" in page and "<td>Bea</td>" in page


@pytest.mark.parametrize("url", ["/analytics/", "question"])
def test_query_counts_stay_flat_in_the_number_of_scorecards(
    small_bank, manager, manager_client, django_assert_max_num_queries, url
):
    raters = history(manager, loops=5)
    question = Question.objects.filter(kit_items__isnull=False).first()
    url = question.get_absolute_url() if url == "question" else url
    with django_assert_max_num_queries(40) as few:
        manager_client.get(url)
    history(manager, loops=60, seed=2, raters=raters)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert manager_client.get(url).status_code == 200


def test_a_question_with_few_scores_says_so(manager_client, small_bank):
    page = manager_client.get(small_bank[0].get_absolute_url()).content.decode()
    assert "Not enough scores yet: alpha needs at least 5 answers" in page


def test_a_question_page_shows_its_reliability_and_anchor_use(small_bank, manager, manager_client):
    history(manager, loops=40)
    question = max(Question.objects.all(), key=lambda q: q.kit_items.count())
    page = manager_client.get(question.get_absolute_url()).content.decode()
    assert "95% interval" in page and "answers scored by two or more" in page
    assert 'src="data:image/svg+xml;base64,' in page and "Scores given: 1 strong no:" in page
    assert "Correlation with the candidate's other scores in the loop" in page


def test_over_exposed_questions_are_flagged_and_retired_with_alternates(
    small_bank, manager, manager_client
):
    history(manager, loops=30)
    fresh = make_question("fresh-one", competency="evaluation")
    Thresholds.objects.update_or_create(pk=1, defaults={"exposure_limit": 3})
    page = manager_client.get("/analytics/?sort=exposure").content.decode()
    assert "Over-exposed" in page
    rows = Question.objects.filter(
        kit_items__scores__scorecard__submitted_at__gte=timezone.now() - timedelta(days=90)
    )
    busiest = max(set(rows), key=lambda q: q.kit_items.count())
    fresh.competency = busiest.competency
    fresh.save()
    response = manager_client.post(f"/analytics/questions/{busiest.slug}/retire/", follow=True)
    busiest.refresh_from_db()
    assert busiest.status == Question.Status.RETIRED
    text = response.content.decode()
    assert f"“{busiest.slug}” is retired" in text and "could take its place" in text
    assert f'href="{fresh.get_absolute_url()}"' in text  # never asked: proposed first


def test_only_managers_set_the_thresholds(manager_client, interviewer_client, db):
    data = {"exposure_limit": 7, "qualify_sessions": 4, "qualify_agreement": 70}
    assert interviewer_client.post("/analytics/thresholds/", data).status_code == 403
    manager_client.post("/analytics/thresholds/", data)
    thresholds = Thresholds.current()
    assert (thresholds.exposure_limit, thresholds.qualify_sessions) == (7, 4)
    assert interviewer_client.post("/analytics/questions/x/retire/").status_code == 403


def test_the_reliability_report_is_a_pdf_for_managers(small_bank, manager, manager_client):
    import io

    from pypdf import PdfReader

    raters = history(manager, loops=20)
    response = manager_client.get("/analytics/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Competencies" in text and "The least reliable questions" in text and "Rater0" in text
    assert client_for(raters[0][0]).get("/analytics/report.pdf").status_code == 404


def test_charts_inline_in_one_document_keep_their_ids_apart():
    import re

    from interviewkit import charts

    first, second = charts.anchor_use((1, 2, 3, 4)), charts.anchor_use((4, 3, 2, 1))
    ids = [set(re.findall(r'id="([^"]+)"', svg)) for svg in (first, second)]
    assert ids[0] and not ids[0] & ids[1]
    assert all(ref.lstrip("#") in ids[0] for ref in re.findall(r'href="(#[^"]+)"', first))
    assert "style=" not in first and "<style" not in first
