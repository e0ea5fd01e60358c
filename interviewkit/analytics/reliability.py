"""Reliability of scores, from plain data: Krippendorff's alpha, rater severity and agreement,
and the flags that tell a curator which questions to mend.

A *unit* is one answer that two or more interviewers heard and scored: a kit item of a
session with several interviewers. Alpha (ordinal, on the 1-4 scale) comes from the
`krippendorff` package. Its 95% interval is a bootstrap over units: resampling units (a
Poisson bootstrap: each answer is drawn Poisson(1) times, so each distinct pattern of scores,
e.g. "one 2, one 3", held by k answers is drawn Poisson(k) times), and since a resample's
coincidence matrix is the sum of its answers' matrices, five hundred resamples cost one matrix
product. `replicate_alphas` is checked
against the package on resampled units in the tests.
"""

from collections import defaultdict
from dataclasses import dataclass
from statistics import mean
from typing import NamedTuple

import krippendorff
import numpy as np

VALUES = (1, 2, 3, 4)
MIN_UNITS = 5  # fewer doubly scored answers than this: "not enough scores yet"
MIN_SCORES = 10  # for the use of anchors and piling at one end
MIN_LOOPS = 8  # for how a question relates to the rest of the loop
ALPHA_FLOOR = 0.667  # Krippendorff's lowest acceptable alpha for tentative conclusions
PILE_ONE_VALUE = 0.8  # this share of scores on one value, or
PILE_ONE_HALF = 0.9  # this share on one half of the scale (1-2 or 3-4), does not discriminate
RESAMPLES = 500
SEED = 20260101  # the interval is reproducible: the same scores give the same figures


class Rating(NamedTuple):
    """One score on one answer, as the figures need it."""

    unit: int  # the kit item: every interviewer of a session heard the same answer
    rater: int
    score: int
    question: int
    competency: int
    loop: int
    revision: int = 0
    shadow: bool = False
    session: int = 0


@dataclass(frozen=True)
class Alpha:
    value: float | None  # None: not enough doubly scored answers, or no variation at all
    low: float | None
    high: float | None
    units: int  # answers scored by two or more
    scores: int  # the scores on those answers

    @property
    def enough(self):
        return self.value is not None

    @property
    def disagrees(self):
        return self.enough and self.value < ALPHA_FLOOR


def units_of(ratings):
    """{unit: [scores]} of the answers that two or more people scored."""
    units = defaultdict(list)
    for rating in ratings:
        units[rating.unit].append(rating.score)
    return {unit: scores for unit, scores in units.items() if len(scores) > 1}


def value_counts(units):
    """Units × values: how many scored each unit 1, 2, 3 and 4."""
    counts = np.zeros((len(units), len(VALUES)), dtype=np.int64)
    for row, scores in enumerate(units.values()):
        for score in scores:
            counts[row, score - 1] += 1
    return counts


def alpha(ratings, *, resamples=RESAMPLES, seed=SEED):
    """Ordinal alpha of these ratings with its bootstrap 95% interval (none if resamples=0)."""
    counts = value_counts(units_of(ratings))
    units, scores = len(counts), int(counts.sum())
    if units < MIN_UNITS or np.count_nonzero(counts.sum(axis=0)) < 2:
        return Alpha(None, None, None, units, scores)
    value = float(
        krippendorff.alpha(value_counts=counts, value_domain=VALUES, level_of_measurement="ordinal")
    )
    low = high = None
    if resamples:
        low, high = bootstrap_interval(counts, resamples=resamples, seed=seed)
    return Alpha(value, low, high, units, scores)


def patterns(counts):
    """The distinct rows of a value-count matrix and how often each occurs."""
    rows, occurrences = np.unique(counts, axis=0, return_counts=True)
    return rows, occurrences


def coincidences(rows):
    """Each row's coincidence matrix (Krippendorff's o_ck for one unit), rows × V × V."""
    pairable = rows.sum(axis=1)
    outer = rows[:, :, None] * rows[:, None, :] - rows[:, :, None] * np.eye(rows.shape[1])
    return outer / (pairable - 1)[:, None, None]


def replicate_alphas(rows, weights):
    """Ordinal alpha of each resample, given as how many times it holds each distinct row."""
    size = rows.shape[1]
    observed = (weights @ coincidences(rows).reshape(len(rows), -1)).reshape(-1, size, size)
    marginals = observed.sum(axis=2)  # n_v of each resample
    total = marginals.sum(axis=1)
    expected = (
        marginals[:, :, None] * marginals[:, None, :] - marginals[:, :, None] * np.eye(size)
    ) / (total - 1)[:, None, None]
    distance = ordinal_distances(marginals)
    disagreement = (expected * distance).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1 - (observed * distance).sum(axis=(1, 2)) / disagreement


