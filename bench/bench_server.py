"""Issues 14 and 12 on the real server stack: gunicorn (2 sync workers) and two task-queue
workers (`db_worker`, the renderers) over a fresh PostgreSQL database, with production
settings over plain HTTP, on 127.0.0.1 only. However the run ends, the processes started
here are stopped and the database is dropped.

A (issue 14): 20 loop packets, none rendered, asked for at once. Each request should answer
at once with a progress page; then each is asked for again every 0.5 s until it is a PDF (or
two minutes have passed), and the 20 are downloaded at once again.

B (issue 12): 50 clients for 20 seconds on the loop page, the bank list and /healthz, while
one more keeps both renderers busy with the guide of the worst question the content limits
allow. Their /healthz is the one a balancer is pointed at: gunicorn's master answers it on a
port of its own (interviewkit/health.py). One more client asks for the app's own /healthz,
served by the workers, twice a second, as a balancer would. Times are the client's; "worker
p99" is gunicorn's own time for the request, so the difference is time spent waiting for a
free worker.
"""

import contextlib
import io
import math
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import psycopg
import requests
from bench_limits import guide_with, worst_question
from common import ROOT, setup_django
from psycopg import sql

POSTGRES = "postgres://postgres@127.0.0.1:5432"
WEB_WORKERS = 2
# Threads per gunicorn worker (BENCH_THREADS): 1 is gunicorn's sync worker; more, its gthread.
WEB_THREADS = int(os.getenv("BENCH_THREADS", "1"))
RENDER_WORKERS = 2
LOOPS = 20
# Sessions of each loop in A: 20 packets of the shipped six take longer to render here than
# this may run. A packet is a cover, and a guide and a sheet for each session.
SESSIONS = 2
POLL_SECONDS = 2  # as a progress page asks again (packets.views.REFRESH_SECONDS)
READY_SECONDS = 120  # A stops asking for its packets after this
CLIENTS = 50
LOAD_SECONDS = 20
PROBE_SECONDS = 0.5  # between the balancer-like client's requests for the app's /healthz
HEAD_START_SECONDS = 3  # for the worst guide's client, to give both renderers a render
WORST_SHAPE = "table"  # the slowest to print of bench_limits.py's shapes, on this machine
TIMEOUT = 30  # seconds for any one request
PASSWORD = secrets.token_urlsafe(16)


def stop_on_term(signum, frame):
    raise SystemExit(128 + signum)  # so that every `finally` below runs


@contextlib.contextmanager
def fresh_database():
    """A new database's URL; dropped afterwards, with any connection still open to it."""
    name = f"ik_bench_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


def production_environment(database_url, scratch):
    """Production settings (DEBUG off, real password hashers, the database task queue) with
    the switches for plain HTTP, and nothing rendered ahead: every packet is asked for first."""
    os.environ.pop("DEBUG", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="interviewkit.settings",
        ENV_FILE=str(scratch / "none.env"),  # not this checkout's .env
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(scratch / "static"),
        MEDIA_ROOT=str(scratch / "media"),
        VAR_DIR=str(scratch),
        PACKETS_PRERENDER="0",
    )


def prepare():
    """What `make run` loads, and a hiring manager's loops: 20 short ones, one of the shipped
    template's six sessions, and one of the worst guide (whose session is returned)."""
    setup_django()  # and migrate
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import override_settings

    from interviewkit.accounts.groups import HIRING_MANAGERS
    from interviewkit.bank.models import Role
    from interviewkit.loops.models import Level

    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("load_loop_templates", **quiet)
    manager = User.objects.create_user("bench", password=PASSWORD, first_name="Bench")
    manager.groups.add(Group.objects.get(name=HIRING_MANAGERS))
    # Before the shipped bank, so that the worst question is the only one its session can hold.
    guide = guide_with(worst_question(WORST_SHAPE), 0)
    call_command("load_shipped_bank", **quiet)
    # The manifest the production storage reads, without its compressed copies: they take
    # minutes to make here, and no client here asks for a static file.
    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": manifest}}):
        call_command("collectstatic", interactive=False, **quiet)
    role = Role.objects.get(slug="ml-engineer")
    senior = Level.objects.get(slug="senior")
    short = shorter_level(role, senior, SESSIONS)
    loops = [new_loop(manager, role, short, n) for n in range(1, LOOPS + 1)]
    return loops, new_loop(manager, role, senior, 0), guide


