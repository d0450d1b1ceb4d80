"""The query lexicon: every name a concept goes by, in Thai and in English.

A concept is a glossary term (`seeds/reference/glossary.toml`), a country (CLDR names plus
`countries.toml` aliases) or a known person (`people.toml`). A query naming any form of a
concept is expanded to all its forms, so one country is one query whatever the spelling, and
an English query reaches Thai articles. Countries and people also match the articles tagged
with them, whatever the article calls them.
"""

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

from app.ingest.extract import cluster_boundary, trie_pattern
from app.reference import REFERENCE_DIR, country_names, country_table, known_people
from app.textnorm import THAI

LATIN_WORD = re.compile(r"[^\W_\u0e00-\u0e7f]+")
# A country or person given name shorter than this is not a concept on its own.
MIN_GIVEN_NAME_CHARS = 4


@dataclass(frozen=True)
class Concept:
    key: str  # "term:3", "country:US", "person:prawit-wongsuwon"
    label: str  # how the page names it
    forms: tuple[str, ...]  # every surface form, searched in titles and bodies
    tag: tuple[str, str] | None = None  # (index field, value): articles tagged with it
    # A cyber-matter term (cyber, scam, call centre…): an article judged to be on bilateral
    # cyber cooperation is about it whatever words it uses, so the verdict counts as a match.
    topic: bool = False


@dataclass(frozen=True)
class Match:
    concept: Concept
    start: int
    end: int
    text: str


def concept_token(key: str) -> str:
    """The index term that stands for a concept wherever any of its forms is written. The
    brackets keep it apart from every word, and no lowercasing or stemming rule changes it."""
    return f"⟦{key.lower()}⟧"


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """How one Latin word is compared: stemmed and lowercased, except that a word whose
    lowercase is a common English word (US, IT) must be written in capitals."""
    low = word.lower()
    return word if low in STOP_WORDS else stem(low)


def latin_key(words: list[str]) -> tuple[str, ...]:
    return tuple(word_key(w) for w in words)


class Lexicon:
    """Finds concept forms in a query: longest match first, Thai on cluster boundaries."""

    def __init__(self, concepts: list[Concept]):
        self.latin: dict[tuple[str, ...], Concept] = {}
        thai: dict[str, Concept] = {}
        for concept in concepts:
            for form in concept.forms:
                if THAI.search(form):
                    thai.setdefault(form, concept)
                else:
                    words = LATIN_WORD.findall(form)
                    if words:
                        self.latin.setdefault(latin_key(words), concept)
        self.thai = thai
        self.thai_pattern = re.compile(trie_pattern(sorted(thai))) if thai else None
        self.longest = max((len(k) for k in self.latin), default=0)
        self.first_words = {k[0] for k in self.latin}
        self._inside: dict[tuple[str, str], tuple[tuple[int, int, str], ...]] = {}
        described = sorted((c.key, c.forms, c.tag or ("", "")) for c in concepts)
        # Changes whenever a concept, a form or a tag changes: the index must then be rebuilt.
        self.fingerprint = hashlib.sha1(repr(described).encode()).hexdigest()[:16]

    def annotate(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, concept token) for every concept written in a document, and for the
        concepts written inside it (ไซเบอร์ inside อาชญากรรมไซเบอร์), in text order."""
        out = []
        for match in self.find(text):
            out.append((match.start, match.end, concept_token(match.concept.key)))
            key = (match.concept.key, match.text)
            inside = self._inside.get(key)
            if inside is None:
                inside = self._inside[key] = tuple(
                    (m.start, m.end, concept_token(m.concept.key)) for m in self.inside(match))
            out.extend((match.start + s, match.start + e, token) for s, e, token in inside)
        return out

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in text order."""
        found = self._find_thai(text) + self._find_latin(text)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept, end = [], 0
        for match in found:
            if match.start >= end:
                kept.append(match)
                end = match.end
        return kept

    def inner(self, match: Match) -> list[Concept]:
        """Other concepts written inside a match (แก๊ง and คอลเซ็นเตอร์ in แก๊งคอลเซ็นเตอร์):
        the longest ones at each place, found as if the whole form were not in the lexicon."""
        kept, end = [], 0
        for m in self.inside(match):
            if m.start >= end:
                kept.append(m.concept)
                end = m.end
        return kept

    def inside(self, match: Match) -> list[Match]:
        """Every other concept written inside a match, nested ones included (ไซเบอร์ inside
        ความปลอดภัยทางไซเบอร์), with offsets into the match's text, in text order."""
        text = match.text
        found: list[Match] = []
        if THAI.search(text):
            for form, concept in self.thai.items():
                if concept is match.concept or len(form) >= len(text):
                    continue
                start = text.find(form)
                while start >= 0:
                    end = start + len(form)
                    if cluster_boundary(text, start) and cluster_boundary(text, end):
                        found.append(Match(concept, start, end, form))
                    start = text.find(form, start + 1)
        else:
            words = list(LATIN_WORD.finditer(text))
            for n in range(len(words) - 1, 0, -1):
                for i in range(len(words) - n + 1):
                    run = words[i:i + n]
                    concept = self.latin.get(latin_key([w[0] for w in run]))
                    if concept is not None and concept is not match.concept:
                        start, end = run[0].start(), run[-1].end()
                        found.append(Match(concept, start, end, text[start:end]))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return found

    def _find_thai(self, text: str) -> list[Match]:
        if self.thai_pattern is None:
            return []
        found = []
        for m in self.thai_pattern.finditer(text):
            if cluster_boundary(text, m.start()) and cluster_boundary(text, m.end()):
                found.append(Match(self.thai[m[0]], m.start(), m.end(), m[0]))
        return found

    def _find_latin(self, text: str) -> list[Match]:
        words = list(LATIN_WORD.finditer(text))
        found, i = [], 0
        while i < len(words):
            if word_key(words[i][0]) not in self.first_words:
                i += 1
                continue
            for n in range(min(self.longest, len(words) - i), 0, -1):
                run = words[i:i + n]
                if n > 1 and not _adjacent(text, run):
                    continue
                concept = self.latin.get(latin_key([w[0] for w in run]))
                if concept is not None:
                    start, end = run[0].start(), run[-1].end()
                    if text[end:end + 1] == "." and len(run[-1][0]) == 1:
                        end += 1  # the full stop of U.S.
                    found.append(Match(concept, start, end, text[start:end]))
                    i += n
                    break
            else:
                i += 1
        return found


