"""Search time per query, as the search page runs it (10 hits, facets, did-you-mean, no snippets).

    .venv/bin/python bench/search_speed.py --data-dir DIR [--rounds 3]

Runs the 28 dev queries (`../shared/corpus/dev-queries.json`) in the default scope and in all
news, after one warm-up query, and prints mean, median, 95th percentile and the slowest per
scope. Times are wall-clock on this machine: compare runs made on the same machine.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import PROJECT_ROOT  # noqa: E402
from app.config import Settings  # noqa: E402
from app.search.searcher import search  # noqa: E402

QUERIES = PROJECT_ROOT.parent / "shared" / "corpus" / "dev-queries.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a built archive")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is run")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir)
    queries = [q["q"] for q in json.loads(QUERIES.read_text())]
    search(settings, queries[0])  # warm-up: loads the segmenter, the lexicon, the facet table
    for scope, all_news in (("relevant", False), ("all news", True)):
        times = []
        for _ in range(args.rounds):
            for query in queries:
                start = time.perf_counter()
                search(settings, query, all_news=all_news)
                times.append(time.perf_counter() - start)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"{scope:9s} {len(times)} searches: mean {statistics.mean(times) * 1000:.0f} ms, "
              f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {times[-1] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