def new_loop(owner, role, level, number):
    from interviewkit.loops.services import create_loop

    title = f"{level} {role} — Candidate {number}"
    candidate = f"Candidate {number}"
    return create_loop(
        owner=owner, role=role, level=level, title=title, seed=number, candidate_name=candidate
    )


def shorter_level(role, level, sessions):
    """A copy of the level whose template holds only the first sessions of the shipped one."""
    from interviewkit.loops.models import Level, LoopTemplate

    shipped = LoopTemplate.objects.get(role=role, level=level)
    copy = Level.objects.create(
        slug=f"{level.slug}-{sessions}",
        name=f"{level.name} ({sessions} sessions)",
        difficulty_mix=level.difficulty_mix,
    )
    template = LoopTemplate.objects.create(role=role, level=copy, weights=shipped.weights)
    for session in shipped.sessions.all()[:sessions]:
        focus = list(session.focus.all())
        session.pk, session.template = None, template  # saved as a new row: a copy
        session.save()
        session.focus.set(focus)
    return copy


@contextlib.contextmanager
def server_stack(logs):
    """(base URL, health check URL, gunicorn's access log) while gunicorn and the render
    workers run."""
    port, health_port = free_port(), free_port()
    os.environ["HEALTH_BIND"] = f"127.0.0.1:{health_port}"
    access_log = logs / "access.log"
    gunicorn = [Path(sys.executable).parent / "gunicorn", "interviewkit.wsgi"]
    gunicorn += ["-c", "python:interviewkit.gunicorn_conf", "--no-control-socket"]
    gunicorn += ["--workers", str(WEB_WORKERS), "--bind", f"127.0.0.1:{port}"]
    if WEB_THREADS > 1:
        gunicorn += ["--worker-class", "gthread", "--threads", str(WEB_THREADS)]
    gunicorn += ["--access-logfile", access_log, "--access-logformat", "%(U)s %(s)s %(D)s"]
    worker = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    commands = {"gunicorn": gunicorn} | {f"worker-{n}": worker for n in range(RENDER_WORKERS)}
    processes = {}
    try:
        for name, command in commands.items():
            with open(logs / f"{name}.log", "wb") as log:
                processes[name] = subprocess.Popen(
                    command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
        wait_until_up(f"http://127.0.0.1:{port}", processes)
        yield f"http://127.0.0.1:{port}", f"http://127.0.0.1:{health_port}/healthz", access_log
    except Exception:
        for name in processes:
            tail = (logs / f"{name}.log").read_text(errors="replace").splitlines()[-15:]
            print(f"--- the last lines from {name}:", *tail, sep="\n", file=sys.stderr)
        raise
    finally:
        stop(processes.values())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base, processes, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ended := [name for name, process in processes.items() if process.poll() is not None]:
            raise RuntimeError(f"{', '.join(ended)} stopped as it started")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds} s")


