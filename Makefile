# Two entry points: `make demo` (set up, build the graph from seeds/, show it) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build seeds -o build
	$(BIN)/kg validate --graph build/kg.trig
	$(BIN)/kg query programmes-per-country --graph build/kg.trig --format table

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf build $(VENV) .pytest_cache
