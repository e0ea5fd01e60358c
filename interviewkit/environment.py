"""Where the settings come from, for the settings module and for gunicorn's master process,
whose health check must not import Django (a worker forked after a reload would get the
master's old copy of every module it had imported) nor change the master's environment (which
its workers inherit, so that a changed .env would not reach them).

Values come from environment variables, then from a local `.env` file (which `make run` writes
with a development SECRET_KEY, so the shell commands work after it without DEBUG).
"""

import os
from pathlib import Path

from dotenv import dotenv_values, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent


def env_file():
    return os.getenv("ENV_FILE", BASE_DIR / ".env")


def load():
    """Environment variables first, then the .env file (or the file ENV_FILE names)."""
    load_dotenv(env_file(), override=False)


def read():
    """What load() would put in os.environ, leaving it as it is."""
    from_file = {key: value for key, value in dotenv_values(env_file()).items() if value}
    return from_file | dict(os.environ)


def var_dir(env=os.environ):
    return Path(env.get("VAR_DIR", BASE_DIR / "var"))


def database_url(env=os.environ):
    """DATABASE_URL, else SQLite in VAR_DIR."""
    return env.get("DATABASE_URL") or f"sqlite:///{var_dir(env) / 'interviewkit.sqlite3'}"


def database_connect_timeout(env=os.environ):
    """Seconds a database connection may take to open."""
    return int(env.get("DATABASE_CONNECT_TIMEOUT", "5"))
