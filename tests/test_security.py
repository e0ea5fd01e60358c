"""The door holds: lockout after failed logins, password resets, idle sessions, security
headers, secrets required in production, and a clear 503 while the database is down."""

import logging
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.sessions.models import Session as StoredSession
from django.test import Client
from django.utils import timezone

from interviewkit.middleware import TOUCH_SECONDS
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def log_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_failed_logins_lock_the_account_out_and_are_logged(manager, settings, caplog):
    client = Client(REMOTE_ADDR="203.0.113.7")
    with caplog.at_level(logging.WARNING, logger="interviewkit.security"):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = log_in(client, "maria", "wrong password")
            assert response.status_code == 200 and "correct username" in response.content.decode()
        assert log_in(client, "maria", "wrong password").status_code == 429  # the last straw
    assert caplog.text.count("failed login for 'maria' from 203.0.113.7") == 5

    locked = log_in(client, "maria", PASSWORD)  # the right password, too late
    assert locked.status_code == 429
    assert "blocked for 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out, so an attacker cannot lock every user out.
    assert log_in(Client(REMOTE_ADDR="198.51.100.2"), "maria", PASSWORD).status_code == 302


def test_a_password_is_reset_by_email_and_must_be_long(manager, mailoutbox):
    manager.email = "maria@example.com"
    manager.save()
    client = Client()
    client.post("/password-reset/", {"email": "maria@example.com"})
    (mail,) = mailoutbox
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.body).group(1)
    form = client.get(link, follow=True)
    action = form.redirect_chain[-1][0]
    short = client.post(action, {"new_password1": "Short1!", "new_password2": "Short1!"})
    assert "at least 12 characters" in short.content.decode()
    new = "a much longer passphrase"
    done = client.post(action, {"new_password1": new, "new_password2": new}, follow=True)
    assert "Your new password is set" in done.content.decode()
    assert log_in(Client(), "maria", new).status_code == 302


def test_the_reset_page_says_the_same_for_unknown_addresses(db, mailoutbox):
    response = Client().post("/password-reset/", {"email": "nobody@example.com"}, follow=True)
    assert "If an account has that address" in response.content.decode()
    assert mailoutbox == []


def test_an_idle_session_ends_and_activity_extends_it(manager, settings):
    client = Client()
    assert log_in(client, "maria", PASSWORD).status_code == 302
    stored = StoredSession.objects.get()
    before = stored.expire_date
    assert before - timezone.now() <= timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)
    StoredSession.objects.update(expire_date=before - timedelta(minutes=30))
    client.get("/")  # straight after logging in: not written again yet
    assert StoredSession.objects.get().expire_date == before - timedelta(minutes=30)
    later = time.time() + TOUCH_SECONDS
    with mock.patch("interviewkit.middleware.time.time", return_value=later):
        client.get("/")  # a minute on
    assert StoredSession.objects.get().expire_date > before - timedelta(minutes=30)  # extended
    StoredSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/")["Location"].startswith("/login/")


def test_pages_send_a_strict_content_security_policy(manager_client):
    response = manager_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    for name in ("home.html", "base.html"):
        html = (ROOT / "templates" / name).read_text()
        assert not re.search(r"<script>|\son[a-z]+=|\sstyle=", html), name


def run_fresh(script, **env):
    """Python in a new process with the given environment, from the project root."""
    full = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=full, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_fresh(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="interviewkit.settings",
        ENV_FILE=str(tmp_path / "none.env"),
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr and "make run" in result.stderr


def test_the_env_file_make_run_writes_is_enough_for_production_settings(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        run_fresh(
            "import runpy; runpy.run_module('interviewkit.devenv', run_name='__main__')"
        ).stdout
    )
    result = run_fresh(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, len(settings.SECRET_KEY))",
        DJANGO_SETTINGS_MODULE="interviewkit.settings",
        ENV_FILE=str(env_file),
        VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == ["False", "67"], result.stderr


@pytest.mark.parametrize("path", ["/", "/login/", "/loops/1/", "/bank/"])
def test_every_page_says_503_while_the_database_is_down(tmp_path, path):
    result = run_fresh(
        "import django; django.setup(); from django.test import Client; "
        "c = Client(raise_request_exception=False); c.cookies['sessionid'] = 'a' * 32; "
        f"r = c.get({path!r}); print(r.status_code, r['Retry-After']); "
        "print(r.content.decode())",
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/down",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
    )
    first, _, page = result.stdout.partition("\n")
    assert first.split() == ["503", "30"], result.stderr[-2000:]
    assert "cannot reach its database" in page
