"""Reliability figures: Krippendorff's published example, planted raters recovered, shadows
in reliability but not in the decision, and the flags a curator acts on."""

import krippendorff
import numpy as np
import pytest

from interviewkit.analytics import demo, reliability, selectors, simulation
from interviewkit.analytics.reliability import Rating
from interviewkit.analytics.simulation import PlantedQuestion, PlantedRater, population_alpha
from interviewkit.bank.models import Question
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.scorecards import services
from interviewkit.scorecards.selectors import debrief
from tests.conftest import make_loop, make_user

# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four
# observers, twelve units, values 1-5, with missing values; he gives alpha = 0.743 nominal,
# 0.815 ordinal and 0.849 interval.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def example_counts():
    counts = np.zeros((12, 5), dtype=np.int64)
    for observer in KRIPPENDORFF_2011:
        for unit, value in enumerate(observer):
            if value is not None:
                counts[unit, value - 1] += 1
    return counts


def test_alpha_reproduces_krippendorffs_worked_example():
    counts = example_counts()
    for level, published in (("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)):
        value = krippendorff.alpha(
            value_counts=counts, value_domain=[1, 2, 3, 4, 5], level_of_measurement=level
        )
        assert round(value, 3) == published
    # The bootstrap's own computation gives the same ordinal alpha on the whole sample.
    pairable = counts[counts.sum(axis=1) > 1]
    rows, occurrences = reliability.patterns(pairable)
    assert round(reliability.replicate_alphas(rows, occurrences[None, :])[0], 3) == 0.815


def test_each_bootstrap_resample_is_the_packages_alpha_of_its_answers():
    generator = np.random.default_rng(3)
    counts = np.zeros((40, 4), dtype=np.int64)
    for row in counts:
        level = generator.integers(0, 4)
        for _ in range(generator.integers(2, 4)):
            row[int(np.clip(level + generator.integers(-1, 2), 0, 3))] += 1
    rows, occurrences = reliability.patterns(counts)
    weights = generator.poisson(occurrences, size=(5, len(rows)))
    for weight, mine in zip(weights, reliability.replicate_alphas(rows, weights), strict=True):
        resample = np.repeat(rows, weight, axis=0)
        theirs = krippendorff.alpha(
            value_counts=resample, value_domain=[1, 2, 3, 4], level_of_measurement="ordinal"
        )
        assert mine == pytest.approx(theirs)


PLANTED = [(-0.4, 0.3), (-0.1, 0.3), (0.15, 0.3), (0.35, 0.3)]
SEVERITY_TOLERANCE = 0.1  # points on the 1-4 scale: about two standard errors
ALPHA_TOLERANCE = 0.1


@pytest.fixture
def planted_history(small_bank, manager):
    """120 past loops scored by four raters of known severity; evaluation questions are vague
    (noise 0.9), the others clear (0.1)."""
    make_loop(manager)  # the loop template the history follows
    raters = [
        (make_user(f"rater{n}", "Interviewers"), PlantedRater(f"rater{n}", severity, noise))
        for n, (severity, noise) in enumerate(PLANTED)
    ]
    vague = PlantedQuestion(0.0, 0.9)
    clear = PlantedQuestion(0.0, 0.1)
    questions = {
        q.pk: vague if q.competency.slug == "evaluation" else clear
        for q in Question.objects.select_related("competency")
    }
    history = demo.History(raters=raters, loops=120, questions=questions, seed=5)
    demo.build_history(history, owner=manager)
    return {"raters": raters, "vague": vague, "clear": clear, "questions": questions}


def planted_severities(ratings, raters, questions, *, draws=400, seed=9):
    """What each rater's severity is on the 1-4 scale, given who rated which answer with whom:
    the planted severities pass through rounding and the scale's ends (which shrink them), so
    the expected mean difference from co-raters is simulated over many answers of each kind."""
    generator = np.random.default_rng(seed)
    pairs = {}
    for unit, rater, question in zip(
        *(c.tolist() for c in (ratings.unit, ratings.rater, ratings.question)), strict=True
    ):
        pairs.setdefault(unit, []).append((rater, question))
    first, second, asked = (
        np.array(c) for c in zip(*((a[0], b[0], a[1]) for a, b in pairs.values()), strict=True)
    )
    level = simulation.answer_level(
        generator,
        generator.normal(simulation.ABILITY_MEAN, simulation.ABILITY_SD, (len(asked), draws)),
    )

    def scores(who):
        severity = np.array([raters[r].severity for r in who])[:, None]
        noise = np.array(
            [np.hypot(raters[r].noise, questions[q].noise) for r, q in zip(who, asked, strict=True)]
        )
        offset = np.array([questions[q].offset for q in asked])[:, None]
        latent = level + offset + severity + generator.normal(0, 1, level.shape) * noise[:, None]
        return np.clip(np.rint(latent), 1, 4)

    gap = (scores(first) - scores(second)).mean(axis=1)
    found = {}
    for rater, sign in ((first, 1), (second, -1)):
        for who, value in zip(rater.tolist(), (sign * gap).tolist(), strict=True):
            found.setdefault(who, []).append(value)
    return {who: sum(values) / len(values) for who, values in found.items()}


def test_planted_severities_and_alphas_are_recovered(planted_history, manager):
    ratings = selectors.ratings(manager)
    found = reliability.raters(ratings)
    raters = {user.pk: rater for user, rater in planted_history["raters"]}
    expected = planted_severities(ratings, raters, planted_history["questions"])
    assert set(found) == set(raters)
    for pk, severity in expected.items():
        assert found[pk].severity == pytest.approx(severity, abs=SEVERITY_TOLERANCE)
    # In order too: the harshest planted rater is found harshest.
    order = sorted(raters, key=lambda pk: raters[pk].severity)
    assert sorted(found, key=lambda pk: found[pk].severity) == order
    pairs = [
        (a, b)
        for n, (_, a) in enumerate(planted_history["raters"])
        for _, b in planted_history["raters"][n + 1 :]
    ]
    by_competency = {c.slug: a for c, a in selectors.competency_rows(ratings)}
    for slug, kind in (("evaluation", "vague"), ("ml-fundamentals", "clear")):
        planted = population_alpha(pairs, planted_history[kind], answers=8000)
        figure = by_competency[slug]
        assert figure.value == pytest.approx(planted, abs=ALPHA_TOLERANCE), slug
        assert figure.low <= planted <= figure.high
    assert by_competency["evaluation"].disagrees and not by_competency["ml-fundamentals"].disagrees


def test_shadows_feed_reliability_but_not_the_decision(loop, interviewer, manager):
    screen = loop.sessions.first()
    sam = make_user("sam", "Interviewers")
    screen.interviewers.add(interviewer, through_defaults={"role": "lead"})
    screen.interviewers.add(sam, through_defaults={"role": "shadow"})
    for person, value in ((interviewer, "3"), (sam, "1")):
        card = services.scorecard_for(screen, person)
        values = {item.pk: (value, "") for item in screen.items.all()}
        services.save_draft(card, scores=values, recommendation=int(value), takeaways="")
        services.submit(card, by=person)
    figures = debrief(loop_with_sessions(loop.pk))
    assert [p.username for p in figures["interviewers"]] == ["ivan"]
    assert all(row["average"] == 3 for row in figures["competencies"])
    ratings = selectors.ratings(manager)
    assert set(ratings.rater[ratings.shadow == 1].tolist()) == {sam.pk}
    assert reliability.alpha(ratings).units == screen.items.count()  # the shadow pairs them
    assert reliability.raters(ratings)[sam.pk].severity == -2


def answers(*scored, question=1):
    """Ratings of answers, each given as the scores its raters gave."""
    return [
        Rating(unit, rater, score, question, 1, unit)
        for unit, scores in enumerate(scored)
        for rater, score in enumerate(scores)
    ]


def test_a_question_whose_scores_disagree_is_flagged():
    ratings = answers(*[(1, 4), (4, 1), (2, 3), (3, 2), (1, 3), (4, 2)] * 2)
    figure, use = reliability.alpha(ratings), reliability.anchor_use(ratings)
    assert figure.value < reliability.ALPHA_FLOOR
    assert any("sharpen the anchors" in flag for flag in reliability.flags(figure, use))


def test_a_question_whose_scores_pile_at_one_end_does_not_discriminate():
    ratings = answers(*[(4, 4), (3, 4), (4, 4), (4, 4), (4, 3), (4, 4)])
    found = reliability.flags(reliability.alpha(ratings), reliability.anchor_use(ratings))
    assert "Does not discriminate: 83% of scores are 4." in found
    assert "Anchors 1, 2 never used." in found


def test_a_question_that_agrees_and_spreads_is_not_flagged():
    ratings = answers(*[(1, 1), (2, 2), (3, 3), (4, 4), (2, 2), (3, 3), (1, 2), (4, 4)])
    figure, use = reliability.alpha(ratings), reliability.anchor_use(ratings)
    assert figure.value > 0.9 and figure.low is not None
    assert reliability.flags(figure, use) == []


def test_too_few_answers_give_no_alpha():
    figure = reliability.alpha(answers((1, 2), (3, 3), (4, 4)))
    assert not figure.enough and figure.units == 3
