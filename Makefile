# Safer Neighbourhoods. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export DJANGO_SETTINGS_MODULE := safer.settings
# Test processes (pytest-xdist); each file's tests stay in one process, so module fixtures are built once.
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install static browser demo serve worker test test-fast lint bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/' | expand -t 12

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

safer/static/dist/app.css: node_modules/.installed scripts/build-static.mjs $(wildcard safer/static/scss/*.scss)
	node scripts/build-static.mjs

install: $(VENV)/.installed node_modules/.installed safer/static/dist/app.css ## install Python and npm packages, build the CSS

static: safer/static/dist/app.css ## compile GOV.UK Frontend with the force's fonts and colours

browser: ## install Debian's Chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

demo: install ## build the demo data and serve web and worker at http://127.0.0.1:8000
	$(PY) -m safer migrate --no-input
	$(PY) -m safer demo
	$(PY) -m safer serve

serve: install ## serve web and worker without rebuilding the demo data
	$(PY) -m safer migrate --no-input
	$(PY) -m safer serve

worker: install ## run a task worker
	$(PY) -m safer worker

lint: install ## ruff, mypy and the import layers (import-linter, contracts in pyproject.toml)
	$(BIN)/ruff check safer bench
	$(BIN)/ruff format --check safer bench
	$(BIN)/mypy safer bench
	$(BIN)/lint-imports

test: install browser lint ## install everything, lint, run the whole suite (browser tests included)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test-fast: install ## the suite without the browser tests
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser"

bench: install ## run the benchmarks (with their peers: esda, pointpats, geopandas); record figures in bench/RESULTS.md
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## remove the virtualenv, node_modules, built files and the demo database
	rm -rf $(VENV) node_modules safer/static/dist var
