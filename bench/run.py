"""One benchmark run, one table: ingest, index, search against an FTS5 baseline, pages, load.

    .venv/bin/python bench/run.py [--quick] [--data-dir DIR] [--corpus PATH] [--keep DIR]

Builds a fresh archive from the corpus tarball in a temporary folder (the whole corpus, or with
--quick the first 5,000 articles), or reuses a built one with --data-dir (read only: its
database is copied to the temporary folder, its index is read in place). Then, on that archive:
an FTS5 baseline over the same articles; search latency for the fixed query set
(bench/queries.json) in the default scope and in all news, interleaved with FTS5 answering the
same queries; page latency through the ASGI app; throughput with wrk against uvicorn (2 workers).
Latencies are also given as ratios to FTS5's, which drift less than raw figures on a busy
machine. Progress goes to stderr; the table, then one RESULT line, to stdout. Figures only:
the targets are reported as met or not, never asserted.
"""

import argparse
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fts5_baseline  # noqa: E402
from ingest import CORPUS, first_files, text_megabytes  # noqa: E402
from load import LoadResult, run_load, wrk_available  # noqa: E402
from pages import time_pages  # noqa: E402
from stats import percentile, summary_ms  # noqa: E402
from workload import BenchQuery, load_mix, load_queries, sample_pages  # noqa: E402

from app import queries as reads  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import make_engine, make_sessionmaker  # noqa: E402
from app.ingest.pipeline import ingest  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.search import indexer  # noqa: E402
from app.search.searcher import search  # noqa: E402

QUICK_ARTICLES = 5000
LOAD_SECONDS = 30
QUICK_LOAD_SECONDS = 10  # keeps a --quick run under 3 minutes
WHOLE_CORPUS_ARTICLES = 63_177  # files in the tarball
TARGETS = {  # on the 2-core reference machine, whole corpus
    "build_s": 240, "search_p95_ms": 30, "ratio_p95": 3, "default_p95_ms": 15,
    "article_p95_ms": 10, "rps": 300, "errors": 0, "rss_mb": 500,
}
STARTED = time.perf_counter()
STARTING_LOAD = " ".join(f"{x:.2f}" for x in os.getloadavg())


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


@dataclass
class Build:
    """The archive measured, and how it came to be."""

    settings: Settings
    origin: str
    files: int | None = None
    text_mb: float | None = None
    ingest_s: float | None = None
    index_s: float | None = None
    index_mb: float = 0.0
    articles: int = 0
    relevant: int = 0