def _adjacent(text: str, run: list[re.Match]) -> bool:
    """Words of one form are separated by spaces, hyphens or dots only (U.S., call-centre)."""
    return all(re.fullmatch(r"[\s.\-]*", text[a.end():b.start()]) for a, b in zip(run, run[1:], strict=False))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(glossary_concepts() + country_concepts() + person_concepts())


def glossary_concepts(path: Path = REFERENCE_DIR / "glossary.toml") -> list[Concept]:
    with open(path, "rb") as fh:
        terms = tomllib.load(fh).get("term", [])
    concepts = []
    for i, term in enumerate(terms):
        forms = tuple(dict.fromkeys([*term.get("en", []), *term.get("th", [])]))
        if forms:
            concepts.append(Concept(f"term:{i}", forms[0], forms, topic=term.get("topic", False)))
    return concepts


def country_concepts() -> list[Concept]:
    """Names and aliases, not agencies: a query for the FBI is not a query for the US."""
    forms: dict[str, list[str]] = {}
    for name in country_names():
        if name.kind != "agency":
            forms.setdefault(name.code, []).append(name.text)
    table = country_table()
    return [
        Concept(f"country:{code}", table[code][0], tuple(dict.fromkeys(texts)), ("countries", code))
        for code, texts in sorted(forms.items())
    ]


def person_concepts() -> list[Concept]:
    """Full names in both scripts and every known variant; a Thai official's given name alone
    (ประวิตร, Prawit) too, as the press writes it, when no other known person shares it."""
    people = known_people()
    given: dict[str, list[str]] = {}
    for person in people:
        if person.country == "TH":
            for name in person.all_names:
                first = name.split()[0]
                if len(first) >= MIN_GIVEN_NAME_CHARS and first != name:
                    given.setdefault(first, []).append(person.slug)
    concepts = []
    for person in people:
        names = list(person.all_names)
        names += [g for g, slugs in given.items() if set(slugs) == {person.slug}
                  and any(n.split()[0] == g for n in person.all_names)]
        label = person.name_en or person.name_th or person.slug
        concepts.append(Concept(f"person:{person.slug}", label, tuple(dict.fromkeys(names)),
                                ("people", person.slug)))
    return concepts
