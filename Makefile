# honbu: `make demo` runs honbu with demo data on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install messages bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: install
	HONBU_DEMO=1 $(BIN)/honbu demo

test: install
	$(BIN)/python -m pytest

# Extract and compile translations of every app (each app keeps its own catalogue).
messages: install
	cd honbu && ../$(BIN)/django-admin makemessages -l ja $(foreach app,$(wildcard honbu/*/locale),-i $(notdir $(patsubst %/locale,%,$(app))))
	for dir in honbu/*/locale; do (cd $$(dirname $$dir) && ../../$(BIN)/django-admin makemessages -l ja); done
	$(BIN)/python -m honbu.core.i18n_compile

clean:
	rm -rf $(VENV) data
