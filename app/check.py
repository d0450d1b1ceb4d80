"""`python -m app check`: do the database and the search index agree?

After a crash (kill -9 during an ingest or an index build) or a restore, this says whether what
the pages show (the database) and what search finds (the index) are the same articles, in the
same version. It reads both and writes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.migrate import alembic_config, current_revision
from app.models import Article
from app.search import indexer

EXAMPLES = 5  # permalinks shown per kind of disagreement
COMPARED_FIELDS = ("title", "lang", "countries", "people", "relevant")


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"{k}: {v}" for k, v in self.facts.items()]
        out += [f"note: {n}" for n in self.notes]
        out += [f"PROBLEM: {p}" for p in self.problems]
        out.append("database and index agree" if self.ok else
                   f"{len(self.problems)} problem(s): `python -m app reindex` rebuilds the "
                   "index from the database")
        return out


def check_archive(settings: Settings, session: Session) -> CheckReport:
    report = CheckReport()
    _check_database(settings, session, report)
    if report.problems:
        return report
    info = indexer.current_index(settings)
    if info is None:
        report.problems.append("no search index: CURRENT is missing or points at no complete "
                               "generation")
        return report
    report.facts["index"] = str(info.path)
    if not indexer.is_current(settings):
        report.problems.append("the index was built with other settings or an older schema")
    for leftover in indexer.half_built_generations(settings):
        report.notes.append(f"{leftover.name} is a half-built generation (a build was "
                            "interrupted); not used, and removed by the next rebuild")
    pending = indexer.pending_ids(session)
    report.facts["articles waiting for the index"] = len(pending)
    if pending:
        report.problems.append(f"{len(pending)} article(s) changed since the index was updated")
    for relevant_only, scope in ((False, "all-news"), (True, "relevant")):
        stored = indexer.stored_permalinks(session, relevant_only=relevant_only)
        _compare_sets(report, scope, stored, info.path, relevant_only)
    _compare_documents(report, session, info.path)
    return report


def _check_database(settings: Settings, session: Session, report: CheckReport) -> None:
    head = ScriptDirectory.from_config(alembic_config(settings)).get_current_head()
    revision = current_revision(settings)
    report.facts["database"] = settings.db_url.split("@")[-1]  # no password in the output
    report.facts["schema revision"] = revision
    if revision != head:
        report.problems.append(f"the database is at revision {revision}, not {head}: "
                               "run `python -m app migrate`")
        return
    if session.get_bind().dialect.name == "sqlite":
        verdict = session.execute(text("PRAGMA quick_check")).scalar()
        if verdict != "ok":
            report.problems.append(f"SQLite quick_check: {verdict}")
    report.facts["articles"] = session.scalar(select(func.count(Article.id)))


def _compare_sets(report: CheckReport, scope: str, stored: set[str], path, relevant_only: bool):
    index = indexer.open_index(path, relevant_only=relevant_only)
    indexed = indexer.indexed_permalinks(path, relevant_only=relevant_only)
    report.facts[f"{scope} index documents"] = index.doc_count()
    missing, extra = stored - indexed, indexed - stored
    if missing:
        report.problems.append(f"{len(missing)} article(s) missing from the {scope} index, "
                               f"e.g. {_some(missing)}")
    if extra:
        report.problems.append(f"{len(extra)} permalink(s) in the {scope} index are not in the "
                               f"database, e.g. {_some(extra)}")
    if index.doc_count() != len(indexed):
        report.problems.append(f"the {scope} index holds {index.doc_count()} documents for "
                               f"{len(indexed)} permalinks: some are there twice")


def _compare_documents(report: CheckReport, session: Session, path) -> None:
    """Each indexed document's stored fields against the article's row: a stale version shows."""
    with indexer.open_index(path).reader() as reader:
        indexed = {fields["permalink"]: fields for _n, fields in reader.iter_docs()}
    stale = []
    for _article_id, _relevant, expected in indexer.documents(session):
        fields = indexed.get(expected["permalink"])
        if fields is None:
            continue  # counted as missing above
        if any(fields.get(name, "") != (expected[name] if expected[name] is not None else "")
               for name in COMPARED_FIELDS):
            stale.append(expected["permalink"])
    report.facts["documents compared field by field"] = len(indexed)
    if stale:
        report.problems.append(f"{len(stale)} indexed document(s) differ from their article "
                               f"({', '.join(COMPARED_FIELDS)}), e.g. {_some(stale)}")


def _some(permalinks: Iterable[str]) -> str:
    return ", ".join(sorted(permalinks)[:EXAMPLES])
