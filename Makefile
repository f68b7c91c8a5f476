# Poise: `make run` serves the app, `make test` checks it. Both create .venv when it is missing.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run demo test soak bench figures motion clean-venv

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

demo: $(VENV)/.run-installed  ## a fresh 120-day demo history in data/demo.duckdb, opened in demo mode (as from the app)
	$(PY) -m lib.demo_mode
	$(PY) serve.py

test: $(VENV)/.dev-installed  ## ruff, then the whole pytest suite (unit, integration, app, real browser)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

soak: $(VENV)/.dev-installed  ## the long runs: 200 kills, 8 x 500 concurrent writes, 10,000 fuzzed calls, every triple of small states, 9,000 fuzzed imports
	POISE_SOAK=1 $(VENV)/bin/pytest -m soak -p no:cacheprovider
	POISE_SOAK=1 $(VENV)/bin/pytest -p no:cacheprovider tests/app/test_small_states.py tests/integration/test_import_fuzz.py

bench: $(VENV)/.dev-installed  ## time every page and the engine on 10 years of history
	$(PY) -m benchmarks.run

figures: $(VENV)/.dev-installed  ## draw every exercise figure into docs/figures.svg and docs/figures.png
	$(PY) -m lib.figure_sheet

clean-venv:
	rm -rf $(VENV)

# The form check's pose sidecar: its own virtualenv, since MediaPipe pins numpy<2 and protobuf<5.
MOTION_VENV := .venv-motion

$(MOTION_VENV)/.installed: requirements-motion.txt
	test -x $(MOTION_VENV)/bin/python || $(PYTHON) -m venv $(MOTION_VENV)
	$(MOTION_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-motion.txt
	$(MOTION_VENV)/bin/python -c "import mediapipe, cv2; mediapipe.solutions.pose.Pose(model_complexity=1).close()"
	touch $@

motion: $(MOTION_VENV)/.installed  ## the form check's pose sidecar, .venv-motion (MediaPipe 0.10.21); make run works without it
