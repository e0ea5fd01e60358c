"""Fixtures shared by every test: reference data, users in each group, a small bank."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS
from interviewkit.bank.models import Competency, Question, Role
from interviewkit.bank.services import save_question

PASSWORD = "correct horse battery staple"
# The production queue, for tests that show what waits on it (they need transaction=True).
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SEED_MIGRATIONS = [
    "interviewkit.accounts.migrations.0001_groups.create_groups",
    "interviewkit.bank.migrations.0002_competencies_roles_permissions.seed",
    "interviewkit.bank.migrations.0004_statistics_and_sql_competencies.seed",
    "interviewkit.loops.migrations.0002_permissions.grant_loop_permissions",
    "interviewkit.scorecards.migrations.0002_permissions.grant_scorecard_permissions",
]


def ensure_reference_data():
    """Groups, permissions, competencies and roles, as the data migrations make them.

    Transactional (browser) tests flush the database, migration data included, so they
    put it back through the same functions the migrations run.
    """
    if Competency.objects.exists() and Group.objects.filter(name=INTERVIEWERS).exists():
        return
    for dotted in SEED_MIGRATIONS:
        module, function = dotted.rsplit(".", 1)
        getattr(importlib.import_module(module), function)(django_apps, None)


def make_user(username, group_name=None):
    ensure_reference_data()
    user = User.objects.create_user(
        username, f"{username}@example.com", PASSWORD, first_name=username.title()
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def make_question(slug, **overrides):
    """An active question with complete content; roles default to all four."""
    ensure_reference_data()
    competency = overrides.pop("competency", "ml-fundamentals")
    roles = overrides.pop("roles", None)
    tags = overrides.pop("tags", ["fundamentals"])
    fields = {
        "prompt": f"Explain {slug.replace('-', ' ')}.",
        "kind": Question.Kind.CONCEPTUAL,
        "difficulty": Question.Difficulty.BASIC,
        "minutes": 5,
        "model_answer": f"A strong answer about {slug} explains the idea and a trade-off.",
        "good_signals": ["Defines the term", "Gives an example", "Names a trade-off"],
        "probes": ["What goes wrong at scale?", "How would you test it?"],
        "red_flags": ["Confuses it with something else", "Cannot give an example"],
        "rubric": ["No definition.", "Partial definition.", "Solid answer.", "Deep answer."],
        "status": Question.Status.ACTIVE,
        **overrides,
    }
    question = Question(slug=slug, competency=Competency.objects.get(slug=competency), **fields)
    save_question(question, roles=roles or list(Role.objects.all()), tags=tags)
    return question


@pytest.fixture
def manager(db):
    return make_user("maria", HIRING_MANAGERS)


@pytest.fixture
def interviewer(db):
    return make_user("ivan", INTERVIEWERS)


@pytest.fixture
def manager_client(manager):
    client = Client()  # a client of its own, so tests can use several users at once
    client.force_login(manager)
    return client


@pytest.fixture
def interviewer_client(interviewer):
    client = Client()
    client.force_login(interviewer)
    return client


@pytest.fixture
def small_bank(db):
    """Twelve active questions over three competencies and three difficulties."""
    questions = []
    for competency in ("ml-fundamentals", "evaluation", "deep-learning"):
        for difficulty in ("basic", "intermediate", "advanced", "basic"):
            slug = f"{competency}-{difficulty}-{len(questions)}"
            questions.append(make_question(slug, competency=competency, difficulty=difficulty))
    return questions


def make_loop(owner, *, title="Senior ML Engineer — Ada", seed=7, **candidate):
    """A loop with a screen and a breadth session, assembled from the bank at hand."""
    from interviewkit.loops.models import Level, LoopTemplate, SessionTemplate
    from interviewkit.loops.services import create_loop

    role = Role.objects.get(slug="ml-engineer")
    level, _ = Level.objects.get_or_create(
        slug="senior",
        defaults={
            "name": "Senior",
            "difficulty_mix": {"basic": 10, "intermediate": 40, "advanced": 50},
        },
    )
    template, created = LoopTemplate.objects.get_or_create(role=role, level=level)
    if created:
        for position, (name, minutes, focus) in enumerate(
            [
                ("Phone screen", 30, ["ml-fundamentals", "evaluation"]),
                ("ML breadth", 45, ["ml-fundamentals", "evaluation", "deep-learning"]),
            ]
        ):
            session = SessionTemplate.objects.create(
                template=template, position=position, name=name, minutes=minutes, kinds=[]
            )
            session.focus.set(Competency.objects.filter(slug__in=focus))
    return create_loop(owner=owner, role=role, level=level, title=title, seed=seed, **candidate)


@pytest.fixture
def loop(small_bank, manager):
    return make_loop(manager, candidate_name="Ada Lovelace", candidate_email="ada@example.com")


@pytest.fixture
def packet_loop(loop, interviewer, settings, tmp_path):
    """The loop, its interviewer on every session, rendered PDFs kept in a folder of the test."""
    from interviewkit.loops.selectors import loop_with_sessions

    settings.MEDIA_ROOT = tmp_path / "media"
    for session in loop.sessions.all():
        session.interviewers.add(interviewer)
    return loop_with_sessions(loop.pk)


class Api:
    """The test client sending a user's API token (or the one given) with every request."""

    def __init__(self, user=None, *, token=None):
        from interviewkit.api.tokens import create_token

        self.token = token or create_token(user, name="tests")[1]
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def get(self, path, params=None):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data=None, content_type="application/json"):
        return self.client.post(path, data, content_type=content_type, headers=self.headers)


@pytest.fixture
def manager_api(manager):
    return Api(manager)


@pytest.fixture
def interviewer_api(interviewer):
    return Api(interviewer)


def run_worker():
    """Run every task due on the database queue, as `manage.py db_worker --batch` does."""
    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip
