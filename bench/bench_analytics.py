"""The analytics page over 10,000 submitted scorecards (target: under 300 ms), and a
question's page, through Django's test client (whole request: middleware, queries, figures,
charts, template). The history comes from the demo's simulated raters; the first request
draws the charts, later ones find them cached, so both are printed.
Run with DATABASE_URL=postgres://… to measure PostgreSQL.
"""

import time
import warnings

from bench_assembly import make_bank
from common import setup_django, timed

SCORECARDS = 10_000
PAGES = {
    "analytics, least reliable first": "/analytics/",
    "analytics, most asked first, page 3": "/analytics/?sort=exposure&page=3",
}


def make_history(manager):
    """Past loops until there are SCORECARDS submitted scorecards."""
    from interviewkit.analytics import demo
    from interviewkit.scorecards.models import Scorecard

    raters = demo.demo_people(demo.DEMO_RATERS + demo.DEMO_SHADOWS[:1])
    history = demo.History(
        raters=raters[:-1], shadows=raters[-1:], loops=100, questions_per_competency=40
    )
    seed = 0
    while Scorecard.objects.count() < SCORECARDS:
        seed += 1
        history.seed = seed
        demo.build_history(history, owner=manager)
    return Scorecard.objects.count()


def main():
    warnings.filterwarnings("ignore", message="No directory at")
    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test import Client

    from interviewkit.bank.models import Question
    from interviewkit.loops.templates_fixture import load_loop_templates
    from interviewkit.scorecards.models import Score

    settings.ALLOWED_HOSTS = ["testserver"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    make_bank(1_000)
    load_loop_templates()
    manager = User.objects.create_user("bench")
    manager.groups.add(Group.objects.get(name="Hiring managers"))
    started = time.perf_counter()
    cards = make_history(manager)
    print(
        f"history: {cards:,} scorecards, {Score.objects.count():,} scores "
        f"({time.perf_counter() - started:.0f} s to write), {connection.vendor}:"
    )
    busiest = max(Question.objects.filter(kit_items__isnull=False).distinct()[:50],
                  key=lambda q: q.kit_items.count())  # fmt: skip
    pages = {**PAGES, "a question's page": busiest.get_absolute_url()}
    client = Client()
    client.force_login(manager)
    for name, url in pages.items():
        queries = []

        def count(run, sql, *args, queries=queries):
            queries.append(sql)
            return run(sql, *args)

        first = time.perf_counter()
        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        cold = (time.perf_counter() - first) * 1000
        median, best = timed(lambda url=url: client.get(url), repeat=7)
        print(
            f"  {name:38} median {median:4.0f} ms, best {best:4.0f} ms, first {cold:4.0f} ms, "
            f"{len(queries)} queries"
        )


if __name__ == "__main__":
    main()
