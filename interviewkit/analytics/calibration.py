"""Calibration: sample answers an expert scored, the drill that checks an interviewer against
them, and when a shadow has shadowed enough, closely enough, to be qualified."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Count

from interviewkit.analytics.models import DrillScore, SampleAnswer
from interviewkit.analytics.reliability import Ratings
from interviewkit.bank.models import Question

SAMPLE_ANSWERS = Path(settings.BASE_DIR) / "fixtures" / "calibration" / "sample-answers.yaml"
FORMAT = "interviewkit-sample-answers"
MAX_BYTES = 5_000_000
MAX_ANSWER = 5_000


class BadSampleAnswers(ValueError):
    """The sample-answers file is not one this version can read; the message says why."""


def read_sample_answers(path):
    """[(slug, [{score, answer, why}])] from a sample-answers file, checked."""
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise BadSampleAnswers(f"{path.name} is over {MAX_BYTES:,} bytes.")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("format") != FORMAT or data.get("version") != 1:
        raise BadSampleAnswers(f"{path.name}: expected format {FORMAT}, version 1.")
    found = []
    for entry in data.get("questions") or []:
        slug, answers = entry.get("slug"), entry.get("answers") or []
        for answer in answers:
            if answer.get("score") not in (1, 2, 3, 4):
                raise BadSampleAnswers(f"{slug}: every answer needs a score from 1 to 4.")
            if not str(answer.get("answer", "")).strip() or not str(answer.get("why", "")).strip():
                raise BadSampleAnswers(f"{slug}: every answer needs its text and why.")
            if len(answer["answer"]) > MAX_ANSWER or len(answer["why"]) > MAX_ANSWER:
                raise BadSampleAnswers(f"{slug}: an answer or why is over {MAX_ANSWER} characters.")
        found.append((slug, answers))
    return found


@transaction.atomic
def load_sample_answers(path=SAMPLE_ANSWERS):
    """Put a file's sample answers in place of each named question's; returns (questions
    loaded, slugs not in the bank). Running it again changes nothing."""
    entries = read_sample_answers(path)
    questions = Question.objects.in_bulk([slug for slug, _ in entries], field_name="slug")
    missing = [slug for slug, _ in entries if slug not in questions]
    loaded = 0
    for slug, answers in entries:
        question = questions.get(slug)
        if question is None:
            continue
        wanted = [(a["score"], a["answer"].strip(), a["why"].strip()) for a in answers]
        have = [(a.score, a.answer, a.why) for a in question.sample_answers.all()]
        if wanted != have:
            question.sample_answers.all().delete()
            SampleAnswer.objects.bulk_create(
                SampleAnswer(question=question, position=n, score=s, answer=a, why=w)
                for n, (s, a, w) in enumerate(wanted)
            )
        loaded += 1
    return loaded, missing


def blind_order(question, answers):
    """A question's sample answers in an order that gives nothing away: files list them by
    score, and "the first is the weakest" must not be learnable. Stable for each question."""
    return sorted(
        answers,
        key=lambda answer: hashlib.sha256(f"{question.slug}:{answer.position}".encode()).digest(),
    )


@dataclass(frozen=True)
class Agreement:
    exact: float | None
    within_one: float | None
    n: int


def agreement(pairs):
    """Exact and within-one agreement of (given, key) pairs."""
    pairs = list(pairs)
    if not pairs:
        return Agreement(None, None, 0)
    return Agreement(
        sum(given == key for given, key in pairs) / len(pairs),
        sum(abs(given - key) <= 1 for given, key in pairs) / len(pairs),
        len(pairs),
    )


@transaction.atomic
def record_drill(interviewer, scores):
    """Keep an interviewer's drill scores ({SampleAnswer: score}); returns their agreement
    with the key on this round."""
    DrillScore.objects.bulk_create(
        DrillScore(interviewer=interviewer, answer=answer, score=score)
        for answer, score in scores.items()
    )
    return agreement((score, answer.score) for answer, score in scores.items())


def drill_agreement(interviewer):
    """An interviewer's agreement with the key over every drill score they gave."""
    rows = DrillScore.objects.filter(interviewer=interviewer).values_list("score", "answer__score")
    return agreement(rows)


@dataclass(frozen=True)
class Qualification:
    person: int
    competency: int
    sessions: int
    agreement: Agreement
    qualified: bool


def qualifications(ratings, *, sessions_needed, agreement_needed):
    """Per shadow and competency: sessions shadowed, exact agreement with the lead and panel
    on the same answers, and whether both reach the thresholds (agreement in percent)."""
    ratings = Ratings.of(ratings)
    counting = ratings.shadow == 0
    units, row = np.unique(ratings.unit, return_inverse=True)
    counts = np.zeros((len(units), 4), dtype=np.int64)
    np.add.at(counts, (row[counting], ratings.score[counting] - 1), 1)
    padded = np.pad(counts, ((0, 0), (1, 1)))  # column s holds the count of score s
    others = counts.sum(axis=1)[row]
    shadowed = (ratings.shadow == 1) & (others > 0)
    score, row = ratings.score[shadowed], row[shadowed]
    exact = padded[row, score]
    within = padded[row, score - 1] + padded[row, score] + padded[row, score + 1]
    width = int(ratings.competency.max(initial=0)) + 1
    found_keys, key = np.unique(
        ratings.rater[shadowed] * width + ratings.competency[shadowed], return_inverse=True
    )
    pairs = np.bincount(key, weights=others[shadowed])
    exact = np.bincount(key, weights=exact) / pairs
    within = np.bincount(key, weights=within) / pairs
    span = int(ratings.session.max(initial=0)) + 1
    sessions = np.unique(key * span + ratings.session[shadowed]) // span
    sessions = np.bincount(sessions, minlength=len(found_keys))
    found = []
    for n, combined in enumerate(found_keys):
        person, competency = divmod(int(combined), width)
        figure = Agreement(float(exact[n]), float(within[n]), int(pairs[n]))
        found.append(
            Qualification(
                int(person),
                int(competency),
                int(sessions[n]),
                figure,
                sessions[n] >= sessions_needed and figure.exact * 100 >= agreement_needed,
            )
        )
    return found


PACKET_QUESTIONS = 12  # a packet long enough to calibrate on, short enough to finish


def packet_questions(competency_slug=None, *, limit=PACKET_QUESTIONS):
    """Active questions with sample answers, the most used first, for a calibration packet."""
    questions = Question.objects.filter(status=Question.Status.ACTIVE, sample_answers__isnull=False)
    if competency_slug:
        questions = questions.filter(competency__slug=competency_slug)
    ids = questions.values("pk").distinct()
    return list(
        Question.objects.filter(pk__in=ids)
        .annotate(times=Count("kit_items", distinct=True))
        .select_related("competency")
        .prefetch_related("sample_answers")
        .order_by("-times", "competency__position", "slug")[:limit]
    )
