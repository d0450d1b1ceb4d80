"""Faster forms of analysis steps give what the plain forms gave: the same counts, matches and
people, on every character and on many generated texts (the stored results must not change)."""

import hashlib
import random
import re
import sys

from app import textnorm
from app.ingest import dedup, extract, relevance
from app.ingest.extract import (
    TH_HONORIFICS,
    country_finder,
    known_people_named,
    thai_people,
    trie_pattern,
)
from app.ingest.prefilter import WordCheck, fold
from app.ingest.relevance import vocabulary
from app.reference import country_names, known_people

EVERY_CHAR = "".join(map(chr, range(sys.maxunicode + 1))).encode("utf-8", "surrogatepass").decode(
    "utf-8", "replace")


def plain_thai_ratio(text: str) -> float:
    letters = re.compile(r"[^\W\d_]").subn("", text)[1]
    thai = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]").subn("", text)[1]
    return thai / letters if letters else 0.0


def test_thai_ratio_counts_every_character_as_before():
    for start in range(0, len(EVERY_CHAR), 4096):
        piece = EVERY_CHAR[start : start + 4096]
        assert textnorm.thai_ratio(piece) == plain_thai_ratio(piece)
    rnd = random.Random(7)
    alphabet = "กขคเแาิ่้์ํำ ะ_1๑aZ.\n\u00b2\u2160ß"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert textnorm.thai_ratio(text) == plain_thai_ratio(text)


def texts_with_names(names: list[str], seed: int) -> list[str]:
    rnd = random.Random(seed)
    glue = ["", " ", ".", "a", "1", "_", "-", ",", "ไทย", "ประเทศ", "ฯ", "\n", "(", "ั", "เ", "X"]
    out = []
    for _ in range(4000):
        parts = []
        for _ in range(rnd.randint(1, 6)):
            parts.append(rnd.choice(glue))
            name = rnd.choice(names)
            parts.append(name[: rnd.randint(1, len(name))] if rnd.random() < 0.2 else name)
        parts.append(rnd.choice(glue))
        out.append("".join(parts))
    return out


def test_english_country_pattern_matches_as_with_the_lookbehind_in_front():
    names = [n.text for n in country_names() if n.lang == "en"]
    plain = re.compile(r"(?<![\w.])" + trie_pattern(names) + r"(?![\w])")
    fast = country_finder().en_pattern
    for text in texts_with_names(names, 3):
        assert [(m.span(), m[0]) for m in fast.finditer(text)] == \
            [(m.span(), m[0]) for m in plain.finditer(text)], text


def plain_thai_people(text: str) -> list:
    """thai_people as it was: every word of every line tried (a line cut into words as
    thai_people cuts it, a closing bracket ending its word)."""
    mentions = []
    for line in text.split("\n"):
        line = extract.GLUED_CLOSE.sub(") ", line)
        chunks = [c.strip("“”\"'‘’,") for c in line.split()]
        i = 0
        while i < len(chunks):
            found = extract._thai_person_at(chunks, i)
            if found is None:
                i += 1
                continue
            mention, i = found
            mentions.append(mention)
    return mentions


def test_thai_people_tries_only_words_with_an_honorific_and_finds_the_same():
    honorifics = [re.sub(r"\\(.)", r"\1", re.sub(r"\(\?!.*\)$", "", h)) for h in TH_HONORIFICS]
    words = [*honorifics, "นายกรัฐมนตรี", "นายทหาร", "ประยุทธ์", "จันทร์โอชา", "สมชาย", "(John Smith)",
             "รัฐมนตรีว่าการกระทรวงการต่างประเทศ", "เอกอัครราชทูต", "ประจำ", "ฯ", "“", "”", "กล่าว",
             "(", ")", "Smith", "รอง", "ผบ.ตร.", "ของ", "ญี่ปุ่น", "\u3000", "\t", "ที่ปรึกษา"]
    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice(words) + rnd.choice(["", " ", " ", "  ", "\n", "\u00a0"])
                       for _ in range(rnd.randint(1, 14)))
        assert thai_people(text) == plain_thai_people(text), text


def test_known_people_named_as_before():
    def plain(text):
        found = []
        for person in known_people():
            for name in person.all_names:
                if len(name) >= 6 and name in text:
                    is_th = not extract._is_latin(name)
                    found.append(extract.PersonMention(
                        name if is_th else None, None if is_th else name, None, person.country, person))
                    break
        return found

    names = [n for p in known_people() for n in p.all_names]
    for text in texts_with_names(names, 5)[:1000]:
        assert known_people_named(text) == plain(text)


def test_letters_keys_keep_what_the_regex_keeps():
    plain = re.compile(r"[\W_]+")
    for start in range(0, len(EVERY_CHAR), 65536):
        piece = EVERY_CHAR[start : start + 65536]
        assert dedup._letters(piece) == plain.sub("", piece.casefold())
    rnd = random.Random(9)
    alphabet = "กขคเแาิ่้์ํำ ะ_1๑aZ.\nßİΣς\u00b2\u2160\U0001d400"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert dedup._letters(text) == plain.sub("", text.casefold())
        assert dedup.content_key(text, text[::-1]) == hashlib.sha256(
            plain.sub("", (text + "\n" + text[::-1]).casefold()).encode()).hexdigest()


def test_compiled_word_check_says_what_the_need_tree_says():
    def holds(need, folded):
        kind, arg = need
        if kind == "word":
            return arg in folded
        if kind == "all":
            return all(holds(n, folded) for n in arg)
        return any(holds(n, folded) for n in arg)

    check = WordCheck(vocabulary().cyber)
    words = [w for w in re.findall(r"'word', '([^']*)'", repr(check.need))]
    rnd = random.Random(13)
    for _ in range(5000):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 3)))
        text = "".join(c.upper() if rnd.random() < 0.3 else c for c in text)
        assert check.may_match(text) == holds(check.need, fold(text)), text


def test_sentence_splits_as_before():
    en = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"(0-9])")
    th = re.compile(r"\s+(?=(?:" + "|".join(map(re.escape, relevance.TH_SENTENCE_START)) + "))")
    rnd = random.Random(17)
    words = [*relevance.TH_SENTENCE_START, "ทั้ง", "ด้", "a.", "A", "x;", "?", "!", "“Q", "(1", "9", ".",
             "ประชุม", "\u00a0", "\u3000"]
    for _ in range(5000):
        text = "".join(rnd.choice(words) + rnd.choice(["", " ", "  ", "\t", " \u00a0"])
                       for _ in range(rnd.randint(0, 10)))
        assert relevance.EN_SENTENCE_END.split(text) == en.split(text), text
        assert relevance.TH_SENTENCE_SPLIT.split(text) == th.split(text), text


THAI_MIX = "เแโใไะาำๅัิีึืํ็ฺุู่้๊๋์๎กขค a\t\u00a0\u3000\u200b\r\n"


def test_whole_text_normalization_is_each_line_normalized():
    rnd = random.Random(19)
    for _ in range(20000):
        text = "".join(rnd.choice(THAI_MIX) for _ in range(rnd.randint(0, 12)))
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert textnorm.normalize_text(text) == "\n".join(map(textnorm.normalize_line, lines))
        if any(textnorm.NEEDS_THAI_NORMALIZE.search(line) for line in text.split("\n")):
            assert textnorm.may_need_thai_normalize(text), text