def ordinal_distances(marginals):
    """Krippendorff's ordinal metric for each resample's marginals: b × V × V."""
    cumulative = np.cumsum(marginals, axis=1)
    index = np.arange(marginals.shape[1])
    low, high = np.minimum.outer(index, index), np.maximum.outer(index, index)
    between = cumulative[:, high] - cumulative[:, low] + marginals[:, low]
    ends = (marginals[:, :, None] + marginals[:, None, :]) / 2
    return (between - ends) ** 2


def bootstrap_interval(counts, *, resamples=RESAMPLES, seed=SEED):
    """The 2.5th and 97.5th percentiles of alpha over resampled units.

    A Poisson bootstrap: each unit appears Poisson(1) times in a resample, so a pattern held
    by k units appears Poisson(k) times, which is drawn for all resamples at once.
    """
    rows, occurrences = patterns(counts)
    generator = np.random.default_rng(seed)
    weights = generator.poisson(occurrences, size=(resamples, len(rows)))
    alphas = replicate_alphas(rows, weights)
    alphas = alphas[np.isfinite(alphas)]
    if not len(alphas):
        return None, None
    low, high = np.percentile(alphas, [2.5, 97.5])
    return float(low), float(high)


@dataclass(frozen=True)
class Rater:
    rater: int
    severity: float | None  # mean of (own score − co-raters' mean) on the same answers
    exact: float | None  # share of pairs with a co-rater that agree exactly
    within_one: float | None  # … that are at most one point apart
    units: int
    pairs: int


def raters(ratings):
    """{rater: Rater}: severity and agreement of everyone with co-rated answers."""
    by_unit = defaultdict(list)
    for rating in ratings:
        by_unit[rating.unit].append((rating.rater, rating.score))
    differences, pairs = defaultdict(list), defaultdict(list)
    for scored in by_unit.values():
        if len(scored) < 2:
            continue
        total = sum(score for _, score in scored)
        for rater, score in scored:
            others = [other for who, other in scored if who != rater]
            if not others:
                continue
            differences[rater].append(score - (total - score) / len(others))
            pairs[rater].extend(abs(score - other) for other in others)
    return {
        rater: Rater(
            rater,
            mean(differences[rater]),
            mean(gap == 0 for gap in pairs[rater]),
            mean(gap <= 1 for gap in pairs[rater]),
            len(differences[rater]),
            len(pairs[rater]),
        )
        for rater in differences
    }


@dataclass(frozen=True)
class Use:
    counts: tuple  # scores given at 1, 2, 3, 4
    total: int

    @property
    def enough(self):
        return self.total >= MIN_SCORES

    @property
    def never_used(self):
        return [value for value, count in zip(VALUES, self.counts, strict=True) if not count]

    def pile(self):
        """(share, what) when the scores pile on one value or one end of the scale."""
        if not self.total:
            return None
        shares = [count / self.total for count in self.counts]
        top = max(range(4), key=shares.__getitem__)
        if shares[top] >= PILE_ONE_VALUE:
            return shares[top], f"{VALUES[top]}"
        low, high = sum(shares[:2]), sum(shares[2:])
        if max(low, high) >= PILE_ONE_HALF:
            return max(low, high), "1 or 2" if low > high else "3 or 4"
        return None


def anchor_use(ratings):
    counts = [0] * len(VALUES)
    for rating in ratings:
        counts[rating.score - 1] += 1
    return Use(tuple(counts), sum(counts))


def flags(figure_alpha, use):
    """What a curator should look at, in words; empty when nothing stands out."""
    found = []
    if figure_alpha.disagrees:
        value = figure_alpha.value
        found.append(f"Scores disagree (alpha {value:.2f} < {ALPHA_FLOOR}): sharpen the anchors.")
    if use.enough and (pile := use.pile()):
        share, where = pile
        found.append(f"Does not discriminate: {share:.0%} of scores are {where}.")
    if use.enough and use.never_used:
        never = ", ".join(map(str, use.never_used))
        found.append(f"Anchor{'s' if len(use.never_used) > 1 else ''} {never} never used.")
    return found


@dataclass(frozen=True)
class Relation:
    r: float | None  # Pearson correlation with the rest of the loop's scores
    loops: int


def relation_to_rest(ratings_of_question, ratings_by_loop):
    """How a question's score in a loop goes with the mean of the loop's other scores."""
    pairs = []
    for loop, own in group(ratings_of_question, "loop").items():
        rest = [r.score for r in ratings_by_loop.get(loop, ()) if r.question != own[0].question]
        if rest:
            pairs.append((mean(r.score for r in own), mean(rest)))
    if len(pairs) < MIN_LOOPS:
        return Relation(None, len(pairs))
    own, rest = np.array(pairs).T
    if own.std() == 0 or rest.std() == 0:
        return Relation(None, len(pairs))
    return Relation(float(np.corrcoef(own, rest)[0, 1]), len(pairs))


def group(ratings, field):
    grouped = defaultdict(list)
    for rating in ratings:
        grouped[getattr(rating, field)].append(rating)
    return grouped
