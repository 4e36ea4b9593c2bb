# One entry point for every chore. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
BENCH_ARGS ?=

.PHONY: install run migrate test lint format bench assets lock screenshots ci

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -r requirements.lock
	scripts/ensure_pango.sh $(BIN)/python
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var/celery/queue var/celery/processed var/celery/control
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_accounts

## The embedded default: SQLite, a file-based Celery broker, a worker, beat and the web server.
run: migrate
	$(BIN)/python scripts/run_local.py

test: install
	@eval "$$(scripts/ensure_services.sh)" && \
	  DATABASE_URL="$${DATABASE_URL}" REDIS_URL="$${REDIS_URL}" \
	  $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p var
	DJANGO_SETTINGS_MODULE=cse_portal.settings.local $(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@eval "$$(CSE_SKIP_CHROMIUM=1 scripts/ensure_services.sh)" && \
	  DATABASE_URL="$${DATABASE_URL}" REDIS_URL="$${REDIS_URL}" \
	  $(BIN)/python scripts/bench.py $(BENCH_ARGS)

assets:
	scripts/build_assets.sh

## Refresh the README's screenshots in docs/screenshots from the real pages.
screenshots: install
	@eval "$$(scripts/ensure_services.sh)" && \
	  DATABASE_URL="$${DATABASE_URL}" REDIS_URL="$${REDIS_URL}" UPDATE_SCREENSHOTS=1 \
	  $(BIN)/pytest tests/test_readme_screenshots.py

ci: lint test

## Refresh the pinned lock after changing pyproject.toml's dependencies.
lock: $(BIN)/python
	$(BIN)/pip install --quiet '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^cse-portal' > requirements.lock
