# Care Gap: `make run` starts the app on the bundled data, `make test` runs every test.
# Everything is installed into .venv from the pinned requirements; nothing global but Debian's chromium.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test bench lint format data lock chromium clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Care Gap needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime  ## start the app on http://127.0.0.1:8501
	$(BIN)/python -m caregap.serve --server.address $(HOST) --server.port $(PORT)

test: $(VENV)/.dev chromium  ## lint, then every test (browser tests included)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev chromium  ## benchmarks at 10k, 1M and 10M respondents (about an hour on 2 cores, longer the first time), writes docs/benchmarks.md
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

data: $(VENV)/.runtime  ## regenerate the bundled synthetic datasets (same seed, same bytes)
	$(BIN)/python -m caregap.generate

chromium:  ## the browser tests drive Debian's chromium; install it if missing and we are root
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium on PATH. Install it (Debian/Ubuntu: sudo apt-get install chromium)" >&2; \
	    echo "and run 'make test' again." >&2; exit 1; \
	  fi; }
	@command -v chromium >/dev/null 2>&1

lock:  ## re-pin requirements*.txt from requirements*.in in a clean virtualenv
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned runtime dependencies, generated from requirements.in by \`make lock\`. Do not edit by hand."; \
	  .lockvenv/bin/pip freeze --all | grep -viE '^(pip|setuptools|wheel)=='; } > requirements.txt
	.lockvenv/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Pinned test dependencies (on top of requirements.txt), generated from requirements-dev.in by \`make lock\`."; \
	  echo "-r requirements.txt"; \
	  .lockvenv/bin/pip freeze --all | grep -viE '^(pip|setuptools|wheel)==' | grep -vxFf <(tail -n +2 requirements.txt); } \
	  > requirements-dev.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
