"""The array side of search (app/search/docsets.py, facets.py) against Whoosh itself, on the
seed archive: the same matches, the same BM25F scores, the same facet counts."""

from collections import Counter

import numpy as np
import pytest
from whoosh.query import Term

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


def whoosh_characters(searcher, field_name, text, docnum):
    """A term's (position, start, end) in a document, as Whoosh's own matcher reads them."""
    for leaf, offset in searcher.reader().leaf_readers():
        btext = leaf.schema[field_name].to_bytes(text)
        if (field_name, btext) in leaf:
            matcher = leaf.postings(field_name, btext)
            if matcher.skip_to(docnum - offset) is not False and matcher.is_active() \
                    and matcher.id() == docnum - offset:
                return list(matcher.value_as("characters"))
    return []


def test_character_offsets_are_whooshs_own_and_the_same_when_asked_again(opened):
    """Snippets read offsets from decoded posting blocks kept between searches: the kept block
    must give what Whoosh reads, for every word of every document, the second time too."""
    searcher, sets = opened
    reader = searcher.reader()
    checked = 0
    for field_name in ("title", "body"):
        for btext in list(reader.lexicon(field_name))[:400]:
            text = btext.decode("utf-8")
            for docnum in sets.postings(field_name, text).ids[:6].tolist():
                expected = whoosh_characters(searcher, field_name, text, docnum)
                assert expected, (field_name, text, docnum)
                assert sets.characters(field_name, text, docnum) == expected
                assert sets.characters(field_name, text, docnum) == expected
                checked += 1
    assert checked > 500


def test_a_phrase_matches_the_same_when_asked_again(opened):
    searcher, sets = opened
    query = whoosh_query(searcher, '"prime minister"')
    expected = {hit.docnum for hit in searcher.search(query, limit=None)}
    assert expected
    for _ in range(2):
        assert set(sets.of(query).nonzero()[0].tolist()) == expected


@pytest.mark.parametrize("text", ['"prime minister"', '"ความร่วมมือด้าน"', '"ความมั่นคงปลอดภัยไซเบอร์"'])
def test_a_phrase_scores_as_its_words(opened, text):
    """A query of a phrase alone is ranked: each match scores the BM25F of the phrase's words
    in each field the phrase is found in (a phrase's words were left out of its terms, and
    every match scored 0)."""
    searcher, sets = opened
    query = whoosh_query(searcher, text)
    matched, scores = sets.scored(query)
    assert matched.any()
    expected = np.zeros(sets.size)
    for part in query.leaves():  # a phrase of one token is a term
        found = sets.of(part)
        for word in part.words if hasattr(part, "words") else [part.text]:
            expected += found * sets.scored(Term(part.fieldname, word))[1] * part.boost
    assert (scores[matched] > 0).all()
    assert scores == pytest.approx(expected)


def test_a_phrase_in_an_article_added_later_is_found(tmp_path):
    """Phrase matches are kept per index generation: an ingest that updates the index in
    place must not leave a search with the matches of the generation before."""
    from app.db import make_engine, make_sessionmaker
    from app.ingest.pipeline import ingest
    from app.search import indexer
    from app.search.searcher import search
    from tests.conftest import SEEDS, build_archive
    from tests.synthetic import write_release

    settings = build_archive(tmp_path / "archive", [SEEDS])
    before = search(settings, '"quantum lattice" cyber', all_news=True)
    assert before.complete == 0
    new = tmp_path / "new"
    write_release(new / "new.txt", 990001,
                  "Thailand and Singapore discuss quantum lattice cyber defence",
                  ["Thailand and Singapore agreed on quantum lattice cyber security research."])
    engine = make_engine(settings)
    with make_sessionmaker(engine)() as session:
        ingest(session, [new])
        indexer.sync(settings, session)  # in place: a small change is not a rebuild
    engine.dispose()
    after = search(settings, '"quantum lattice" cyber', all_news=True)
    assert after.complete == 1 and "quantum" in after.hits[0].title.lower()


def test_field_lengths_are_whooshs_own(opened):
    """Lengths are decoded once per segment reader (whoosh_fixes): the same answers as Whoosh's
    own method for every document and field, a field without lengths included."""
    from whoosh.codec import whoosh3

    from app.search import whoosh_fixes

    searcher, _sets = opened
    checked = 0
    for leaf, _offset in searcher.reader().leaf_readers():
        fresh = whoosh3.W3PerDocReader.__new__(whoosh3.W3PerDocReader)
        fresh.__dict__.update({k: v for k, v in vars(leaf._perdoc).items()
                               if k != "_decoded_lengths"})
        for field_name in ("title", "body", "spell_body", "permalink"):
            for docnum in range(leaf._perdoc._doccount):
                expected = whoosh_fixes.WHOOSH_DOC_FIELD_LENGTH(fresh, docnum, field_name, 7)
                assert leaf._perdoc.doc_field_length(docnum, field_name, 7) == expected
                checked += 1
    assert checked >= 20
