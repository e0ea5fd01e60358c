"""Choosing questions for a session: pure functions over plain data, so they can be tested
exhaustively (hypothesis) and stay fast on a bank of 10,000 questions.

Each session is filled in two passes. The coverage pass picks one question for every focus
competency not yet covered, reserving enough minutes for the competencies still to come;
the fill pass then adds questions while any fits the minutes left. Both passes choose at
random, weighted by the level's difficulty mix, by how long ago a question was last used
(rotation limits leakage) and against piling up one competency.
"""

import random
from dataclasses import dataclass
from typing import NamedTuple


class Candidate(NamedTuple):
    id: int
    competency: int
    difficulty: str
    minutes: int
    freshness: float = 1.0  # 1.0 never used; lower for recently used questions


@dataclass
class Plan:
    chosen: list
    uncovered: list  # focus competencies no question could cover
    unused_minutes: int


def session_rng(seed, position):
    """Deterministic per loop seed and session position, independent of hash seeds."""
    return random.Random(f"{seed}:{position}")


def _weight(candidate, mix, per_competency):
    return (
        (mix.get(candidate.difficulty, 0) + 1e-3)
        * candidate.freshness
        / (1 + per_competency.get(candidate.competency, 0))
    )


def _pick(options, mix, per_competency, rng):
    weights = [_weight(option, mix, per_competency) for option in options]
    return rng.choices(options, weights=weights, k=1)[0]


def plan_session(*, candidates, budget, focus, mix, rng, kept=()):
    """Choose questions for one session.

    candidates: questions allowed here (right role, kind and focus, not used elsewhere in the
    loop, never asked to this candidate). kept: locked items that stay and count against the
    budget. Returns a Plan whose chosen list excludes the kept items.
    """
    pool = sorted((c for c in candidates if c.minutes <= budget), key=lambda c: c.id)
    kept_ids = {k.id for k in kept}
    pool = [c for c in pool if c.id not in kept_ids]
    remaining = budget - sum(k.minutes for k in kept)
    per_competency = {}
    for item in kept:
        per_competency[item.competency] = per_competency.get(item.competency, 0) + 1
    chosen = []

    def take(pick):
        nonlocal remaining
        chosen.append(pick)
        pool.remove(pick)
        remaining -= pick.minutes
        per_competency[pick.competency] = per_competency.get(pick.competency, 0) + 1

    shortest = {}
    for c in pool:
        shortest[c.competency] = min(c.minutes, shortest.get(c.competency, c.minutes))
    to_cover = [f for f in dict.fromkeys(focus) if f not in per_competency]
    uncovered = []
    for index, competency in enumerate(to_cover):
        reserve = sum(shortest.get(later, 0) for later in to_cover[index + 1 :])
        options = [
            c for c in pool if c.competency == competency and c.minutes <= remaining - reserve
        ] or [c for c in pool if c.competency == competency and c.minutes <= remaining]
        if options:
            take(_pick(options, mix, per_competency, rng))
        else:
            uncovered.append(competency)

    while options := [c for c in pool if c.minutes <= remaining]:
        take(_pick(options, mix, per_competency, rng))
    return Plan(chosen=chosen, uncovered=uncovered, unused_minutes=max(remaining, 0))


def freshness(last_used_at, now):
    """1.0 for a question never used; rising from 0.1 back to 1.0 over sixty days after use."""
    if last_used_at is None:
        return 1.0
    days = (now - last_used_at).total_seconds() / 86400
    return min(1.0, 0.1 + max(days, 0) / 60)
