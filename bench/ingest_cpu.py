"""Time an ingest alone (no index): wall and CPU seconds of the main process and the analysers.

    .venv/bin/python bench/ingest_cpu.py [PATH…] [--limit N] [--code TREE] [--keep DIR]

PATH defaults to the corpus tarball. --limit N ingests the first N article files, copied once
into /tmp/ingest-first-N (kept, so runs of old and new code read the same files). --code runs
another checkout's `app` package (the code before a change, back to back with the one after).
--keep DIR leaves the archive's database in DIR (for bench/ingest_dump.py). CPU is this process
(reading, storing) plus its finished children (the analysis processes).
"""

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "thaigov-v2.tar.xz"


def cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def first_files(paths: list[Path], limit: int) -> list[Path]:
    """The first `limit` article files, copied once into a folder that stays for the next run."""
    folder = Path(f"/tmp/ingest-first-{limit}")
    if not folder.exists():
        from app.ingest.readers import RawDocument, iter_documents

        part = folder.with_suffix(".part")
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir()
        for n, item in enumerate(iter_documents(paths)):
            if n >= limit:
                break
            if isinstance(item, RawDocument):
                (part / f"{n:06d}.txt").write_bytes(item.data)
        part.rename(folder)
    return [folder]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--keep", type=Path, default=None, help="leave the data folder here")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    from app.config import Settings
    from app.db import make_engine, make_sessionmaker
    from app.ingest.pipeline import ingest
    from app.migrate import upgrade

    paths = first_files(args.paths, args.limit) if args.limit else args.paths
    with tempfile.TemporaryDirectory() as tmp:
        data = args.keep or Path(tmp) / "data"
        shutil.rmtree(data, ignore_errors=True)
        settings = Settings(data_dir=data)
        upgrade(settings)
        engine = make_engine(settings)
        with make_sessionmaker(engine)() as session:
            own0, kids0 = cpu()
            t0 = time.perf_counter()
            summary = ingest(session, paths, workers=args.workers)
            wall = time.perf_counter() - t0
            own1, kids1 = cpu()
        engine.dispose()
    own, kids = own1 - own0, kids1 - kids0
    print(f"code {args.code.resolve()}  {summary.lines()[0]}")
    print(f"RESULT wall_s={wall:.1f} cpu_s={own + kids:.1f} main_cpu_s={own:.1f} "
          f"analysis_cpu_s={kids:.1f}")


if __name__ == "__main__":
    main()
