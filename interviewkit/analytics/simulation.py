"""Simulated raters with known severities and noise, for the demo history and the tests that
check the figures recover what was planted.

A candidate has an ability on the 1-4 scale; a question is a little easier or harder
(offset) and, when its anchors are vague, adds noise of its own. A rater hears the answer,
adds their severity (negative: harsher) and their noise, and rounds to the scale.
"""

from dataclasses import dataclass

import numpy as np

from interviewkit.analytics.reliability import VALUES


@dataclass(frozen=True)
class PlantedRater:
    name: str
    severity: float  # added to every score before rounding: below 0 is harsher
    noise: float  # standard deviation of the rater's own error


@dataclass(frozen=True)
class PlantedQuestion:
    offset: float = 0.0  # above 0: candidates score higher on it
    noise: float = 0.0  # extra error from vague anchors


ABILITY_MEAN, ABILITY_SD = 2.6, 0.85  # a candidate, across the loop
ANSWER_SD = 0.35  # how much one answer differs from the candidate's level


def ability(generator):
    return generator.normal(ABILITY_MEAN, ABILITY_SD)


def answer_level(generator, candidate):
    return candidate + generator.normal(0, ANSWER_SD)


def score(generator, *, ability, rater, question):
    """One rater's score of one answer, on the 1-4 scale."""
    error = generator.normal(0, np.hypot(rater.noise, question.noise))
    latent = ability + question.offset + rater.severity + error
    return int(np.clip(np.rint(latent), VALUES[0], VALUES[-1]))


def population_alpha(rater_pairs, question, *, answers=20_000, seed=1):
    """The alpha this generating process has: ordinal alpha over very many simulated answers,
    each scored by one of the given pairs of raters in turn."""
    import krippendorff

    generator = np.random.default_rng(seed)
    counts = np.zeros((answers, len(VALUES)), dtype=np.int64)
    for row in range(answers):
        level = answer_level(generator, ability(generator))
        for rater in rater_pairs[row % len(rater_pairs)]:
            counts[row, score(generator, ability=level, rater=rater, question=question) - 1] += 1
    return float(
        krippendorff.alpha(value_counts=counts, value_domain=VALUES, level_of_measurement="ordinal")
    )
