"""The health check gunicorn's master answers on a port of its own (interviewkit/health.py), on
a real gunicorn: it answers while the only worker cannot, and says what is wrong."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from interviewkit import health

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(tmp_path, database_url, timeout=6):
    """(app URL, health URL, the master's process) while a one-worker gunicorn runs."""
    app, health_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HEALTH_BIND": f"127.0.0.1:{health_port}",
        "HEALTH_STALL_SECONDS": "1",
    }
    command = [GUNICORN, "-c", "python:interviewkit.gunicorn_conf", "interviewkit.wsgi"]
    command += ["--bind", f"127.0.0.1:{app}", "--workers", "1", "--timeout", str(timeout)]
    command += ["--no-control-socket"]
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        master = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    health_url = f"http://127.0.0.1:{health_port}/healthz"
    try:
        wait_for(lambda: answer(health_url) is not None, 30, f"no health check: {log}")
        wait_for(lambda: answer(f"http://127.0.0.1:{app}/") is not None, 30, f"no app: {log}")
        yield f"http://127.0.0.1:{app}", health_url, master
    finally:
        master.terminate()
        try:
            master.wait(timeout=10)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait()


def answer(url, seconds=3):
    with contextlib.suppress(requests.RequestException):
        return requests.get(url, timeout=seconds)
    return None


def wait_for(condition, seconds, failure):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(failure)


def workers_of(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def test_the_master_answers_while_its_only_worker_cannot(tmp_path):
    with gunicorn(tmp_path, f"sqlite:///{tmp_path / 'health.sqlite3'}") as (app, url, master):
        first = answer(url)
        assert first.status_code == 200
        assert first.json() == {
            "status": "ok",
            "database": "ok",
            "workers": {"running": 1, "answering": 1},
        }
        assert first.headers["Cache-Control"] == "no-store"
        assert answer(f"{app}/healthz").status_code == 200  # the app's own, through the worker

        [worker] = workers_of(master)
        os.kill(worker, signal.SIGSTOP)  # as stuck as a worker can be
        try:
            assert answer(f"{app}/healthz", seconds=2) is None
            # Idle, a worker reports every timeout/2 = 3 s: stuck once silent for 3 + 1 s.
            wait_for(lambda: answer(url).status_code == 503, 5, "still healthy with none free")
            stuck = answer(url).json()
            assert stuck["status"] == "error" and stuck["database"] == "ok"
            assert stuck["workers"]["answering"] == 0
        finally:
            os.kill(worker, signal.SIGCONT)
        # gunicorn replaces the worker it finds stuck, or the worker goes on.
        wait_for(lambda: answer(url).status_code == 200, 20, "not healthy again")
        assert answer(f"{app}/healthz").status_code == 200
        assert answer(url.replace("/healthz", "/bank/")).status_code == 404  # nothing else here


def test_the_master_reports_a_database_it_cannot_reach(tmp_path):
    with gunicorn(tmp_path, "postgres://postgres@127.0.0.1:9/down") as (_, url, _):
        down = answer(url)
        assert down.status_code == 503
        assert down.json()["database"] == "unreachable"
        assert down.json()["workers"] == {"running": 1, "answering": 1}


def test_a_worker_counts_as_stuck_once_silent_past_its_idle_interval():
    # gunicorn's timeout 30: an idle worker reports every 15 s; stuck after 15 + 10 s.
    now = 1000.0
    beats = [now, now - 14, now - 24, now - 26, now - 300]
    assert health.STALL_SECONDS == 10
    assert health.workers_answering(beats, now, timeout=30) == 3
    assert health.workers_answering([], now, timeout=30) == 0


def test_the_master_opens_its_connection_again_after_the_database_dropped_it(tmp_path):
    """As after a database restart: the next check answers 200 on a new connection."""
    psycopg = pytest.importorskip("psycopg")
    name = f"ik-health-{os.getpid()}"
    url = f"postgres://postgres@127.0.0.1:5432/postgres?application_name={name}"
    try:
        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("needs PostgreSQL at 127.0.0.1:5432")
    with gunicorn(tmp_path, url) as (_, health_url, _):
        assert answer(health_url).status_code == 200
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres") as admin:
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = %s",
                [name],
            ).fetchone()[0]
        assert dropped >= 1  # the master's
        time.sleep(health.FRESH_SECONDS + 0.1)  # past the answer it reuses
        again = answer(health_url)
        assert again.status_code == 200, again.text


def test_gunicorn_will_not_start_when_the_health_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "VAR_DIR": str(tmp_path)}
        env["HEALTH_BIND"] = f"127.0.0.1:{port}"
        command = [GUNICORN, "-c", "python:interviewkit.gunicorn_conf", "interviewkit.wsgi"]
        command += ["--bind", f"127.0.0.1:{free_port()}", "--no-control-socket"]
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode != 0
    assert f"HEALTH_BIND='127.0.0.1:{port}'" in done.stderr
    assert "Address already in use" in done.stderr
    assert "(set HEALTH_BIND=host:port, or off)" in done.stderr


def test_the_health_check_loads_no_django_into_the_master():
    """Workers forked after a reload (HUP) get the master's copy of every module it imported,
    so the master must not hold the app's old code."""
    script = (
        "import sys; from interviewkit import gunicorn_conf, health;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'interviewkit'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["['interviewkit']"], done.stderr


def test_checks_within_a_second_share_one_question_to_the_database(monkeypatch):
    asked, clock = [], [100.0]
    monkeypatch.setattr(health, "ask_database", lambda: asked.append(clock[0]) or True)
    monkeypatch.setattr(health.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(health, "last_answer", (False, -health.FRESH_SECONDS))
    for now in (100.0, 100.2, 100.9, 101.0, 101.5, 102.4):
        clock[0] = now
        assert health.database_answers() is True
    assert asked == [100.0, 101.0, 102.4]
