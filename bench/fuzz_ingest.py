"""A large fuzz campaign through the real ingest: generated bad input, in rounds, into fresh archives.

    .venv/bin/python bench/fuzz_ingest.py [--inputs 5000] [--per-round 250] [--seed 0] [--workers N]

Each round draws `--per-round` entries with the generators of tests/fuzz_inputs.py (texts in
right and wrong encodings, random bytes, NUL bytes, whitespace, date lines, long lines, fake,
cut and damaged tar archives, odd members, FIFOs, dangling symlinks, symlink loops, folders named
like articles, mode-000 files, names that are not UTF-8), writes them beside the five seed
articles, and runs the real `ingest()` into a fresh SQLite archive. The first round also gets a
50 MB file. Prints the inputs tried, the crashes (exceptions escaping ingest), the crashes the
pipeline's safety net caught ("could not be processed/stored"), the inputs lost without a word,
the seeds stored as on their own, skipped and warnings by reason, and the time. Exit status 1 if
anything crashed or was lost. The same --seed draws the same inputs.
"""

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app import PROJECT_ROOT  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import make_engine, make_sessionmaker  # noqa: E402
from app.ingest.pipeline import _reason_kind, ingest, record_for  # noqa: E402
from app.ingest.readers import RawDocument  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import Article  # noqa: E402
from tests import fuzz_inputs as fz  # noqa: E402

SEED_FILES = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))


# Shares of the campaign: texts in every encoding, raw bytes, long lines, tar archives of each
# compression, and the odd file kinds.
SHARES = {**{f"text/{enc}": 0.06 for enc in fz.ENCODINGS}, "bytes": 0.18, "long line": 0.06,
          **{f"tar{suffix}": 0.06 for suffix in fz.TAR_NAMES}, "odd": 0.10}


