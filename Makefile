# Two commands for a fresh machine: `make build` and `make test`.
# Both create the virtual environment .venv (with kg installed) when it is missing.
VENV ?= .venv
PY := $(VENV)/bin/python
KG := $(VENV)/bin/kg

.PHONY: build test validate clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,html]'
	touch $@

build: $(VENV)/.installed
	$(KG) build
	$(KG) validate

test: $(VENV)/.installed
	$(PY) -m pytest

clean:
	rm -rf build site
