"""Loops assembled from the shipped bank, simulated over many seeds for every role × level:
they fit the level, never hold two overlapping questions, and two consecutive loops of the
same role and level share little (so candidates who compare notes learn little)."""

from statistics import mean

import pytest
from django.core.management import call_command

from interviewkit.loops.assembly import SessionSpec, plan_loop
from interviewkit.loops.fill import bank_candidates, overlap_map
from interviewkit.loops.models import LoopTemplate

SEEDS = 100
INTRO_AND_WRAP_UP = 10
MOST_SHARED = 0.25
# The share of advanced questions a session of each level reaches, over the seeds.
ADVANCED_AT_LEAST = {"staff": 0.60, "senior": 0.45}
ADVANCED_AT_MOST = {"junior": 0.15}


def session_specs(template, pool):
    specs = []
    for session in template.sessions.all():
        focus = {competency.id for competency in session.focus.all()}
        specs.append(
            SessionSpec(
                key=session.name,
                position=session.position,
                candidates=[
                    candidate
                    for candidate, kind in pool
                    if candidate.competency in focus
                    and (not session.kinds or kind in session.kinds)
                ],
                budget=session.minutes - INTRO_AND_WRAP_UP,
                focus=sorted(focus),
            )
        )
    return specs


def simulate(template, overlaps):
    """For each seed: a first loop, then the next one built while the first is recent."""
    mix = template.level.difficulty_mix
    fresh = bank_candidates(template.role, overlaps=overlaps)
    for seed in range(SEEDS):
        first = plan_loop(session_specs(template, fresh), mix=mix, seed=seed)
        asked = {pick.id for plan in first.values() for pick in plan.chosen}
        after = bank_candidates(template.role, overlaps=overlaps, recent=asked)
        second = plan_loop(session_specs(template, after), mix=mix, seed=seed + SEEDS)
        yield first, second


@pytest.fixture
def templates(db):
    call_command("load_loop_templates", verbosity=0)
    call_command("load_shipped_bank", verbosity=0)
    return list(
        LoopTemplate.objects.select_related("role", "level").prefetch_related("sessions__focus")
    )


def test_loops_fit_their_level_never_overlap_and_rotate(templates):
    overlaps = overlap_map()
    failures = []
    for template in templates:
        level = template.level.slug
        shares, advanced = [], {}
        for first, second in simulate(template, overlaps):
            for plans in (first, second):
                picks = [pick for plan in plans.values() for pick in plan.chosen]
                ids = {pick.id for pick in picks}
                twins = [(p.id, q) for p in picks for q in p.overlaps if q in ids]
                assert not twins, f"{template}: overlapping questions in one loop {twins}"
            ids_first = {p.id for plan in first.values() for p in plan.chosen}
            ids_second = {p.id for plan in second.values() for p in plan.chosen}
            shares.append(len(ids_first & ids_second) / len(ids_second))
            for name, plan in first.items():
                if plan.chosen:
                    share = mean(p.difficulty == "advanced" for p in plan.chosen)
                    advanced.setdefault(name, []).append(share)
        if max(shares) > MOST_SHARED:
            failures.append(f"{template}: consecutive loops share up to {max(shares):.0%}")
        for name, values in advanced.items():
            share = mean(values)
            if share < ADVANCED_AT_LEAST.get(level, 0) or share > ADVANCED_AT_MOST.get(level, 1):
                failures.append(f"{template}, {name}: {share:.0%} advanced")
    assert failures == [], "\n".join(failures)
