"""Score what the archive makes of the labeled development articles (`dev-labels.json`).

Shared by `bench/eval_extraction.py` and the corpus test, so that both measure the same thing.
The labels' rules are in the corpus folder's LABELS.md.
"""

import io
import json
import tarfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from app.db import make_engine, make_sessionmaker
from app.models import Article, Duplicate
from app.reference import name_key

TARGETS = {"relevance_f1": 0.90, "partner_exact": 0.90, "date_accuracy": 1.0, "people_recall": 0.85}


def load_labels(corpus_dir: Path) -> list[dict]:
    return json.loads((corpus_dir / "dev-labels.json").read_text(encoding="utf-8"))


def labeled_files(corpus: Path, wanted: set[str]) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) for each wanted member, from the tarball (streamed) or an unpacked folder."""
    if corpus.is_dir():
        for name in sorted(wanted):
            yield name, (corpus / name).read_bytes()
        return
    with tarfile.open(corpus, mode="r|*") as archive:
        left = set(wanted)
        for member in archive:
            if member.name in left:
                handle = archive.extractfile(member)
                yield member.name, handle.read() if handle else b""
                left.discard(member.name)
                if not left:
                    return


def _person_found(label: dict, found: list[dict]) -> bool:
    keys = {name_key(n) for n in (label.get("name_th"), label.get("name_en")) if n}
    for person in found:
        for name in (person.get("name_th"), person.get("name_en")):
            if name and name_key(name) in keys:
                return True
    return False


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    partner_hits: int = 0
    partner_total: int = 0
    date_hits: int = 0
    date_total: int = 0
    people_hits: int = 0
    people_total: int = 0
    found_hits: int = 0  # people extracted from positives that the labels name (for precision)
    found_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "relevance_precision": self.precision,
            "relevance_recall": self.recall,
            "relevance_f1": self.f1,
            "partner_exact": self.partner_hits / max(self.partner_total, 1),
            "date_accuracy": self.date_hits / max(self.date_total, 1),
            "people_recall": self.people_hits / max(self.people_total, 1),
            "people_precision": self.found_hits / max(self.found_total, 1),
        }

    def table(self) -> str:
        counts = {
            "relevance_precision": f"{self.tp}/{self.tp + self.fp}",
            "relevance_recall": f"{self.tp}/{self.tp + self.fn}",
            "relevance_f1": "",
            "partner_exact": f"{self.partner_hits}/{self.partner_total}",
            "date_accuracy": f"{self.date_hits}/{self.date_total}",
            "people_recall": f"{self.people_hits}/{self.people_total}",
            "people_precision": f"{self.found_hits}/{self.found_total}",
        }
        rows = [f"| {'measure':<20} | {'value':>6} | {'count':>7} | {'target':>7} |",
                f"|{'-' * 22}|{'-' * 8}|{'-' * 9}|{'-' * 9}|"]
        for name, value in self.figures().items():
            target = f">= {TARGETS[name]:.2f}" if name in TARGETS else ""
            rows.append(f"| {name:<20} | {value:6.3f} | {counts[name]:>7} | {target:>7} |")
        return "\n".join(rows)

    def below_targets(self) -> list[str]:
        figures = self.figures()
        return [f"{k} {figures[k]:.3f} < {v}" for k, v in TARGETS.items() if figures[k] < v]


def score(labels: list[dict], records: dict[str, dict]) -> Scores:
    """records: member name -> the `inspect` record the archive made of it."""
    s = Scores()
    for label in labels:
        tag = f"{label['source_url'].rsplit('/', 1)[-1]} [{label['lang']}]"
        record = records.get(label["path"])
        if record is None or "error" in record:
            s.misses.append(f"{tag} not read: {record and record.get('error')}")
            if label["relevant"]:
                s.fn += 1
            else:
                s.tn += 1
            continue
        predicted = bool(record["relevant"])
        if label["relevant"] and predicted:
            s.tp += 1
        elif label["relevant"]:
            s.fn += 1
            s.misses.append(f"{tag} relevance: missed positive (score {record['score']}); {label['why']}")
        elif predicted:
            s.fp += 1
            s.misses.append(f"{tag} relevance: false positive (score {record['score']}); {label['why']}")
        else:
            s.tn += 1
        s.date_total += 1
        if record["date"] == label["date"]:
            s.date_hits += 1
        else:
            s.misses.append(f"{tag} date: {record['date']} != {label['date']}")
        if not label["relevant"]:
            continue
        s.partner_total += 1
        if sorted(record["partners"]) == sorted(label["partners"]):
            s.partner_hits += 1
        else:
            s.misses.append(f"{tag} partners: {record['partners']} != {label['partners']}")
        for found in record["people"]:
            s.found_total += 1
            s.found_hits += _person_found(found, label["people"])
        for person in label["people"]:
            s.people_total += 1
            if _person_found(person, record["people"]):
                s.people_hits += 1
            else:
                name = person["name_th"] or person["name_en"]
                s.misses.append(f"{tag} person missed: {name} ({person['country']}, {person['role']})")
    return s


# --- Search: the dev queries (`dev-queries.json`) against a built archive -----------------------

SEARCH_TARGETS = {"mean_recall_at_10": 0.95, "mrr": 0.80}
# What the search reaches today on the test's sampled haystack, rounded down: a fall below it
# is a regression (tests/test_search_eval.py). Raise it as the search improves.
SEARCH_FLOOR = {"mean_recall_at_10": 0.80, "mrr": 0.70}
# The same in the all-news scope, where relevant articles compete with every other release.
SEARCH_FLOOR_ALL_NEWS = {"mean_recall_at_10": 0.80, "mrr": 0.70}
CUTOFF = 10  # recall counts the targets in the first 10 hits: one results page
# Reciprocal rank looks deeper than the page, so that a target at rank 14 scores 1/14 rather
# than 0 and a ranking improvement shows before it reaches the first page.
RR_DEPTH = 100


def load_queries(corpus_dir: Path) -> list[dict]:
    return json.loads((corpus_dir / "dev-queries.json").read_text(encoding="utf-8"))


def target_paths(queries: list[dict]) -> set[str]:
    return {path for query in queries for path in query["relevant_paths"]}


def member_of(origin: str, paths_by_name: dict[str, list[str]]) -> str | None:
    """The labelled member name an origin was read from, or None.

    A tar member's origin is `<tarball>:<member>` (the tarball path may itself hold a ':', a
    member name never does); a file from an unpacked folder has its path as origin, which ends
    with `/<member>`. Names are compared as exact strings: some contain TABs and spaces."""
    name = origin.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    for path in paths_by_name.get(name, ()):
        if origin.rsplit(":", 1)[-1] == path or origin.endswith("/" + path):
            return path
    return None


@dataclass
class Stored:
    """Where a labelled file ended up: the article it is (or, for a repost, the one it repeats)."""

    permalink: str
    relevant: bool
    score: float
    source_url: str | None
    repost_of: str | None = None  # origin of the article, when the file was stored as a duplicate

    @property
    def details(self) -> str:
        return (self.source_url or "").rstrip("/").rsplit("/", 1)[-1] or "?"


def locate(session, paths: set[str]) -> dict[str, Stored]:
    """Labelled member name -> where it is stored; files not in the archive are left out."""
    by_name: dict[str, list[str]] = {}
    for path in paths:
        by_name.setdefault(path.rsplit("/", 1)[-1], []).append(path)
    found: dict[str, Stored] = {}
    articles = select(Article.origin, Article.permalink, Article.relevant,
                      Article.relevance_score, Article.source_url)
    for origin, permalink, relevant, score, url in session.execute(articles):
        if (path := member_of(origin, by_name)) is not None:
            found[path] = Stored(permalink, relevant, score, url)
    reposts = select(Duplicate.origin, Article.permalink, Article.relevant,
                     Article.relevance_score, Duplicate.source_url, Article.origin
                     ).join(Article, Duplicate.article_id == Article.id)
    for origin, permalink, relevant, score, url, original in session.execute(reposts):
        if (path := member_of(origin, by_name)) is not None and path not in found:
            found[path] = Stored(permalink, relevant, score, url, repost_of=original)
    return found


@dataclass
class TargetResult:
    path: str
    stored: Stored | None
    rank: int | None  # 1-based, within the first RR_DEPTH hits

    def why_missed(self, all_news: bool, matches: int, depth: int) -> str:
        """Why the target is not on the first page: a filter failure is not a ranking failure."""
        if self.stored is None:
            return "NOT IN THE ARCHIVE (skipped or never ingested)"
        if self.rank is not None:
            return f"ranking: at rank {self.rank}"
        if not all_news and not self.stored.relevant:
            return f"relevance filter: not judged relevant (score {self.stored.score:.2f})"
        scope = "articles" if all_news else "relevant articles"
        if matches <= depth:
            return f"no match: the query matches {matches} {scope}, not this one"
        return f"ranking: not in the first {depth} of the {matches} {scope} the query matches"


@dataclass
class QueryResult:
    q: str
    lang: str
    matches: int  # results the search reports in total
    targets: list[TargetResult]
    any_word: bool = False  # no article had every word, so the search fell back to any word

    @property
    def recall(self) -> float:
        found = sum(1 for t in self.targets if t.rank is not None and t.rank <= CUTOFF)
        return found / len(self.targets)

    @property
    def rr(self) -> float:
        ranks = [t.rank for t in self.targets if t.rank is not None]
        return 1 / min(ranks) if ranks else 0.0


def _width(text: str) -> int:
    """Display width: Thai vowel and tone marks (category Mn) take no column of their own."""
    return sum(1 for ch in text if unicodedata.category(ch) != "Mn")


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


@dataclass
class SearchEval:
    queries: list[QueryResult]
    all_news: bool = False
    depth: int = RR_DEPTH
    seconds: float = 0.0  # spent in search() for all queries
    archive: dict[str, int] = field(default_factory=dict)  # articles, relevant, duplicates

    def figures(self, lang: str | None = None) -> dict[str, float]:
        rows = [q for q in self.queries if lang in (None, q.lang)]
        n = max(len(rows), 1)
        return {"mean_recall_at_10": sum(q.recall for q in rows) / n,
                "mrr": sum(q.rr for q in rows) / n}

    def below_targets(self) -> list[str]:
        figures = self.figures()
        return [f"{k} {figures[k]:.3f} < {v}" for k, v in SEARCH_TARGETS.items() if figures[k] < v]

    def table(self) -> str:
        width = max(_width(q.q) for q in self.queries)
        rows = [f"| {_pad('query', width)} | lang | R@10 |    RR | matches | target ranks",
                f"|{'-' * (width + 2)}|------|------|-------|---------|-------------"]
        for q in self.queries:
            ranks = " ".join(str(t.rank) if t.rank else "-" for t in q.targets)
            matches = f"{q.matches}{'*' if q.any_word else ''}"
            rows.append(f"| {_pad(q.q, width)} | {q.lang:<4} | {q.recall:4.2f} | {q.rr:5.3f} "
                        f"| {matches:>7} | {ranks}")
        if any(q.any_word for q in self.queries):
            rows.append("* no article has every word: these are matches of any word")
        return "\n".join(rows)

    def means(self) -> str:
        lines = []
        for lang in (None, "th", "en"):
            rows = [q for q in self.queries if lang in (None, q.lang)]
            f = self.figures(lang)
            lines.append(f"{lang or 'all':>3} ({len(rows):2} queries): mean R@10 "
                         f"{f['mean_recall_at_10']:.3f}  MRR {f['mrr']:.3f}")
        targets = "  ".join(f"{k} >= {v}" for k, v in SEARCH_TARGETS.items())
        return "\n".join(lines) + f"\ntargets: {targets}  (RR over the first {self.depth} hits)"

    def misses(self) -> list[str]:
        lines = []
        for q in self.queries:
            for t in q.targets:
                if t.rank is None or t.rank > CUTOFF:
                    details = t.stored.details if t.stored else "?"
                    why = t.why_missed(self.all_news, q.matches, self.depth)
                    lines.append(f"{q.q!r} [{q.lang}] {details}: {why}\n      {t.path!r}")
        return lines

    def notes(self) -> list[str]:
        """Targets the data itself makes special, whether or not the search found them."""
        lines = {}
        for q in self.queries:
            for t in q.targets:
                if t.stored is None:
                    lines[t.path] = f"{t.path!r}: not in the archive"
                elif t.stored.repost_of:
                    lines[t.path] = (f"{t.stored.details}: stored as a repost of "
                                     f"{t.stored.repost_of!r}, searched as its permalink")
                elif not t.stored.relevant:
                    lines[t.path] = (f"{t.stored.details}: not judged relevant "
                                     f"(score {t.stored.score:.2f}) {t.path!r}")
        return list(lines.values())

    def report(self) -> str:
        scope = "all news" if self.all_news else "relevant articles only"
        archive = ", ".join(f"{v} {k}" for k, v in self.archive.items())
        misses = self.misses()
        return "\n".join([
            f"search scope: {scope}; archive: {archive}",
            self.table(), "", self.means(),
            f"{len(self.queries)} queries in {self.seconds:.1f} s", "",
            f"{len(misses)} targets not in the top {CUTOFF}:", *("  " + m for m in misses),
            "", "targets of note:", *("  " + n for n in self.notes() or ["none"]),
        ])

    def to_json(self) -> dict:
        return {
            "figures": self.figures(), "by_lang": {k: self.figures(k) for k in ("th", "en")},
            "targets": SEARCH_TARGETS, "below_targets": self.below_targets(),
            "all_news": self.all_news, "rr_depth": self.depth, "cutoff": CUTOFF,
            "archive": self.archive, "query_seconds": self.seconds,
            "queries": [{
                "q": q.q, "lang": q.lang, "recall_at_10": q.recall, "rr": q.rr,
                "matches": q.matches, "any_word": q.any_word,
                "targets": [{
                    "path": t.path, "rank": t.rank,
                    "permalink": t.stored and t.stored.permalink,
                    "details": t.stored and t.stored.details,
                    "relevant": t.stored and t.stored.relevant,
                    "repost_of": t.stored and t.stored.repost_of,
                    "missed": None if t.rank is not None and t.rank <= CUTOFF
                    else t.why_missed(self.all_news, q.matches, self.depth),
                } for t in q.targets],
            } for q in self.queries],
        }


def archive_counts(session) -> dict[str, int]:
    articles, relevant = session.execute(
        select(func.count(Article.id), func.count(Article.id).filter(Article.relevant))).one()
    duplicates = session.scalar(select(func.count(Duplicate.id)))
    return {"articles": articles, "relevant": relevant, "duplicates": duplicates}


def evaluate_search(settings, queries: list[dict], *, all_news: bool = False,
                    depth: int = RR_DEPTH) -> SearchEval:
    """Run every query through the archive's own `search()` (first `depth` hits, one call) and
    rank each labelled target by the permalink its file is stored under."""
    from app.search.searcher import search  # here: the extraction eval must not need the index

    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        stored = locate(session, target_paths(queries))
        counts = archive_counts(session)
    engine.dispose()
    result = SearchEval([], all_news=all_news, depth=depth, archive=counts)
    start = time.perf_counter()
    for query in queries:
        page = search(settings, query["q"], page_size=depth, all_news=all_news)
        ranks = {}
        for rank, hit in enumerate(page.hits[:depth], start=1):
            ranks.setdefault(hit.permalink, rank)
        targets = []
        for path in query["relevant_paths"]:
            where = stored.get(path)
            targets.append(TargetResult(path, where, where and ranks.get(where.permalink)))
        result.queries.append(QueryResult(query["q"], query["lang"], page.total, targets,
                                          getattr(page, "any_word", False)))
    result.seconds = time.perf_counter() - start
    return result


# Words without which an article is hardly ever judged relevant (when written, 205 of the 210
# relevant articles of the whole corpus had one, and 6% of all articles did). A sample keeps
# every article that has one, so that the relevant articles a query competes with are nearly
# those of the whole corpus, and thins out only the ordinary news. Plain byte strings, matched
# on lower-cased bytes: a regular expression would take longer than decompressing the tarball.
CYBER_HINTS = tuple(word.encode() for word in (
    "ไซเบอร์", "คอลเซ็นเตอร์", "คอล เซ็นเตอร์", "คอลเซนเตอร์", "สแกม", "ภัยออนไลน์", "สกมช",
    "อาชญากรรมออนไลน์", "อาชญากรรมทางออนไลน์", "หลอกลวงออนไลน์", "หลอกลวงทางออนไลน์",
    "aoc", "1441", "cyber", "scam", "call cent", "call-cent",
))


@dataclass
class Sample:
    kept: set[str]  # of the members asked for, those found
    hinted: int  # other members with a cyber word, all kept
    sampled: int  # every `every`-th of the rest

    def __str__(self) -> str:
        return (f"{len(self.kept)} target/labelled files + {self.hinted} with a cyber word "
                f"+ {self.sampled} others")


def write_sample(tarball: Path, out: Path, keep: set[str], every: int) -> Sample:
    """Copy into an uncompressed tar the members in `keep`, every member with a cyber word and
    every `every`-th of the others: a smaller haystack that is still real corpus text, streamed
    (the corpus is never unpacked), and deterministic (tar order)."""
    sample, others = Sample(set(), 0, 0), 0
    with tarfile.open(tarball, mode="r|*") as source, tarfile.open(out, mode="w") as target:
        for member in source:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            data = source.extractfile(member).read()
            lowered = data.lower()
            if member.name in keep:
                sample.kept.add(member.name)
            elif any(word in lowered for word in CYBER_HINTS):
                sample.hinted += 1
            else:
                others += 1
                if (others - 1) % every:
                    continue
                sample.sampled += 1
            target.addfile(member, io.BytesIO(data))
    return sample
