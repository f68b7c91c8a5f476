# Poise: `make run` serves the app, `make test` checks it. Both create .venv when it is missing.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run demo test bench clean-venv

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed  ## serve Poise at http://localhost:8501 on data/poise.duckdb (or $$POISE_DB)
	$(VENV)/bin/streamlit run app.py

demo: $(VENV)/.run-installed  ## a fresh 120-day demo history in data/demo.duckdb, opened in demo mode (as from the app)
	$(PY) -m lib.demo_mode
	$(VENV)/bin/streamlit run app.py

test: $(VENV)/.dev-installed  ## ruff, then the whole pytest suite (unit, integration, app, real browser)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

bench: $(VENV)/.dev-installed  ## time every page and the engine on 10 years of history
	$(PY) -m benchmarks.run

clean-venv:
	rm -rf $(VENV)
