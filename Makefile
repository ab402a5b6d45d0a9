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

help: ## 列出全部命令
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

browser: $(CHROMIUM) $(CJK_FONT) ## 缺少时安装 Debian 的 chromium 和中文字体

site: $(STAMP) ## 解析 content/ 并生成网站到 site/（失败时保留原网站）
	$(PY) -m generator --content $(CONTENT) build

templates: $(STAMP) ## 为每份文件生成空白进展填报表（XLSX），放在 build/templates/
	$(PY) -m generator --content $(CONTENT) template --out build/templates

# The demonstration site: invented progress from tests/fixtures/demo/, every page marked
# 演示数据, built into build/demo-site/ (never site/).
DEMO := build/demo
demo: $(STAMP) ## 用虚构的进展生成演示网站到 build/demo-site/
	rm -rf $(DEMO)/content && mkdir -p $(DEMO)/content
	cp -R $(CONTENT)/. $(DEMO)/content/
	rm -rf $(DEMO)/content/progress
	cp -R tests/fixtures/demo/. $(DEMO)/content/
	sed -e 's#^docs_dir: .*#docs_dir: docs#' -e 's#custom_dir: theme#custom_dir: ../../theme#' \
		mkdocs.yml > $(DEMO)/mkdocs.yml
	$(PY) -m generator --content $(DEMO)/content build --demo --docs $(DEMO)/docs \
		--site build/demo-site --releases $(DEMO)/releases --config $(DEMO)/mkdocs.yml

check: $(STAMP) ## 输出 content/ 中每份文件的解析报告
	$(PY) -m generator --content $(CONTENT) check

serve: site ## 生成网站后在 http://127.0.0.1:8000/ 预览 site/（PORT=… 可改端口）
	$(PY) -m http.server --bind 127.0.0.1 --directory site $(PORT)

test: $(STAMP) browser ## 代码检查、类型检查、单元测试、网站测试和浏览器测试
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(PY) -m pytest

lint: $(STAMP) ## 只做代码检查和类型检查
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# BENCH_SIZES=1,10 limits the sizes; the results go to bench/results.md.
bench: $(STAMP) browser ## 性能测试：种子文件改名复制 1、10、100 倍（较久）与单独 MkDocs 对比，曾为平方复杂度的输入，PDF/Word 读取
	$(PY) -m tests.bench
	$(PY) -m tests.bench_ingest

bench-quick: $(STAMP) browser ## 只测 1 倍和 10 倍（几分钟）；结果写入 bench/results.md
	$(PY) -m tests.bench --sizes 1,10

screenshots: site browser ## 每类页面在 1366 和 390 像素宽、普通和大字版下截图 → build/screenshots/page-width-size.png
	$(PY) -m tests.screenshots

clean: ## 删除虚拟环境和生成的文件
	rm -rf $(VENV) site site.swap build .pytest_cache .mypy_cache .ruff_cache
