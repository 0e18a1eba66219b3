# Two entry points: `make demo` (set up, build the graph from seeds/, show it) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install browser clean

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

# The browser tests (tests/test_viz_browser.py) open the HTML views in Debian's headless Chromium.
# As root, install it when missing; otherwise those tests skip and say why (CI runs as root).
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests (apt-get, quiet)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
			>/tmp/kg-chromium-install.log 2>&1 \
			|| echo "could not install chromium (see /tmp/kg-chromium-install.log): the browser tests will not run"; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf build $(VENV) .pytest_cache
