# Everything runs in a local virtual environment (.venv); `make` needs python3 and make, and
# installs LibreOffice (for PDFs) with apt-get where it is missing and can be installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEBIAN_PACKAGES := libreoffice-writer-nogui fonts-crosextra-carlito fonts-dejavu-core poppler-utils

.PHONY: setup libreoffice examples test bench forms dist clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed libreoffice

## LibreOffice and pdftotext, from Debian/Ubuntu packages when they are missing.
libreoffice:
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	    echo "Install LibreOffice (https://www.libreoffice.org/download/) and poppler's pdftotext, then run make again."; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "Installing $(DEBIAN_PACKAGES) with apt-get"; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null

## Render every example in inputs/ into outputs/, in every layout, as .docx and PDF.
examples: setup
	$(BIN)/slutrapport build inputs/ --forbund all --pdf -o outputs/

## Run the test suite.
test: setup
	$(BIN)/pytest

## Benchmarks (see bench/).
bench: setup
	$(BIN)/python bench/build.py
	$(BIN)/python bench/pdf_batch.py
	$(BIN)/python bench/scaling.py

## Rebuild the layouts' form.docx files from their build scripts.
forms: $(BIN)/.installed
	for script in templates/*/build_form.py; do $(BIN)/python $$script; done

## The wheel and sdist users install (into dist/).
dist: $(BIN)/.installed
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) dist outputs/*.docx outputs/*.pdf .pytest_cache
