"""The bank list page over a bank of 10,000 questions: plain, filtered, searched, sorted.

Each figure is the median of several requests through Django's test client (whole request:
middleware, queries, template), in one run, so the ratios between them are comparable.
Run with DATABASE_URL=postgres://… to measure PostgreSQL's full-text search.
"""

import warnings

from bench_assembly import make_bank
from common import setup_django, timed

BANK_SIZE = 10_000
PAGES = {
    "first page": "/bank/",
    "page 200": "/bank/?page=200",
    "filtered (competency, difficulty)": "/bank/?competency=evaluation&difficulty=advanced",
    "search 'question 42'": "/bank/?q=question+42",
    "sorted by most used": "/bank/?sort=most-used",
}


def main():
    # whitenoise warns that collectstatic has not run; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    # Keep one connection for the whole run (as a test does), so queries can be counted.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    make_bank(BANK_SIZE)
    user = User.objects.create_user("bench")
    user.groups.add(Group.objects.get(name="Hiring managers"))
    client = Client()
    client.force_login(user)
    print(f"bank list, {BANK_SIZE:,} questions, {connection.vendor}:")
    for name, url in PAGES.items():
        queries = []

        def count(run, sql, *args, queries=queries):
            queries.append(sql)
            return run(sql, *args)

        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        median, best = timed(lambda url=url: client.get(url), repeat=7)
        print(f"  {name:36} median {median:4.0f} ms, best {best:4.0f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main()
