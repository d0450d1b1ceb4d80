"""Time an index rebuild of an archive already ingested: wall and CPU seconds.

    ARCHIVE_DATA_DIR=DIR .venv/bin/python bench/index_build.py [--procs N] [--index-dir DIR]
        [--code TREE] [--profile FILE]

CPU is this process (it reads the database, feeds the writers and writes the `relevant`
index) plus its finished children (Whoosh's writer processes). The archive's own index is
left alone when --index-dir is given; --code runs another checkout's `app` package (to time
the code before a change, back to back with the one after it).
"""

import argparse
import resource
import sys
import time
from pathlib import Path


def cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--procs", type=int, default=None, help="writer processes (default: as reindex)")
    parser.add_argument("--index-dir", type=Path, default=None)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--profile", type=Path, default=None, help="cProfile this process into FILE")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    from app.config import Settings
    from app.db import make_engine, make_sessionmaker
    from app.search import indexer

    settings = Settings(index_dir=args.index_dir) if args.index_dir else Settings()
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        own0, kids0 = cpu()
        t0 = time.perf_counter()
        if args.profile:
            import cProfile

            cProfile.runctx("info = indexer.rebuild(settings, session, procs=args.procs)",
                            globals(), locals_ := {**locals()}, str(args.profile))
            info = locals_["info"]
        else:
            info = indexer.rebuild(settings, session, procs=args.procs)
        wall = time.perf_counter() - t0
        own1, kids1 = cpu()
    engine.dispose()
    own, kids = own1 - own0, kids1 - kids0
    size = sum(f.stat().st_size for f in info.path.rglob("*") if f.is_file()) / 1e6
    print(f"code {args.code.resolve()}  {info.meta['documents']} documents  {size:.0f} MB")
    print(f"RESULT wall_s={wall:.1f} cpu_s={own + kids:.1f} main_cpu_s={own:.1f} "
          f"writers_cpu_s={kids:.1f} path={info.path}")


if __name__ == "__main__":
    main()
