"""Every file's analysis, as `inspect` prints it, one JSON line per file (to compare two codes).

    .venv/bin/python bench/ingest_records.py OUT.jsonl [PATH…] [--limit N] [--code TREE]

Runs `record_for` (what the ingest's analysis processes compute, per file) over the input in
two processes and writes each record in input order, so `cmp` of two outputs says whether two
versions of the analysis agree on every file. PATH defaults to the corpus tarball; --code runs
another checkout's `app` package.
"""

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "thaigov-v2.tar.xz"


def _record(item) -> str:
    from app.ingest.pipeline import record_for
    from app.ingest.readers import RawDocument

    if not isinstance(item, RawDocument):
        return json.dumps({"origin": item.origin, "problem": item.reason}, ensure_ascii=False)
    return json.dumps(record_for(item), ensure_ascii=False, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from app.ingest.readers import iter_documents

    def items():
        for n, item in enumerate(iter_documents(args.paths)):
            if args.limit is not None and n >= args.limit:
                return
            yield item

    t0 = time.perf_counter()
    count = 0
    with args.out.open("w") as out, multiprocessing.get_context("fork").Pool(args.workers) as pool:
        for line in pool.imap(_record, items(), chunksize=16):
            out.write(line + "\n")
            count += 1
    print(f"code {args.code.resolve()}: {count} records in {time.perf_counter() - t0:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
