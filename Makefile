# Everything runs in a local virtual environment (.venv); `make` needs only python3 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup examples test forms clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

## Render every example in inputs/ into outputs/.
examples: setup
	$(BIN)/slutrapport build inputs/ --forbund all -o outputs/

## Run the test suite.
test: setup
	$(BIN)/pytest

## Rebuild the layouts' form.docx files from their build scripts.
forms: setup
	for script in templates/*/build_form.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) outputs/*.docx .pytest_cache
