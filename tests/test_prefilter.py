"""The cheap first check in front of the cyber vocabulary: it may let through a text the pattern
does not match, never hold back one it does, so verdicts are the same with it or without it."""

import re
import sys

import pytest

from app.ingest import relevance
from app.ingest.prefilter import ASCII_LOOKALIKES, WordCheck, fold, required_words
from app.ingest.readers import decode
from app.ingest.relevance import vocabulary
from tests.conftest import SEED_FILES
from tests.test_relevance import verdict


def test_words_are_those_every_match_needs():
    def words(pattern, flags=re.IGNORECASE):
        return required_words(re.compile(pattern, flags))

    assert words(r"หลอกลวง\s*(?:ทาง)?\s*ออนไลน์") == {"หลอกลวง"}  # optional parts need nothing
    assert words(r"(?:ab|cd)\s*(?:call\s*cent|คอล\s*เซ็นเตอร์)") == {"call", "เซ็นเตอร์"}
    assert words(r"(?-i:ThaiCERT|\bCERT\b)") == {"ThaiCERT", "CERT"}
    assert words(r"online (?:fraud|crime)") == {"online"}  # words never hold a space
    assert words(r"(?:x)+yz") == {"yz"} and words(r"(?:abc)+y") == {"abc"}
    assert words(r"a|b") is None  # a class of one-letter alternatives
    assert words(r"cyber|[a-z]+ scam|\w+") is None  # one alternative needs no word at all


def test_fold_is_how_re_ignores_case():
    """Every character that `re` matches, ignoring case, to a character of the words folds
    to the same character: a word that `re` finds is found in the folded text."""
    chars = {c for pattern in (vocabulary().cyber, vocabulary().cyber_units)
             for word in required_words(pattern) for c in word}
    chars |= set("abcdefghijklmnopqrstuvwxyz")
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for char in sorted(chars):
        for m in re.finditer(re.escape(char), everything, re.IGNORECASE):
            assert fold(m[0]) == fold(char), (char, m[0])
    assert all(fold(c) == letter for c, letter in ASCII_LOOKALIKES.items())


@pytest.mark.parametrize("text", [
    "ความร่วมมือด้านไซเบอร์", "ตำรวจไซเบอร์จับกุม", "ปราบปรามแก๊ง คอล เซ็นเตอร์", "AOC 1441",
    "ſcam centres", "CYBER security", "call-centre scam", "ThaiCERT", "eſafety", "DİGİTAL SECURITY",
])
def test_a_text_the_pattern_matches_always_passes(text):
    pattern = vocabulary().cyber
    assert pattern.search(relevance._blank(text, vocabulary().cyber_units)) or pattern.search(text)
    assert WordCheck(pattern).may_match(text)


def test_most_texts_are_held_back():
    assert not WordCheck(vocabulary().cyber).may_match("นายกรัฐมนตรีประชุมคณะรัฐมนตรี ด้านเกษตร")


def test_verdicts_are_the_same_without_the_check(monkeypatch):
    articles = [decode(path.read_bytes())[0] for path in SEED_FILES]
    from app.ingest.normalize import parse_article

    def verdicts():
        out = []
        for text in articles:
            a = parse_article(text)
            out.append(verdict(a.title, a.body, a.lang))
        return out

    with_check = verdicts()
    always = WordCheck(re.compile(""))
    assert always.words is None and always.may_match("anything")
    monkeypatch.setattr(relevance, "_cyber_words", lambda: always)
    assert verdicts() == with_check
