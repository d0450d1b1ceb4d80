"""Command line: `python -m app migrate|ingest|reindex|check|serve|stats|inspect|search`."""

import argparse
import json
import sys
from pathlib import Path

from app.config import Settings


def _services(settings: Settings):
    from app.db import make_engine, make_sessionmaker

    engine = make_engine(settings)
    return engine, make_sessionmaker(engine)


def cmd_migrate(settings: Settings, _args) -> int:
    from app.migrate import upgrade

    upgrade(settings)
    print(f"database at head: {settings.db_url}")
    return 0


def cmd_ingest(settings: Settings, args) -> int:
    from app.ingest.pipeline import ingest
    from app.joblock import JobBusy, exclusive
    from app.migrate import upgrade
    from app.search import indexer

    try:
        with exclusive(settings):
            upgrade(settings)
            engine, sessions = _services(settings)
            with sessions() as session:
                summary = ingest(session, args.paths, progress=True, workers=args.workers)
                for line in summary.lines():
                    print(line)
                # Everything not yet indexed, this run's changes and any a killed run left.
                print("index left alone" if args.no_index else indexer.sync(settings, session))
            engine.dispose()
    except JobBusy as exc:
        print(str(exc), file=sys.stderr)
        return 3
    return 0


def cmd_reindex(settings: Settings, _args) -> int:
    from app.joblock import JobBusy, exclusive
    from app.migrate import upgrade
    from app.search import indexer

    try:
        with exclusive(settings):
            upgrade(settings)
            engine, sessions = _services(settings)
            with sessions() as session:
                info = indexer.rebuild(settings, session)
            engine.dispose()
    except JobBusy as exc:
        print(str(exc), file=sys.stderr)
        return 3
    print(f"index rebuilt: {info.meta['documents']} documents in {info.path}")
    return 0


