"""Ingest and index throughput on real input: articles/s and MB/s, then a re-run.

    .venv/bin/python bench/ingest.py [PATH…] [--limit N] [--workers N]

PATH defaults to the corpus tarball (../shared/corpus/thaigov-v2.tar.xz), read as a stream.
With --limit, the first N article files are first copied into a temporary folder (not timed).
A fresh temporary archive (SQLite + Whoosh) is built: ingest, index rebuild, then a second
ingest of the same input, which must change nothing. Prints figures only; asserts no speed.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import PROJECT_ROOT  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import make_engine, make_sessionmaker  # noqa: E402
from app.ingest.pipeline import ingest  # noqa: E402
from app.ingest.readers import RawDocument, iter_documents  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.search import indexer  # noqa: E402

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "thaigov-v2.tar.xz"


def first_files(paths: list[Path], limit: int, folder: Path) -> list[Path]:
    """Copy the first `limit` article files into `folder` (names made safe and unique)."""
    folder.mkdir(parents=True)
    for n, item in enumerate(iter_documents(paths)):
        if n >= limit:
            break
        if isinstance(item, RawDocument):
            (folder / f"{n:06d}.txt").write_bytes(item.data)
    return [folder]


def text_megabytes(paths: list[Path]) -> float:
    return sum(len(d.data) for d in iter_documents(paths) if isinstance(d, RawDocument)) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--workers", type=int, default=None, help="analysis processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths
        if args.limit:
            paths = first_files(paths, args.limit, Path(tmp) / "input")
        megabytes = text_megabytes(paths)
        settings = Settings(data_dir=Path(tmp) / "data")
        upgrade(settings)
        engine = make_engine(settings)
        with make_sessionmaker(engine)() as session:
            t0 = time.perf_counter()
            summary = ingest(session, paths, workers=args.workers)
            t1 = time.perf_counter()
            info = indexer.rebuild(settings, session)
            t2 = time.perf_counter()
            again = ingest(session, paths, workers=args.workers)
            t3 = time.perf_counter()
        engine.dispose()
        index_mb = sum(f.stat().st_size for f in info.path.iterdir()) / 1e6
    n = summary.read
    print(summary.lines()[0])
    print(f"input   {n} files, {megabytes:.1f} MB of text")
    print(f"ingest  {t1 - t0:7.1f} s  {n / (t1 - t0):7.1f} articles/s  {megabytes / (t1 - t0):6.2f} MB/s")
    print(f"index   {t2 - t1:7.1f} s  {n / (t2 - t1):7.1f} articles/s  {megabytes / (t2 - t1):6.2f} MB/s"
          f"  {index_mb:.0f} MB on disk")
    print(f"total   {t2 - t0:7.1f} s")
    print(f"re-run  {t3 - t2:7.1f} s  added {again.added}, updated {again.updated}, "
          f"unchanged {again.unchanged}")


if __name__ == "__main__":
    main()
