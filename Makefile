# Haven: `make run` opens the default place, `make test` runs the tests.
# Each target creates .venv and installs the project on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Haven needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(STAMP)
	ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0 $(PY) -m pytest

bench: $(STAMP)
	$(PY) -m engine.benchtable

clean:
	rm -rf $(VENV) .pytest_cache
