"""`python -m app serve --workers 2`: two uvicorn workers, each on its own SO_REUSEPORT socket,
answer on one port and stop with the parent."""

import inspect
import os
import signal
import time

import httpx2 as httpx

from tests.conftest import api_routes, free_port, start_app


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.add(int(entry))
            except OSError:
                continue
    return out


def test_two_workers_share_one_port_and_stop_with_the_parent(archive):
    port = free_port()
    server = start_app(archive, "serve", "--port", str(port), "--workers", "2",
                       "--log-level", "warning")
    try:
        deadline = time.monotonic() + 60
        answers = []
        while time.monotonic() < deadline and len(answers) < 20:
            try:
                # a new connection each time: the kernel picks a worker per connection
                answers.append(httpx.get(f"http://127.0.0.1:{port}/search?q=cyber").status_code)
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answers and set(answers) == {200}
        head = httpx.head(f"http://127.0.0.1:{port}/en/search?q=cyber")  # uvicorn sends no body
        assert head.status_code == 200 and head.content == b""
        assert int(head.headers["content-length"]) > 1000
        workers = _children(server.pid)
        assert len(workers) >= 2  # the two workers (and multiprocessing's resource tracker)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    time.sleep(0.5)
    assert not [pid for pid in workers if _running(pid)]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # not a zombie
    except OSError:
        return False


def _dependencies(dependant):
    for sub in dependant.dependencies:
        yield sub
        yield from _dependencies(sub)


def test_no_dependency_waits_for_the_thread_pool(client):
    """FastAPI runs a plain function dependency in its thread pool, a hand-over per dependency
    per request: the app's own dependencies are coroutines (the page functions still run in
    the pool)."""
    routes = list(api_routes(client.app.routes))
    assert len(routes) > 20
    checked = 0
    for route in routes:
        for sub in _dependencies(route.dependant):
            if sub.call is not None:
                assert inspect.iscoroutinefunction(sub.call) or inspect.isasyncgenfunction(
                    sub.call), (route.path, sub.call)
                checked += 1
    assert checked > len(routes)  # every page has its session, most a scope or search params
    r = client.get("/search.json", params={"q": "cyber", "scope": "all", "country": "sg"})
    assert r.status_code == 200 and r.json()["filters"] == {"country": "sg"}


def test_the_thread_pool_has_a_few_threads_not_forty(archive):
    """Exports and feeds are Python under the GIL: the app's lifespan cuts anyio's pool of 40
    threads to POOL_THREADS, and pages still answer side by side."""
    from anyio import to_thread
    from fastapi.testclient import TestClient

    from app.web.main import POOL_THREADS, create_app

    with TestClient(create_app(archive)) as client:
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
        assert tokens == POOL_THREADS < 40
        assert client.get("/search.json", params={"q": "cyber"}).status_code == 200


def test_the_app_freezes_its_startup_heap_and_collects_less_often_while_it_runs(archive):
    """The lifespan moves the objects alive at startup out of the collector's rounds and
    raises the young-generation threshold; both are put back when the app stops (tests run
    many apps in one process)."""
    import gc

    from fastapi.testclient import TestClient

    from app.web.main import GC_YOUNG, create_app

    gc.set_threshold(700, 10, 10)  # Python's default (another test's app may be running)
    with TestClient(create_app(archive)) as client:
        assert gc.get_threshold() == (GC_YOUNG, 10, 10)
        assert gc.get_freeze_count() > 10_000
        assert client.get("/search", params={"q": "cyber"}).status_code == 200
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_pages_run_on_the_event_loop_and_exports_in_threads(client):
    """Pages (a few milliseconds each) run on the worker's event loop without a hand-over to a
    thread and back; exports and feeds, which can take seconds, still run in the thread pool so
    that they do not hold up the pages."""
    routes = {route.path: route for route in api_routes(client.app.routes)}
    for path in ("/search", "/search.json", "/articles/{permalink}", "/countries/{code}",
                 "/people/{slug}", "/"):
        assert inspect.iscoroutinefunction(routes[path].endpoint), path
    for path in ("/search/export.csv", "/search/export.json", "/search/feed.atom"):
        assert not inspect.iscoroutinefunction(routes[path].endpoint), path
    # the page's own parameters are still read (they come through the wrapper's signature)
    r = client.get("/search.json", params={"q": "cyber", "size": 3, "sort": "date"})
    assert r.status_code == 200 and r.json()["sort"] == "date" and len(r.json()["hits"]) <= 3
    assert client.get("/search.json", params={"size": 0}).status_code == 400
