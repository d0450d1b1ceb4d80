# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres setup data lint clean bench

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

# On SQLite; on PostgreSQL instead when ARCHIVE_TEST_POSTGRES_URL is set (see test-postgres).
test: $(STAMP) $(AXE)
	$(PY) -m pytest

# The same suite on PostgreSQL, each test archive in a database of its own: on the server of
# ARCHIVE_TEST_POSTGRES_URL (postgresql+psycopg://user@host/postgres, a role that may create
# databases) if set, else on a throwaway cluster (scripts/pg_sandbox.sh; Debian's postgresql).
# PYTEST_ARGS narrows it (CI: -m 'not corpus').
test-postgres: $(STAMP) $(AXE)
	if [ -n "$$ARCHIVE_TEST_POSTGRES_URL" ]; then $(PY) -m pytest $(PYTEST_ARGS); \
	else scripts/pg_sandbox.sh $(PY) -m pytest $(PYTEST_ARGS); fi

# One benchmark run, one table (ingest, index, search against FTS5, pages, load); needs
# ../shared/corpus. `$(PY) bench/run.py --quick` takes the first 5,000 articles (under 3 min).
bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf data test-artifacts .pytest_cache
