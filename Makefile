# Two commands set everything up on a fresh machine (see README.md):
#   make report   regenerate reports/ from seeds/
#   make test     run the whole test suite (installs Chromium for the browser test when it can)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Debian's package of the browser the HTML report is tested in.
BROWSER_PACKAGE ?= chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo -n)
# The reports carry their generation time: that of the last commit of anything but reports/, so
# `make report` gives the same bytes run after run, and again once its output is committed.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct -- . ':!reports' 2>/dev/null)

.PHONY: report test install browser clean-cache

$(BIN)/corpus: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/corpus

report: install
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(BIN)/corpus report

# The browser test skips, saying why, only when Chromium could not be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	{ echo "installing Debian's $(BROWSER_PACKAGE) for the browser test of the HTML report"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGE) >/dev/null; } || \
	echo "could not install $(BROWSER_PACKAGE): the browser test will be skipped"

test: install browser
	$(BIN)/python -m pytest

clean-cache:
	rm -rf "$${CORPUS_CACHE_DIR:-$${XDG_CACHE_HOME:-$$HOME/.cache}/corpus}"
