# Two entry points a fresh clone needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.petsard-installed

.PHONY: demo test lint install clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch==2.13.0 first: a CPU build lies on this machine's disk; any other torch request
# would download a multi-GB CUDA build when sdv pulls it in.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	OMP_NUM_THREADS=1 $(VENV)/bin/petsard run demo/default.yaml

lint: $(STAMP)
	$(VENV)/bin/ruff check petsard tests bench scripts

test: $(STAMP) lint
	OMP_NUM_THREADS=1 $(PY) -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) petsard_runs demo/output
