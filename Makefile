# SPONTAN — two commands: `make run` (app with demo data) and `make test` (all tests).
# Both set up everything they need on a fresh machine (Python 3.11+, Node 20 + npm).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.5
BUN_DIR := $(CURDIR)/.tools/node_modules/.bin
AXE_VERSION := 4.14.1
AXE := $(CURDIR)/.tools/node_modules/axe-core/axe.min.js
PORT ?= 3000

export PATH := $(BUN_DIR):$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1

.PHONY: run demo test setup lint migrate seed screenshots clean bench

# Links in WhatsApp messages and the allowed origin follow PORT unless the URL is set.
PUBLIC_ENV := SPONTAN_PUBLIC_URL=$${SPONTAN_PUBLIC_URL:-http://localhost:$(PORT)}
# `make demo`: a public-demo deployment on this machine (SPONTAN_DEMO=1, docs/deploy.md):
# DEMO banner, Kotak Pesan Demo, applications in every status, nightly reset. Its own
# database and files under data/demo*, so it never resets the `make run` data.
DEMO_ENV := SPONTAN_DEMO=1 $(PUBLIC_ENV) \
	SPONTAN_DATABASE_URL=$${SPONTAN_DATABASE_URL:-sqlite:///$(CURDIR)/data/demo.db} \
	SPONTAN_UPLOAD_DIR=$${SPONTAN_UPLOAD_DIR:-$(CURDIR)/data/demo-uploads}

run: setup migrate seed ## Serve the app with demo data on http://localhost:$(PORT)
	$(PUBLIC_ENV) $(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

demo: setup ## Serve the public demo (SPONTAN_DEMO=1) on http://localhost:$(PORT)
	$(DEMO_ENV) $(PY) -m alembic upgrade head
	$(DEMO_ENV) $(PY) -m spontan_app.seed
	$(DEMO_ENV) $(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

test: setup ## Unit, state and browser tests (SQLite unless SPONTAN_DATABASE_URL says otherwise)
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-nginx.sh
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed $(BUN_DIR)/bun $(AXE)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Reflex's own bun download needs the internet; the npm registry's bun package works offline-ish.
$(BUN_DIR)/bun:
	npm install --prefix .tools --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	$(BUN_DIR)/bun --version

# axe-core (npm registry) checks every applicant page for WCAG 2.2 AA in the browser tests;
# the tests inject this file, nothing is fetched while they run.
$(AXE): $(BUN_DIR)/bun
	npm install --prefix .tools --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	test -f $@

migrate: $(VENV)/.installed
	$(PY) -m alembic upgrade head

seed: $(VENV)/.installed
	$(PY) -m spontan_app.seed

# The whole suite: SQLite and PostgreSQL at full volume (1M files), 1-200 simulated users on
# Redis with two workers beside a bare Reflex floor, page weight in Chromium, sustained
# submissions. BENCH_ARGS="--size tiny" runs the smallest configuration in seconds.
BENCH_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/spontan_bench
BENCH_ARGS ?= --postgres $(BENCH_PG) --events --events-redis redis://127.0.0.1:6379/5 \
	--events-workers 2 --users 1 10 50 100 200 --pages
bench: setup ## The benchmark suite (data generated once under data/bench/); writes docs/performance.md
	$(PY) -m bench.run $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .tools .web .states
