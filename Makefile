# Front Door — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
LIVE_BUNDLE := static/build/live/meeting.js
HOST ?= 127.0.0.1
PORT ?= 5000
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=
# The suite runs in parallel (pytest-xdist), one worker per core; each worker has its own database.
TEST_WORKERS ?= logical
XDIST := -n $(TEST_WORKERS) --dist loadgroup

.DEFAULT_GOAL := help
.PHONY: help install lock test-js collect-tests run run-scaled test test-postgres lint format browser nginx pdf clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-15s %s\n", $$1, $$2}'

install: $(PY_STAMP) $(NPM_STAMP) $(LIVE_BUNDLE) ## Create .venv and install Python and front-end packages (idempotent)

# Exact versions come from requirements.lock (every package, resolved from pyproject.toml by
# `make lock`); the project itself is installed on top without resolving again, then the public
# datasets (FEBRL, RLdata) whose data files the matching tests read. uv installs them
# (byte-compiled, as pip does) in a fifth of pip's time; pip only installs uv itself, and does the
# whole install if uv cannot be had.
UV_VERSION := 0.13.9
UV_PIP := $(BIN)/uv pip install --quiet --python $(BIN)/python
PIP := $(BIN)/python -m pip install --quiet
$(PY_STAMP): pyproject.toml requirements.lock benchmarks/requirements-data.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if $(PIP) uv==$(UV_VERSION) && $(UV_PIP) --compile-bytecode -r requirements.lock; then \
	  $(UV_PIP) --no-deps -e . && $(UV_PIP) --no-deps -r benchmarks/requirements-data.txt; \
	else \
	  echo "uv could not install the packages: installing them with pip" >&2; \
	  $(PIP) -r requirements.lock && $(PIP) --no-deps -e . \
	    && $(PIP) --no-deps -r benchmarks/requirements-data.txt; \
	fi
	@touch $@

lock: ## Re-resolve requirements.lock after changing a dependency in pyproject.toml
	@test -x $(BIN)/pip-compile || $(MAKE) install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock pyproject.toml

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The live meeting's ES modules import yjs and socket.io-client by bare name: esbuild bundles
# them into static/build/ (gitignored), served by Flask as /static/build/live/meeting.js.
$(LIVE_BUNDLE): $(NPM_STAMP) $(wildcard static/js/live/*.js)
	npm run --silent build

browser: ## Install Debian's Chromium for the browser tests (needs root) if it is missing
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) and try again." >&2; exit 1; fi; }

pdf: ## Install Debian's Pango and fonts (needs root) if missing: WeasyPrint renders the minutes PDF with them
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "Pango is missing: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core' (Debian) and try again." >&2; exit 1; fi; }

nginx: ## Install Debian's nginx (needs root) if missing: make run-scaled and the fault tests use it
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx is missing: run 'sudo apt-get install nginx' (Debian) and try again." >&2; exit 1; fi; }

run: install pdf ## Migrate, load demo data if the database is empty, and serve on $(HOST):$(PORT)
	@LOG_JSON=0 LOG_LEVEL=WARNING $(BIN)/frontdoor db upgrade
	@LOG_JSON=0 LOG_LEVEL=WARNING $(BIN)/frontdoor demo --if-empty
	@echo
	@LOG_JSON=0 LOG_LEVEL=WARNING $(BIN)/frontdoor demo --log-ins
	@echo "Front Door is at http://$(HOST):$(PORT)/  (Ctrl-C to stop; readable logs at WARNING here, JSON in production)"
	@SCHEDULER_ENABLED=1 LOG_JSON=0 LOG_LEVEL=WARNING $(BIN)/gunicorn --workers 1 --threads 100 --bind $(HOST):$(PORT) --graceful-timeout 10 wsgi:app

run-scaled: install ## Scaled out on loopback: PostgreSQL, Redis, 2 app processes, 1 scheduler, nginx
	scripts/run-scaled.sh

lint: install ## ruff (lint + format check), mypy, layering (import-linter), declared dependencies (deptry)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo
	$(BIN)/deptry .

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every Python process a test run starts (workers, servers, commands) compiles our sources again
# unless their bytecode is on disk, and PYTHONDONTWRITEBYTECODE (set on CI's machines) stops
# imports writing it: compile it once up front (under a second).
COMPILE := $(BIN)/python -m compileall -q frontdoor agenda matching benchmarks migrations tests wsgi.py

# pytest rewrites each test module's asserts on import, in every worker, unless a rewritten copy
# is on disk: collecting once with bytecode writing on leaves one (beside lint, on the other core).
collect-tests: install
	@PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest --collect-only -q -p no:cacheprovider >/dev/null || true

test: install browser pdf ## Lint, the JavaScript unit tests, then the whole suite on SQLite (no services needed)
	@$(COMPILE) >/dev/null
	@$(MAKE) --no-print-directory -j2 lint test-js collect-tests
	$(BIN)/python -m pytest -m "not postgres" $(XDIST) $(PYTEST_ARGS)

test-js: install ## Unit tests of the live meeting's JavaScript modules (Node's test runner)
	node --test tests/js/

test-postgres: install browser pdf nginx ## The whole suite on PostgreSQL + Redis (fresh database per run)
	@$(COMPILE) >/dev/null
	@$(MAKE) --no-print-directory collect-tests
	FRONTDOOR_TEST_PG_ADMIN_URL=$(PG_ADMIN_URL) FRONTDOOR_TEST_REDIS_URL=$(REDIS_TEST_URL) \
	  $(BIN)/python -m pytest -m "not alone" $(XDIST) $(PYTEST_ARGS)
	FRONTDOOR_TEST_PG_ADMIN_URL=$(PG_ADMIN_URL) FRONTDOOR_TEST_REDIS_URL=$(REDIS_TEST_URL) \
	  $(BIN)/python -m pytest -m alone $(PYTEST_ARGS)

clean: ## Remove the virtual environment, node_modules and caches (keeps instance/)
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
