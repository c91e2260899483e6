# Two commands from a fresh clone: `make site` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: site serve test lint check bench demos schema lock clean chromium java readers

site: $(VENV)/.runtime            ## bootstrap, rerun stale demos, build site/
	$(BIN)/python -m generator build

PORT ?= 8000
serve: $(VENV)/.runtime           ## live preview on http://127.0.0.1:$(PORT) (make serve PORT=8001)
	$(BIN)/python -m generator serve --dev-addr 127.0.0.1:$(PORT)

check: $(VENV)/.runtime           ## validate content and quizzes only
	$(BIN)/python -m generator check

demos: $(VENV)/.runtime           ## list demos and rerun stale ones
	$(BIN)/python -m generator demos

test: lint chromium java readers  ## bootstrap with test dependencies, lint, run the whole suite on every core
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.testdeps
	$(BIN)/ruff check generator tests training_demos bench

bench: $(VENV)/.testdeps          ## benchmarks (prints figures and ratios)
	$(BIN)/python bench/run.py

schema: $(VENV)/.runtime
	$(BIN)/python -m generator schema

# Installs take the exact versions of constraints.txt; `make lock` refreshes it from pyproject.toml's ranges.
$(VENV)/.runtime: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	@touch $@

$(VENV)/.testdeps: $(VENV)/.runtime
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

lock:                             ## resolve pyproject.toml's ranges afresh and write constraints.txt
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q -e '.[test]'
	{ echo "# Exact versions that make site and make test install (pip install -c constraints.txt)."; \
	  echo "# Refresh with: make lock"; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' | LC_ALL=C sort -f; } > constraints.txt
	rm -rf .venv-lock

chromium:                         ## the browser tests drive Debian's chromium
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "chromium is missing: install Debian's 'chromium' package (apt-get install chromium)"; exit 1; fi; }

java:                             ## the HTML validity test runs the Nu Html Checker, a Java program
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless) >/dev/null; \
	  else echo "java is missing: install Debian's 'default-jre-headless' package"; exit 1; fi; }

readers: $(VENV)/node/.installed  ## the GIFT export test reads our file back with gift-pegjs, a Node package

$(VENV)/node/.installed: tests/exports/node/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null; \
	  else echo "npm is missing: install Debian's 'nodejs' and 'npm' packages"; exit 1; fi; }
	mkdir -p $(VENV)/node && cp tests/exports/node/package.json tests/exports/node/package-lock.json $(VENV)/node/
	npm ci --prefix $(VENV)/node --no-audit --no-fund --silent
	@touch $@

clean:
	rm -rf site .cache .pytest_cache
