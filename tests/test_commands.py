"""The README's shell commands, run as a person would after `make run`: DEBUG unset and no
collectstatic, each in its own process against its own database."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
# Each test makes SQLite databases of its own, whatever the suite runs on: on the suite's
# PostgreSQL pass it would repeat the SQLite pass exactly (a minute of CI), so it runs once.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs on SQLite databases of its own: the SQLite pass"
)


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_cli_works_without_debug_and_without_collectstatic(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="interviewkit.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "never-collected"),
        MEDIA_ROOT=str(tmp_path / "media"),
        SECRET_KEY="a-key-for-this-test-only-" + "x" * 40,
    )
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_loop_templates")
    manage(env, "load_shipped_bank")
    manage(env, "ensure_demo_user")
    built = manage(env, "build_loop", "--role", "ml-engineer", "--level", "senior", "--json")
    loop = json.loads(built[built.index("{") :])
    packet = tmp_path / "packet.pdf"
    assert "Wrote" in manage(env, "export_packet", str(loop["id"]), "-o", str(packet))
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(packet.read_bytes())).pages
    )
    assert "INTERVIEW LOOP PACKET" in text and "Overview" in text
    kit = tmp_path / "kit.pdf"
    manage(env, "export_packet", str(loop["id"]), "--session", "1", "--kind", "kit",
           "--paper", "letter", "-o", str(kit))  # fmt: skip
    assert round(float(PdfReader(kit).pages[0].mediabox.width)) == 612
    bank = tmp_path / "bank.yaml"
    manage(env, "export_bank", "-o", str(bank))
    assert "Would import: 0 created, 0 updated" in manage(
        env, "import_bank", str(bank), "--dry-run"
    )
