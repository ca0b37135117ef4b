# SPONTAN — two commands: `make run` (app with demo data) and `make test` (all tests).
# Both set up everything they need on a fresh machine (Python 3.11+, Node 20 + npm).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.5
BUN_DIR := $(CURDIR)/.tools/node_modules/.bin
PORT ?= 3000

export PATH := $(BUN_DIR):$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1

.PHONY: run test setup lint migrate seed screenshots clean

run: setup migrate seed ## Serve the app with demo data on http://localhost:$(PORT)
	$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

test: setup ## Unit, state and browser tests (SQLite unless SPONTAN_DATABASE_URL says otherwise)
	@bash scripts/ensure-chromium.sh
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed $(BUN_DIR)/bun

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Reflex's own bun download needs the internet; the npm registry's bun package works offline-ish.
$(BUN_DIR)/bun:
	npm install --prefix .tools --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	$(BUN_DIR)/bun --version

migrate: $(VENV)/.installed
	$(PY) -m alembic upgrade head

seed: $(VENV)/.installed
	$(PY) -m spontan_app.seed

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .tools .web .states
