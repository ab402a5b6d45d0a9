# Staff and CI entry points. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
CONTENT ?= content
PORT ?= 8000
# Debian's Chromium drives the browser tests; fonts-noto-cjk renders Chinese in screenshots.
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help site check serve test lint bench bench-quick screenshots browser clean templates demo

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# -qq: pip prints errors only (a failed install still says why and stops make), not the
# progress bars and informational warnings of a normal first install.
$(STAMP): pyproject.toml
	@echo "正在安装依赖到 $(VENV)/（首次约需一两分钟）……"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -qq --disable-pip-version-check --upgrade pip
	@$(BIN)/pip install -qq --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)
	@echo "依赖安装完成"

$(CHROMIUM) $(CJK_FONT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk

browser: $(CHROMIUM) $(CJK_FONT) ## Install Debian's chromium and a CJK font when missing

site: $(STAMP) ## Parse content/ and build the site into site/ (previous site kept on failure)
	$(PY) -m generator --content $(CONTENT) build

templates: $(STAMP) ## Write a blank progress reporting sheet (XLSX) per document into build/templates/
	$(PY) -m generator --content $(CONTENT) template --out build/templates

# The demonstration site: invented progress from tests/fixtures/demo/, every page marked
# 演示数据, built into build/demo-site/ (never site/).
DEMO := build/demo
demo: $(STAMP) ## Build a demonstration site with invented progress into build/demo-site/
	rm -rf $(DEMO)/content && mkdir -p $(DEMO)/content
	cp -R $(CONTENT)/. $(DEMO)/content/
	rm -rf $(DEMO)/content/progress
	cp -R tests/fixtures/demo/. $(DEMO)/content/
	sed -e 's#^docs_dir: .*#docs_dir: docs#' -e 's#custom_dir: theme#custom_dir: ../../theme#' \
		mkdocs.yml > $(DEMO)/mkdocs.yml
	$(PY) -m generator --content $(DEMO)/content build --demo --docs $(DEMO)/docs \
		--site build/demo-site --releases $(DEMO)/releases --config $(DEMO)/mkdocs.yml

check: $(STAMP) ## Print the parse report for every document in content/
	$(PY) -m generator --content $(CONTENT) check

serve: site ## Build, then preview site/ on http://127.0.0.1:8000/ (PORT=… to change)
	$(PY) -m http.server --bind 127.0.0.1 --directory site $(PORT)

test: $(STAMP) browser ## Lint, type checks, unit, site and browser tests
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(PY) -m pytest

lint: $(STAMP) ## Lint and type-check only
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# BENCH_SIZES=1,10 limits the sizes; the results go to bench/results.md.
bench: $(STAMP) browser ## Benchmark the seeds renamed 1×, 10× and 100× (long) against bare MkDocs, once-quadratic inputs, PDF/Word ingest
	$(PY) -m tests.bench
	$(PY) -m tests.bench_ingest

bench-quick: $(STAMP) browser ## Benchmark 1× and 10× only (minutes); writes bench/results.md
	$(PY) -m tests.bench --sizes 1,10

screenshots: site browser ## Every page type at 1366 and 390 px, normal and 大字版 → build/screenshots/page-width-size.png
	$(PY) -m tests.screenshots

clean: ## Remove the virtualenv and build output
	rm -rf $(VENV) site site.swap build .pytest_cache .mypy_cache .ruff_cache
