"""Partner countries and named officials, from Thai and English text.

Countries: every CLDR name and alias is matched on Thai character-cluster boundaries (Thai has no
spaces, so a plain substring test would find ลาว inside ลาวัลย์) or on word boundaries (English).
People: an honorific or rank, a name of one to four words, an optional English name in brackets,
and a stated role; or, in English, a role followed by a capitalized name.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from app.reference import (
    KnownPerson,
    ambiguous_names,
    country_names,
    known_people,
    name_key,
    people_by_name,
)

HOME = "TH"


@dataclass(frozen=True)
class CountryMention:
    code: str
    start: int
    end: int
    text: str
    kind: str


def trie_pattern(words: list[str], after_first: str = "") -> str:
    """One regex for many literal words, shaped as a trie (สหรัฐ(?:ฯ|อเมริกา)?): Python's `re`
    tries every branch of a flat alternation at every position, which made this the slowest step
    of an ingest. Longer words still win, as in a longest-first alternation. `after_first` goes
    after each word's first character (a lookbehind there leaves `re` its quick scan for the
    first characters, which a lookbehind in front of the pattern turns off)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, guard: str = "") -> str:
        branches = [re.escape(ch) + guard + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return build(trie, after_first)


# Characters that never start a Thai character cluster (vowels and marks written after or above
# a consonant), and leading vowels, which never end one.
DEPENDENT = set("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
                "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
LEADING = set("\u0e40\u0e41\u0e42\u0e43\u0e44")


def cluster_boundary(text: str, i: int) -> bool:
    """Whether position i falls between Thai character clusters (so ลาว is not in ลาวัลย์)."""
    if i <= 0 or i >= len(text):
        return True
    return text[i] not in DEPENDENT and text[i - 1] not in LEADING


class CountryFinder:
    """Finds country names, aliases and country-implying agencies in text."""

    def __init__(self) -> None:
        names = country_names()
        self.code_of = {(n.text, n.lang): n for n in names}
        self.ambiguous = ambiguous_names()
        th = [n.text for n in names if n.lang == "th"]
        en = [n.text for n in names if n.lang == "en"]
        self.th_pattern = re.compile(trie_pattern(th))
        # Not after a letter, digit or full stop: `(?<![\w.])` in front, checked after the first
        # character as `(?<![\w.][\s\S])` (at the text's start, neither lookbehind has room).
        self.en_pattern = re.compile(trie_pattern(en, r"(?<![\w.][\s\S])") + r"(?![\w])")

    def find(self, text: str) -> list[CountryMention]:
        found: list[CountryMention] = []
        for m in self.th_pattern.finditer(text):
            if not (cluster_boundary(text, m.start()) and cluster_boundary(text, m.end())):
                continue
            if m[0] in self.ambiguous and not text[: m.start()].endswith(("ประเทศ", "สาธารณรัฐ")):
                continue
            name = self.code_of[(m[0], "th")]
            found.append(CountryMention(name.code, m.start(), m.end(), m[0], name.kind))
        for m in self.en_pattern.finditer(text):
            if m[0] in self.ambiguous:
                continue
            name = self.code_of[(m[0], "en")]
            found.append(CountryMention(name.code, m.start(), m.end(), m[0], name.kind))
        return sorted(found, key=lambda c: c.start)

    def first_foreign(self, text: str) -> str | None:
        for mention in self.find(text):
            if mention.code != HOME:
                return mention.code
        return None


_finder: CountryFinder | None = None


def country_finder() -> CountryFinder:
    global _finder
    if _finder is None:
        _finder = CountryFinder()
    return _finder


# ---------------------------------------------------------------- people

TH_HONORIFICS = [
    "นางสาว", "นาง", "น.ส.",
    # not นายก: the prime minister (นายกฯ, นายก alone, นายกรัฐมตรี misspelt), the head of a
    # council, association or town; nor นายพล, a general
    "นาย(?!ก(?:รัฐ|ฯ|และ|สมาคม|สภา|แพทยสภา|เทศมนตรี|เหล่ากาชาด|ราชบัณฑิต|องค์การ|อบ[จต]|$)|พล$|ทหาร|ตำรวจ|อำเภอ|ร้อย|สิบ|ห้าง|ช่าง|ทุน|จ้าง|หน้า|ด่าน|ประกัน|กอง|ทะเบียน|แพทย์)",
    "พลอากาศเอก", "พลอากาศโท", "พลอากาศตรี", "พลเรือเอก", "พลเรือโท", "พลเรือตรี",
    "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี", "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี",
    "พลเอกอาวุโส", "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท", "พันตรี",
    r"พล\.อ\.อ\.", r"พล\.อ\.ท\.", r"พล\.อ\.ต\.", r"พล\.ร\.อ\.", r"พล\.ร\.ท\.", r"พล\.ร\.ต\.",
    r"พล\.ต\.อ\.", r"พล\.ต\.ท\.", r"พล\.ต\.ต\.", r"พ\.ต\.อ\.", r"พ\.ต\.ท\.", r"พ\.ต\.ต\.",
    r"พล\.อ\.", r"พล\.ท\.", r"พล\.ต\.", r"พ\.อ\.", r"พ\.ท\.", r"พ\.ต\.",
    "ศาสตราจารย์พิเศษ", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ศาสตราจารย์",
    r"ผศ\.ดร\.", r"รศ\.ดร\.", r"ศ\.ดร\.", r"ผศ\.", r"รศ\.", r"ดร\.", r"ม\.ล\.", r"ม\.ร\.ว\.",
    "คุณหญิง", "ท่านผู้หญิง", "ดาตุก", "เซอรี", "ดาโต๊ะ", "ดาโตะ", "ตันศรี", "ฯพณฯ", r"ศ\.",
    r"\(พิเศษ\)",
]
TH_HONORIFIC = re.compile(
    "(?:" + "|".join(h if "\\" in h or "(" in h else re.escape(h) for h in TH_HONORIFICS) + r")\s*"
)
TH_ROLES = (
    "รองนายกรัฐมนตรี", "นายกรัฐมนตรี", "ผู้ช่วยรัฐมนตรี", "รัฐมนตรี", "รมว.", "รมช.", "รมต.",
    "เลขานุการรัฐมนตรี", "เลขา", "ที่ปรึกษา", "โฆษก", "รองโฆษก", "รองปลัด", "ปลัด", "รองอธิบดี", "อธิบดี",
    "เอกอัครราชทูต", "ออท.", "อัครราชทูต", "กงสุลใหญ่", "รองเลขาธิการ", "เลขาธิการ",
    "รองผู้อำนวยการ", "ผู้อำนวยการ", "รองผู้บัญชาการ", "ผู้บัญชาการ", "ผบ.", "รอง ผบ.",
    "รองประธานาธิบดี", "ประธานาธิบดี", "รองประธาน", "ประธาน", "รองผู้ว่าราชการ", "ผู้ว่าราชการ",
    "ผู้ว่าการ", "ผู้ตรวจราชการ", "จเร", "สมาชิกวุฒิสภา", "วุฒิสมาชิก", "ผู้แทนการค้า", "หัวหน้า",
    "รองผบ.", "ผบก.", "ผบช.", "ผกก.", "ผบ.ตร.", "รองผู้บังคับการ", "ผู้บังคับการ", "ผู้ช่วยเลขานุการ",
    "ผู้ช่วย", "นรม.", "องคมนตรี", "อุปทูต",
)
JUNIOR_ROLE = re.compile(
    r"(?:ผู้อำนวยการ|หัวหน้า)(?:กอง|ส่วน|กลุ่มงาน|ฝ่าย|งาน)|(?:Director|Head) of (?:the )?(?:Division|Section)"
)
ROLE_CONTINUATIONS = ("ของ", "แห่ง", "ประจำ", "กระทรวง", "(")
# Words between a name and its role: some qualify the role and stay in it (รอง ผบ.ตร., รักษาการ
# ที่ปรึกษา, อดีต รมว.), others only announce it (แต่งตั้ง นายX ดำรงตำแหน่ง ผู้อำนวยการ…).
ROLE_QUALIFIERS = ("รอง", "รักษาการ", "รักษาราชการแทน", "อดีต", "คณะทำงาน", "พ้นจากตำแหน่ง")
ROLE_LEADS = ("ดำรงตำแหน่ง", "ตำแหน่ง", "ข้าราชการพลเรือนสามัญ")
TH_NAME_PART = re.compile(r"^[\u0e01-\u0e4e.\-]{1,25}$|^[A-Z][A-Za-z'’\-]*\.?$")
# `ประจำ` (attached to) before an office; ประจำวงษ์ is a surname.
POSTED = ("ประจำสำนัก", "ประจำกระทรวง", "ประจำประเทศ")
# Words no name starts with: the verb, conjunction, kinship or role word after a name ends it
# (ประวิตร รับ…, นางX ภริยา รมว., นายX ดำรงตำแหน่ง…). Short words that also begin surnames (ส่ง,
# เร่ง, แทน, ของ: ส่งเสริมอุดมชัย, แทนทรัพย์) are not listed.
NOT_NAME_START = (
    "กล่าว", "เปิดเผย", "ได้", "และ", "พร้อม", "ร่วม", "เป็น", "ที่", "ซึ่ง", "โดย", "ให้", "เดินทาง",
    "เข้า", "ประชุม", "หารือ", "เพื่อ", "ใน", "จาก", "กับ", "ว่า", "ยัง", "จะ", "มี", "ทั้ง", "นำ",
    "รอง", "หน.", "รับ", "ย้ำ", "เน้นย้ำ", "ยืนยัน", "ระบุ", "ชี้แจง", "เผย", "สั่ง", "มอบ", "ห่วงใย",
    "คือ", "หรือ", "ขณะ", "นอกจากนี้", "ต่อจากนั้น", "ล่าสุด", "ลงพื้นที่", "ท่าน", "ภริยา", "สามี",
    "เธอ", "เจ้า", "นายก", "อุปนายก", "กำนัน", "ผู้", "กรรมการ", "คณะทำงาน", "คณะที่ปรึกษา",
    "คณะกรรมการ", "ข้าราชการ", "แห่ง", "กระทรวง", *POSTED, *ROLE_QUALIFIERS, *ROLE_LEADS,
)
EN_TITLES = re.compile(
    r"^(?:(?:H\.E\.|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Senator|the|Honourable|Honorable|Hon\.|Gen\.?|General|"
    r"Lt\.?|Col\.|Pol\.|Dato'?|Datuk|Seri|Sri|Excellency|His|Her|Madam|Samdech)\s+)+"
)
ROLE_TITLE = (
    r"(?:Prime Minister|Minister|Senator|Ambassador|Secretary-General|Secretary General|"
    r"Secretary|Director-General|Director General|Spokesperson|Spokesman|Governor|President|"
    r"Chairman|Commissioner|Commander|Attorney General)"
)
EN_ROLE = (
    r"(?:(?:Deputy|Vice|Assistant|Permanent|Under|Acting|Government|Foreign|Defen[cs]e|Chief|"
    r"Senior|Prime|Interior)\s+)*" + ROLE_TITLE
)
EN_RANK = r"(?:(?:H\.E\.|Samdech(?: Moha Borvor Thipadei| Akka Moha Sena Padei Techo)?|Mr\.|Ms\.|Mrs\.|Dr\.|Gen\.?|General|Lt-General|Lt\.\s?Gen\.|Lieutenant General|Maj\.\s?Gen\.|Pol\.\s?Gen\.|Police General|Admiral|Air Chief Marshal|Col\.|Colonel)\s+)"
EN_NAME_WORD = r"(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Za-z]+)*|[A-Z]{2,}|[A-Z]\.)"
EN_MINISTRY = (
    r"(?:\s+of\s+(?:the\s+)?(?:Foreign Affairs|Defen[cs]e|Interior|Justice|Finance|Commerce|"
    r"Digital Economy and Society|Public Security|Home Affairs|Labour|Labor|Tourism and Sports|"
    r"Higher Education,? Science,? Research and Innovation|Information and Communications?|"
    r"Industry,? Science,? Technology and Innovation|Posts and Telecommunications))?"
)
EN_PERSON = re.compile(
    rf"(?P<country>\b(?:U\.S\.|US|American|Thai|Singaporean|Australian|Japanese|Chinese|Cambodian|"
    rf"Lao|British|Indian|Israeli|Korean|French|Malaysian|Vietnamese|Philippine|Indonesian)\s+)?"
    rf"(?P<role>{EN_ROLE}{EN_MINISTRY})\s+{EN_RANK}*"
    rf"(?P<name>{EN_NAME_WORD}(?:\s+(?:{EN_NAME_WORD}|bin|binti|van|de)){{1,3}})(?![\w-])"
)
# `H.E. Mr. Sonexay Siphandone, Prime Minister of Lao People's Democratic Republic`
EN_PERSON_THEN_ROLE = re.compile(
    rf"{EN_RANK}+(?P<name>{EN_NAME_WORD}(?:\s+(?:{EN_NAME_WORD}|bin|binti|van|de)){{1,3}}),\s+"
    rf"(?P<role>{EN_ROLE}(?:\s+(?:of|to|for|and|the|[A-Z][\w'’()\-]*))*)"
)


@dataclass
class PersonMention:
    name_th: str | None
    name_en: str | None
    role: str | None
    country: str | None
    known: KnownPerson | None = None

    @property
    def written(self) -> str:
        return self.name_th or self.name_en or ""

    @property
    def key(self) -> str:
        if self.known:
            return "ref:" + self.known.slug
        return name_key(self.written)


def _strip_en_titles(name: str) -> str:
    return re.sub(r"\s+", " ", EN_TITLES.sub("", name.strip())).strip(" ,")


def _is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z .'’\-]+", text))


def _role_from(chunks: list[str], i: int) -> str | None:
    while i < len(chunks) and chunks[i] in ROLE_LEADS:
        i += 1
    if i >= len(chunks):
        return None
    qualifier = ""  # `รอง ผบ.ตร.`, `อดีต รมว.`
    if chunks[i] in ROLE_QUALIFIERS and i + 1 < len(chunks) and chunks[i + 1].startswith(TH_ROLES):
        qualifier, i = chunks[i] + " ", i + 1
    if not chunks[i].startswith(TH_ROLES):
        return None
    role = [qualifier + chunks[i]]
    for chunk in chunks[i + 1 : i + 4]:
        if chunk.startswith(ROLE_CONTINUATIONS) or chunk.endswith(")"):
            role.append(chunk)
        else:
            break
    return " ".join(role).strip(" ,")


# Where an honorific may be: each one as plain text, without its lookahead (นาย, not only นาย
# not followed by กรัฐมนตรี), as a trie. None holds a space, so a chunk (a word of the line,
# trimmed) in which TH_HONORIFIC finds one has a match of this inside the word, and a scan of
# the whole line finds one there.
HONORIFIC_CUE = re.compile(trie_pattern([
    re.sub(r"\\(.)", r"\1", re.sub(r"\(\?!.*\)$", "", h)) for h in TH_HONORIFICS
]))
WORD = re.compile(r"\S+")  # the words of str.split(), with their places


def honorific_words(line: str) -> list[int]:
    """The numbers of the words of `line` (as `line.split()` counts them) that may hold an
    honorific: the only ones where `_thai_person_at` can find a person. Checking every word
    of every line took half of the people's time; most words hold none."""
    cues = [m.start() for m in HONORIFIC_CUE.finditer(line)]
    if not cues:
        return []
    starts = [m.start() for m in WORD.finditer(line)]
    return sorted({bisect_right(starts, at) - 1 for at in cues})


# A closing bracket with the next word glued to it: `(หาน จื้อเฉียง)ออท.สาธารณรัฐประชาชนจีน`.
GLUED_CLOSE = re.compile(r"\)(?=\w)")


def thai_people(text: str) -> list[PersonMention]:
    """People written `honorific name [ (English name) ] role` in Thai text."""
    mentions = []
    for line in text.split("\n"):
        candidates = honorific_words(line)
        if not candidates:
            continue
        if ")" in line:  # the bracket ends its word: what follows is a role, not the name
            line = GLUED_CLOSE.sub(") ", line)
            candidates = honorific_words(line)
        chunks = [c.strip("“”\"'‘’,") for c in line.split()]
        i = 0
        for at in candidates:
            if at < i:
                continue  # inside the person found before
            found = _thai_person_at(chunks, at)
            if found is not None:
                mention, i = found
                mentions.append(mention)
    return mentions


def _thai_person_at(chunks: list[str], i: int) -> tuple[PersonMention, int] | None:
    """Try each honorific in the chunk: Thai glues names to the word before (ต้อนรับนายจอห์น)."""
    chunk = chunks[i].lstrip("(")
    for honorific in TH_HONORIFIC.finditer(chunk):
        if not cluster_boundary(chunk, honorific.end()):
            continue  # นาย in อุปนายิกา: a name starts no cluster halfway
        found = _thai_person_after(chunks, i, chunk[honorific.end() :])
        if found is not None:
            return found
    return None


# Roles that are also pieces of names (สุนทรเลขา, ประธาน as a given name).
NAME_LIKE_ROLES = {"เลขา", "จเร", "ปลัด", "ประธาน"}
# What is written glued to the end of a name, where the name ends: a verb of saying or of
# taking office (นายชัยวุฒิกล่าวย้ำว่า, ฟูมิโอะเข้ารับตำแหน่ง), `และ` before the next person
# (จันทร์โอชาและพล.อ.ประวิตร), or a role or office (วงษ์สุวรรณรองนายกรัฐมนตรี, ห่วงทรัพย์โฆษก…,
# คลังแสงรมว., ศุภมงคลประจำสำนัก…). Two letters of the name come first.
GLUED_AFTER_NAME = re.compile(
    r"(?<=[\u0e01-\u0e4e]{2})(?:"
    r"(?:ยัง|ได้|จึง)?(?:กล่าว|เปิดเผย|เน้นย้ำ|ย้ำ|ยืนยัน|ระบุว่า|ชี้แจง|ให้สัมภาษณ์|มอบหมาย)"
    r"|(?:เข้ารับ|ดำรง|พ้นจาก)ตำแหน่ง"
    r"|และ(?=" + HONORIFIC_CUE.pattern + ")|" + "|".join(POSTED) + "|"
    + "|".join(re.escape(r) for r in sorted(set(TH_ROLES) - NAME_LIKE_ROLES, key=len, reverse=True))
    + ")"
)
NAME_PART_MAX = 4
BRACKET_MAX = 10  # words of a name in brackets, titles included: (His Excellency Senior General…)


def _name_word(word: str) -> tuple[str, str]:
    """A word of a name, and what is glued after it: `ชัยวุฒิกล่าวย้ำว่า` -> `ชัยวุฒิ`, `กล่าวย้ำว่า`."""
    glued = GLUED_AFTER_NAME.search(word)
    return (word[: glued.start()], word[glued.start() :]) if glued else (word, "")


def _thai_name(chunks: list[str], j: int, rest: str) -> tuple[list[str], int, str]:
    """The words of a name that starts with `rest` and goes on at chunks[j]: up to four, up to a
    word that is no name (a role, a verb, the next person's honorific, a bracket) or to what is
    glued after one. Returns the words, where the text goes on, and what was glued."""
    abbreviated = rest.endswith("ฯ")  # `ประวิตรฯ`: an abbreviated name ends at the mark
    first, glued = _name_word(rest.rstrip("ฯ"))
    parts = [first] if first else []
    while not (abbreviated or glued) and j < len(chunks) and len(parts) < NAME_PART_MAX:
        word = chunks[j]
        if word == "ฯ":  # `ประวิตร ฯ รองนายกรัฐมนตรี`: an abbreviated name ends here
            return parts, j + 1, ""
        if (
            not word
            or word.startswith(TH_ROLES)
            or word.startswith("(")
            or word.startswith(NOT_NAME_START)
            or TH_HONORIFIC.match(word)  # the next person: `นายX Y นางสาวZ W`
        ):
            break
        part, glued = _name_word(word)
        if not TH_NAME_PART.match(part):
            glued = ""
            break
        parts.append(part)
        j += 1
    return parts, j, glued


def _bracketed_name(chunks: list[str], j: int) -> tuple[str, int] | None:
    """`(Mr. John Smith)` or `(ปาเวล ปีเตล)` at chunks[j]: the name inside, and where the text
    goes on. A bracket that does not close within a few words holds no name."""
    for k in range(j, min(j + BRACKET_MAX, len(chunks))):
        if chunks[k].endswith(")"):
            return _strip_en_titles(" ".join(chunks[j : k + 1]).strip("() ")), k + 1
    return None


def _thai_person_after(chunks: list[str], i: int, rest: str) -> tuple[PersonMention, int] | None:
    j = i + 1
    while not rest and j < len(chunks):  # honorifics written as separate words: พลเอก ดร. X
        nxt = TH_HONORIFIC.match(chunks[j])
        if nxt and nxt.end() == len(chunks[j]):
            j += 1
            continue
        rest = chunks[j]
        rest = rest[nxt.end() :] if nxt else rest
        j += 1
    parts, j, glued = _thai_name(chunks, j, rest)
    if not parts or not all(TH_NAME_PART.match(p) for p in parts):
        return None
    if parts[0].startswith(TH_ROLES) or parts[0].startswith(NOT_NAME_START):
        return None
    if len(parts[0].rstrip(".")) < 2:  # `ก` of นายก, `ท.` of an unlisted rank: no name
        return None
    if len(parts) == 1 and j < len(chunks) and TH_HONORIFIC.match(chunks[j]):
        return None  # one word, then the next person: a title's word (ศาสตราจารย์ พิเศษ ดร.X)
    name = " ".join(parts)
    name_en = None
    bracket = None
    if not glued and j < len(chunks) and chunks[j].startswith("("):
        bracket = _bracketed_name(chunks, j)
    if bracket:
        inner, after = bracket
        words = inner.split()
        if _is_latin(inner) and any(w[:1].isupper() for w in words):
            name_en, j = inner, after
        elif _is_latin(name) and 0 < len(words) <= NAME_PART_MAX and all(
            map(TH_NAME_PART.match, words)
        ):
            name_en, name = name, inner  # `นาย Pavel Pitel (ปาเวล ปีเตล)`: the Thai form is the name
            j = after
    # Text glued to the name ends it but is no role: the words run on (ชินวัตรนายกรัฐมนตรีเดินทาง
    # เยือนมาเลเซีย… is no Malaysian office), or are what the person said.
    role = None if glued else _role_from(chunks, j)
    if role is None and i > 0 and chunks[i - 1].startswith(TH_ROLES):
        # `นายกรัฐมนตรีญี่ปุ่น นายคิชิดะ ฟูมิโอะ ฝากความ…`: the role comes first, and nothing marks
        # where the name ends, so it is taken as given name and surname.
        role = chunks[i - 1]
        if not name_en and len(parts) > 2:
            name = " ".join(parts[:2])
    known = people_by_name().get(name_key(name)) or (
        people_by_name().get(name_key(name_en)) if name_en else None
    )
    if role is None and known is None:
        return None
    if role and JUNIOR_ROLE.match(role) and known is None:
        return None  # division and section heads are not the senior officials the archive lists
    if _is_latin(name):
        name_th, name_en = None, name_en or name
    else:
        name_th = name
    used_role_after = role is not None and not glued and _role_from(chunks, j) is not None
    country = role_country(role) if role else None
    country = country or (known.country if known else None) or HOME
    return PersonMention(name_th, name_en, role, country, known), j + (1 if used_role_after else 0)


POSTED_TO = re.compile(r"ประจำ|\bto\b")


def role_country(role: str) -> str | None:
    """The government a role serves. `เอกอัครราชทูตสหรัฐฯ ประจำประเทศไทย` serves the US, but
    `เอกอัครราชทูตไทยประจำกรุงเวียนนา` and `Ambassador … to Austria` serve whoever is named
    before the posting, or Thailand when no one is."""
    finder = country_finder()
    posted = POSTED_TO.search(role)
    if posted:
        return finder.first_foreign(role[: posted.start()]) or HOME
    return finder.first_foreign(role)


# Both patterns need a role, and a role needs its title: most texts have none. (The title
# alone, without the optional words before it, is searched ten times faster.)
EN_ROLE_WORD = re.compile(ROLE_TITLE)


def english_people(text: str) -> list[PersonMention]:
    if not EN_ROLE_WORD.search(text):
        return []
    mentions = []
    for m in EN_PERSON.finditer(text):
        name = m["name"]
        known = people_by_name().get(name_key(name))
        role = ((m["country"] or "") + m["role"]).strip()
        country = country_finder().first_foreign(m["country"] or "") or (
            known.country if known else HOME
        )
        mentions.append(PersonMention(None, name, role, country, known))
    for m in EN_PERSON_THEN_ROLE.finditer(text):
        name, role = m["name"], m["role"].strip()
        known = people_by_name().get(name_key(name))
        country = role_country(role) or (known.country if known else HOME)
        mentions.append(PersonMention(None, name, role, country, known))
    return mentions


@lru_cache(maxsize=1)
def _known_spellings() -> list[tuple[KnownPerson, list[tuple[str, bool]]]]:
    """Each reference person's spellings long enough to look for, with whether each is Thai
    (worked out once, not for every article)."""
    return [
        (person, [(name, not _is_latin(name)) for name in person.all_names if len(name) >= 6])
        for person in known_people()
    ]


def known_people_named(text: str) -> list[PersonMention]:
    """Reference people named anywhere in the text in one of their spellings."""
    found = []
    for person, spellings in _known_spellings():
        for name, is_th in spellings:
            if name in text:
                found.append(
                    PersonMention(
                        name if is_th else None, None if is_th else name, None, person.country, person
                    )
                )
                break
    return found


# The database keeps names and slugs up to 200 characters and roles up to 500 (PostgreSQL
# refuses longer ones, and the article with them): a longer "name" is a run of text without
# spaces that a name pattern caught, and a role is cut.
NAME_MAX = 150
ROLE_MAX = 300


def extract_people(title: str, body: str, lang: str) -> list[PersonMention]:
    """Every official named with a role, merged per person, in order of first mention."""
    text = f"{title}\n{body}"
    merged: dict[str, PersonMention] = {}
    for mention in thai_people(text) + english_people(text):
        if len(mention.name_en or "") > NAME_MAX:
            mention.name_en = None
        if not mention.written or len(mention.written) > NAME_MAX:
            continue
        if mention.role and len(mention.role) > ROLE_MAX:
            mention.role = mention.role[: ROLE_MAX - 1] + "…"
        existing = merged.get(mention.key)
        if existing is None:
            merged[mention.key] = mention
            continue
        existing.name_th = existing.name_th or mention.name_th
        existing.name_en = existing.name_en or mention.name_en
        existing.role = existing.role or mention.role
    # A known person named without a role pattern (e.g. in a quote) is still named in the article.
    for mention in known_people_named(text):
        merged.setdefault(mention.key, mention)
    return list(merged.values())
