# Poise: `make run` serves the app, `make test` checks it. Both create .venv when it is missing.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run demo test soak bench clean-venv

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed  ## serve Poise at http://localhost:8501 on data/poise.duckdb (or $$POISE_DB)
	$(PY) serve.py

demo: $(VENV)/.run-installed  ## write 120 days of demo history to data/demo.duckdb and serve it
	$(PY) -m lib.demo
	POISE_DB=data/demo.duckdb $(PY) serve.py

test: $(VENV)/.dev-installed  ## ruff, then the whole pytest suite (unit, integration, app, real browser)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

soak: $(VENV)/.dev-installed  ## the long versions: every triple of small states, 9,000 fuzzed imports
	POISE_SOAK=1 $(VENV)/bin/pytest tests/app/test_small_states.py tests/integration/test_import_fuzz.py

bench: $(VENV)/.dev-installed  ## time every page and the engine on 10 years of history
	$(PY) -m benchmarks.run

clean-venv:
	rm -rf $(VENV)
