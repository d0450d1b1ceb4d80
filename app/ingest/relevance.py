"""Is an article about Thailand's bilateral cooperation on a cyber matter? A verdict with evidence.

The decision follows the rules in the corpus' LABELS.md and stays explainable: it is a sum of a
few named signals, each backed by the sentence that produced it, so a reader of the article page
can see why it is in the archive. Nothing is trained; the vocabulary is in
`seeds/reference/relevance.toml`, and the weights below were set by hand while reading the
development labels.

Signals:
- cyber: a cyber term in the headline, or in a sentence of its own (not one entry in a list of
  other cooperation areas);
- partner: a foreign government that Thailand deals with, scored by how it appears: its
  officials, the headline, a bilateral pattern (ไทย-กัมพูชา, Thailand and Laos), a sentence that
  also names the cyber matter. Venues, hosts, blocs, companies and business councils do not count;
- engagement: meeting, visiting, agreeing or coordinating with that partner;
- multilateral: a headline about a multilateral event without a bilateral meeting in it.
"""

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from app.ingest.extract import HOME, CountryMention, PersonMention, country_finder, trie_pattern
from app.ingest.prefilter import WordCheck
from app.reference import REFERENCE_DIR, country_table

THRESHOLD = 6.0  # in practice: cyber, a linked partner, and a dealing with it
LIST_AREAS = 3  # other cooperation areas around a cyber term that make it a list entry
WINDOW = 160  # characters either side of a cyber term that count as its list context
EVIDENCE_CHARS = 320


@dataclass(frozen=True)
class Vocabulary:
    cyber: re.Pattern
    other_areas: re.Pattern
    engagement: re.Pattern
    multilateral: re.Pattern
    bilateral_on_sidelines: re.Pattern
    not_government: re.Pattern
    venue: re.Pattern
    organisations: re.Pattern
    list_openers: re.Pattern
    hostile: re.Pattern
    cooperation: re.Pattern
    cyber_units: re.Pattern
    fake_news: re.Pattern


def _union(patterns: list[str]) -> re.Pattern:
    body = "|".join(f"(?:{_latin_bounded(p)})" for p in patterns)
    return re.compile(f"(?:{body})", re.IGNORECASE)


LATIN_TERM = re.compile(r"[A-Za-z]")
ACRONYM = re.compile(r"[A-Z][A-Z0-9]+")


def _latin_bounded(term: str) -> str:
    """A term written in Latin letters matches from the start of a word: ITU is not in
    "Situation", labor not in "collaboration", space not in "Aerospace". Stems still match
    longer words (cooperat, scam), but an acronym is a word of its own, followed by no other
    letter (APEC2022 is APEC) or, when it ends in a digit, no other digit (G77 is not G7). Thai
    around it is no letter of its word (การประชุมAPEC). A boundary the vocabulary writes itself
    (`\\bUN\\b`) is left as written."""
    if not LATIN_TERM.match(term):
        return term
    end = ""
    if ACRONYM.fullmatch(term):
        end = r"(?!\d)" if term[-1].isdigit() else r"(?![A-Za-z])"
    return r"(?<![A-Za-z0-9])" + term + end


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    with open(REFERENCE_DIR / "relevance.toml", "rb") as fh:
        data = tomllib.load(fh)
    return Vocabulary(**{name: _union(data[name]) for name in Vocabulary.__dataclass_fields__})


@dataclass
class Evidence:
    kind: str  # cyber-title | cyber-sentence | list-only | partner | engagement | multilateral
    text: str
    detail: str = ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "detail": self.detail}


@dataclass
class Verdict:
    relevant: bool
    score: float
    partners: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    cyber_terms: list[str] = field(default_factory=list)

    def evidence_dicts(self) -> list[dict]:
        return [e.as_dict() for e in self.evidence]


# ---------------------------------------------------------------- sentences

