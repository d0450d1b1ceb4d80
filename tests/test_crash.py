"""kill -9 in the middle of an ingest, of an index build and of an index update: the next run
completes, and `python -m app check` finds the database and the index in agreement.

Real processes (`python -m app …`), a real SIGKILL, no hook in the code under test: the kill
lands when the database or the index folder shows the job is half-way."""

import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import make_engine
from app.models import Article
from app.search.indexer import META, current_path
from tests.conftest import run_app, settings_for, start_app
from tests.synthetic import write_articles

BATCH = 500  # the ingest commits every 500 articles (app.ingest.pipeline.BATCH)


def _start(settings, *args) -> subprocess.Popen:
    return start_app(settings, *args, env={"PYTHONUNBUFFERED": "1"},  # lines as printed
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _articles(settings) -> int:
    engine = make_engine(settings)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count(Article.id)))
    except Exception:  # not migrated yet
        return 0
    finally:
        engine.dispose()


def _kill_when(proc: subprocess.Popen, ready, what: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the job ended before {what}: too little work to interrupt it")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def _half_built(settings) -> list[Path]:
    current = current_path(settings)
    return [p for p in settings.index_path.glob("gen-*")
            if p != current and not (p / META).exists()]


def _check(settings) -> subprocess.CompletedProcess:
    return run_app(settings, "check")


def test_kill_during_an_ingest_then_the_next_run_completes(tmp_path):
    files = write_articles(tmp_path / "in", 1500)
    settings = settings_for(tmp_path / "data")
    proc = _start(settings, "ingest", str(tmp_path / "in"), "--workers", "2")
    _kill_when(proc, lambda: _articles(settings) >= BATCH, "the first batch was committed")
    stored = _articles(settings)
    assert BATCH <= stored < len(files), stored

    interrupted = _check(settings)
    assert interrupted.returncode == 1, interrupted.stdout  # no index yet: they disagree

    again = run_app(settings, "ingest", str(tmp_path / "in"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"unchanged {stored}" in again.stdout  # what the killed run committed is kept
    assert _articles(settings) == len(files)
    agreed = _check(settings)
    assert agreed.returncode == 0, agreed.stdout
    assert f"all-news index documents: {len(files)}" in agreed.stdout


def test_kill_during_an_index_build_and_an_index_update(tmp_path):
    settings = settings_for(tmp_path / "data")
    write_articles(tmp_path / "in", 800)
    first = run_app(settings, "ingest", str(tmp_path / "in"))
    assert first.returncode == 0 and _check(settings).returncode == 0, first.stdout
    generation = current_path(settings)

    # A rebuild killed half-way: CURRENT still names the old generation, which still agrees.
    proc = _start(settings, "reindex")
    _kill_when(proc, lambda: bool(_half_built(settings)), "the new generation was started")
    assert current_path(settings) == generation
    after_build = _check(settings)
    assert after_build.returncode == 0, after_build.stdout
    assert "half-built generation" in after_build.stdout

    # An ingest killed in its index step (800 more articles: an update in place).
    write_articles(tmp_path / "in", 800, start=800)
    proc = _start(settings, "ingest", str(tmp_path / "in"))
    _kill_when(proc, lambda: proc.stdout.readline().startswith("read "),
               "the articles were stored and the index update began")
    assert _articles(settings) == 1600
    after_update = _check(settings)
    assert after_update.returncode == 1, after_update.stdout
    assert "changed since the index was updated" in after_update.stdout

    again = run_app(settings, "ingest", str(tmp_path / "in"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "unchanged 1600" in again.stdout and "index updated: 800 documents" in again.stdout
    repaired = _check(settings)
    assert repaired.returncode == 0, repaired.stdout
    assert "all-news index documents: 1600" in repaired.stdout

    rebuilt = run_app(settings, "reindex")
    assert rebuilt.returncode == 0, rebuilt.stderr
    final = _check(settings)
    assert final.returncode == 0 and "half-built" not in final.stdout, final.stdout
