"""Choosing questions for a loop: pure functions over plain data, so they can be tested
exhaustively (hypothesis) and simulated over the shipped bank, and stay fast on a bank of
10,000 questions.

Each session is filled in two passes. The coverage pass picks one question for every focus
competency not yet covered, reserving enough minutes for the competencies still to come;
the fill pass then adds questions while any fits the minutes left. Every pick
- takes the difficulty the level's mix is furthest behind on (so a Staff session asks
  mostly advanced questions and a Junior one few), when the bank has one that fits; the
  fill pass never adds a difficulty the session already has its share of;
- avoids questions asked in the last loops of the same role and level (so candidates who
  compare notes find little in common), when the bank has others;
- then draws at random, weighted by how long ago a question was last used and against
  piling up one competency.
A picked question takes every question that overlaps it (the same topic asked another way)
out of the rest of the loop.
"""

import random
from dataclasses import dataclass, field
from typing import NamedTuple


class Candidate(NamedTuple):
    """A question the assembler may pick (not the candidate person of a loop)."""

    id: int
    competency: int
    difficulty: str
    minutes: int
    freshness: float = 1.0  # 1.0 never used; lower for recently used questions
    recent: bool = False  # asked in one of the last loops of this role and level
    overlaps: frozenset = frozenset()  # ids of questions that ask the same thing


@dataclass
class Plan:
    chosen: list
    uncovered: list  # focus competencies no question could cover
    unused_minutes: int


@dataclass
class SessionSpec:
    """What a session asks of the bank: its candidates, question minutes and focus."""

    key: object
    position: int
    candidates: list
    budget: int
    focus: list
    kept: list = field(default_factory=list)


def session_rng(seed, position):
    """Deterministic per loop seed and session position, independent of hash seeds."""
    return random.Random(f"{seed}:{position}")


def shortfall(mix, counts, difficulty):
    """How far a difficulty's count lags its share of the mix if one more question is added."""
    total = sum(mix.values()) or 1
    asked = sum(counts.values()) + 1
    return mix.get(difficulty, 0) / total * asked - counts.get(difficulty, 0)


def wanted_difficulty(mix, counts):
    """The difficulty whose share lags its target most if one more question is added."""
    return max(mix, key=lambda d: (shortfall(mix, counts, d), mix[d]), default=None)


def _weight(candidate, mix, per_competency):
    return (
        (mix.get(candidate.difficulty, 0) + 1e-3)
        * candidate.freshness
        / (1 + per_competency.get(candidate.competency, 0))
    )


def _snug(tier, options, remaining):
    """Those that leave no dead time: nothing left over, or room for another question."""
    shortest = sorted(c.minutes for c in options)[:2]

    def leaves_room(candidate):
        left = remaining - candidate.minutes
        if left == 0:
            return True
        if len(shortest) < 2:
            return False
        next_shortest = shortest[1] if candidate.minutes == shortest[0] else shortest[0]
        return left >= next_shortest

    return [c for c in tier if leaves_room(c)] or tier


def _pick(options, mix, counts, per_competency, rng, remaining):
    """Prefer questions not asked lately, then the difficulty the mix wants, then those that
    leave no dead time; draw at random within."""
    wanted = wanted_difficulty(mix, counts)
    for tier in (
        [c for c in options if not c.recent and c.difficulty == wanted],
        [c for c in options if not c.recent],
        [c for c in options if c.difficulty == wanted],
        options,
    ):
        if tier:
            tier = _snug(tier, options, remaining)
            weights = [_weight(option, mix, per_competency) for option in tier]
            return rng.choices(tier, weights=weights, k=1)[0]
    raise ValueError("no options to pick from")


def plan_session(*, candidates, budget, focus, mix, rng, kept=()):
    """Choose questions for one session.

    candidates: questions allowed here (right role, kind and focus, not used or overlapped
    elsewhere in the loop, never asked to this candidate). kept: locked or scored items that
    stay and count against the budget. Returns a Plan whose chosen list excludes them.
    """
    kept_ids = {k.id for k in kept}
    blocked = kept_ids | {other for k in kept for other in k.overlaps}
    pool = sorted(
        (c for c in candidates if c.minutes <= budget and c.id not in blocked),
        key=lambda c: c.id,
    )
    remaining = budget - sum(k.minutes for k in kept)
    per_competency, counts = {}, {}
    for item in kept:
        per_competency[item.competency] = per_competency.get(item.competency, 0) + 1
        counts[item.difficulty] = counts.get(item.difficulty, 0) + 1
    chosen = []

    def take(pick):
        nonlocal pool, remaining
        chosen.append(pick)
        pool = [c for c in pool if c.id != pick.id and c.id not in pick.overlaps]
        remaining -= pick.minutes
        per_competency[pick.competency] = per_competency.get(pick.competency, 0) + 1
        counts[pick.difficulty] = counts.get(pick.difficulty, 0) + 1

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
            take(_pick(options, mix, counts, per_competency, rng, remaining))
        else:
            uncovered.append(competency)

    # Filling up never takes a difficulty the level already has its share of: a spare minute
    # is better than a Senior session padded with basic questions.
    while options := [
        c
        for c in pool
        if c.minutes <= remaining and (not mix or shortfall(mix, counts, c.difficulty) > 0)
    ]:
        take(_pick(options, mix, counts, per_competency, rng, remaining))
    return Plan(chosen=chosen, uncovered=uncovered, unused_minutes=max(remaining, 0))


def plan_loop(sessions, *, mix, seed, taken=()):
    """Plan every session in order; a question, and what overlaps it, is used once a loop.

    sessions: SessionSpecs in session order (position i uses session_rng(seed, i)).
    taken: ids already in the loop outside these sessions, or never to be asked.
    Returns {spec.key: Plan}.
    """
    taken = set(taken)
    blocked = set(taken)
    for spec in sessions:
        for item in spec.kept:
            taken.add(item.id)
            blocked |= {item.id, *item.overlaps}
    plans = {}
    for spec in sessions:
        allowed = [c for c in spec.candidates if c.id not in blocked and not (c.overlaps & taken)]
        plan = plan_session(
            candidates=allowed,
            budget=spec.budget,
            focus=spec.focus,
            mix=mix,
            rng=session_rng(seed, spec.position),
            kept=spec.kept,
        )
        for pick in plan.chosen:
            taken.add(pick.id)
            blocked |= {pick.id, *pick.overlaps}
        plans[spec.key] = plan
    return plans


def freshness(last_used_at, now):
    """1.0 for a question never used; rising from 0.1 back to 1.0 over sixty days after use."""
    if last_used_at is None:
        return 1.0
    days = (now - last_used_at).total_seconds() / 86400
    return min(1.0, 0.1 + max(days, 0) / 60)
