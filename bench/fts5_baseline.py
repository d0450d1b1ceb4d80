"""A speed baseline: SQLite FTS5 over the archive's own articles, answering the same queries.

Latencies measured on a busy machine drift from run to run; the same queries answered by
FTS5 in the same run drift alike, so the ratio of ours to FTS5's holds where raw figures do not.

Titles and bodies are pre-segmented by the archive's analyzer (`thai_analyzer`: Thai dictionary
words, lowercased, English stemmed) in its query mode, i.e. without the compound parts the
Whoosh index adds at the same position: FTS5 has no same-position tokens, so parts would break
phrase adjacency. Queries go through the same analyzer and mode. The token texts are joined by
spaces and stored under FTS5's `ascii` tokenizer, which splits at ASCII spaces and punctuation
only and so keeps each Thai word whole (`unicode61` would split off vowel and tone marks).

What FTS5 answers is the query as written: all words (stop words left out, as the archive
does), quoted phrases, filters as joins on a metadata table; ranked by bm25() with titles
weighted as the archive weights them, the top 10 with highlight() and snippet(), and a count
of all matches. It does no cross-language or name expansion, no partial matches, no facets and
no spelling check: it measures speed, not quality.
"""

import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path

from app.search.analysis import thai_analyzer

PIECES = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')  # the search box's syntax: "phrase", -word
TITLE_WEIGHT = 4.0  # a headline word counts four times a body word, as in the archive's ranking
SNIPPET_TOKENS = 40  # about the archive's 240-character snippets
BATCH = 200  # articles per job handed to a segmenting process

SCHEMA = """
CREATE TABLE meta (id INTEGER PRIMARY KEY, permalink TEXT, lang TEXT, year INTEGER,
                   relevant INTEGER);
CREATE TABLE doc_countries (code TEXT, id INTEGER, PRIMARY KEY (code, id)) WITHOUT ROWID;
CREATE TABLE doc_people (slug TEXT, id INTEGER, PRIMARY KEY (slug, id)) WITHOUT ROWID;
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'ascii');
"""


@dataclass
class BuildInfo:
    documents: int
    seconds: float  # segmentation + insert + optimize
    megabytes: float


@dataclass
class Answer:
    total: int
    hits: list[tuple] = field(default_factory=list)  # (permalink, title_html, snippet_html, bm25)


_analyzer = None  # one per segmenting process


def _start_segmenter(engine: str) -> None:
    global _analyzer
    _analyzer = thai_analyzer(engine)


def _segment_batch(batch: list[tuple]) -> list[tuple]:
    return [(row[0], _segment(row[1]), _segment(row[2]), *row[3:]) for row in batch]


def _segment(text: str) -> str:
    return " ".join(t.text for t in _analyzer(text or "", mode="query"))


def _batches(archive_db: Path):
    with sqlite3.connect(f"file:{archive_db}?mode=ro", uri=True) as src:
        rows = src.execute(
            "SELECT id, title, body, permalink, lang, CAST(strftime('%Y', published) AS INTEGER),"
            " relevant FROM articles ORDER BY id")
        while batch := rows.fetchmany(BATCH):
            yield batch


def build(archive_db: Path, fts_db: Path, engine: str, procs: int | None = None) -> BuildInfo:
    """Segment every article of the archive (in `procs` processes, default one per core) and
    load it into a new FTS5 database; the tags are copied as they are."""
    start = time.perf_counter()
    db = sqlite3.connect(f"file:{fts_db}", uri=True)  # URIs also for the ATTACH below
    db.executescript(SCHEMA)
    count = 0
    with Pool(procs or os.cpu_count() or 1, _start_segmenter, (engine,)) as pool:
        for batch in pool.imap(_segment_batch, _batches(archive_db)):
            db.executemany("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
                           [row[:3] for row in batch])
            db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
                           [(row[0], *row[3:]) for row in batch])
            count += len(batch)
    db.execute(f"ATTACH DATABASE 'file:{archive_db}?mode=ro' AS archive")
    db.execute("INSERT INTO doc_countries SELECT country_code, article_id"
               " FROM archive.article_countries")
    db.execute("INSERT INTO doc_people SELECT p.slug, m.article_id FROM archive.mentions m"
               " JOIN archive.people p ON p.id = m.person_id")
    db.commit()
    db.execute("DETACH DATABASE archive")
    db.execute("INSERT INTO docs (docs) VALUES ('optimize')")  # a static corpus: one b-tree
    db.commit()
    db.close()
    return BuildInfo(count, time.perf_counter() - start, fts_db.stat().st_size / 1e6)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords
    from whoosh.analysis import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(thai_stopwords())


class Baseline:
    """One open FTS5 database, queried as the search page queries the archive."""

    def __init__(self, fts_db: Path, engine: str):
        self.db = sqlite3.connect(f"file:{fts_db}?mode=ro", uri=True, check_same_thread=False)
        self.analyzer = thai_analyzer(engine)

    def close(self) -> None:
        self.db.close()

    def match_expression(self, query: str) -> str:
        """FTS5 MATCH text: every word (implicit AND), "phrases" as FTS5 phrases, -exclusions."""
        required, excluded, words = [], [], []
        for m in PIECES.finditer(query):
            if m[2] is not None:
                tokens = self._tokens(m[2])
                if tokens:
                    (excluded if m[1] else required).append(_quoted(" ".join(tokens)))
            elif m[3]:
                excluded.extend(_quoted(t) for t in self._tokens(m[4]))
            else:
                words.extend(self._tokens(m[4], keep_originals=True))
        kept = [t for t, original in words if original not in _stop_words()]
        kept = kept or [t for t, _original in words]  # only stop words: keep them
        required[:0] = [_quoted(t) for t in kept]
        if not required:
            return ""
        expression = " ".join(required)
        if excluded:
            expression = f"({expression}) NOT ({' OR '.join(excluded)})"
        return expression

    def _tokens(self, text: str, keep_originals: bool = False):
        tokens = self.analyzer(text, mode="query", keeporiginal=keep_originals)
        if keep_originals:
            return [(t.text, t.original.lower()) for t in tokens]
        return [t.text for t in tokens]

    def search(self, query: str, *, all_news: bool, filters: dict, limit: int = 10) -> Answer:
        expression = self.match_expression(query)
        if not expression:
            return Answer(0)
        where = ["docs MATCH ?"]
        params: list = [expression]
        if not all_news:
            where.append("meta.relevant = 1")
        if filters.get("lang"):
            where.append("meta.lang = ?")
            params.append(filters["lang"])
        if filters.get("year"):
            where.append("meta.year = ?")
            params.append(int(filters["year"]))
        if filters.get("country"):
            where.append("docs.rowid IN (SELECT id FROM doc_countries WHERE code = ?)")
            params.append(filters["country"].upper())
        if filters.get("person"):
            where.append("docs.rowid IN (SELECT id FROM doc_people WHERE slug = ?)")
            params.append(filters["person"])
        condition = " AND ".join(where)
        source = "FROM docs JOIN meta ON meta.id = docs.rowid"
        rank = f"bm25(docs, {TITLE_WEIGHT}, 1.0)"
        hits = self.db.execute(
            f"SELECT meta.permalink, highlight(docs, 0, '<mark>', '</mark>'),"
            f" snippet(docs, 1, '<mark>', '</mark>', ' … ', {SNIPPET_TOKENS}), {rank}"
            f" {source} WHERE {condition} ORDER BY {rank} LIMIT {int(limit)}", params).fetchall()
        total = self.db.execute(f"SELECT count(*) {source} WHERE {condition}", params).fetchone()[0]
        return Answer(total, hits)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