def draw(strategy, count: int, seed: int) -> list[fz.Entry]:
    """`count` examples from hypothesis' generation phase (no shrinking: nothing fails here)."""
    drawn: list[fz.Entry] = []

    @hypothesis_seed(seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(entry):
        drawn.append(entry)

    if count:
        collect()
    return drawn


def campaign(inputs: int, seed: int) -> list[fz.Entry]:
    """All the entries, families interleaved so that every round gets its share of each."""
    families = []
    for n, (family, share) in enumerate(SHARES.items()):
        count = round(inputs * share)
        if family == "odd":
            families.append([fz.Entry(fz.ODD_KINDS[i % len(fz.ODD_KINDS)]) for i in range(count)])
        else:
            families.append(draw(fz.FAMILIES[family], count, seed * 1_000 + n))
    longest = max(map(len, families))
    return [f[i] for i in range(longest) for f in families if i < len(f)][:inputs]


def run_round(root: Path, entries: list[fz.Entry], expected: dict[str, tuple[str, str]],
              workers: int | None, big: bool):
    """Write one round, ingest it; returns (summary or None, outcomes, lost, seeds ok, error)."""
    folder = root / "in"
    folder.mkdir()
    written = [fz.write_entry(folder, uid, entry) for uid, entry in enumerate(entries, start=1)]
    for path in SEED_FILES:
        shutil.copy(path, folder / path.name)
    if big:
        (folder / "big-50MB.txt").write_bytes(b"x" * (50 * 1024 * 1024))
        written.append(fz.Written([str(folder / "big-50MB.txt")]))
    settings = Settings(data_dir=root / "data")
    upgrade(settings)
    engine = make_engine(settings)
    try:
        with make_sessionmaker(engine)() as session:
            try:
                summary = ingest(session, [folder], workers=workers)
            except Exception:  # a crash: the whole run stopped
                return None, {}, [], 0, traceback.format_exc(limit=-3)
            found = fz.outcomes(session, summary)
            missing = fz.lost(found, summary, written)
            stored = dict(session.execute(select(Article.origin, Article.permalink)).all())
            titles = dict(session.execute(select(Article.origin, Article.title)).all())
            seeds_ok = sum(
                (stored.get(str(folder / name)), titles.get(str(folder / name))) == want
                for name, want in expected.items())
            return summary, found, missing, seeds_ok, None
    finally:
        engine.dispose()
        for path in folder.rglob("*"):  # mode-000 files would stop rmtree as another user
            if not path.is_symlink():
                path.chmod(0o755)


def crashing_entries(entries: list[fz.Entry], tmp: Path, workers: int | None) -> list[str]:
    """After a crash: run each entry alone to name the ones that crash."""
    culprits = []
    for n, entry in enumerate(entries):
        root = tmp / f"alone-{n}"
        root.mkdir()
        summary, *_rest, error = run_round(root, [entry], {}, workers, big=False)
        if summary is None:
            culprits.append(f"{entry!r}\n{error}")
        shutil.rmtree(root, ignore_errors=True)
    return culprits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=5000, help="generated entries in all")
    parser.add_argument("--per-round", type=int, default=250, help="entries per ingest run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None, help="analysis processes")
    args = parser.parse_args()

    expected = {}
    for path in SEED_FILES:
        alone = record_for(RawDocument(str(path), path.read_bytes()))
        expected[path.name] = (alone["permalink"], alone["title"])
    kinds: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    warned: Counter[str] = Counter()
    crashes: list[str] = []
    caught: list[tuple[str, str]] = []
    lost: list[str] = []
    tried = read = seeds_ok = 0
    ingest_s = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as caches:  # hypothesis' caches, not in ./.hypothesis
        set_hypothesis_home_dir(caches)
        planned = campaign(args.inputs, args.seed)
    rounds = -(-len(planned) // args.per_round)
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            entries = planned[r * args.per_round : (r + 1) * args.per_round]
            tried += len(entries)
            kinds.update(e.label for e in entries)
            root = Path(tmp) / f"round-{r}"
            root.mkdir()
            t0 = time.perf_counter()
            summary, found, missing, ok, error = run_round(root, entries, expected, args.workers,
                                                           big=(r == 0))
            ingest_s += time.perf_counter() - t0
            if summary is None:
                crashes += crashing_entries(entries, Path(tmp), args.workers) or [error]
            else:
                read += summary.read
                seeds_ok += ok
                skipped.update(_reason_kind(reason) for _, reason in summary.skipped)
                warned.update(_reason_kind(w) for _, w in summary.warnings)
                caught += [(o, why) for o, why in summary.skipped if why.startswith(fz.CAUGHT_CRASH)]
                lost += missing
            shutil.rmtree(root, ignore_errors=True)
            print(f"round {r + 1}/{rounds}: {tried} inputs, {len(crashes)} crashes, "
                  f"{len(caught)} caught, {len(lost)} lost", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started

    print(f"fuzz campaign: seed {args.seed}, {rounds} rounds of up to {args.per_round} generated "
          f"entries + {len(SEED_FILES)} seed articles each (+ one 50 MB file)")
    print(f"inputs tried: {tried} generated entries; ingest read {read} files and archive members")
    print("  by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"crashes (exceptions escaping ingest): {len(crashes)}")
    print(f"crashes caught by the safety net (could not be processed/stored): {len(caught)}")
    print(f"inputs lost without a word: {len(lost)}")
    print(f"seed articles stored with their own permalink and title: {seeds_ok}/{rounds * len(SEED_FILES)}")
    print(f"skipped by reason ({sum(skipped.values())}):")
    for reason, n in skipped.most_common():
        print(f"  {n:6d}  {reason}")
    print(f"warnings by reason ({sum(warned.values())}):")
    for reason, n in warned.most_common():
        print(f"  {n:6d}  {reason}")
    print(f"time: {elapsed:.1f} s ({ingest_s:.1f} s writing and ingesting), "
          f"{tried / elapsed:.0f} inputs/s")
    for text in crashes[:5]:
        print("\nCRASH:", text)
    for origin, why in caught[:10]:
        print(f"CAUGHT: {origin}: {why}")
    for origin in lost[:10]:
        print(f"LOST: {origin}")
    return 1 if crashes or caught or lost or seeds_ok < rounds * len(SEED_FILES) else 0


if __name__ == "__main__":
    sys.exit(main())
