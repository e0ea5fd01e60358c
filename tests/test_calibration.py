"""Calibration: the shipped sample answers, loading them, the drill's agreement with the
key, the calibration packet, and when a shadow is qualified."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from pypdf import PdfReader

from interviewkit.analytics import calibration
from interviewkit.analytics.calibration import BadSampleAnswers, load_sample_answers
from interviewkit.analytics.models import DrillScore, SampleAnswer
from interviewkit.analytics.reliability import Rating
from interviewkit.bank.models import Question

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "fixtures" / "calibration" / "sample-answers.yaml"

STAND_IN = """\
format: interviewkit-sample-answers
version: 1
questions:
  - slug: {first}
    answers:
      - {{score: 1, answer: "It is when the model is unfair.", why: "Confuses the terms."}}
      - {{score: 3, answer: "Bias squared plus variance plus noise.", why: "Solid, no depth."}}
      - {{score: 4, answer: "The decomposition, with remedies for each.", why: "Complete."}}
  - slug: {second}
    answers:
      - {{score: 2, answer: "Precision is accuracy.", why: "Partly right."}}
      - {{score: 3, answer: "TP over TP plus FP.", why: "Correct."}}
      - {{score: 4, answer: "TP/(TP+FP), and when it matters more than recall.", why: "Adds why."}}
  - slug: not-in-the-bank
    answers: []
"""


@pytest.fixture
def samples(small_bank, tmp_path):
    path = tmp_path / "sample-answers.yaml"
    path.write_text(STAND_IN.format(first=small_bank[0].slug, second=small_bank[4].slug))
    return path


def test_shipped_sample_answers_cover_thirty_questions_at_three_scores():
    data = yaml.safe_load(SHIPPED.read_text())
    bank = {
        question["slug"]: question
        for path in sorted((ROOT / "fixtures" / "bank").glob("*.yaml"))
        for question in yaml.safe_load(path.read_text())["questions"]
    }
    assert data["format"] == "interviewkit-sample-answers" and data["version"] == 1
    assert len(data["questions"]) >= 30
    for entry in data["questions"]:
        scores = [answer["score"] for answer in entry["answers"]]
        assert len(scores) == 3 and len(set(scores)) == 3, entry["slug"]
        assert entry["slug"] in bank, entry["slug"]
        assert bank[entry["slug"]].get("status", "active") == "active", entry["slug"]
    calibration.read_sample_answers(SHIPPED)  # and the loader accepts it


def test_sample_answers_load_once_and_again_without_change(samples, small_bank):
    assert load_sample_answers(samples) == (2, ["not-in-the-bank"])
    first = list(SampleAnswer.objects.values_list("pk", "score"))
    assert len(first) == 6
    load_sample_answers(samples)
    assert list(SampleAnswer.objects.values_list("pk", "score")) == first


def test_a_sample_answers_file_in_another_format_is_refused(tmp_path, db):
    path = tmp_path / "bad.yaml"
    path.write_text("format: something-else\nversion: 1\nquestions: []\n")
    with pytest.raises(BadSampleAnswers, match="expected format interviewkit-sample-answers"):
        load_sample_answers(path)


def test_the_command_loads_the_shipped_file_or_says_there_is_none(db, tmp_path, capsys):
    call_command("load_sample_answers", str(tmp_path / "missing.yaml"))
    assert "No sample answers at" in capsys.readouterr().out


def test_the_drill_hides_the_key_then_shows_agreement(samples, interviewer, interviewer_client):
    load_sample_answers(samples)
    question = Question.objects.filter(sample_answers__isnull=False).distinct().first()
    url = f"/analytics/calibration/{question.slug}/"
    page = interviewer_client.get(url).content.decode()
    answers = list(question.sample_answers.all())
    assert answers[0].answer in page and answers[0].why not in page  # blind
    missing = interviewer_client.post(url, {f"answer_{answers[0].pk}": 1}).content.decode()
    assert "before you see the key" in missing
    assert not DrillScore.objects.exists()
    # The key is 1, 3, 4; the interviewer gives 1, 2, 4: two exact, all within one.
    given = dict(zip([a.pk for a in answers], (1, 2, 4), strict=True))
    result = interviewer_client.post(url, {f"answer_{pk}": v for pk, v in given.items()})
    text = result.content.decode()
    assert "on <strong>67%</strong> of the answers exactly and 100% within one point" in text
    assert answers[1].why in text and "1 point off" in text
    assert calibration.drill_agreement(interviewer).n == 3


def test_the_calibration_packet_asks_first_and_keys_last(samples, manager_client):
    load_sample_answers(samples)
    response = manager_client.get("/analytics/calibration/packet.pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    text = "\n".join(pages)
    assert "Answer 1A" in text and "Answer 2C" in text
    key_at = text.index("Key: the expert")
    assert text.index("Answer 2C") < key_at < text.index("Confuses the terms.")


def rating(unit, rater, score, session, shadow=False):
    return Rating(unit, rater, score, 1, 7, session, shadow=shadow, session=session)


def test_a_shadow_qualifies_after_enough_sessions_in_agreement():
    ratings = []
    for session in range(3):  # the lead gives 3; the shadow agrees on two of three answers
        for n, shadow_score in enumerate((3, 3, 2)):
            unit = session * 10 + n
            ratings += [rating(unit, 1, 3, session), rating(unit, 9, shadow_score, session, True)]
    (found,) = calibration.qualifications(ratings, sessions_needed=3, agreement_needed=60)
    assert (found.person, found.competency, found.sessions) == (9, 7, 3)
    assert found.agreement.exact == pytest.approx(2 / 3) and found.qualified
    (stricter,) = calibration.qualifications(ratings, sessions_needed=3, agreement_needed=70)
    assert not stricter.qualified
    (more,) = calibration.qualifications(ratings, sessions_needed=4, agreement_needed=60)
    assert not more.qualified


def test_answers_are_shown_in_an_order_that_gives_the_key_away_to_nobody(db):
    from types import SimpleNamespace

    data = yaml.safe_load(SHIPPED.read_text())
    ascending = 0
    for entry in data["questions"]:
        question = SimpleNamespace(slug=entry["slug"])
        answers = [
            SimpleNamespace(position=n, score=a["score"]) for n, a in enumerate(entry["answers"])
        ]
        shown = [answer.score for answer in calibration.blind_order(question, answers)]
        assert shown == [a.score for a in calibration.blind_order(question, answers)]  # stable
        ascending += shown == sorted(shown)
    assert ascending < len(data["questions"]) / 3  # by chance one in six would be


def test_without_sample_answers_the_page_offers_no_packet_to_download(manager_client):
    page = manager_client.get("/analytics/calibration/").content.decode()
    assert "No sample answers yet" in page
    assert "/analytics/calibration/packet.pdf" not in page  # it would answer 404