TH_SENTENCE_START = (
    "ทั้งนี้", "นอกจากนี้", "นอกจากนั้น", "ขณะที่", "อย่างไรก็ตาม", "ในส่วน", "สำหรับ", "พร้อมกันนี้",
    "ทั้งสองฝ่าย", "ทั้ง 2 ฝ่าย", "ในโอกาสนี้", "ในการนี้", "โดยที่ประชุม", "ที่ประชุม", "ด้าน",
)
# After . ! ? or ;, whitespace before a capital, quote, bracket or digit. The lookbehind comes
# after the first space (`\s(?<=[.!?;]\s)` is `(?<=[.!?;])\s`): a pattern opening with it
# made `re` try every position instead of scanning for spaces.
EN_SENTENCE_END = re.compile(r"\s(?<=[.!?;]\s)\s*(?=[A-Z“\"(0-9])")
NUMBERED = re.compile(r"\s(?=(?:\d{1,2}|[๑-๙])[.)]\s?\S)")


TH_SENTENCE_SPLIT = re.compile(r"\s+(?=" + trie_pattern(list(TH_SENTENCE_START)) + ")")


def sentences(text: str) -> list[str]:
    """Paragraphs cut into sentences: English at full stops, Thai at numbered items and at the
    words that open a new sentence in Thai news prose (ทั้งนี้, นอกจากนี้, …)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        for piece in EN_SENTENCE_END.split(paragraph):
            for clause in NUMBERED.split(piece):
                out.extend(s.strip() for s in TH_SENTENCE_SPLIT.split(clause) if s.strip())
    return out


def _clip(text: str, start: int, end: int, limit: int = EVIDENCE_CHARS) -> str:
    """The passage around [start, end), at most `limit` characters, cut at spaces."""
    if len(text) <= limit:
        return text
    room = max(limit - (end - start), 0) // 2
    lo, hi = max(start - room, 0), min(end + room, len(text))
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")


# ---------------------------------------------------------------- countries in context

def _blank(text: str, pattern: re.Pattern) -> str:
    """Replace matches by spaces, keeping offsets, so names inside them are not found. A text
    without the words every match needs is returned as it is (the same object), unsearched."""
    if not _word_check(pattern).may_match(text):
        return text
    return pattern.sub(lambda m: " " * len(m[0]), text)


@lru_cache(maxsize=32)
def _word_check(pattern: re.Pattern) -> WordCheck:
    return WordCheck(pattern)


# A government body or office written against the country's name: Thai glues them
# (รัฐบาลกัมพูชา, รมช.กระทรวงความมั่นคงสาธารณะจีน, เอกอัครราชทูตสหรัฐฯ), English puts them
# next to a demonym or after "of" (Cambodian police, Government of Laos, Israeli Ambassador).
TH_GOVERNMENT = re.compile(
    r"(?:รัฐบาล|ทางการ|กระทรวง|รัฐมนตรี|รมว\.|รมช\.|นายกรัฐมนตรี|นายกฯ|ประธานาธิบดี|ปธน\.|"
    r"เอกอัครราชทูต|ออท\.|ทูต|สถานเอกอัครราชทูต|สถานทูต|ตำรวจ|ผบ\.|กองทัพ|ทหาร|รัฐสภา|สภา|"
    r"ธนาคารกลาง|หน่วยข่าวกรอง|คณะผู้แทน|ผู้แทน|ผู้นำ|มณฑล|รองผู้ว่าราชการ|เจ้าหน้าที่|ฝ่าย)"
    r"[^\s]{0,30}(?:ของ|แห่ง)?(?:ประเทศ|สาธารณรัฐ|ราชอาณาจักร)?\s?$"
)
EN_GOVERNMENT_BEFORE = re.compile(
    r"(?:Government|Ministry|Minister|Ambassador|Embassy|Police|President|Prime Minister|"
    r"National Assembly|Secretary|Commissioner|Armed Forces|authorities|delegation|leader|"
    r"Department|Agency)[\w\s,]{0,40}?\b(?:of|from)\s+(?:the\s+)?(?:Kingdom of\s+|Republic of\s+)?$"
)
EN_GOVERNMENT_AFTER = re.compile(
    r"^\s*(?:Government|Ministry|Minister|Ambassador|Embassy|Police|President|Prime Minister|PM|"
    r"National Assembly|Deputy|Vice|authorities|officials|delegation|counterpart|Defen[cs]e|"
    r"Armed Forces|leader|side)\b"
)
BORDER = re.compile(r"(?:ชายแดน|พรมแดน|ตะเข็บ|border|frontier)\S*\s*(?:ไทย|Thai\w*)?\s*[-–—]?\s*$", re.I)


def _government_context(before: str, after: str) -> bool:
    return bool(
        TH_GOVERNMENT.search(before[-60:])
        or EN_GOVERNMENT_BEFORE.search(before[-60:])
        or EN_GOVERNMENT_AFTER.match(after)
    )


# ไทย-กัมพูชา, Thailand – Cambodia, ระหว่างไทยกับจีน, between Thailand and Laos (and reversed).
BILATERAL_PAIR = re.compile(
    r"(?:(?:ไทย|Thailand|Thai)\s*[-–—]\s*|ระหว่าง(?:ประเทศ)?ไทย\s*(?:กับ|และ)\s*(?:ประเทศ)?|"
    r"between Thailand and\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
PAIR_AFTER = re.compile(r"^\s*[-–—]\s*(?:ไทย|Thailand|Thai)\b", re.IGNORECASE)
TITLE_PAIR = re.compile(r"^(?:Thailand|Thai)\s+and\s+$|(?:ไทย|Thailand)\s*(?:และ|กับ|and)\s*$", re.IGNORECASE)
COUNTERPART = ("its government or officials", "official:", "bilateral pair in the headline")


@dataclass
class PartnerScore:
    code: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    venue_only: bool = True

    def add(self, points: float, reason: str) -> None:
        self.score += points
        if reason not in self.reasons:
            self.reasons.append(reason)


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[CountryMention, ...]:
    """Foreign countries named in a text, outside company, council and bloc names (cached: the
    same sentence is looked at for partners, engagement and the cyber link)."""
    finder = country_finder()
    found = finder.find(text)
    if not any(m.code != HOME for m in found):
        return ()  # most sentences name no foreign country: nothing to blank, nothing to find
    blanked = _blank(text, vocabulary().not_government)
    if blanked is not text:  # else nothing was blanked: the same names
        found = finder.find(blanked)
    return tuple(m for m in found if m.code != HOME)


def score_partners(
    title: str, body_sentences: list[str], people: list[PersonMention]
) -> dict[str, PartnerScore]:
    vocab = vocabulary()
    scores: dict[str, PartnerScore] = {}

    def entry(code: str) -> PartnerScore:
        return scores.setdefault(code, PartnerScore(code))

    for text, in_title in [(title, True)] + [(s, False) for s in body_sentences]:
        mentions = _mentions(text)
        if not mentions:
            continue  # most sentences: no need to look for the cyber matter in them
        has_cyber = _cyber_words().may_match(text) and bool(vocab.cyber.search(text))
        for m in mentions:
            before, after = text[max(m.start - 60, 0) : m.start], text[m.end : m.end + 40]
            if vocab.venue.search(before) and not _government_context(before, after):
                entry(m.code)
                continue
            e = entry(m.code)
            e.venue_only = False
            if in_title:
                e.add(3, "named in the headline")
            else:
                e.add(0.5, "named")
            if BORDER.search(before):
                e.add(0, "a border")
            elif pair := (
                BILATERAL_PAIR.search(before)
                or PAIR_AFTER.search(after)
                or (in_title and TITLE_PAIR.search(before))
            ):
                where = "in the headline" if in_title else "in the text"
                if pair.re is PAIR_AFTER:
                    shown = text[m.start : m.end + pair.end()]
                else:
                    shown = text[m.start - len(before) + pair.start() : m.end]
                e.add(3, f"bilateral pair {where}: “{shown.strip()}”")
            if m.kind == "agency" or _government_context(before, after):
                e.add(1.5, "its government or officials")
            if has_cyber and not in_title:
                e.add(1, "named with the cyber matter")
    for person in people:
        if person.country and person.country != HOME and person.role:
            e = entry(person.country)
            e.venue_only = False
            e.add(3, f"official: {person.written} ({person.role})")
    return scores


def choose_partners(scores: dict[str, PartnerScore]) -> list[str]:
    """The governments Thailand deals with: a counterpart (officials, a government body, a
    bilateral pair), strong enough, and near the strongest. A country only named is not one."""
    live = [
        s for s in scores.values()
        if not s.venue_only and s.score >= 3 and any(r.startswith(COUNTERPART) for r in s.reasons)
    ]
    if not live:
        return []
    top = max(s.score for s in live)
    return sorted(s.code for s in live if s.score >= top * 0.5)


# ---------------------------------------------------------------- the verdict

BILATERAL_WORD = re.compile(r"ทวิภาคี|bilateral", re.IGNORECASE)
SINGLED_OUT = re.compile(r"โดยเฉพาะ|especially|in particular|particularly|notably", re.IGNORECASE)
CONTINUATION = re.compile(r"(?:และ|หรือ|รวมถึง|รวมทั้ง|ตลอดจน|and\b|or\b)")
NUMBERED_ITEM = re.compile(r"(?:^|\s)(?:\d{1,2}|[๑-๙])[.)]\s?(?=\S)")
SHORT_ITEM = 100


def _is_list_entry(
    paragraph: str, start: int, end: int, before: str = "", sentence_span: tuple[int, int] | None = None
) -> bool:
    """One entry among other cooperation areas: several areas around it, a list opener (เช่น,
    such as) with another area, or a short numbered item among several. `before` is the
    previous line, for a list that the page broke across lines (`…ยาเสพติด การค้ามนุษย์` /
    `และการป้องปรามแก๊งคอลเซ็นเตอร์`)."""
    vocab = vocabulary()
    lo, hi = sentence_span or (0, len(paragraph))
    if before and CONTINUATION.match(paragraph):
        shift = len(before) + 1
        paragraph, start, end = _continued(before, paragraph), start + shift, end + shift
        lo, hi = (0 if lo == 0 else lo + shift), hi + shift
    # Areas are counted in the sentence itself: a list does not run across sentences.
    context = paragraph[max(start - WINDOW, lo) : min(end + WINDOW, hi)]
    areas = {m[0].casefold() for m in vocab.other_areas.finditer(context)}
    if len(areas) >= LIST_AREAS:
        return True
    if len(areas) >= 2 and vocab.list_openers.search(paragraph[max(start - 80, 0) : start]):
        return True
    items = _numbered_items(paragraph)
    if len(items) >= 3:
        at = bisect_right(items, start)  # items[:at] start at or before the term
        if at:
            item_end = items[at] if at < len(items) else len(paragraph)
            if item_end - items[at - 1] < SHORT_ITEM:
                return True
    return False


# Called once per cyber term with the same paragraph: scanning (or joining) it every time made
# one long paragraph quadratic (a 1 MB line took six minutes), so both are kept for the paragraph.
@lru_cache(maxsize=4)
def _numbered_items(paragraph: str) -> tuple[int, ...]:
    return tuple(m.start() for m in NUMBERED_ITEM.finditer(paragraph))


@lru_cache(maxsize=4)
def _continued(before: str, paragraph: str) -> str:
    return before + " " + paragraph


@lru_cache(maxsize=1)
def _cyber_words() -> WordCheck:
    return WordCheck(vocabulary().cyber)


def judge(title: str, body: str, people: list[PersonMention]) -> Verdict:
    vocab = vocabulary()
    paragraphs = [(paragraph, sentences(paragraph)) for paragraph in body.split("\n")]
    body_sentences = [sentence for _paragraph, split in paragraphs for sentence in split]
    evidence: list[Evidence] = []
    terms: list[str] = []
    score = 0.0

    # 1. the cyber matter: headline, or distinct sentences
    title_cyber = vocab.cyber.search(_blank(title, vocab.cyber_units))
    if title_cyber:
        score += 4
        terms.append(title_cyber[0])
        evidence.append(Evidence("cyber-title", title, title_cyber[0]))
    distinct: list[str] = []
    listed: list[str] = []
    cyber_sentences: list[str] = []
    previous = ""
    # Most bodies contain none of the words a cyber term needs: no sentence of theirs can name
    # it, even with the cyber units blanked (blanks are spaces, and the words have none).
    # The same holds for a sentence, checked before it is blanked and searched.
    for paragraph, split in paragraphs if _cyber_words().may_match(body) else []:
        for sentence in split:
            if not _cyber_words().may_match(sentence):
                continue
            matches = list(vocab.cyber.finditer(_blank(sentence, vocab.cyber_units)))
            if not matches:
                continue
            if vocab.hostile.search(sentence) and not vocab.cooperation.search(sentence):
                continue  # attacks or propaganda by the other side: not a dealing with it
            terms.append(matches[0][0])
            offset = paragraph.find(sentence)
            span = (offset, offset + len(sentence))
            singled_out = [  # `…, terrorism and cyber; in particular cyber…` is a point of its own
                m for m in matches
                if SINGLED_OUT.search(sentence[max(m.start() - 40, 0) : m.start()])
                or not _is_list_entry(paragraph, offset + m.start(), offset + m.end(), previous,
                                      sentence_span=span)
            ]
            if singled_out:
                m = singled_out[0]
                distinct.append(_clip(sentence, m.start(), m.end()))
                cyber_sentences.append(sentence)
            else:
                listed.append(_clip(sentence, matches[0].start(), matches[0].end()))
        previous = paragraph
    if distinct:
        score += min(2 + len(distinct) * 0.5, 4)
        for text in distinct[:3]:
            evidence.append(Evidence("cyber-sentence", text))
    elif listed:
        score += 0.5
        evidence.append(Evidence("list-only", listed[0], "cyber is one entry in a list"))
    has_cyber = bool(title_cyber or distinct)

    # 2. the partner government, linked to the cyber matter: named in the headline, or in a
    # cyber sentence itself, or a counterpart of a cyber headline. A long digest (a cabinet
    # synopsis) names many countries, each in its own item.
    partner_scores = score_partners(title, body_sentences, people)
    partners = choose_partners(partner_scores)
    in_title = {m.code for m in _mentions(title)} & set(partners)
    near = {m.code for c in cyber_sentences for m in _mentions(c)} & set(partners)
    counterparts = {
        c for c in partners
        if any(r.startswith(("its government", "official:")) for r in partner_scores[c].reasons)
    }
    if in_title and has_cyber:
        linked = set(partners)
    elif near:
        linked = near
    elif title_cyber:
        linked = counterparts
    else:
        linked = set()
    if partners and has_cyber and not linked:
        evidence.append(Evidence("unlinked", ", ".join(partners),
                                 "the partner and the cyber matter are in different items"))
    elif linked:
        partners = sorted(linked)
    if partners:
        best = max(partner_scores[c].score for c in partners)
        score += min(best, 6) / 2
        for code in partners:
            reasons = "; ".join(partner_scores[code].reasons[:4])
            evidence.append(Evidence("partner", country_table()[code][0], reasons))

    # 3. dealing with it (a partner is named first: most sentences name none)
    engaged_with_partner = [
        s for s in [title, *body_sentences]
        if any(m.code in partners for m in _mentions(s)) and vocab.engagement.search(s)
    ] if partners else []
    if engaged_with_partner:
        score += 1.5
        s = engaged_with_partner[0]
        m = vocab.engagement.search(s)
        evidence.append(Evidence("engagement", _clip(s, m.start(), m.end()), m[0]))
    elif any(p.country in partners for p in people if p.role):
        score += 1

    # 4. a multilateral event in the headline, with no bilateral meeting reported
    vetoes: list[str] = []
    multi = vocab.multilateral.search(title)
    if multi:
        sidelines = BILATERAL_WORD.search(title) or vocab.bilateral_on_sidelines.search(body)
        if not sidelines:
            vetoes.append("multilateral")
            evidence.append(Evidence("multilateral", title, multi[0]))

    # 5. a fake-news notice (not a meeting): false rumours are not a cyber matter under the rules
    fake_news = vocab.fake_news.search(title)
    if fake_news and not title_cyber and not vocab.engagement.search(title):
        vetoes.append("fake-news")
        evidence.append(Evidence("fake-news", title, fake_news[0]))

    # 6. a company, business council or international body as the headline's counterpart
    organisation = vocab.organisations.search(title)
    foreign_officials = [p for p in people if p.role and p.country in partners]
    if organisation and not foreign_officials:
        vetoes.append("organisation")
        evidence.append(Evidence("organisation", title, organisation[0]))

    relevant = has_cyber and bool(linked) and not vetoes and score >= THRESHOLD
    terms = list(dict.fromkeys(t.strip() for t in terms))
    return Verdict(relevant, round(score, 2), partners, evidence, terms[:10])