@dataclass
class SearchTimes:
    ours: dict[bool, list[float]] = field(default_factory=lambda: defaultdict(list))
    fts5: dict[bool, list[float]] = field(default_factory=lambda: defaultdict(list))
    # (all_news, category) -> seconds, for the per-category rows
    ours_by_category: dict[tuple[bool, str], list[float]] = field(
        default_factory=lambda: defaultdict(list))
    fts5_by_category: dict[tuple[bool, str], list[float]] = field(
        default_factory=lambda: defaultdict(list))
    per_query: dict[tuple[bool, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    # the untimed warm-up pass: each query the first time it is asked (its postings, phrase
    # matches and snippet blocks not yet kept), ours and FTS5's
    first: dict[tuple[str, bool], list[float]] = field(default_factory=lambda: defaultdict(list))
    no_hit: dict[tuple[str, bool], int] = field(default_factory=lambda: defaultdict(int))
    hits: int = 0
    marked_snippets: int = 0
    facet_answers: int = 0
    answers: int = 0


# -- the archive ----------------------------------------------------------------------------

def existing_archive(data_dir: Path, workdir: Path) -> Build:
    """A built archive, left untouched: the app opens SQLite in WAL mode (which writes next to
    the database), so the database is copied; the index is only read."""
    database = data_dir / "archive.sqlite3"
    if not database.is_file() or not (data_dir / "index").is_dir():
        sys.exit(f"{data_dir} is not a built archive (no archive.sqlite3 and index/)")
    copy = workdir / "archive"
    copy.mkdir()
    log(f"copying {database} ({database.stat().st_size / 1e6:.0f} MB) to the run's folder")
    for suffix in ("", "-wal"):
        if Path(f"{database}{suffix}").exists():
            shutil.copyfile(f"{database}{suffix}", copy / f"archive.sqlite3{suffix}")
    settings = Settings(data_dir=copy, index_dir=(data_dir / "index").resolve(), database_url="")
    return Build(settings, f"existing archive {data_dir} (ingest and index not timed)")


def build_archive(corpus: Path, quick: bool, workdir: Path, keep: Path | None) -> Build:
    """A fresh archive from the tarball: ingest (one analysis process per core), then the
    index; the input is read and measured before the clock starts."""
    paths = [corpus]
    if quick:
        log(f"copying the first {QUICK_ARTICLES:,} article files out of {corpus.name}")
        paths = first_files(paths, QUICK_ARTICLES, workdir / "input")
    log("measuring the input")
    megabytes = text_megabytes(paths)
    data_dir = keep or workdir / "archive"
    settings = Settings(data_dir=data_dir, index_dir=None, database_url="")
    upgrade(settings)
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        log("ingest")
        start = time.perf_counter()
        summary = ingest(session, paths)
        ingested = time.perf_counter()
        log(f"ingest done: {summary.read:,} files; index build")
        indexer.rebuild(settings, session)
        built = time.perf_counter()
    engine.dispose()
    what = f"first {QUICK_ARTICLES:,} files of {corpus.name}" if quick else f"whole {corpus.name}"
    return Build(settings, what, files=summary.read, text_mb=megabytes,
                 ingest_s=ingested - start, index_s=built - ingested)


def describe_archive(build: Build) -> None:
    info = indexer.current_index(build.settings)
    if info is None:
        sys.exit("the archive has no search index: run `python -m app reindex` on it")
    build.index_mb = sum(f.stat().st_size for f in info.path.iterdir() if f.is_file()) / 1e6
    with sqlite3.connect(f"file:{database_path(build.settings)}?mode=ro", uri=True) as db:
        build.articles, build.relevant = db.execute(
            "SELECT count(*), coalesce(sum(relevant), 0) FROM articles").fetchone()
    if not indexer.is_current(build.settings):
        log("warning: the index was built by other code or settings than the current ones "
            "(schema, segmenter or lexicon); searches may fail: rebuild it or use --quick")


def preflight(settings: Settings, query: BenchQuery) -> None:
    """One search in each scope before anything long: an index written by older code fails
    here, not after minutes of baseline building."""
    try:
        for all_news in (False, True):
            search(settings, query.q, all_news=all_news, **query.filters)
    except Exception as exc:
        sys.exit(f"search failed on this archive ({type(exc).__name__}: {exc}); "
                 "rebuild its index (`python -m app reindex`) or use --quick")


def database_path(settings: Settings) -> Path:
    return Path(settings.db_url.removeprefix("sqlite:///"))


# -- search -----------------------------------------------------------------------------------

def time_searches(settings: Settings, baseline: fts5_baseline.Baseline, bench: list[BenchQuery],
                  rounds: int) -> SearchTimes:
    """Each query in both scopes, ours then FTS5's, after one untimed pass over all of them
    (a warm searcher, segmenter, facet table and page cache for both)."""
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    out = SearchTimes()

    def ours(query: BenchQuery, all_news: bool):
        with sessions() as session:
            return search(settings, query.q, all_news=all_news, page_size=settings.page_size,
                          bodies=lambda links: reads.bodies_by_permalink(session, permalinks=links),
                          **query.filters)

    def theirs(query: BenchQuery, all_news: bool):
        return baseline.search(query.q, all_news=all_news, filters=query.filters)

    for n in range(rounds + 1):
        log("search: warm-up pass" if n == 0 else f"search: round {n} of {rounds}")
        for query in bench:
            for all_news in (False, True):
                start = time.perf_counter()
                page = ours(query, all_news)
                middle = time.perf_counter()
                answer = theirs(query, all_news)
                end = time.perf_counter()
                if n == 0:
                    out.first["ours", all_news].append(middle - start)
                    out.first["fts5", all_news].append(end - middle)
                    continue
                out.ours[all_news].append(middle - start)
                out.fts5[all_news].append(end - middle)
                out.ours_by_category[all_news, query.category].append(middle - start)
                out.fts5_by_category[all_news, query.category].append(end - middle)
                out.per_query[all_news, query.label].append(middle - start)
                if n == 1:
                    out.no_hit["ours", all_news] += page.total == 0
                    out.no_hit["fts5", all_news] += answer.total == 0
                    out.answers += 1
                    out.hits += len(page.hits)
                    out.marked_snippets += sum("<mark" in h.snippet_html for h in page.hits)
                    out.facet_answers += bool(page.facets) and page.total > 0
    engine.dispose()
    return out


# -- the table --------------------------------------------------------------------------------

def ms(value: float) -> str:
    if value != value:  # nan
        return "–"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def ratio(ours: float, theirs: float) -> str:
    if not theirs or theirs != theirs or ours != ours:
        return "–"
    r = ours / theirs
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×"


def p95_ratio(ours: dict, fts: dict) -> float | None:
    """All-news p95 over FTS5's: the figure the 3× target is about."""
    return ours[True]["p95"] / fts[True]["p95"] if fts[True]["p95"] else None


def triple(s: dict) -> str:
    return f"{ms(s['p50'])} / {ms(s['p95'])} / {ms(s['p99'])} ms"


def ratios(s: dict, base: dict, keys=("p50", "p95", "p99")) -> str:
    return " / ".join(ratio(s[k], base[k]) for k in keys)


def verdict(value: float | None, limit: float, *, at_most: bool = True) -> str:
    if value is None or value != value:
        return "n/a"
    return "yes" if (value <= limit if at_most else value >= limit) else "NO"


def render(rows: list) -> str:
    """Rows are 5-tuples (measure, value, ÷ FTS5, target, met) or a section title (str)."""
    header = ("measure", "value", "÷ FTS5", "target", "met")
    cells = [header] + [r for r in rows if not isinstance(r, str)]
    widths = [max(len(str(r[i])) for r in cells) for i in range(5)]
    lines = []
    rule = "─" * (sum(widths) + 8)
    for row in [header, *rows]:
        if isinstance(row, str):
            lines.append(f"── {row} " + "─" * max(0, len(rule) - len(row) - 4))
        else:
            lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def machine_rows(build: Build) -> list:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    cores = len(os.sched_getaffinity(0))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        "machine",
        ("CPU", f"{cores} cores ({os.cpu_count()} online), {cpu}", "", "", ""),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GB", "", "", ""),
        ("software", f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
         "", "", ""),
        ("load average at start (1, 5, 15 min)", STARTING_LOAD, "", "", ""),
        ("load average at end", load, "", "", ""),
        ("archive", f"{build.articles:,} articles ({build.relevant:,} relevant): {build.origin}",
         "", "", ""),
    ]


def build_rows(build: Build, fts: fts5_baseline.BuildInfo, whole: bool) -> list:
    rows: list = ["ingest and index"]
    total = None
    if build.ingest_s is None:
        rows.append(("ingest", "skipped (existing archive)", "", "", ""))
        rows.append(("index build", f"skipped (existing archive) · {build.index_mb:.0f} MB on disk",
                     "", "", ""))
    else:
        total = build.ingest_s + build.index_s
        rows.append(("input", f"{build.files:,} files, {build.text_mb:.1f} MB of text", "", "", ""))
        rows.append(("ingest", f"{build.ingest_s:.1f} s · {build.files / build.ingest_s:.0f} "
                     f"articles/s · {build.text_mb / build.ingest_s:.2f} MB/s", "", "", ""))
        rows.append(("index build", f"{build.index_s:.1f} s · {build.index_mb:.0f} MB on disk",
                     "", "", ""))
        rows.append(("ingest + index", f"{total:.1f} s", "",
                     f"≤ {TARGETS['build_s']} s (whole corpus)",
                     verdict(total, TARGETS["build_s"]) if whole else "n/a (part)"))
    rows.append(("FTS5 baseline build (segment + insert)",
                 f"{fts.seconds:.1f} s · {fts.documents:,} articles · {fts.megabytes:.0f} MB", "",
                 "", ""))
    return rows


def search_rows(times: SearchTimes, bench: list[BenchQuery], rounds: int) -> tuple:
    ours = {scope: summary_ms(times.ours[scope]) for scope in (False, True)}
    fts = {scope: summary_ms(times.fts5[scope]) for scope in (False, True)}
    rows: list = [
        f"search: {len(bench)} queries × {rounds} rounds per scope, top 10 with highlighted "
        "snippets and facets, warm",
        ("default scope p50 / p95 / p99", triple(ours[False]), ratios(ours[False], fts[False]),
         f"p95 ≤ {TARGETS['default_p95_ms']} ms",
         verdict(ours[False]["p95"], TARGETS["default_p95_ms"])),
        ("all news p50 / p95 / p99", triple(ours[True]), ratios(ours[True], fts[True]),
         f"p95 ≤ {TARGETS['search_p95_ms']} ms",
         verdict(ours[True]["p95"], TARGETS["search_p95_ms"])),
        ("all news p95 ÷ FTS5 p95", ratio(ours[True]["p95"], fts[True]["p95"]), "",
         f"≤ {TARGETS['ratio_p95']}×", verdict(p95_ratio(ours, fts), TARGETS["ratio_p95"])),
        ("FTS5 default scope p50 / p95 / p99", triple(fts[False]), "", "", ""),
        ("FTS5 all news p50 / p95 / p99", triple(fts[True]), "", "", ""),
    ]
    for scope, name in ((False, "default scope"), (True, "all news")):
        first = {who: summary_ms(times.first[who, scope]) for who in ("ours", "fts5")}
        rows.append((f"  {name}, first time each query is asked, p50 / p95 / p99",
                     triple(first["ours"]), ratios(first["ours"], first["fts5"]), "", ""))
    categories = sorted({q.category for q in bench}, key=[q.category for q in bench].index)
    for category in categories:
        n = sum(q.category == category for q in bench)
        o = summary_ms(times.ours_by_category[True, category])
        f = summary_ms(times.fts5_by_category[True, category])
        rows.append((f"  all news p50 / p95, {category} ({n})",
                     f"{ms(o['p50'])} / {ms(o['p95'])} ms (FTS5 {ms(f['p50'])} / {ms(f['p95'])})",
                     ratios(o, f, ("p50", "p95")), "", ""))
    rows.append(("queries with no hit: default / all news",
                 f"ours {times.no_hit['ours', False]} / {times.no_hit['ours', True]}, "
                 f"FTS5 {times.no_hit['fts5', False]} / {times.no_hit['fts5', True]}", "", "", ""))
    rows.append(("hits shown with a highlighted snippet",
                 f"{times.marked_snippets} of {times.hits} (facets counted in "
                 f"{times.facet_answers} of {times.answers} answers)", "", "", ""))
    return rows, ours, fts


def page_rows(page_times: dict, failures: list, fts: dict) -> tuple[list, dict]:
    rows: list = ["pages through the ASGI app (in process, one request at a time, warm)"]
    stats = {}
    for kind, seconds in page_times.items():
        s = stats[kind] = summary_ms(seconds)
        base = fts[False] if kind == "search, default scope" else fts[True]
        target = verdict_row = ""
        if kind == "article":
            target = f"p95 ≤ {TARGETS['article_p95_ms']} ms"
            verdict_row = verdict(s["p95"], TARGETS["article_p95_ms"])
        rows.append((f"{kind} ({s['n']} requests) p50 / p95",
                     f"{ms(s['p50'])} / {ms(s['p95'])} ms", ratios(s, base, ("p50", "p95")),
                     target, verdict_row))
    rows.append(("pages not answered 200", f"{len(failures)}" +
                 (f" (e.g. {failures[0]})" if failures else ""), "", "", ""))
    return rows, stats


def load_rows(load: LoadResult | None, counts: dict, seconds: int, skipped: str) -> list:
    title = f"load: wrk -t2 -c32 -d{seconds}s --timeout 2s, uvicorn --workers 2 on 127.0.0.1"
    if load is None:
        return [title, ("load test", skipped, "", "", "")]
    mix = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    peaks = " / ".join(f"{mb:.0f}" for mb in load.worker_peak_mb) or "–"
    peak = max(load.worker_peak_mb, default=float("nan"))
    sockets = sum(load.socket_errors.values())
    return [
        title,
        ("URL mix, cycled (searches in both scopes)", mix, "", "", ""),
        ("throughput", f"{load.rps:.0f} requests/s ({load.requests:,} in {load.seconds:.1f} s)",
         "", f"≥ {TARGETS['rps']}/s", verdict(load.rps, TARGETS["rps"], at_most=False)),
        ("errors (socket + non-2xx)",
         f"{load.errors} (socket {sockets}: "
         + ", ".join(f"{k} {v}" for k, v in load.socket_errors.items())
         + f"; non-2xx {load.non2xx})", "", "= 0", verdict(load.errors, TARGETS["errors"])),
        ("latency under load p50 / p99 (wrk)",
         f"{ms(load.latency_ms['p50'])} / {ms(load.latency_ms['p99'])} ms", "", "", ""),
        ("worker peak RSS (VmHWM), per worker", f"{peaks} MB", "", f"≤ {TARGETS['rss_mb']} MB",
         verdict(peak, TARGETS["rss_mb"])),
        ("worker CPU time during the run, per worker",
         " / ".join(f"{s:.1f}" for s in load.worker_cpu_s) + f" s of {load.seconds:.0f} s",
         "", "", ""),
    ]


def result_line(build: Build, ours: dict, fts: dict, pages: dict, load: LoadResult | None) -> str:
    def num(value, digits=1):
        return "na" if value is None or value != value else f"{value:.{digits}f}"

    peak = max(load.worker_peak_mb, default=None) if load else None
    fields = {
        "ingest_s": num(build.ingest_s),
        "index_mb": num(build.index_mb),
        "search_p95_ms": num(ours[True]["p95"], 2),
        "fts5_p95_ms": num(fts[True]["p95"], 2),
        "ratio_p95": num(p95_ratio(ours, fts), 2),
        "default_p95_ms": num(ours[False]["p95"], 2),
        "article_p95_ms": num(pages["article"]["p95"], 2),
        "rps": num(load.rps if load else None),
        "errors": str(load.errors) if load else "na",
        "rss_mb": num(peak),
    }
    return "RESULT " + " ".join(f"{k}={v}" for k, v in fields.items())


def slowest(times: SearchTimes, n: int = 5) -> str:
    ranked = sorted(((percentile(v, 50), q) for (all_news, q), v in times.per_query.items()
                     if all_news), reverse=True)[:n]
    return ", ".join(f"{q} ({ms(t * 1000)} ms)" for t, q in ranked)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"only the first {QUICK_ARTICLES:,} articles of the corpus")
    parser.add_argument("--data-dir", type=Path, help="reuse a built archive (read only)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus tarball")
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--load-seconds", type=int, default=None,
                        help=f"wrk's duration (default {LOAD_SECONDS} s, {QUICK_LOAD_SECONDS} s "
                             "with --quick)")
    args = parser.parse_args()
    for name in ("data_dir", "keep", "corpus"):  # the server runs from the project folder
        if getattr(args, name):
            setattr(args, name, getattr(args, name).resolve())
    if args.data_dir and (args.keep or args.quick):
        parser.error("--data-dir reuses an archive: --keep and --quick do not apply")
    if not args.data_dir and not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}: `make bench` needs ../shared/corpus "
                 "(or pass --corpus PATH, or --data-dir DIR for a built archive)")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        sys.exit(f"--keep {args.keep}: the folder is not empty")
    bench = load_queries()
    load_seconds = args.load_seconds or (QUICK_LOAD_SECONDS if args.quick else LOAD_SECONDS)

    with tempfile.TemporaryDirectory(prefix="archive-bench-") as tmp:
        workdir = Path(tmp)
        if args.data_dir:
            build = existing_archive(args.data_dir, workdir)
        else:
            build = build_archive(args.corpus, args.quick, workdir, args.keep)
        settings = build.settings
        describe_archive(build)
        preflight(settings, bench[0])
        whole = build.ingest_s is not None and not args.quick
        log(f"FTS5 baseline: segmenting and loading {build.articles:,} articles")
        fts_db = workdir / "fts5.sqlite3"
        fts_build = fts5_baseline.build(database_path(settings), fts_db, settings.tokenizer_engine)
        baseline = fts5_baseline.Baseline(fts_db, settings.tokenizer_engine)
        try:
            times = time_searches(settings, baseline, bench, args.rounds)
        finally:
            baseline.close()

        sample = sample_pages(database_path(settings))
        log(f"pages through the ASGI app: {len(sample.articles)} articles, "
            f"{len(sample.countries)} countries, {len(sample.people)} people, "
            f"{len(bench)} searches per scope")
        page_times, failures = time_pages(settings, {
            "article": sample.articles,
            "country": sample.countries,
            "person": sample.people,
            "search, default scope": [q.url(False) for q in bench],
            "search, all news": [q.url(True) for q in bench],
        }, rounds={"country": 3, "person": 3})

        mix, counts = load_mix(bench, sample)
        load, skipped = None, ""
        if not wrk_available():
            skipped = "skipped: wrk is not on PATH (apt-get install wrk)"
            log(skipped)
        else:
            load = run_load(settings, mix, workdir, seconds=load_seconds, progress=log)

    rows = machine_rows(build) + build_rows(build, fts_build, whole)
    more, ours, fts = search_rows(times, bench, args.rounds)
    rows += more
    more, pages = page_rows(page_times, failures, fts)
    rows += more
    rows += load_rows(load, counts, load_seconds, skipped)
    print(render(rows))
    print()
    notes = [
        "÷ FTS5: our latency over FTS5's at the same percentile: search rows and search pages "
        "against FTS5 in the same scope, other pages against FTS5's all-news search.",
        "FTS5 baseline: the same articles, pre-segmented by the archive's Thai analyzer (query "
        "mode, no compound parts), `ascii` tokenizer, bm25() with titles weighted 4, highlight() "
        "and snippet() for the top 10 and a count of all matches. It does no cross-language or "
        "name expansion, no partial matches, no facets and no spelling check: a speed baseline.",
        f"slowest queries, all news (median): {slowest(times)}.",
    ]
    if args.quick:
        notes.append(f"--quick: {build.articles:,} articles; the targets are for the whole "
                     f"corpus ({WHOLE_CORPUS_ARTICLES:,} files) and are shown for reference.")
    if build.relevant == 0:
        notes.append("the archive holds no article judged relevant: the default scope is empty, "
                     "so its figures time empty answers.")
    if load_seconds != LOAD_SECONDS:
        notes.append(f"wrk ran {load_seconds} s instead of {LOAD_SECONDS} s"
                     + (" (--quick)." if args.quick and not args.load_seconds else "."))
    for note in notes:
        print(f"* {note}")
    print(f"* run took {time.perf_counter() - STARTED:.0f} s")
    print(result_line(build, ours, fts, pages, load))
    return 0


if __name__ == "__main__":
    sys.exit(main())
