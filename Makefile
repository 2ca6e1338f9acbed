# ĐTBD — one entry point. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DTBD := $(BIN)/dtbd
UV_VERSION := 0.13.9

help: ## List the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.synced: uv.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --quiet
	@touch $@

venv: $(VENV)/.synced ## Create the virtual environment from the lock file

run: venv ## Migrate, load the demo province once, start the web app and worker on :8000
	@bash scripts/run.sh

test: venv ## Run every test (DTBD_DATABASE_URL=postgresql://… for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv ## Run every test on the local PostgreSQL server
	DTBD_DATABASE_URL=$${DTBD_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/dtbd} $(BIN)/pytest $(PYTEST_ARGS)

test-browser: venv ## Run the browser journeys only (needs /usr/bin/chromium)
	DTBD_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: venv ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true
	$(BIN)/mypy src

fmt: venv ## Format and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: venv ## Create or upgrade the database schema
	$(DTBD) migrate

demo: venv ## Load the demo province (does nothing if it is loaded)
	$(DTBD) load_demo

worker: venv ## Run the background worker (imports, exports)
	$(DTBD) db_worker

bench: venv ## Measure the issue's figures and write docs/benchmarks.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)

vendor: ## Refresh the vendored front-end files from package-lock.json
	bash scripts/vendor.sh

clean: ## Remove the virtual environment and caches (keeps data/)
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache staticfiles

.PHONY: help venv run test test-postgres test-browser lint fmt migrate demo worker bench vendor clean
