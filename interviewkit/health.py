"""The health check for load balancers, answered by gunicorn's master process on a port of its
own (HEALTH_BIND; see interviewkit/gunicorn_conf.py) as well as by the app's own /healthz.

Why a port of its own: gunicorn's workers take requests in turn, so the app's /healthz waits
behind every page asked for before it; with fifty busy clients on two workers, over a second.
A balancer that gives up after a second would drop a server that is only busy. The master
serves no pages, so it answers at once: from what it knows of its workers, each of which tells
it that it is alive between requests, and from one query to the database.
"""

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dj_database_url
import psycopg  # here, not at the first check: importing takes a good part of a second

from interviewkit import environment

logger = logging.getLogger(__name__)

# A worker silent this long past its own idle interval has been in one request at least as long.
STALL_SECONDS = float(environment.read().get("HEALTH_STALL_SECONDS", "10"))
# Held while a check runs, and by the master while it forks a worker, which closes the checks'
# connection first: no worker starts with it or with its locks half-used.
checking = threading.Lock()
own_connection = None  # the checks' own, opened by the first and kept for the next
# The database's answer is reused for this long: checks that arrive together share one query,
# and however many ask, the database is asked at most once a second.
FRESH_SECONDS = 1.0
last_answer = (False, -FRESH_SECONDS)  # (the database answered, time.monotonic() of asking)


def connect():
    """A connection to the app's database with the database's own driver: Django stays out of
    the master process (environment.py says why)."""
    env = environment.read()
    url, seconds = environment.database_url(env), environment.database_connect_timeout(env)
    if url.startswith("sqlite"):
        path = dj_database_url.parse(url)["NAME"]
        return sqlite3.connect(path, timeout=seconds, check_same_thread=False)
    return psycopg.connect(url, connect_timeout=seconds, autocommit=True)


def database_answers():
    """Whether the database answered within the last FRESH_SECONDS, else asks it again. Call
    with `checking` held."""
    global last_answer
    answered, at = last_answer
    if time.monotonic() - at >= FRESH_SECONDS:
        last_answer = answered, at = ask_database(), time.monotonic()
    return answered


def ask_database():
    """Whether the database answers the checks' own connection; one that has gone (as after a
    database restart) is opened again."""
    global own_connection
    if own_connection is not None:
        try:
            own_connection.execute("SELECT 1")
            return True
        except Exception:  # whichever driver's error: the connection has gone
            close_own_connection()
    try:
        own_connection = connect()
        own_connection.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("health check: database unreachable")
        close_own_connection()
        return False


def close_own_connection():
    global own_connection
    if own_connection is not None:
        with contextlib.suppress(Exception):
            own_connection.close()
        own_connection = None


def before_fork():
    checking.acquire()
    close_own_connection()


def workers_answering(heartbeats, now, timeout):
    """How many workers are free or busy for less than STALL_SECONDS. heartbeats: when each last
    told the master it is alive (time.monotonic()). A worker does so before each request and,
    while idle, every half of gunicorn's timeout."""
    idle_interval = (timeout or 1) / 2
    return sum(now - beat <= idle_interval + STALL_SECONDS for beat in heartbeats)


def heartbeats(arbiter):
    beats = []
    for worker in list(arbiter.WORKERS.values()):
        with contextlib.suppress(OSError, ValueError):  # a worker that has just stopped
            beats.append(worker.tmp.last_update())
    return beats


def report(arbiter):
    """(healthy, what the check found): healthy while the database answers and at least one
    worker can take a request."""
    beats = heartbeats(arbiter)
    answering = workers_answering(beats, time.monotonic(), arbiter.timeout)
    database = database_answers()
    healthy = database and answering > 0
    return healthy, {
        "status": "ok" if healthy else "error",
        "database": "ok" if database else "unreachable",
        "workers": {"running": len(beats), "answering": answering},
    }


class HealthHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.partition("?")[0] != "/healthz":
            self.answer(HTTPStatus.NOT_FOUND, {"error": "only /healthz is served here"})
            return
        with checking:
            healthy, found = report(self.server.arbiter)
        if not healthy:
            logger.warning("health check failed: %s", found)
        self.answer(HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE, found)

    def answer(self, status, body):
        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format, *args):
        pass  # balancers ask every few seconds; failures are logged above


class HealthServer(ThreadingHTTPServer):
    daemon_threads = True
    # Connections waiting to be accepted; beyond them a client's connection attempt is dropped
    # and retried a second later. The standard library's 5 is soon full when many ask at once.
    request_queue_size = 2048  # as gunicorn's own backlog


def serve(arbiter, bind):
    """Answer GET /healthz on bind ("host:port"; ":port" for every interface) from a thread of
    the master process."""
    host, _, port = bind.rpartition(":")
    try:
        server = HealthServer((host, int(port)), HealthHandler)
    except (OSError, ValueError) as error:
        message = f"HEALTH_BIND={bind!r}: {error} (set HEALTH_BIND=host:port, or off)"
        raise SystemExit(message) from None
    os.register_at_fork(
        before=before_fork, after_in_parent=checking.release, after_in_child=checking.release
    )
    server.arbiter = arbiter
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    return server
