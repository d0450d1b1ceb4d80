"""The array side of search (app/search/docsets.py, facets.py) against Whoosh itself, on the
seed archive: the same matches, the same BM25F scores, the same facet counts."""

from collections import Counter

import pytest

from app.search import query as querying
from app.search.docsets import docsets
from app.search.facets import facet_table
from app.search.lexicon import lexicon
from app.search.opened import current_searcher
from app.search.searcher import WEIGHTING, _tokenizer

QUERIES = [
    "Singapore cybersecurity",
    "ไซเบอร์",
    "US scam",
    "ประวิตร",
    "cyber -Singapore",
    '"cyber security" Thailand',
    "สิงคโปร์ ความร่วมมือ",
]


@pytest.fixture
def opened(archive):
    with current_searcher(archive, WEIGHTING) as (info, searcher):
        yield searcher, docsets(searcher, f"{info.path}#test")


def whoosh_query(searcher, text, *, any_word=False):
    parsed = querying.parse(text, lexicon(), "nlpo3")
    return querying.build(parsed, _tokenizer(searcher.schema), any_word=any_word)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("any_word", [False, True])
def test_matches_and_scores_are_whooshs_own(opened, text, any_word):
    searcher, sets = opened
    query = whoosh_query(searcher, text, any_word=any_word)
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    matched, scores = sets.scored(query)
    assert set(matched.nonzero()[0].tolist()) == set(expected)
    if '"' in text:
        return  # a phrase is scored as its words here, by span in Whoosh: same matches only
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-5), (text, docnum)


def test_the_seed_queries_match_something(opened):
    searcher, sets = opened
    assert all(sets.of(whoosh_query(searcher, text)).any() for text in QUERIES[:4])


def test_facet_counts_equal_a_count_of_the_stored_fields(opened):
    searcher, sets = opened
    table = facet_table(searcher, "test")
    matched = sets.live
    counts = table.counts(matched)
    stored = [searcher.stored_fields(d) for d in range(searcher.doc_count_all())]
    countries = Counter(c for f in stored for c in f.get("countries", "").split(",") if c)
    langs = Counter(f["lang"] for f in stored)
    assert dict(counts["countries"]) == dict(countries)
    assert dict(counts["lang"]) == dict(langs)
    assert sum(n for _y, n in counts["year"]) == sum(1 for f in stored if f.get("year"))
