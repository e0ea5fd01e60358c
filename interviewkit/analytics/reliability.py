"""Reliability of scores, from plain data: Krippendorff's alpha, rater severity and agreement,
and the flags that tell a curator which questions to mend.

A *unit* is one answer that two or more interviewers heard and scored: a kit item of a
session with several interviewers. Alpha (ordinal, on the 1-4 scale) comes from the
`krippendorff` package. Its 95% interval is a bootstrap over units: resampling units (a
Poisson bootstrap: each answer is drawn Poisson(1) times, so each distinct pattern of scores,
e.g. "one 2, one 3", held by k answers is drawn Poisson(k) times), and since a resample's
coincidence matrix is the sum of its answers' matrices, five hundred resamples cost one matrix
product. `replicate_alphas` is checked against the package on resampled units in the tests.

Ratings are held as columns (`Ratings`), so every figure over tens of thousands of scores is
a few array operations rather than a loop over scores.
"""

from dataclasses import dataclass
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


class Ratings:
    """Ratings as numpy columns named like Rating's fields."""

    def __init__(self, array):
        self.array = array
        for index, name in enumerate(Rating._fields):
            setattr(self, name, array[:, index])

    @classmethod
    def of(cls, rows):
        """From Ratings, or tuples in Rating's field order (a query's rows)."""
        if isinstance(rows, cls):
            return rows
        width = len(Rating._fields)
        return cls(np.array(list(rows), dtype=np.int64).reshape(-1, width))

    def __len__(self):
        return len(self.array)


def unit_counts(ratings):
    """(units × values counts, each rating's row in it): how many scored each unit 1-4."""
    units, row = np.unique(ratings.unit, return_inverse=True)
    counts = np.zeros((len(units), len(VALUES)), dtype=np.int64)
    np.add.at(counts, (row, ratings.score - 1), 1)
    return counts, row


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


NO_ALPHA = Alpha(None, None, None, 0, 0)


def alpha(ratings, *, resamples=RESAMPLES, seed=SEED):
    """Ordinal alpha of these ratings with its bootstrap 95% interval (none if resamples=0)."""
    counts, _ = unit_counts(Ratings.of(ratings))
    return alpha_of(counts[counts.sum(axis=1) > 1], resamples=resamples, seed=seed)


def alphas(ratings, field, *, resamples=RESAMPLES, seed=SEED):
    """{value of field: Alpha} (per question, competency or revision), from one count of every
    unit; a value none of whose answers two people scored is left out."""
    counts, row = unit_counts(ratings)
    key = np.empty(len(counts), dtype=np.int64)
    key[row] = getattr(ratings, field)
    paired = counts.sum(axis=1) > 1
    counts, key = counts[paired], key[paired]
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    ends = [*starts[1:], len(order)][: len(starts)]
    return {
        int(value): alpha_of(counts[order[start:end]], resamples=resamples, seed=seed)
        for value, start, end in zip(keys, starts, ends, strict=True)
    }


def alpha_of(counts, *, resamples=RESAMPLES, seed=SEED):
    """Alpha of a units × values count matrix whose units two or more people scored."""
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
    base = int(counts.max(initial=0)) + 1
    places = base ** np.arange(counts.shape[1])
    codes, occurrences = np.unique(counts @ places, return_counts=True)
    rows = (codes[:, None] // places) % base  # each distinct row, decoded
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
    severity: float  # mean of (own score − co-raters' mean) on the same answers
    spread: float  # standard deviation of those differences
    exact: float  # share of pairs with a co-rater that agree exactly
    within_one: float  # … that are at most one point apart
    units: int
    pairs: int


def raters(ratings):
    """{rater: Rater}: severity and agreement of everyone with co-rated answers."""
    ratings = Ratings.of(ratings)
    counts, row = unit_counts(ratings)
    scored = counts.sum(axis=1)[row]
    paired = scored > 1
    score, row, others = ratings.score[paired], row[paired], scored[paired] - 1
    total = (counts @ np.array(VALUES))[row]
    difference = score - (total - score) / others
    padded = np.pad(counts, ((0, 0), (1, 1)))  # column s holds the count of score s
    exact = padded[row, score] - 1
    within = padded[row, score - 1] + padded[row, score] + padded[row, score + 1] - 1
    people, person = np.unique(ratings.rater[paired], return_inverse=True)
    units = np.bincount(person)
    pairs = np.bincount(person, weights=others)
    severity = np.bincount(person, weights=difference) / units
    spread = np.sqrt(
        np.maximum(np.bincount(person, weights=difference**2) / units - severity**2, 0)
    )
    exact = np.bincount(person, weights=exact) / pairs
    within = np.bincount(person, weights=within) / pairs
    return {
        int(rater): Rater(
            int(rater),
            float(severity[n]),
            float(spread[n]),
            float(exact[n]),
            float(within[n]),
            int(units[n]),
            int(pairs[n]),
        )
        for n, rater in enumerate(people)
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


NO_USE = Use((0, 0, 0, 0), 0)


def anchor_use(ratings):
    counts = np.bincount(Ratings.of(ratings).score - 1, minlength=len(VALUES))
    return Use(tuple(int(count) for count in counts), int(counts.sum()))


def anchor_uses(ratings, field):
    """{value of field: Use}, from one count of every score."""
    keys, index = np.unique(getattr(ratings, field), return_inverse=True)
    table = np.zeros((len(keys), len(VALUES)), dtype=np.int64)
    np.add.at(table, (index, ratings.score - 1), 1)
    return {
        int(key): Use(tuple(int(c) for c in row), int(row.sum()))
        for key, row in zip(keys, table, strict=True)
    }


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


def relation_to_rest(question, ratings):
    """How a question's mean score in a loop goes with the mean of the loop's other scores,
    over the loops that asked it (ratings: every score of those loops)."""
    ratings = Ratings.of(ratings)
    own = ratings.question == question
    loops, index = np.unique(ratings.loop, return_inverse=True)
    sums = [
        np.bincount(index, weights=ratings.score * part, minlength=len(loops))
        for part in (own, ~own)
    ]
    counts = [np.bincount(index, weights=part, minlength=len(loops)) for part in (own, ~own)]
    both = (counts[0] > 0) & (counts[1] > 0)
    if both.sum() < MIN_LOOPS:
        return Relation(None, int(both.sum()))
    mine, rest = (sums[n][both] / counts[n][both] for n in (0, 1))
    if mine.std() == 0 or rest.std() == 0:
        return Relation(None, int(both.sum()))
    return Relation(float(np.corrcoef(mine, rest)[0, 1]), int(both.sum()))
