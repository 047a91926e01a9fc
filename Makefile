# briefbot: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck pytest bench clean lock image-test

# Every install comes from a lock file, each file's hash checked: the same versions as the
# image. The locks also pin the build backend (setuptools, wheel), so briefbot itself is
# installed without build isolation, from nothing but what the lock installed.
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check
LOCKED := --require-hashes --no-deps -r

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml $(BIN)/activate
	$(PIP_INSTALL) $(LOCKED) requirements.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml $(BIN)/activate
	$(PIP_INSTALL) $(LOCKED) requirements-dev.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/briefbot run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# The coverage report lists only files not fully covered.
pytest: $(VENV)/.installed-dev
	$(BIN)/pytest --cov=bot --cov-report=term:skip-covered --no-cov-on-fail

test: lint typecheck pytest

# Pin pyproject.toml's dependencies and build backend, with hashes: requirements.lock (the
# runtime, for the image and `make run`) and requirements-dev.lock (runtime + dev, the same
# runtime versions). Add --upgrade to move every pin to the newest allowed version.
LOCK_OPTIONS := --quiet --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed-dev
	$(BIN)/pip-compile $(LOCK_OPTIONS) --output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra dev --constraint requirements.lock \
		--output-file requirements-dev.lock pyproject.toml

# Build the image with podman and check it validates, answers and reports healthy.
image-test:
	.ci/image.sh

# Benchmarks print Markdown tables for benchmarks/RESULTS.md (minutes at 100,000 briefings).
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/core_load.py --sizes 10000 100000 --runs 3
	$(BIN)/python benchmarks/core_query.py --size 100000 --queries 10000

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage
