# Staff and CI entry points. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
CONTENT ?= content

.DEFAULT_GOAL := help
.PHONY: help site parse check serve test lint bench golden clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP) ## Parse content/ and build the site (parsing only until the site lands)
	$(PY) -m generator --content $(CONTENT) check

check: $(STAMP) ## Print the parse report for every document in content/
	$(PY) -m generator --content $(CONTENT) check

test: $(STAMP) ## Run lint, type checks and the test suite
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(PY) -m pytest

lint: $(STAMP) ## Lint and type-check only
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

clean: ## Remove the virtualenv and build output
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache
