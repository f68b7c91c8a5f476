# Poise: `make run` serves the app, `make test` checks it. Both create .venv when it is missing;
# `make test` also installs Debian's Chromium and builds the form check's sidecar when they are missing.
VENV     := .venv
PY       := $(VENV)/bin/python
PYTHON   ?= python3
CHROMIUM := /usr/bin/chromium

.PHONY: run demo test soak bench figures motion browser sidecar clean-venv

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

# CI=true: with the browser installed above, a browser test that cannot find it fails instead of skipping.
test: $(VENV)/.dev-installed browser sidecar  ## ruff, the import contract, mypy, then the whole pytest suite (real browser too)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	CI=true $(VENV)/bin/pytest

soak: $(VENV)/.dev-installed  ## the long runs: 200 kills, 8 x 500 concurrent writes, 10,000 fuzzed calls, every triple of small states, 9,000 fuzzed imports
	POISE_SOAK=1 $(VENV)/bin/pytest -m soak -p no:cacheprovider
	POISE_SOAK=1 $(VENV)/bin/pytest -p no:cacheprovider tests/app/test_small_states.py tests/integration/test_import_fuzz.py

bench: $(VENV)/.dev-installed  ## time every page and the engine on 10 years against one month of history
	$(PY) -m benchmarks.run

figures: $(VENV)/.dev-installed  ## draw every exercise figure into docs/figures.svg and docs/figures.png
	$(PY) -m lib.figure_sheet

clean-venv:
	rm -rf $(VENV)

# The real-browser tests drive Debian's Chromium; Playwright never downloads one. Installed as root, or with
# sudo when it asks no password; otherwise make stops with the one command to run.
browser:  ## Debian's Chromium at /usr/bin/chromium, installed when missing
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium', then make test again." >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }
	@test -x $(CHROMIUM) || { echo "apt-get installed no $(CHROMIUM): run 'sudo apt-get install -y chromium'." >&2; exit 1; }

# The form check's pose sidecar: its own virtualenv, since MediaPipe pins numpy<2 and protobuf<5.
MOTION_VENV := .venv-motion

$(MOTION_VENV)/.installed: requirements-motion.txt
	test -x $(MOTION_VENV)/bin/python || $(PYTHON) -m venv $(MOTION_VENV)
	$(MOTION_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-motion.txt
	$(MOTION_VENV)/bin/python -c "import mediapipe, cv2; mediapipe.solutions.pose.Pose(model_complexity=1).close()"
	touch $@

motion: $(MOTION_VENV)/.installed  ## the form check's pose sidecar, .venv-motion (MediaPipe 0.10.21); make run works without it

# make test needs the sidecar (the worker tests skip without it), but only builds a missing one: a present
# sidecar is never rebuilt for a test run, even when a checkout leaves requirements-motion.txt newer than it.
sidecar:
	@test -f $(MOTION_VENV)/.installed || $(MAKE) --no-print-directory motion
