# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup data lint clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Migrate, ingest the seeds (unchanged files are skipped by hash) and build the index if needed.
data: $(STAMP)
	$(PY) -m app ingest seeds

run: data
	$(PY) -m app serve --host $(HOST) --port $(PORT)

# axe-core (npm) for the accessibility check in Chromium; skipped where npm is missing.
AXE := tests/a11y/node_modules/axe-core/axe.min.js
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/a11y --no-audit --no-fund --silent; fi

test: $(STAMP) $(AXE)
	$(PY) -m pytest

# One benchmark run, one table (ingest, index, search against FTS5, pages, load); needs
# ../shared/corpus. `$(PY) bench/run.py --quick` takes the first 5,000 articles (under 3 min).
bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf data test-artifacts .pytest_cache
