# Every target creates or refreshes .venv by itself: a fresh clone needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: the main job needs only the kit's runtime dependencies; tests, lint and tools need the dev stack.
RUNTIME := $(VENV)/.runtime-stamp
DEV := $(VENV)/.dev-stamp

.PHONY: conformance test test-fast test-browser-whole lint bench mutants mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(RUNTIME) $(DEV)

## The main job: every scenario against the built-in reference, reports in reports/.
conformance: $(RUNTIME)
	$(BIN)/conformance run

# The tests start the kit in ~100 subprocesses: each would compile every module again where the
# environment turns bytecode caching off (PYTHONDONTWRITEBYTECODE), so the test targets turn it on.
CACHE_BYTECODE := PYTHONDONTWRITEBYTECODE=

## The kit's own tests, lint and types (the whole-suite browser run has its own target: ~6 min).
test: $(DEV) lint
	$(CACHE_BYTECODE) $(BIN)/python -m pytest -n 2 -q -m "not whole_browser_run"

## The whole MUST+SHOULD suite through Chromium, compared scenario by scenario with the in-process run.
test-browser-whole: $(DEV)
	$(CACHE_BYTECODE) $(BIN)/python -m pytest -q -m whole_browser_run

## The fast loop while developing: no lint, and no test marked slow, browser or reliability.
test-fast: $(DEV)
	$(CACHE_BYTECODE) $(BIN)/python -m pytest -n 2 -q -m "not slow and not browser and not reliability"

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Speed figures with their targets; rewrites docs/bench-figures.json and the figures the docs quote.
bench: $(DEV)
	$(CACHE_BYTECODE) $(BIN)/python -m tooling.bench

## The suite against every mutant of the reference (full matrix): reports/mutants.json and .html.
mutants: $(RUNTIME)
	$(BIN)/conformance mutants --jobs 2

## mutmut 3 over reference_impl with its own tests (config: setup.cfg [mutmut]); not in CI, ~17 min.
mutation: $(DEV)
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) mutants reports/mutants reports/*.json reports/*.xml reports/*.html reports/*.ndjson reports/*.png
