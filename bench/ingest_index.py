"""Time an ingest and the index rebuild after it in one process, as `make bench` builds its
archive: wall and CPU seconds of each phase.

    .venv/bin/python bench/ingest_index.py [PATH…] [--limit N] [--code TREE] [--keep DIR]

The rebuild forks its writer processes from the process that just ran the ingest, so it can
cost more here than on an archive ingested by another process (bench/index_build.py). PATH,
--limit, --code and --keep are as in bench/ingest_cpu.py. CPU is this process plus its
finished children (analysis processes in the ingest, writer processes in the rebuild).
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ingest_cpu import CORPUS, ROOT, cpu, first_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--keep", type=Path, default=None, help="leave the data folder here")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    from app.config import Settings
    from app.db import make_engine, make_sessionmaker
    from app.ingest.pipeline import ingest
    from app.migrate import upgrade
    from app.search import indexer

    paths = first_files(args.paths, args.limit) if args.limit else args.paths
    with tempfile.TemporaryDirectory() as tmp:
        data = args.keep or Path(tmp) / "data"
        shutil.rmtree(data, ignore_errors=True)
        settings = Settings(data_dir=data, index_dir=None, database_url="")
        upgrade(settings)
        engine = make_engine(settings)
        with make_sessionmaker(engine)() as session:
            marks = [(time.perf_counter(), *cpu())]
            summary = ingest(session, paths)
            marks.append((time.perf_counter(), *cpu()))
            info = indexer.rebuild(settings, session)
            marks.append((time.perf_counter(), *cpu()))
        engine.dispose()
    print(f"code {args.code.resolve()}  {summary.lines()[0]}  {info.meta['documents']} documents")
    for name, (t0, own0, kids0), (t1, own1, kids1) in zip(("ingest", "index"), marks[:-1], marks[1:], strict=True):
        own, kids = own1 - own0, kids1 - kids0
        print(f"RESULT {name} wall_s={t1 - t0:.1f} cpu_s={own + kids:.1f} main_cpu_s={own:.1f} "
              f"children_cpu_s={kids:.1f}")


if __name__ == "__main__":
    main()
