"""Lead, panel and shadow interviewers: roles on the loop page, and shadows kept out of the
decision (but not out of the reliability figures, see test_reliability)."""

import pytest

from interviewkit.loops.models import Assignment, Loop
from interviewkit.loops.selectors import loop_with_sessions, thin_coverage
from interviewkit.scorecards import services
from interviewkit.scorecards.selectors import debrief
from tests.conftest import make_user


def fill(session, person, score, recommendation):
    card = services.scorecard_for(session, person)
    scores = {item.pk: (str(score), "") for item in session.items.all()}
    services.save_draft(card, scores=scores, recommendation=recommendation, takeaways="")
    services.submit(card, by=person)
    return card


def test_add_keeps_working_and_makes_a_panel_interviewer(loop, interviewer):
    session = loop.sessions.first()
    session.interviewers.add(interviewer)
    assert Assignment.objects.get(session=session, interviewer=interviewer).role == "panel"


def test_the_assign_form_sets_roles(manager_client, loop, interviewer):
    bea = make_user("bea", "Interviewers")
    session = loop.sessions.first()
    response = manager_client.post(
        f"/loops/sessions/{session.pk}/interviewers/",
        {f"role_{interviewer.pk}": "lead", f"role_{bea.pk}": "shadow"},
        HTTP_HX_REQUEST="true",
    )
    roles = dict(session.assignments.values_list("interviewer__username", "role"))
    assert roles == {"ivan": "lead", "bea": "shadow"}
    assert "Shadow" in response.content.decode()
    manager_client.post(f"/loops/sessions/{session.pk}/interviewers/", {f"role_{bea.pk}": "panel"})
    assert dict(session.assignments.values_list("interviewer__username", "role")) == {
        "bea": "panel"
    }
    line = loop.events.filter(kind="interviewers").first().description
    assert "unassigned Ivan" in line and "Bea (panel)" in line


def test_a_session_has_one_lead(manager_client, loop, interviewer):
    bea = make_user("bea", "Interviewers")
    session = loop.sessions.first()
    response = manager_client.post(
        f"/loops/sessions/{session.pk}/interviewers/",
        {f"role_{interviewer.pk}": "lead", f"role_{bea.pk}": "lead"},
        HTTP_HX_REQUEST="true",
    )
    assert "A session has one lead" in response.content.decode()
    assert not session.assignments.exists()


@pytest.fixture
def shadowed(loop, interviewer):
    """Ivan leads the screen with Sam shadowing; Bea runs the breadth session alone."""
    screen, breadth = loop.sessions.all()
    sam, bea = make_user("sam", "Interviewers"), make_user("bea", "Interviewers")
    screen.interviewers.add(interviewer, through_defaults={"role": "lead"})
    screen.interviewers.add(sam, through_defaults={"role": "shadow"})
    breadth.interviewers.add(bea)
    return {"loop": loop, "screen": screen, "breadth": breadth, "sam": sam, "bea": bea}


def test_shadows_do_not_hold_up_the_debrief(shadowed, interviewer):
    fill(shadowed["screen"], interviewer, 3, 3)
    fill(shadowed["breadth"], shadowed["bea"], 3, 3)
    assert Loop.objects.get(pk=shadowed["loop"].pk).status == Loop.Status.DEBRIEF


def test_shadows_are_kept_out_of_the_decision(shadowed, interviewer, manager_client):
    fill(shadowed["screen"], shadowed["sam"], 1, 1)  # the shadow is far harsher
    fill(shadowed["screen"], interviewer, 3, 3)
    fill(shadowed["breadth"], shadowed["bea"], 3, 4)
    figures = debrief(loop_with_sessions(shadowed["loop"].pk))
    assert [p.username for p in figures["interviewers"]] == ["ivan", "bea"]
    assert all(row["average"] == 3 for row in figures["competencies"])
    assert dict(figures["tally"])["Strong no"] == 0
    assert [card.interviewer.username for card in figures["shadows"]] == ["sam"]
    page = manager_client.get(f"/scorecards/loops/{shadowed['loop'].pk}/debrief/").content
    assert b"Shadow scorecards" in page and b"Sam</th>" not in page


def test_the_loop_page_warns_of_a_competency_one_person_scores(shadowed, manager_client):
    loop = loop_with_sessions(shadowed["loop"].pk)
    thin = {competency.slug: count for competency, count in thin_coverage(loop)}
    # Every competency is asked by one counting interviewer: the shadow does not count.
    assert thin and set(thin.values()) <= {1}
    page = manager_client.get(loop.get_absolute_url()).content.decode()
    assert "Fewer than two independent interviewers" in page
    shadowed["breadth"].interviewers.add(shadowed["sam"])  # now a panel interviewer there too
    shadowed["screen"].interviewers.add(shadowed["bea"])
    assert thin_coverage(loop_with_sessions(shadowed["loop"].pk)) == []
