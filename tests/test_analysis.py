"""The Thai analyzer: offsets that rebuild the text, compound parts, same analysis for queries."""

from whoosh.lang.porter import stem

from app.search.analysis import THAI_DIGITS, thai_analyzer, word_boundaries, word_parts
from tests.conftest import SEEDS

TEXT = "ความร่วมมือด้านอาชญากรรมไซเบอร์ ระหว่างไทย-สิงคโปร์ (Cybersecurity MOU) ปี ๒๕๖๓"


def tokens(text, **kw):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in thai_analyzer()(text, positions=True, chars=True, **kw)]


def test_word_tokens_with_skipped_spans_rebuild_the_input():
    words = tokens(TEXT, mode="query")
    rebuilt, cursor = [], 0
    for text, _pos, start, end in words:
        rebuilt.append(TEXT[cursor:start])  # what the tokenizer skipped (spaces, punctuation)
        rebuilt.append(TEXT[start:end])
        assert stem(TEXT[start:end].translate(THAI_DIGITS).lower()) == text
        assert not TEXT[cursor:start].strip(" -()")
        cursor = end
    rebuilt.append(TEXT[cursor:])
    assert "".join(rebuilt) == TEXT


def test_unspaced_thai_is_split_into_words():
    texts = [t for t, *_ in tokens(TEXT, mode="query")]
    assert "สิงคโปร์" in texts and "ไทย" in texts and "cybersecuriti" in texts  # English is stemmed
    assert "2563" in texts  # Thai digits are indexed as Arabic digits


def test_compound_parts_are_indexed_at_the_compound_position_but_not_queried():
    indexed = tokens("อาชญากรรมไซเบอร์", mode="index")
    positions = {pos for _t, pos, *_ in indexed}
    assert positions == {0}
    assert {"อาชญากรรมไซเบอร์", "อาชญากรรม", "ไซเบอร์"} <= {t for t, *_ in indexed}
    assert [t for t, *_ in tokens("อาชญากรรมไซเบอร์", mode="query")] == ["อาชญากรรมไซเบอร์"]


def test_parts_come_from_a_complete_split():
    parts = [p for p, *_ in word_parts("ความร่วมมือ")]
    assert "ร่วมมือ" in parts and "วา" not in parts
    assert word_parts("ไทย") == ()


def test_word_boundaries_fall_between_thai_words():
    bounds = word_boundaries("ความมั่นคงปลอดภัยไซเบอร์")
    assert 0 in bounds and len("ความมั่นคง") in bounds and len("ความมั่นคงปลอดภัย") in bounds
    assert 3 not in bounds


def test_latin_stemming_gives_whooshs_stems_for_every_token():
    """The filter skips the tokens no Porter rule can change (Thai, numbers, concept tokens):
    the result must be what Whoosh's StemFilter gives for all of them."""
    from whoosh.analysis import LowercaseFilter, StemFilter

    from app.search.analysis import ThaiTokenizer

    text = "".join(p.read_text() for p in sorted(SEEDS.glob("*.txt")))
    ours = thai_analyzer("nlpo3")
    whooshs = ThaiTokenizer("nlpo3") | LowercaseFilter() | StemFilter()
    tokens = [(t.text, t.pos) for t in ours(text, positions=True)]
    assert tokens == [(t.text, t.pos) for t in whooshs(text, positions=True)]
    assert any(t == "cooper" for t, _p in tokens)  # stemmed: cooperation
