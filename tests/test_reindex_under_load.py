"""The web app keeps answering while the index is rebuilt: a served app (uvicorn, two workers)
under concurrent searches and page views while `python -m app reindex` builds a new generation
aside and swaps it in, twice, and then an ingest adds articles. Every answer is a 200, and the
new articles are found without restarting the server."""

import threading
import time

import httpx2 as httpx

from app.search.indexer import current_path
from tests.conftest import SEEDS, build_archive, free_port, run_app, start_app
from tests.synthetic import write_articles

CLIENTS = 6
QUERIES = ["ไซเบอร์", "cybersecurity Singapore", "ความร่วมมือ ญี่ปุ่น", '"online scam"',
           "Report 17", "ข่าวที่ 42", "อาชญากรรม -สิงคโปร์", "police training"]


def _load(base: str, stop: threading.Event, log: list, errors: list) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        n = 0
        while not stop.is_set():
            n += 1
            query = QUERIES[n % len(QUERIES)]
            path = ("/search", {"q": query, "scope": "all" if n % 2 else "relevant"})
            if n % 5 == 0:
                path = ("/search.json", {"q": query, "sort": "date"})
            try:
                r = http.get(path[0], params=path[1])
                log.append(time.monotonic())
                if r.status_code != 200 or ("results" not in r.text and "hits" not in r.text):
                    errors.append((path, r.status_code, r.text[:200]))
            except httpx.HTTPError as exc:
                errors.append((path, type(exc).__name__, str(exc)))


def test_searches_during_full_reindexes_see_no_error(tmp_path):
    write_articles(tmp_path / "in", 600)
    settings = build_archive(tmp_path / "data", [SEEDS, tmp_path / "in"])
    port = free_port()
    server = start_app(settings, "serve", "--port", str(port), "--workers", "2",
                       "--log-level", "warning")
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        stop, log, errors = threading.Event(), [], []
        clients = [threading.Thread(target=_load, args=(base, stop, log, errors))
                   for _ in range(CLIENTS)]
        for client in clients:
            client.start()
        time.sleep(1)
        windows = []
        for _ in range(2):
            before = current_path(settings)
            start = time.monotonic()
            rebuilt = run_app(settings, "reindex")
            windows.append((start, time.monotonic()))
            assert rebuilt.returncode == 0, rebuilt.stderr
            assert current_path(settings) != before  # a new generation, swapped in
        write_articles(tmp_path / "more", 30, start=5000)
        added = run_app(settings, "ingest", str(tmp_path / "more"))
        assert added.returncode == 0 and "index updated: 30" in added.stdout, added.stdout
        time.sleep(1)
        stop.set()
        for client in clients:
            client.join(timeout=60)

        during = sum(1 for t in log for a, b in windows if a <= t <= b)
        print(f"{len(log)} requests, {during} during the two rebuilds, {len(errors)} errors")
        assert not errors, errors[:5]
        assert during >= 50, f"only {during} requests landed during the rebuilds"
        found = httpx.get(f"{base}/search.json", params={"q": "Report 5001", "scope": "all"},
                          timeout=30).json()
        assert any("Report 5001" in h["article"]["title"] for h in found["hits"])
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")