def stop(processes):
    """Each process with its children (gunicorn's workers, a worker's render child): asked
    to stop, then killed."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(deadline - time.monotonic(), 0))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of its group is left
        process.wait()


def log_in(base):
    """A session cookie from the login form, as a browser gets one: CSRF, axes, the hasher."""
    client = requests.Session()
    form = client.get(f"{base}/login/", timeout=TIMEOUT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    answer = client.post(
        f"{base}/login/",
        data={"csrfmiddlewaretoken": token, "username": "bench", "password": PASSWORD},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert answer.status_code == 302, f"the login form answered {answer.status_code}"
    return client.cookies["sessionid"]


def sessions_like(session_key, count):
    """Session cookies holding what the login stored, one per client as if each were its
    own browser; made directly, as logging in costs a password hash each."""
    from importlib import import_module

    from django.conf import settings

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    data = store_class(session_key=session_key).load()
    keys = []
    for _ in range(count):
        store = store_class()
        store.update(data)
        store.create()
        keys.append(store.session_key)
    return keys


def browser(cookie):
    session = requests.Session()
    session.cookies.set("sessionid", cookie)
    return session


def fetch(session, url):
    """(response, seconds); the response is None if the request failed or timed out."""
    start = time.perf_counter()
    try:
        response = session.get(url, allow_redirects=False, timeout=TIMEOUT)
    except requests.RequestException:
        response = None
    return response, time.perf_counter() - start


def status(response):
    return response.status_code if response is not None else "no answer"


def counts(statuses):
    found = Counter(statuses)
    return ", ".join(f"{code} x{number}" for code, number in sorted(found.items(), key=str))


def in_threads(function, arguments):
    """function(*each) in a thread of its own, all at once; their results in order."""
    results = [None] * len(arguments)

    def run(index):
        results[index] = function(*arguments[index])

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(len(arguments))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values, percent):
    """Nearest rank: the smallest value that `percent`% of values are at or under."""
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * percent / 100) - 1, 0)]


def verdict(met):
    return "met" if met else "missed"


def served(access_log, offset):
    """(path, status, seconds in a gunicorn worker) of each request logged after offset."""
    with open(access_log, encoding="utf-8") as log:
        log.seek(offset)
        lines = [line.split() for line in log]
    return [(path, int(code), int(micros) / 1e6) for path, code, micros in lines]


class Asked(NamedTuple):
    first: object  # the first answer's status
    seconds: float  # and its time
    at: float
    done_at: float
    last: object  # "PDF", or the last answer's status


def ask_until_ready(session, url, barrier, deadline):
    """Ask with the others, then again every POLL_SECONDS while it answers a progress page."""
    barrier.wait()
    at = time.monotonic()
    first, seconds = fetch(session, url)
    answer = first
    while status(answer) == 202 and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        answer, _ = fetch(session, url)
    pdf = status(answer) == 200 and answer.content.startswith(b"%PDF")
    return Asked(status(first), seconds, at, time.monotonic(), "PDF" if pdf else status(answer))


def at_once(sessions, urls):
    """Each URL asked for by its own client, all at the same moment: [(status, seconds)]."""
    barrier = threading.Barrier(len(urls))

    def download(session, url):
        barrier.wait()
        response, seconds = fetch(session, url)
        return status(response), seconds

    return in_threads(download, list(zip(sessions, urls, strict=True)))


def scenario_a(base, access_log, loops, cookies):
    sessions = [browser(cookie) for cookie in cookies]
    paths = [f"/packets/loops/{loop.pk}/loop.pdf" for loop in loops]
    urls = [base + path for path in paths]
    offset = access_log.stat().st_size
    barrier = threading.Barrier(len(urls))
    deadline = time.monotonic() + READY_SECONDS
    asked = in_threads(
        lambda session, url: ask_until_ready(session, url, barrier, deadline),
        list(zip(sessions, urls, strict=True)),
    )
    seconds = max(a.done_at for a in asked) - min(a.at for a in asked)
    progress = [s for path, code, s in served(access_log, offset) if code == 202 and path in paths]
    times = [a.seconds for a in asked]
    print(f"A. {LOOPS} loop packets ({SESSIONS} sessions: {1 + 2 * SESSIONS} parts each), "
          "none rendered, asked for at once")  # fmt: skip
    print(
        f"  first answers: {counts(a.first for a in asked)}; median "
        f"{statistics.median(times):.2f} s, slowest {max(times):.2f} s "
        f"(target: slowest < 1 s, {verdict(max(times) < 1)})"
    )
    print(
        f"  progress pages: {len(progress):,}, median {statistics.median(progress) * 1000:.0f} ms "
        f"in a gunicorn worker; its {WEB_WORKERS} workers were busy with them "
        f"{sum(progress) / (seconds * WEB_WORKERS):.0%} of the time"
    )
    last = counts(a.last for a in asked)
    print(f"  asked again every {POLL_SECONDS} s; the last answers after {seconds:.1f} s: {last}")
    print(f"  {rendered(seconds)}")
    again = at_once(sessions, urls)
    times = [took for _, took in again]
    print(
        f"  the {LOOPS} again at once: {counts(code for code, _ in again)}; "
        f"median {statistics.median(times):.2f} s, slowest {max(times):.2f} s"
    )


def rendered(seconds):
    """How much of A's packets the workers rendered in these seconds, and the tasks it took."""
    from django.db.models import Sum
    from django_tasks_db.models import DBTaskResult

    from interviewkit.packets.models import StoredPart

    parts = StoredPart.objects.exclude(kind="merged")
    pages = parts.aggregate(pages=Sum("pages"))["pages"] or 0
    tasks = DBTaskResult.objects.filter(task_path__endswith="render_stored_part").count()
    return (
        f"{parts.count()} of {LOOPS * (1 + 2 * SESSIONS)} parts rendered ({pages:,} pages, "
        f"{pages / seconds:.1f} pages/s); {tasks} render tasks queued for them"
    )


