"""Search quality on the dev queries: recall@10 and MRR of `search()` over a built archive.

    .venv/bin/python bench/eval_search.py [--data-dir DIR] [--sample K] [--all] [--json]

By default it builds a whole archive from the corpus tarball in a temporary folder with the
project's own command, `python -m app ingest TARBALL` (ingest, then the index: about 8 minutes
on 2 cores), then runs the 28 queries of `dev-queries.json` through `search()`. This is the
full-corpus figure; tests/test_search_eval.py measures the same on a sampled haystack.

--data-dir DIR  use the archive in DIR as it is when it already holds articles (it is only read),
                otherwise build it there and keep it for the next run.
--sample K      build from the query targets, the dev-labels files, every member with a cyber
                word and every K-th other member (14 gives the ~8,200 articles of the test).
--all           search all ingested news, not only the articles judged relevant.
--json          print the figures, per-query results and timings as JSON (build output on stderr).

Prints the per-query table, the means, every target missed with why (not in the archive, not
judged relevant, no match, or ranked too low) and the time taken. Exits 1 below the targets.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import PROJECT_ROOT  # noqa: E402
from app.config import Settings  # noqa: E402
from app.evaluation import (  # noqa: E402
    evaluate_search,
    load_labels,
    load_queries,
    target_paths,
    write_sample,
)

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def archive_settings(data_dir: Path) -> Settings:
    """The archive laid out in data_dir, whatever ARCHIVE_DATABASE_URL/INDEX_DIR say."""
    return Settings(data_dir=data_dir, database_url="", index_dir=None)


def article_count(settings: Settings) -> int:
    """Articles already in the archive; 0 (and nothing created) when there is none yet."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import OperationalError

    from app.db import make_engine
    from app.models import Article

    if not Path(settings.db_url.removeprefix("sqlite:///")).exists():
        return 0
    engine = make_engine(settings)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count(Article.id))) or 0
    except OperationalError:  # an empty file, or a database never migrated
        return 0
    finally:
        engine.dispose()


def build(data_dir: Path, inputs: list[Path], out) -> None:
    """`python -m app ingest INPUT…` into data_dir, exactly as a user builds an archive."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("ARCHIVE_DATABASE_URL", "ARCHIVE_INDEX_DIR")}
    env["ARCHIVE_DATA_DIR"] = str(data_dir)
    subprocess.run([sys.executable, "-m", "app", "ingest", *map(str, inputs)],
                   cwd=PROJECT_ROOT, env=env, stdout=out, check=True)


def sample_inputs(tarball: Path, wanted: set[str], every: int, folder: Path, log) -> list[Path]:
    """A tar of the wanted members plus every `every`-th other one, written into `folder`."""
    start = time.perf_counter()
    out = folder / "sample.tar"
    sample = write_sample(tarball, out, wanted, every)
    print(f"sample: {sample} (1 in {every}), {out.stat().st_size / 1e6:.0f} MB, "
          f"{time.perf_counter() - start:.1f} s", file=log)
    for path in sorted(wanted - sample.kept):
        print(f"  not in the tarball: {path!r}", file=log)
    return [out]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder with dev-queries.json, dev-labels.json and the tarball")
    parser.add_argument("--tarball", type=Path, default=None,
                        help="the corpus tarball or an unpacked copy (default: in --corpus)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="reuse the archive there if it holds articles, else build it there")
    parser.add_argument("--sample", type=int, metavar="K", default=None,
                        help="labelled and cyber-word files plus every K-th other member")
    parser.add_argument("--all", action="store_true", help="search all news, not only relevant")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    log = sys.stderr if args.json else sys.stdout  # --json keeps stdout for the JSON alone
    queries = load_queries(args.corpus)
    tarball = args.tarball or args.corpus / "thaigov-v2.tar.xz"
    if args.sample and not tarball.is_file():
        parser.error("--sample reads a tarball")

    with tempfile.TemporaryDirectory(prefix="eval-search-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        settings = archive_settings(data_dir)
        build_seconds = None
        if article_count(settings):
            print(f"using the archive in {data_dir} as it is (not rebuilt)", file=log)
        else:
            if not tarball.exists():
                parser.error(f"no archive in {data_dir} and no corpus at {tarball} to build one")
            start = time.perf_counter()
            inputs = [tarball]
            if args.sample:
                wanted = target_paths(queries) | {x["path"] for x in load_labels(args.corpus)}
                inputs = sample_inputs(tarball, wanted, args.sample, Path(tmp), log)
            log.flush()
            build(data_dir, inputs, log)
            build_seconds = time.perf_counter() - start
            print(f"built {data_dir} from {', '.join(map(str, inputs))} in "
                  f"{build_seconds:.0f} s", file=log)
        from app.search.searcher import IndexMissing

        try:
            result = evaluate_search(settings, queries, all_news=args.all)
        except IndexMissing as exc:
            print(f"{data_dir}: {exc}", file=sys.stderr)
            return 2

    if args.json:
        json.dump({**result.to_json(), "build_seconds": build_seconds}, sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
    else:
        print(result.report())
        below = result.below_targets()
        print("\nbelow target: " + ("; ".join(below) if below else "none"))
    return 1 if result.below_targets() else 0


if __name__ == "__main__":
    sys.exit(main())
