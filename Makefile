# Interview Kit: `make run` serves the app on http://127.0.0.1:8000, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
DEV := DEBUG=1
PORT ?= 8000

.PHONY: install run test lint bench clean

$(INSTALLED): requirements.txt requirements-dev.txt package.json package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(INSTALLED)

install: $(INSTALLED)

# A development SECRET_KEY for this checkout (readable by its owner only), written once.
.env:
	umask 077 && $(PY) -m interviewkit.devenv > .env

run: install .env
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py load_loop_templates
	$(DEV) $(PY) manage.py load_shipped_bank
	$(DEV) $(PY) manage.py ensure_demo_user
	$(DEV) $(PY) manage.py load_sample_answers
	$(DEV) $(PY) manage.py load_demo_history
	$(DEV) $(PY) manage.py start_periodic_tasks
	@echo "Serving on http://127.0.0.1:$(PORT) with a background worker (Ctrl-C stops both; another port: make run PORT=8001)"
	@trap 'kill 0' INT TERM; \
	$(DEV) SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py db_worker --queue-name '*' & \
	$(DEV) SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	kill 0

# Two workers: the machines here have two cores, and CI runs the suite twice (SQLite, PostgreSQL).
test: install
	$(PY) -m pytest -n 2

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .hypothesis
