"""The one-pass analysis the index build uses gives exactly what the analyzer chain gives:
the same tokens, positions and offsets, so the same postings and spelling words."""

import pytest
from whoosh.analysis import LowercaseFilter, StemFilter
from whoosh.fields import TEXT

from app.search import analysis
from app.search.analysis import ThaiTokenizer, fast_tokenizer, thai_analyzer
from app.search.schema import SpelledText, build_schema
from tests.conftest import PROJECT_ROOT, SEED_FILES

MIXED = [
    # Thai with compounds (parts at the compound's position) and concept tokens (สิงคโปร์)
    "ความร่วมมือด้านอาชญากรรมไซเบอร์ ระหว่างไทย-สิงคโปร์ ความมั่นคงปลอดภัยไซเบอร์",
    # English: stemming, stop words (kept: the analyzer has no stop filter), concepts, U.S.
    "The Ministers of Thailand and the U.S. are cooperating on CYBERSECURITY; it is THE scams' end",
    # digits, Thai digits (indexed as Arabic digits, same offsets), mixed scripts, punctuation
    "ปี ๒๕๖๓ (2020) มาตรา ๑๒ ข้อ 3.5 COVID-19 ไทยแลนด์4.0 ๆ ฯลฯ",
    "",
    "   ",
    "Singapore สิงคโปร์ Singapore",  # one concept written three times
]


def texts():
    return MIXED + [p.read_text() for p in SEED_FILES] + [
        p.read_text() for p in sorted((PROJECT_ROOT / "tests" / "fixtures").glob("*.txt"))]


def chain_tokens(analyzer, text, mode):
    analysis._last_words.clear()  # the fast path must not depend on the memo of the other
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode=mode)]


def grouped(tokens):
    """Each term's (position, start, end) in order, terms in order of first occurrence."""
    out = {}
    for text, pos, start, end in tokens:
        out.setdefault(text, []).append((pos, start, end))
    return list(out.items())


def fast_tokens(analyzer, text, mode="index"):
    analysis._last_words.clear()
    postings = fast_tokenizer(analyzer).index_postings(text, mode)
    return [(term, [(pos, start, end) for _word, pos, start, end in tokens])
            for term, tokens in postings.items()]


@pytest.mark.parametrize("mode", ["index", "query", ""])
def test_index_postings_are_the_chains_tokens(mode):
    analyzer = thai_analyzer("nlpo3", concepts=True)
    kinds = set()
    for text in texts():
        fast = fast_tokens(analyzer, text, mode)
        assert fast == grouped(chain_tokens(analyzer, text, mode))
        kinds.update(term[:1] for term, _places in fast)
    if mode == "index":  # the texts do test concept tokens, stems, digits and Thai
        assert {"⟦", "c", "2", "ค"} <= kinds


def test_the_cases_under_test_occur():
    postings = dict(fast_tokens(thai_analyzer(concepts=True), " ".join(MIXED)))
    assert {"2563", "cybersecuriti", "the", "scam"} <= set(postings)  # Thai digits, stems, stop words
    assert "ไซเบอร์" in postings and "อาชญากรรมไซเบอร์" in postings  # a compound and its part
    assert any(term.startswith("⟦country:") for term in postings)
    places = postings["ไซเบอร์"]
    assert len(places) == 2 and len({p for p, _s, _e in places}) == len(places)  # once per place
    assert len(postings["⟦country:sg⟧"]) == 4  # Singapore, สิงคโปร์, Singapore and ไทย-สิงคโปร์


def test_field_index_and_spelling_words_are_whooshs():
    schema = build_schema("nlpo3")
    for name in ("body", "title"):
        field = schema[name]
        for text in texts():
            analysis._last_words.clear()
            fast = list(SpelledText.index(field, text))
            analysis._last_words.clear()
            assert fast == list(TEXT.index(field, text))
            analysis._last_words.clear()
            spelled = fast_tokenizer(field.analyzer).spelling_words(text)
            analysis._last_words.clear()
            assert spelled == list(TEXT.spellable_words(field, text))


def test_other_analyzers_take_whooshs_path():
    whooshs = ThaiTokenizer("nlpo3") | LowercaseFilter() | StemFilter()
    assert fast_tokenizer(whooshs) is None
    field = SpelledText(analyzer=whooshs, phrase=True, chars=True, spelling=True)
    text = MIXED[1]
    assert list(field.index(text)) == list(TEXT.index(field, text))
    assert list(field.spellable_words(text)) == list(TEXT.spellable_words(field, text))


def test_the_direct_segmenter_is_pythainlps():
    from pythainlp.tokenize.nlpo3 import segment

    runs = [m.group(1) for text in texts() for m in analysis.RUNS.finditer(text) if m.group(1)]
    assert len(runs) > 100
    assert analysis.segmenter("nlpo3") is not segment
    assert [analysis.segmenter("nlpo3")(r) for r in runs] == [segment(r) for r in runs]
    assert analysis.segmenter("nlpo3")("") == segment("") == []