def cmd_check(settings: Settings, args) -> int:
    """Exit 0 when the database and the index agree, 1 when they do not."""
    from app.check import check_archive

    engine, sessions = _services(settings)
    with sessions() as session:
        report = check_archive(settings, session)
    engine.dispose()
    if args.json:
        json.dump({"ok": report.ok, "problems": report.problems, "notes": report.notes,
                   "facts": report.facts}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print("\n".join(report.lines()))
    return 0 if report.ok else 1


def cmd_serve(settings: Settings, args) -> int:
    from app.web.serve import serve

    serve(settings, args.host, args.port, workers=args.workers, log_level=args.log_level)
    return 0


def cmd_catalog(_settings: Settings, _args) -> int:
    from app.web import catalog

    return catalog.main()


def cmd_stats(settings: Settings, _args) -> int:
    from sqlalchemy import func, select

    from app.models import Article, Person
    from app.search.indexer import current_index

    engine, sessions = _services(settings)
    with sessions() as session:
        articles = session.scalar(select(func.count(Article.id)))
        people = session.scalar(select(func.count(Person.id)))
    info = current_index(settings)
    print(json.dumps({"articles": articles, "people": people,
                      "index": info.meta if info else None}, ensure_ascii=False, indent=2))
    engine.dispose()
    return 0


def cmd_inspect(_settings: Settings, args) -> int:
    """What the archive would make of each file, as JSON; writes nothing."""
    from app.ingest.pipeline import record_for
    from app.ingest.readers import ReadProblem, iter_documents

    records = []
    for item in iter_documents(args.paths):
        if isinstance(item, ReadProblem):
            records.append({"origin": item.origin, "error": item.reason})
        else:
            records.append(record_for(item))
    json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def cmd_search(settings: Settings, args) -> int:
    """The search page's answer on the command line; `--json` for scripts."""
    from app import queries
    from app.search.searcher import IndexMissing, search

    try:
        page = search(settings, args.query, lang=args.lang, country=args.country,
                      person=args.person, year=args.year, source=args.source, sort=args.sort,
                      expand=not args.no_expand, all_news=args.all, page_size=args.limit,
                      respell=not args.as_typed)
    except IndexMissing as exc:
        print(str(exc), file=sys.stderr)
        return 2
    engine, sessions = _services(settings)
    with sessions() as session:
        cited = queries.citations_by_permalink(session, permalinks=[h.permalink for h in page.hits])
        hits = [_hit_record(h, *cited.get(h.permalink, (None, None))) for h in page.hits]
    engine.dispose()
    if args.json:
        json.dump({
            "query": page.query, "total": page.total, "complete": page.complete,
            "any_word": page.any_word,
            "expanded": {e.text: e.forms for e in page.expansions},
            "ignored": page.ignored, "only_excluded": page.only_excluded,
            "respelled_from": page.respelled_from, "in_all_news": page.in_all_news,
            "did_you_mean": page.suggestion, "hits": hits,
        }, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{page.total} results for {page.query!r}"
          + (" (no article has every word: these have some)" if page.any_word else ""))
    for expansion in page.expansions:
        print(f"  {expansion.text} also searched as: {', '.join(expansion.forms)}")
    if page.respelled_from:
        print(f"  no article has {page.respelled_from!r}: these are the results for {page.query!r}"
              " (--as-typed searches the words as typed)")
    if page.in_all_news:
        print(f"  {page.in_all_news} articles of all news have every word (--all)")
    if page.only_excluded:
        print("  every word is excluded (-word): add a word to search for")
    if page.suggestion:
        print(f"  did you mean: {page.suggestion}")
    for rank, hit in enumerate(hits, 1):
        partners = ",".join(hit["partners"]) or "-"
        print(f"{rank:3}. {hit['date'] or '----------'} [{hit['lang']}] [{partners}] {hit['title']}")
        print(f"     {hit['permalink']}  {hit['source_url'] or ''}")
        if hit["missing"]:
            print(f"     missing: {', '.join(hit['missing'])}")
    return 0


def _hit_record(hit, source_url, published) -> dict:
    return {
        "permalink": f"/articles/{hit.permalink}",
        "source_url": source_url,
        "title": hit.title,
        "date": published.isoformat() if published else None,
        "lang": hit.lang,
        "partners": hit.countries,
        "score": round(hit.score, 3),
        "missing": hit.missing,  # query words a partial match lacks (empty: it has them all)
    }


def _hits_wanted(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError("must be between 1 and 100")
    return value


def _country_code(text: str) -> str:
    """Two letters, as the search page takes them (anything else is a 400 there)."""
    if not (len(text) == 2 and text.isascii() and text.isalpha()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a two-letter country code, e.g. KH")
    return text.upper()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    p = sub.add_parser("ingest", help="ingest article files, folders or tar archives")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--no-index", action="store_true", help="leave the search index alone")
    p.add_argument("--workers", type=int, default=None,
                   help="analysis processes (default: one per core, one for small inputs)")
    sub.add_parser("reindex", help="rebuild the search index from the database")
    p = sub.add_parser("check", help="say whether the database and the search index agree "
                       "(exit 1 when they do not); writes nothing")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p = sub.add_parser("serve", help="serve the web app with uvicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes, each on its own SO_REUSEPORT socket (default 1)")
    p.add_argument("--log-level", default="info", choices=["warning", "info", "debug"])
    sub.add_parser("stats", help="counts of articles, people and the index")
    sub.add_parser("catalog", help="update the interface's Thai message catalog from the "
                   "templates and code; lists messages without a translation")
    p = sub.add_parser("inspect", help="print what ingest would make of files, as JSON")
    p.add_argument("paths", nargs="+", type=Path)
    p = sub.add_parser("search", help="search the index")
    p.add_argument("query")
    p.add_argument("--lang", choices=["th", "en"])
    p.add_argument("--country", type=_country_code, help="partner country code, e.g. KH")
    p.add_argument("--person", help="person slug, e.g. hun-manet")
    p.add_argument("--year", type=int)
    p.add_argument("--source", help="source name, as the source facet lists it")
    p.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    p.add_argument("--no-expand", action="store_true",
                   help="search only the words as written (no other language, no name variants)")
    p.add_argument("--as-typed", action="store_true",
                   help="search the words as typed even when no article has them (by default a "
                        "misspelled query is answered for its spelling suggestion, and says so)")
    p.add_argument("--limit", type=_hits_wanted, default=10, help="hits to print, 1 to 100 (default 10)")
    p.add_argument("--all", action="store_true", help="all ingested news, not only relevant")
    p.add_argument("--json", action="store_true",
                   help="the answer as a JSON object (query, total, expansions, hits…), for scripts")
    args = parser.parse_args(argv)
    settings = Settings()
    handler = globals()[f"cmd_{args.command}"]
    return handler(settings, args)
