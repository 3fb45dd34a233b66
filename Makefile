# Two commands on a fresh machine: `make run` and `make test`. Both create .venv when missing.
# TORCH picks the PyTorch wheel: the CPU build by default; CUDA users pass their own, e.g.
#   make run TORCH="torch==2.13.0 --index-url https://download.pytorch.org/whl/cu126"
PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.13.0
PY := $(VENV)/bin/python
STAMP := $(VENV)/.ganstudio-installed

.PHONY: setup run test bench translations clean-venv

# Re-installs when pyproject.toml is newer than the stamp or TORCH changed since the last install.
setup:
	@if [ ! -x "$(PY)" ]; then echo "creating $(VENV)"; $(PYTHON) -m venv "$(VENV)"; fi
	@if [ ! -f "$(STAMP)" ] || [ pyproject.toml -nt "$(STAMP)" ] || [ "$$(cat "$(STAMP)")" != "$(TORCH)" ]; then \
		set -e; \
		"$(PY)" -m pip install --disable-pip-version-check -q $(TORCH); \
		"$(PY)" -m pip install --disable-pip-version-check -q -e ".[test]"; \
		echo "$(TORCH)" > "$(STAMP)"; \
	fi

run: setup
	"$(PY)" main.py $(ARGS)

test: setup
	QT_QPA_PLATFORM=offscreen "$(PY)" -m pytest -q $(PYTEST_ARGS)

bench: setup
	"$(PY)" benchmarks/bench_engine.py

# lupdate over the UI sources into resources/translations/*.ts, then lrelease to the .qm files.
translations: setup
	"$(PY)" tools/update_translations.py

clean-venv:
	rm -rf "$(VENV)"
