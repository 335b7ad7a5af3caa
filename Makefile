# Compersion: `make run` (everything local, no outside services) and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/compersion)
TEST_REDIS_URL ?= $(if $(REDIS_URL),$(REDIS_URL),redis://127.0.0.1:6379/15)
# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own PostgreSQL test
# database (pytest-django) and Redis database (compersion/settings_test.py). Two by default: on
# the 2-core CI machine, 12.6 minutes of pytest against 18.2 for one, and a third made it slower
# (5:37 against 4:59). A worker that runs out of tests takes some from the other (worksteal):
# 4:59 against 5:16 when each process was dealt whole files.
TEST_WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Compersion needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

# The locked requirements go in with uv (pinned here, put in by the venv's own pip): on the CI
# machine a fresh venv takes 13 s, bytecode included (pip took about 23), the same packages at
# the same versions. --compile-bytecode writes each module's bytecode once, at install, as pip
# does: this machine sets PYTHONDONTWRITEBYTECODE, so without it every process (each test worker,
# every manage.py, gunicorn and Celery process a test starts) compiled Django and the rest from
# source again (manage.py check: 2.2 s of CPU instead of 0.85; pytest: 60 s less CPU, 6:02 -> 5:33).
UV_VERSION := 0.13.9
INSTALL := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.base.stamp: requirements/base.txt | $(BIN)/uv
	$(INSTALL) -r requirements/base.txt
	touch $@

$(VENV)/.dev.stamp: requirements/base.txt requirements/dev.txt $(VENV)/.base.stamp
	$(INSTALL) -r requirements/base.txt -r requirements/dev.txt
	touch $@

# Tools the tests run that come from npm: the Nu HTML checker (vnu.jar, run with Java). Its
# install script would fetch a Java of its own; Debian's default-jre-headless runs it instead.
node_modules/.stamp: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.base.stamp
	@mkdir -p var/mail
	@# compersion/lib/embedded_postgres.py starts PostgreSQL from its pip wheel, data in var/postgres/
	@# (or uses DATABASE_URL when it is set), runs the steps with DATABASE_URL naming it, and
	@# stops it when they end: Ctrl-C stops honcho's processes, then PostgreSQL.
	@PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_DEBUG=true SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" \
	$(BIN)/python -m compersion.lib.embedded_postgres sh -c '\
	  python manage.py encryption_key_create \
	  && python manage.py vapid_keys_create \
	  && python manage.py migrate --noinput \
	  && echo "" \
	  && echo "  Compersion is starting at http://127.0.0.1:$(PORT)/" \
	  && echo "  Mail (password resets, reminders) is written to var/mail/. Ctrl-C stops everything." \
	  && echo "" \
	  && exec honcho -f Procfile.dev start -p $(PORT)'

lint: $(VENV)/.dev.stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test: $(VENV)/.dev.stamp node_modules/.stamp
	@DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/python tests/preflight.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# mypy (about 18 s of CPU from a cold cache) runs beside pytest; either failing fails the run.
	@# Both cores are busy throughout (vmstat: 5 % idle), so this saves mypy's waiting, not its CPU.
	@$(MAKE) --no-print-directory -j2 typecheck pytest

.PHONY: typecheck pytest
typecheck: $(VENV)/.dev.stamp
	$(BIN)/mypy .

pytest: $(VENV)/.dev.stamp node_modules/.stamp
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/pytest $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist worksteal) $(PYTEST_ARGS)

# Seeds PostgreSQL (BENCH_DATABASE_URL, default compersion_bench on 127.0.0.1), serves the app
# under gunicorn with production settings and drives it with wrk; see bench/README.md.
# BENCH_ARGS passes options through, e.g. BENCH_ARGS="--reuse-db --seconds 5".
bench: $(VENV)/.base.stamp
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache test-artifacts
