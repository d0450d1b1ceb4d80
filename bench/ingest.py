"""Ingest throughput: articles/s and MB/s into a fresh temporary archive (database + index).

    .venv/bin/python bench/ingest.py PATH… [--limit N]

Prints figures only; nothing here asserts a speed.
"""

import argparse
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import Settings  # noqa: E402
from app.db import make_engine, make_sessionmaker  # noqa: E402
from app.ingest import pipeline  # noqa: E402
from app.ingest.readers import RawDocument, iter_documents  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.search import indexer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=None, help="stop after N files")
    args = parser.parse_args()
    docs = list(islice(iter_documents(args.paths), args.limit))
    megabytes = sum(len(d.data) for d in docs if isinstance(d, RawDocument)) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        upgrade(settings)
        engine = make_engine(settings)
        with make_sessionmaker(engine)() as session:
            pipeline.iter_documents = lambda _paths: iter(docs)  # measure parsing, not reading
            t0 = time.perf_counter()
            summary = pipeline.ingest(session, ["<preloaded>"])
            t1 = time.perf_counter()
            indexer.rebuild(settings, session)
            t2 = time.perf_counter()
        engine.dispose()
    n = summary.read
    print(f"files {n}, {megabytes:.1f} MB; added {summary.added}, skipped {len(summary.skipped)}")
    print(f"ingest  {t1 - t0:7.2f} s  {n / (t1 - t0):8.1f} articles/s  {megabytes / (t1 - t0):6.2f} MB/s")
    print(f"index   {t2 - t1:7.2f} s  {n / (t2 - t1):8.1f} articles/s  {megabytes / (t2 - t1):6.2f} MB/s")


if __name__ == "__main__":
    main()
