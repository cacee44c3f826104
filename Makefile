# Advisor career paths. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
BROWSER_STAMP := $(VENV)/.browser-stamp
DATA ?= data/raw
OUT ?= reports
REFERENCE_DATE ?=
K ?=
# Test processes: 2 matches the CI machine (each notebook stays on one process: --dist loadfile).
JOBS ?= 2
# `make report LANG=ja` builds the report in Japanese; any other LANG (a shell locale such as
# en_US.UTF-8) keeps English. The commands themselves run under a UTF-8 locale either way.
REPORT_LANG := $(if $(filter ja,$(LANG)),ja,en)
RUN := LC_ALL=C.UTF-8 LANG=C.UTF-8
# The default data are the generator's output: declare them synthetic (the index plot is then
# drawn, but only if the files are verifiably unchanged; real records never get it).
SYNTHETIC := $(if $(filter data/raw data/raw/,$(DATA)),--declare-synthetic,)

.DEFAULT_GOAL := help
.PHONY: help venv browser report test lint validate generate dictionary notebooks lab bench digests messages clean

help: ## List the targets with one line each
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (advisor-careers)" > /dev/null
	@mkdir -p $(VENV)/etc/jupyter/labconfig $(VENV)/share/jupyter/lab/settings
	@cp jupyter/page_config.json $(VENV)/etc/jupyter/labconfig/page_config.json
	@cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv from the pinned versions in requirements.lock (idempotent)

$(BROWSER_STAMP): $(STAMP)
	@$(PY) scripts/ensure_browser.py
	@touch $(BROWSER_STAMP)

browser: $(BROWSER_STAMP) ## Install a headless Chromium for the PDF and the browser test (apt as root, else Playwright's)

report: $(BROWSER_STAMP) ## Set up if needed, validate the data, build and audit the report into reports/ (LANG=ja: Japanese)
	$(RUN) $(PY) -m analysis report --data $(DATA) --out $(OUT) --lang $(REPORT_LANG) $(SYNTHETIC) $(if $(REFERENCE_DATE),--reference-date $(REFERENCE_DATE)) $(if $(K),--k $(K))

test: $(BROWSER_STAMP) ## Set up if needed and run every test (unit, notebooks, report, audit, browser, PDF)
	$(RUN) $(PY) -m pytest -n $(JOBS) --dist loadfile

lint: $(STAMP) ## ruff over the library, tests, benchmarks, scripts and the notebooks' py:percent sources
	$(PY) -m ruff check analysis tests benchmarks scripts notebooks

validate: $(STAMP) ## Validate DATA (default data/raw) and list every problem (STRICT=1: warnings are errors)
	$(RUN) $(PY) -m analysis validate $(DATA) --lang $(REPORT_LANG) $(if $(STRICT),--strict)

generate: $(STAMP) ## Regenerate the synthetic demonstration data in data/raw (default seed)
	$(RUN) $(PY) -m analysis generate --out data/raw

dictionary: $(STAMP) ## Regenerate data/DICTIONARY.md and the blank templates from the field dictionary
	$(RUN) $(PY) -m analysis dictionary

notebooks: $(STAMP) ## Re-execute every notebook in place from its .py pair (after editing)
	$(RUN) $(PY) -m analysis notebooks

digests: $(STAMP) ## Rebuild the small test report and pin its published files (after an intended change)
	$(RUN) $(PY) scripts/update_digests.py

messages: $(STAMP) ## Extract the library's messages and update the Japanese catalogue (Babel)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -o analysis/locale/analysis.pot --no-location --sort-output --omit-header --project=advisor-careers .
	$(VENV)/bin/pybabel update -i analysis/locale/analysis.pot -d analysis/locale -D analysis -l ja --no-fuzzy-matching --ignore-obsolete --omit-header

# JUPYTER_PREFER_ENV_PATH=1: the `python3` kernel installed into .venv (--sys-prefix) wins over any
# user-level kernel of the same name, so the notebooks run on .venv/bin/python.
lab: $(STAMP) ## Open JupyterLab on the project environment
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab notebooks

bench: $(STAMP) ## Run the benchmarks and print their table (installs the optional bench extra)
	@# sequenzo pins scipy<1.17; --no-deps keeps the project's pinned scipy (docutils is its one import-time need)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps sequenzo==0.1.42 docutils==0.23 pyinstrument==5.1.3
	$(RUN) $(PY) benchmarks/run.py

clean: ## Remove the environment and built reports
	rm -rf $(VENV) reports
