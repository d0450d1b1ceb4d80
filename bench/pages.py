"""Page latency through the real ASGI app: routing, database session, search, templates.

Requests go to `create_app(settings)` in process (httpx's ASGI transport), one at a time, so
the figures are the app's own time per page without a network or a server in between.
"""

import asyncio
import time
from collections.abc import Sequence

import httpx2 as httpx

from app.config import Settings
from app.web.main import create_app


async def _time_pages(settings: Settings, kinds: dict[str, Sequence[str]], rounds: dict[str, int],
                      warmup: int) -> tuple[dict[str, list[float]], list[str]]:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    failures: list[str] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for urls in kinds.values():  # first requests load templates, segmenter, facet table
            for url in urls[:warmup]:
                await client.get(url)
        for kind, urls in kinds.items():
            for _ in range(rounds.get(kind, 1)):
                for url in urls:
                    start = time.perf_counter()
                    response = await client.get(url)
                    times[kind].append(time.perf_counter() - start)
                    if response.status_code != 200:
                        failures.append(f"{response.status_code} {url}")
    app.state.engine.dispose()
    return times, failures


def time_pages(settings: Settings, kinds: dict[str, Sequence[str]], rounds: dict[str, int],
               warmup: int = 3) -> tuple[dict[str, list[float]], list[str]]:
    """Seconds per request for each kind of page (each URL requested `rounds[kind]` times,
    after `warmup` untimed requests per kind), and the requests that did not answer 200."""
    return asyncio.run(_time_pages(settings, kinds, rounds, warmup))
