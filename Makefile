# Two commands from a fresh clone: `make site` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: site serve test check bench demos schema clean chromium

site: $(VENV)/.runtime            ## bootstrap, rerun stale demos, build site/
	$(BIN)/python -m generator build

serve: $(VENV)/.runtime           ## live preview on http://127.0.0.1:8000
	$(BIN)/python -m generator serve

check: $(VENV)/.runtime           ## validate content and quizzes only
	$(BIN)/python -m generator check

demos: $(VENV)/.runtime           ## list demos and rerun stale ones
	$(BIN)/python -m generator demos

test: $(VENV)/.testdeps chromium  ## bootstrap with test dependencies, run the whole suite
	$(BIN)/python -m pytest

bench: $(VENV)/.testdeps          ## benchmarks (prints figures and ratios)
	$(BIN)/python bench/run.py

schema: $(VENV)/.runtime
	$(BIN)/python -m generator schema

$(VENV)/.runtime: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.testdeps: $(VENV)/.runtime
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

chromium:                         ## the browser tests drive Debian's chromium
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "chromium is missing: install Debian's 'chromium' package (apt-get install chromium)"; exit 1; fi; }

clean:
	rm -rf site .cache .pytest_cache
