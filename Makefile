# briefbot: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck pytest bench clean lock image-test

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/briefbot run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest

test: lint typecheck pytest

# Pin the runtime dependencies of pyproject.toml, with hashes, for the Docker image.
lock: $(VENV)/.installed-dev
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

# Build the image with podman and check it validates, answers and reports healthy.
image-test:
	.ci/image.sh

# Benchmarks print Markdown tables for benchmarks/RESULTS.md (minutes at 100,000 briefings).
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/core_load.py --sizes 10000 100000 --runs 3
	$(BIN)/python benchmarks/core_query.py --size 100000 --queries 10000

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
