"""`manage.py load_demo_history`: past loops whose figures show at once, loaded once."""

import time

from django.core.management import call_command

from interviewkit.loops.models import Loop
from interviewkit.scorecards.models import Score
from tests.conftest import make_loop, make_user


def test_the_demo_history_loads_quickly_once_and_shows_figures(small_bank, capsys):
    demo = make_user("demo", "Hiring managers")
    make_loop(demo)  # its loop template
    started = time.perf_counter()
    call_command("load_demo_history", "--loops", "40")
    assert time.perf_counter() - started < 10
    assert "Demo history loaded: 40 past loops" in capsys.readouterr().out
    loops, scores = Loop.objects.count(), Score.objects.count()
    call_command("load_demo_history")
    assert "already loaded" in capsys.readouterr().out
    assert (Loop.objects.count(), Score.objects.count()) == (loops, scores)

    from django.test import Client

    client = Client()
    client.force_login(demo)
    page = client.get("/analytics/").content.decode()
    assert "Priya Nair" in page and "Sam Okafor" in page and "Not enough scores yet" not in page
