# ALS Clinic Desktop: everyday commands.
#   make run      create .venv if needed, install, open the window on the default database
#   make test     install the test extras, check the layers' import contracts (lint-imports,
#                 pyproject.toml) and run the whole suite offscreen
#   make bench    start-up, the clinic worklist, trend plots, the team plan and one save against
#                 bare baselines (benchmarks/README.md)
#   make package  one-folder PyInstaller build in dist/als-desktop/
#
# The virtual environment is reinstalled only when pyproject.toml changes (stamp files).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench package clean

run: $(VENV)/.installed-app
	$(BIN)/als-desktop

test: $(VENV)/.installed-test
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

bench: $(VENV)/.installed-app
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/worklist.py
	$(BIN)/python benchmarks/plots.py
	$(BIN)/python benchmarks/team_plan.py
	$(BIN)/python benchmarks/saving.py

# Builds, then starts the built program once on its default database (offscreen) as a smoke test.
package: $(VENV)/.installed-build
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	dist/als-desktop/als-desktop --version
	@smoke=$$(mktemp -d) && \
	ALS_DESKTOP_HOME=$$smoke QT_QPA_PLATFORM=offscreen ALS_DESKTOP_EXIT_WHEN_SHOWN=1 \
		dist/als-desktop/als-desktop | grep -q window-shown-at || { \
		echo "The built program did not open its window; see $$smoke/logs/als-desktop.log" >&2; exit 1; } ; \
	rm -rf $$smoke
	@echo "Built dist/als-desktop/ and it opens its window (start it with dist/als-desktop/als-desktop)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "ALS Clinic Desktop needs Python 3.11 or newer as '$(PYTHON)' (found: $$($(PYTHON) --version 2>&1))." >&2; \
		echo "Install it, or run e.g. 'make run PYTHON=python3.12'." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create the virtual environment: on Debian/Ubuntu install python3-venv." >&2; exit 1; }

# Each stamp records that this pyproject.toml was installed with those extras.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(VENV)/.installed-app

$(VENV)/.installed-build: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[build]'
	@touch $@ $(VENV)/.installed-app

clean:
	rm -rf build dist .pytest_cache
