# Two commands set everything up on a fresh machine (see README.md):
#   make report   regenerate reports/ from seeds/
#   make test     run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: report test install clean-cache

$(BIN)/corpus: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/corpus

report: install
	$(BIN)/corpus report

test: install
	$(BIN)/python -m pytest

clean-cache:
	rm -rf "$${CORPUS_CACHE_DIR:-$${XDG_CACHE_HOME:-$$HOME/.cache}/corpus}"
