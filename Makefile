# Compersion: `make run` (everything local, no outside services) and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/compersion)
TEST_REDIS_URL ?= $(if $(REDIS_URL),$(REDIS_URL),redis://127.0.0.1:6379/15)
PYTEST_ARGS ?=

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Compersion needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base.stamp: requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev.stamp: requirements/base.txt requirements/dev.txt $(VENV)/.base.stamp
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	touch $@

run: $(VENV)/.base.stamp
	@mkdir -p var/mail
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  Compersion is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Mail (password resets, reminders) is written to var/mail/. Ctrl-C stops everything."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_DEBUG=true SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/honcho -f Procfile.dev start -p $(PORT)

lint: $(VENV)/.dev.stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test: $(VENV)/.dev.stamp
	@DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/python tests/preflight.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	@echo "== pytest on PostgreSQL =="
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/pytest $(PYTEST_ARGS)
	@echo "== pytest on SQLite (the embedded default) =="
	@echo "   (the form fuzzing, marked fuzz, ran above on PostgreSQL: it tests input handling, not the database)"
	DATABASE_URL= REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/pytest -m "not fuzz" $(PYTEST_ARGS)

# Seeds PostgreSQL (BENCH_DATABASE_URL, default compersion_bench on 127.0.0.1), serves the app
# under gunicorn with production settings and drives it with wrk; see bench/README.md.
# BENCH_ARGS passes options through, e.g. BENCH_ARGS="--reuse-db --seconds 5".
bench: $(VENV)/.base.stamp
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts
