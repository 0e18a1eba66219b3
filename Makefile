# Two entry points: `make demo` (set up, build the graph from seeds/, show it) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install browser documents clean

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

# The browser tests (tests/views/test_viz_browser.py) open the HTML views in Debian's headless Chromium.
# As root, install it when missing; otherwise those tests skip and say why (CI runs as root).
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests (apt-get, quiet)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
			>/tmp/kg-chromium-install.log 2>&1 \
			|| echo "could not install chromium (see /tmp/kg-chromium-install.log): the browser tests will not run"; \
	fi

# The document tests (tests/text/test_formats.py) write PDFs with Debian's DejaVu fonts (Cyrillic) and
# read a scan with Tesseract (English, Russian, Kazakh models; about 10 MB). As root, install them
# when missing; otherwise those tests skip and say why.
documents:
	@if { [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ! command -v tesseract >/dev/null \
			|| [ ! -f /usr/share/tesseract-ocr/5/tessdata/kaz.traineddata ]; } \
			&& [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's fonts-dejavu-core and tesseract-ocr (rus, kaz) for the document tests (apt-get, quiet)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core \
			tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz; } >/tmp/kg-documents-install.log 2>&1 \
			|| echo "could not install them (see /tmp/kg-documents-install.log): some document tests will skip"; \
	fi

test: $(STAMP) browser documents
	$(BIN)/python -m pytest -q

clean:
	rm -rf build $(VENV) .pytest_cache
