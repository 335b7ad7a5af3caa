# Compersion: `make run` (everything local, no outside services) and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/compersion)
TEST_REDIS_URL ?= $(if $(REDIS_URL),$(REDIS_URL),redis://127.0.0.1:6379/15)
# The SQLite pass runs at the same time and must not share a queue with the PostgreSQL pass.
TEST_SQLITE_REDIS_URL ?= redis://127.0.0.1:6379/14
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
	@# The local encryption key (var/encryption.key, owner-only), made once and never replaced.
	DJANGO_DEBUG=true $(BIN)/python manage.py encryption_key_create
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
	@# The two passes run side by side, one per core: the SQLite pass gets its own Redis
	@# database and var/ directory, and its output is printed once the PostgreSQL pass ends.
	@mkdir -p test-artifacts
	@echo "== pytest on PostgreSQL (the SQLite pass runs alongside; its output follows) =="
	@DATABASE_URL= REDIS_URL="$(TEST_SQLITE_REDIS_URL)" COMPERSION_VAR_DIR="$(CURDIR)/var/test-sqlite" \
	  $(BIN)/pytest -m "not fuzz" -p no:cacheprovider $(PYTEST_ARGS) > test-artifacts/pytest-sqlite.log 2>&1 & \
	sqlite=$$!; trap 'kill $$sqlite 2>/dev/null' INT TERM; \
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/pytest $(PYTEST_ARGS); postgres=$$?; \
	wait $$sqlite; sqlite_status=$$?; \
	echo "== pytest on SQLite (the embedded default) =="; \
	echo "   (the form fuzzing, marked fuzz, ran on PostgreSQL only: it tests input handling, not the database)"; \
	cat test-artifacts/pytest-sqlite.log; \
	echo "== PostgreSQL pass exit $$postgres, SQLite pass exit $$sqlite_status =="; \
	test $$postgres -eq 0 && test $$sqlite_status -eq 0

# Seeds PostgreSQL (BENCH_DATABASE_URL, default compersion_bench on 127.0.0.1), serves the app
# under gunicorn with production settings and drives it with wrk; see bench/README.md.
# BENCH_ARGS passes options through, e.g. BENCH_ARGS="--reuse-db --seconds 5".
bench: $(VENV)/.base.stamp
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts
