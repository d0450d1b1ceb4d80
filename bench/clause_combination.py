"""Search quality when a query's clause scores are combined otherwise than summed.

    .venv/bin/python bench/clause_combination.py --data-dir DIR [MODE…]

A query's score is the sum of its clauses' BM25F scores, so a clause that scores high (a
country in a headline, weighted 8) can outweigh the others (the cyber term written three times
in the body). Each MODE combines the top-level clauses with diminishing returns instead, and
the dev queries are scored in the default scope and in all news, as bench/eval_search.py does.
Modes: sum (the archive's own), sqrt, p0.3 … p0.9 (each clause to that power), log (log1p),
best (each clause over its best score among the matches), median (s / (s + median)), geo
(geometric mean). DIR is an archive already built (bench/eval_search.py --data-dir DIR).
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh.query import And, NullQuery, Or  # noqa: E402

from app.config import Settings  # noqa: E402
from app.evaluation import evaluate_search, load_queries  # noqa: E402
from app.search import docsets, searcher  # noqa: E402
from app.search import query as querying  # noqa: E402


def _power(p):
    return lambda scores, match: sum(s ** p for s in scores)


def _best(scores, match):
    return 100 * sum(s / (s[match].max() or 1.0) if match.any() else s for s in scores)


def _median(scores, match):
    total = 0.0
    for s in scores:
        positive = match & (s > 0)
        k = float(np.median(s[positive])) if positive.any() else 1.0
        total = total + s / (s + k)
    return 100 * total


MODES = {
    "sum": None,
    "sqrt": _power(0.5),
    **{f"p{p}": _power(p) for p in (0.3, 0.4, 0.6, 0.7, 0.8, 0.9)},
    "log": lambda scores, match: sum(np.log1p(s) for s in scores),
    "best": _best,
    "median": _median,
    "geo": lambda scores, match: np.exp(sum(np.log(s + 1e-3) for s in scores) / len(scores)),
}


def install(mode) -> None:
    """Mark the And/Or that joins a query's clauses, and score it with `mode`."""
    own_combine, own_scored = querying.combine, docsets.DocSets.scored

    def combine(required, excluded, *, any_word=False):
        query = own_combine(required, excluded, any_word=any_word)
        if isinstance(query, And | Or) and len(query.subqueries) == len(
                [q for q in required if q is not NullQuery]):
            query.clause_join = True
        return query

    def scored(self, query, *, scores=True):
        if mode is None or not scores or not getattr(query, "clause_join", False):
            return own_scored(self, query, scores=scores)
        parts = [own_scored(self, sub, scores=True) for sub in query.subqueries]
        match = parts[0][0]
        for other, _s in parts[1:]:
            match = match & other if isinstance(query, And) else match | other
        return match, mode([s for _m, s in parts], match) * query.boost

    querying.combine = searcher.querying.combine = combine
    docsets.DocSets.scored = scored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus")
    parser.add_argument("modes", nargs="*", default=list(MODES))
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir, database_url="", index_dir=None)
    queries = load_queries(args.corpus)
    chosen = {"mode": None}
    install(lambda scores, match: chosen["mode"](scores, match) if chosen["mode"] else sum(scores))
    print(f"{'mode':8s} {'default R@10':>12s} {'MRR':>6s} {'all R@10':>9s} {'MRR':>6s}")
    for name in args.modes:
        chosen["mode"] = MODES[name]
        figures = [evaluate_search(settings, queries, all_news=scope).figures()
                   for scope in (False, True)]
        print(f"{name:8s} {figures[0]['mean_recall_at_10']:12.3f} {figures[0]['mrr']:6.3f} "
              f"{figures[1]['mean_recall_at_10']:9.3f} {figures[1]['mrr']:6.3f}", flush=True)


if __name__ == "__main__":
    main()
