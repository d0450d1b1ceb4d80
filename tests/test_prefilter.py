"""The cheap first check in front of the cyber vocabulary: it may let through a text the pattern
does not match, never hold back one it does, so verdicts are the same with it or without it."""

import re
import sys

import pytest

from app.ingest import relevance
from app.ingest.normalize import parse_article
from app.ingest.prefilter import ASCII_LOOKALIKES, WordCheck, fold, needs_of
from app.ingest.readers import decode
from app.ingest.relevance import vocabulary
from tests.conftest import SEED_FILES
from tests.test_relevance import verdict


def test_needs_are_what_every_match_contains():
    def needs(pattern):
        return needs_of(re.compile(pattern, re.IGNORECASE))

    assert needs(r"หลอกลวง\s*(?:ทาง)?\s*ออนไลน์") == ("all", [("word", "หลอกลวง"), ("word", "ออนไลน์")])
    assert needs(r"(?-i:ThaiCERT|\bCERT\b)") == ("any", [("word", "thaicert"), ("word", "cert")])
    assert needs(r"online (?:fraud|crime)") == (  # a word never holds a space
        "all", [("word", "online"), ("any", [("word", "fraud"), ("word", "crime")])])
    assert needs(r"scams?") == ("word", "scam") and needs(r"(?:ab)+c") == ("all", [("word", "ab"), ("word", "c")])
    assert needs(r"a|b") is None  # one-letter alternatives are a character class
    assert needs(r"cyber|[a-z]+ scam|\w+") is None  # one alternative needs nothing
    assert needs(r"Ωmega") == ("word", "mega")  # only ASCII and Thai letters make words


def test_fold_is_how_re_ignores_case():
    """Every character that `re`, ignoring case, matches to an ASCII or Thai character folds to
    the same character as that one: a word that `re` finds is in the folded text."""
    chars = [chr(c) for c in [*range(0x80), *range(0xE00, 0xE80)]]
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    cls = re.compile("[\x00-\x7f\u0e00-\u0e7f]", re.IGNORECASE)
    for m in cls.finditer(every):
        for char in chars:
            if re.fullmatch(re.escape(char), m[0], re.IGNORECASE):
                assert fold(m[0]) == fold(char), (char, m[0])
    assert {fold(c) for c in ASCII_LOOKALIKES} <= set("is")


@pytest.mark.parametrize("text", [
    "ความร่วมมือด้านไซเบอร์", "ตำรวจไซเบอร์จับกุม", "ปราบปรามแก๊ง คอล เซ็นเตอร์", "AOC 1441",
    "ſcam centres", "CYBER security", "call-centre scam", "ThaiCERT", "eſafety", "DİGİTAL SECURITY",
    "ความมั่นคงปลอดภัยทางดิจิทัล", "online FRAUD", "Technology Crime Suppression",
])
def test_a_text_the_pattern_matches_always_passes(text):
    pattern = vocabulary().cyber
    assert pattern.search(relevance._blank(text, vocabulary().cyber_units)) or pattern.search(text)
    assert WordCheck(pattern).may_match(text)


def test_most_texts_are_held_back():
    check = WordCheck(vocabulary().cyber)
    assert not check.may_match("นายกรัฐมนตรีประชุมคณะรัฐมนตรี ด้านความปลอดภัยทางถนน")
    assert not check.may_match("The ministers discussed online learning and call rates.")


def test_verdicts_are_the_same_without_the_check(monkeypatch):
    articles = [parse_article(decode(path.read_bytes())[0]) for path in SEED_FILES]

    def verdicts():
        return [verdict(a.title, a.body, a.lang) for a in articles]

    with_check = verdicts()
    always = WordCheck(re.compile(r"\w+"))
    assert always.need is None and always.may_match("")
    monkeypatch.setattr(relevance, "_cyber_words", lambda: always)
    assert verdicts() == with_check
