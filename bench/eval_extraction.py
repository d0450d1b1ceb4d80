"""Relevance, partner, date and people accuracy against the labeled development set.

    .venv/bin/python bench/eval_extraction.py [--corpus ../shared/corpus] [--full]

By default it reads the 82 labeled files out of the corpus tarball (streamed) and runs them
through `analyze`, exactly what `python -m app inspect` prints. With `--full` it first builds a
whole archive (database + index) from the corpus in a temporary folder, reports the ingest, and
scores the verdicts stored in that database instead.
Prints one table, then every miss with its reason.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import PROJECT_ROOT  # noqa: E402
from app.evaluation import labeled_files, load_labels, score  # noqa: E402
from app.ingest.pipeline import record_for  # noqa: E402
from app.ingest.readers import RawDocument  # noqa: E402

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def inspect_records(tarball: Path, labels: list[dict]) -> dict[str, dict]:
    wanted = {label["path"] for label in labels}
    return {
        name: record_for(RawDocument(name, data))
        for name, data in labeled_files(tarball, wanted)
    }


def stored_records(tarball: Path, labels: list[dict]) -> dict[str, dict]:
    from app.config import Settings
    from app.db import make_engine, make_sessionmaker
    from app.ingest.pipeline import ingest
    from app.migrate import upgrade
    from app.queries import stored_record
    from app.search import indexer

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        upgrade(settings)
        engine = make_engine(settings)
        with make_sessionmaker(engine)() as session:
            t0 = time.perf_counter()
            summary = ingest(session, [tarball], progress=True)
            t1 = time.perf_counter()
            indexer.rebuild(settings, session)
            t2 = time.perf_counter()
            for line in summary.lines():
                print(line)
            print(f"ingest {t1 - t0:.0f} s, index {t2 - t1:.0f} s")
            records = {}
            for label in labels:
                records[label["path"]] = stored_record(session, origin=f"{tarball}:{label['path']}")
        engine.dispose()
    return {k: v for k, v in records.items() if v is not None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder with dev-labels.json and thaigov-v2.tar.xz")
    parser.add_argument("--tarball", type=Path, default=None,
                        help="the corpus tarball or an unpacked copy (default: in --corpus)")
    parser.add_argument("--full", action="store_true", help="build the whole archive first")
    args = parser.parse_args()
    labels = load_labels(args.corpus)
    tarball = args.tarball or args.corpus / "thaigov-v2.tar.xz"
    records = stored_records(tarball, labels) if args.full else inspect_records(tarball, labels)
    scores = score(labels, records)
    print(scores.table())
    print(f"\n{len(scores.misses)} misses:")
    for miss in scores.misses:
        print("  " + miss)
    below = scores.below_targets()
    print("\nbelow target: " + ("; ".join(below) if below else "none"))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