def browse(session, urls, first, stop_at, records):
    """One client going round the pages as fast as they answer, until stop_at."""
    turn = first
    while time.monotonic() < stop_at:
        name = list(urls)[turn % len(urls)]
        turn += 1
        response, seconds = fetch(session, urls[name])
        records.append((name, status(response), seconds))


def keep_renderers_busy(session, url, guide, stop_at, records):
    """Ask for the worst guide every POLL_SECONDS. While fewer of its renders are waiting or
    running than there are render workers, give its question one more minute first: new
    content, which the request puts on the queue, so that both renderers always have one."""
    from django.db import connection
    from django.db.models import F

    from interviewkit.loops.models import KitItem
    from interviewkit.packets.models import QueuedPart

    try:
        while time.monotonic() < stop_at:
            if QueuedPart.objects.filter(loop=guide.loop_id).count() < RENDER_WORKERS:
                KitItem.objects.filter(session=guide).update(minutes=F("minutes") + 1)
            response, seconds = fetch(session, url)
            records.append(("worst guide", status(response), seconds))
            time.sleep(POLL_SECONDS)
    finally:
        connection.close()


def drop_waiting_renders():
    """Take A's renders still waiting off the queue (of packets given up on, or queued
    twice), so that in B the renderers render the worst guide; how many there were."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from interviewkit.packets.models import QueuedPart

    QueuedPart.objects.all().delete()
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()[0]


def scenario_b(base, health_url, access_log, loop, guide, cookies):
    paths = {"loop page": f"/loops/{loop.pk}/", "bank list": "/bank/", "/healthz": health_url}
    paths["app /healthz"] = "/healthz"
    paths["worst guide"] = f"/packets/loops/{guide.loop_id}/sessions/{guide.pk}/guide.pdf"
    offset = access_log.stat().st_size
    records = load(base, paths, guide, cookies)
    page_of = {path: name for name, path in paths.items()}
    in_worker = {name: [] for name in paths}
    for path, _, seconds in served(access_log, offset):
        if path in page_of:
            in_worker[page_of[path]].append(seconds)
    print(
        f"B. {CLIENTS} clients for {LOAD_SECONDS} s, their /healthz from gunicorn's master; "
        f"one more asks for the worst guide ({WORST_SHAPE} shape) as it changes, from "
        f"{HEAD_START_SECONDS} s before, and one for the app's /healthz every {PROBE_SECONDS} s"
    )
    print(f"  {'page':12} {'requests':>8} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'worker p99 ms':>13}  errors")  # fmt: skip
    errors = sum(page_figures(name, records, in_worker[name]) for name in paths)
    guide_answers = counts(code for page, code, _ in records if page == "worst guide")
    print(f"  worst guide: {guide_answers}; {guide_renders(guide)}")
    healthz = percentile([s * 1000 for page, _, s in records if page == "/healthz"], 99)
    print(
        f"  /healthz p99 {healthz:.0f} ms (target < 200 ms, {verdict(healthz < 200)}); "
        f"errors {errors} (target none, {verdict(errors == 0)})"
    )
    app = percentile([s * 1000 for page, _, s in records if page == "app /healthz"], 99)
    print(f"  the app's own /healthz, which waits for a free worker: p99 {app:.0f} ms")


def load(base, paths, guide, cookies):
    """The clients' (page, status, seconds): the guide's client first, so that both renderers
    are busy when the others start."""
    records = []  # from every client; list.append is atomic
    stop_at = time.monotonic() + HEAD_START_SECONDS + LOAD_SECONDS
    guide_client = threading.Thread(
        target=keep_renderers_busy,
        args=(browser(cookies[-1]), base + paths["worst guide"], guide, stop_at, records),
        daemon=True,
    )
    guide_client.start()
    time.sleep(HEAD_START_SECONDS)
    prober = threading.Thread(
        target=probe, args=(base + paths["app /healthz"], stop_at, records), daemon=True
    )
    prober.start()
    urls = {name: base + paths[name] for name in ("loop page", "bank list")}
    urls["/healthz"] = paths["/healthz"]  # the master's: a URL of its own
    clients = [(browser(c), urls, n, stop_at, records) for n, c in enumerate(cookies[:CLIENTS])]
    in_threads(browse, clients)
    guide_client.join()
    prober.join()
    return records


def probe(url, stop_at, records):
    """A balancer's health check, on the app's port."""
    session = requests.Session()
    while time.monotonic() < stop_at:
        response, seconds = fetch(session, url)
        records.append(("app /healthz", status(response), seconds))
        time.sleep(PROBE_SECONDS)


def page_figures(name, records, in_worker):
    """Print one page's line; return its errors: answers other than 200 (or 202, a progress
    page, for the guide)."""
    mine = [(code, took * 1000) for page, code, took in records if page == name]
    times = [milliseconds for _, milliseconds in mine]
    guide = name == "worst guide"
    seconds = LOAD_SECONDS + (HEAD_START_SECONDS if guide else 0)
    failed = [code for code, _ in mine if code not in ((200, 202) if guide else (200,))]
    worker = f"{percentile(in_worker, 99) * 1000:.0f}" if in_worker else "-"
    print(
        f"  {name:12} {len(mine):8} {len(mine) / seconds:6.1f} "
        f"{percentile(times, 50):7.0f} {percentile(times, 99):7.0f} {worker:>13}  "
        f"{len(failed)}{f' ({counts(failed)})' if failed else ''}"
    )
    return len(failed)


def guide_renders(guide):
    """How often the worst guide was rendered, and failed to be."""
    from interviewkit.packets.models import RenderFailure, StoredPart

    stored = StoredPart.objects.filter(loop=guide.loop_id, kind="guide").count()
    failed = RenderFailure.objects.filter(loop=guide.loop_id).count()
    return f"renders stored: {stored}, failed: {failed}"


def main():
    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"skipped: needs PostgreSQL at {POSTGRES} (trust authentication, user postgres)")
        return
    start = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="interviewkit-bench-") as scratch,
        fresh_database() as database_url,
    ):
        production_environment(database_url, Path(scratch))
        loops, full_loop, guide = prepare()
        with server_stack(Path(scratch)) as (base, health_url, access_log):
            cookies = sessions_like(log_in(base), CLIENTS + 1)
            kind = f"gthread ({WEB_THREADS} threads)" if WEB_THREADS > 1 else "sync"
            print(
                f"stack: gunicorn {WEB_WORKERS} {kind} workers, {RENDER_WORKERS} render workers, "
                f"PostgreSQL; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
                f"set up in {time.monotonic() - start:.0f} s"
            )
            scenario_a(base, access_log, loops, cookies[:LOOPS])
            if dropped := drop_waiting_renders():
                print(f"  {dropped} render tasks still waiting taken off the queue")
            scenario_b(base, health_url, access_log, full_loop, guide, cookies)


if __name__ == "__main__":
    main()
