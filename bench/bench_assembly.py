"""Assembly time for a 6-session loop over a bank of 10,000 questions, one in five of them
overlapping another, after earlier loops of the same role and level (target: under 200 ms)."""

import gc
import random

from common import setup_django, timed

BANK_SIZE = 10_000


def make_bank(size):
    from interviewkit.bank.models import Competency, Question, QuestionRevision, Role

    rng = random.Random(1)
    competencies = list(Competency.objects.all())
    kinds_for = {"coding": "coding", "behavioural": "behavioural"}
    questions = Question.objects.bulk_create(
        Question(
            slug=f"bench-{i}",
            prompt=f"Benchmark question {i}",
            competency=competency,
            kind=kinds_for.get(
                competency.slug, rng.choice(["conceptual", "scenario", "system-design"])
            ),
            difficulty=rng.choice(["basic", "intermediate", "advanced"]),
            minutes=rng.choice([5, 8, 10, 15, 20, 30, 40])
            if competency.slug != "coding"
            else rng.choice([20, 25, 30]),
            model_answer="answer",
            status="active",
            revision=1,
            rubric=["a", "b", "c", "d"],
        )
        for i in range(size)
        for competency in [competencies[i % len(competencies)]]
    )
    QuestionRevision.objects.bulk_create(
        QuestionRevision(question=q, number=1, content={"prompt": q.prompt}) for q in questions
    )
    Through = Question.roles.through
    roles = list(Role.objects.all())
    Through.objects.bulk_create(
        Through(question_id=q.pk, role_id=role.pk) for q in questions for role in roles
    )
    # One question in five overlaps another (both ways, as the bank stores them).
    Overlap = Question.overlaps.through
    pairs = [(questions[i], questions[i + 1]) for i in range(0, size - 1, 5)]
    Overlap.objects.bulk_create(
        Overlap(from_question_id=a.pk, to_question_id=b.pk)
        for x, y in pairs
        for a, b in ((x, y), (y, x))
    )


def main():
    setup_django()
    gc.collect()
    gc.freeze()  # start-up done, as interviewkit/wsgi.py does in the web server
    from django.contrib.auth.models import User
    from django.db import transaction

    from interviewkit.bank.models import Role
    from interviewkit.loops.models import Level
    from interviewkit.loops.services import create_loop
    from interviewkit.loops.templates_fixture import load_loop_templates

    load_loop_templates()
    make_bank(BANK_SIZE)
    owner = User.objects.create_user("bench")
    role, level = Role.objects.get(slug="ml-engineer"), Level.objects.get(slug="senior")
    seeds = iter(range(1000))

    for seed in range(3):  # earlier loops, whose questions the next one avoids
        create_loop(owner=owner, role=role, level=level, title="Earlier", seed=10_000 + seed)

    def assemble():
        with transaction.atomic():
            loop = create_loop(owner=owner, role=role, level=level, title="Bench", seed=next(seeds))
            assert loop.sessions.count() == 6
            transaction.set_rollback(True)

    median, best = timed(assemble, repeat=7)
    print(
        f"assemble 6-session loop, bank of {BANK_SIZE:,}: "
        f"median {median:.0f} ms, best {best:.0f} ms (target < 200 ms)"
    )


if __name__ == "__main__":
    main()
