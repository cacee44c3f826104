# Advisor career paths. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DATA ?= data/raw
OUT ?= reports
REFERENCE_DATE ?=
K ?=

.DEFAULT_GOAL := help
.PHONY: help venv report test lint validate generate dictionary notebooks lab bench clean

help: ## List the targets with one line each
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (advisor-careers)" > /dev/null
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv from the pinned versions in requirements.lock (idempotent)

report: $(STAMP) ## Set up if needed, validate the data and build the report into reports/
	$(PY) -m analysis report --data $(DATA) --out $(OUT) $(if $(REFERENCE_DATE),--reference-date $(REFERENCE_DATE)) $(if $(K),--k $(K))

test: $(STAMP) ## Set up if needed and run every test (unit, notebooks, report, browser)
	$(PY) -m pytest

lint: $(STAMP) ## ruff over the library, tests, scripts and notebooks
	$(PY) -m ruff check analysis tests benchmarks scripts

validate: $(STAMP) ## Validate DATA (default data/raw) and list every problem
	$(PY) -m analysis validate $(DATA)

generate: $(STAMP) ## Regenerate the synthetic demonstration data in data/raw (default seed)
	$(PY) -m analysis generate --out data/raw

dictionary: $(STAMP) ## Regenerate data/DICTIONARY.md and the blank templates from the field dictionary
	$(PY) -m analysis dictionary

notebooks: $(STAMP) ## Re-execute every notebook in place from its .py pair (after editing)
	$(PY) -m analysis notebooks

# JUPYTER_PREFER_ENV_PATH=1: the `python3` kernel installed into .venv (--sys-prefix) wins over any
# user-level kernel of the same name, so the notebooks run on .venv/bin/python.
lab: $(STAMP) ## Open JupyterLab on the project environment
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab notebooks

bench: $(STAMP) ## Run the benchmarks and print their tables (installs the optional bench extra)
	@# sequenzo pins scipy<1.17; --no-deps keeps the project's pinned scipy (docutils is its one import-time need)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps sequenzo==0.1.42 docutils==0.23 pyinstrument==5.1.3
	$(PY) benchmarks/run.py
	$(PY) benchmarks/compare_sequenzo.py

clean: ## Remove the environment and built reports
	rm -rf $(VENV) reports
