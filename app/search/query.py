"""From what a reader typed to a Whoosh query, without Whoosh's query language.

The text is read as plain words, so no input is a syntax error: `"…"` makes a phrase
(an unclosed quote runs to the end), a leading `-` excludes a word or phrase, and everything
else is words that must all match. Words and phrases go through the documents' own analyzer.
Named concepts (glossary terms, countries, people) are expanded to all their forms unless
expansion is off; English and Thai stop words are left out unless they are all there is.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.query import And, Not, NullQuery, Or, Phrase, Query, Term

from app.search.analysis import is_word, split_thai
from app.search.lexicon import THAI, Concept, Lexicon, concept_token
from app.search.schema import TEXT_FIELDS

# A quoted phrase (closed or not), or a run of non-space text; either may start with `-`.
PIECES = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
THAI_ONLY = re.compile(r"[\u0e01-\u0e4e]+")
TAG_BOOST = 3.0  # an article tagged with the country or person outranks one that only names it
TITLE_BOOST = 8.0  # a word in the headline, over the same word in the body
TOPIC_BOOST = 0.5  # a cyber-matter word matched by the relevance verdict, not by the text
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")  # Myanmar's -> Myanmar


@lru_cache(maxsize=1)
def thai_stop_words() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


@dataclass
class Clause:
    """One thing the query asks for: a concept, a phrase or a word."""

    text: str  # as written
    concept: Concept | None = None
    phrase: bool = False
    words: tuple[str, ...] = ()  # what is searched, when not the text itself (Thai runs)
    parts: tuple[Concept, ...] = ()  # concepts written inside the concept's words


@dataclass
class ParsedQuery:
    required: list[Clause] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # stop words left out

    @property
    def expansions(self) -> list[Clause]:
        """Clauses that stand for more than the reader wrote."""
        return [c for c in self.required + self.excluded if c.concept and len(c.concept.forms) > 1]

    @property
    def words(self) -> list[Clause]:
        """Plain words (not concepts, not phrases): the ones a spelling check looks at."""
        return [c for c in self.required if not c.concept and not c.phrase]


def parse(text: str, lexicon: Lexicon | None, engine: str) -> ParsedQuery:
    """Split a query into clauses; `lexicon` is None when expansion is off, `engine` is the
    Thai segmenter's name."""
    parsed = ParsedQuery()
    free: list[str] = []
    text = POSSESSIVE.sub("", text)
    for m in PIECES.finditer(text):
        if m[2] is not None:
            target = parsed.excluded if m[1] else parsed.required
            if m[2].strip():
                target.append(Clause(" ".join(m[2].split()), phrase=True))
        elif m[3]:
            parsed.excluded.extend(_clauses(m[4], lexicon, engine, None))
        else:
            free.append(m[4])
    words = _clauses(" ".join(free), lexicon, engine, parsed.ignored)
    if not words and parsed.ignored and not parsed.required:
        words, parsed.ignored = [Clause(w) for w in parsed.ignored], []  # only stop words: keep them
    parsed.required[:0] = words
    return parsed


def _clauses(text: str, lexicon: Lexicon | None, engine: str, ignored: list[str] | None) -> list[Clause]:
    """Concepts found in free text, and the words between them."""
    clauses: list[Clause] = []
    position = 0
    for match in lexicon.find(text) if lexicon else []:
        clauses.extend(_words(text[position:match.start], engine, ignored))
        clauses.append(Clause(match.text, concept=match.concept, parts=tuple(lexicon.inner(match))))
        position = match.end
    clauses.extend(_words(text[position:], engine, ignored))
    return clauses


def _words(text: str, engine: str, ignored: list[str] | None) -> list[Clause]:
    """Words between concepts. A Thai run stays one clause (it is what a spelling check
    looks at), searched as its dictionary words less the stop words."""
    out = []
    for chunk in text.split():
        if not chunk.strip("-"):
            continue
        if THAI_ONLY.fullmatch(chunk):
            words = [w for w, _s, _e in split_thai(chunk, engine)]
            kept = [w for w in words if ignored is None or not _is_stop_word(w)]
            if kept:
                if ignored is not None:
                    ignored.extend(w for w in words if w not in kept)
                out.append(Clause(chunk, words=tuple(kept)))
            else:
                ignored.extend(words)
        elif ignored is not None and _is_stop_word(chunk):
            ignored.append(chunk)
        else:
            out.append(Clause(chunk))
    return out


def _is_stop_word(word: str) -> bool:
    return word.lower() in STOP_WORDS or word in thai_stop_words()


def clause_query(clause: Clause, tokenize, expand: bool = True, *, verdict: bool = True) -> Query:
    """The Whoosh query for one clause, across titles and bodies. `verdict` lets the relevance
    verdict stand for a cyber-matter term (not for an excluded one: `-scam` must not exclude
    every relevant article)."""
    if clause.concept is not None and expand:
        # Every form of the concept was indexed as one token: one posting list per field.
        parts = [concept_query(clause.concept)]
        if clause.concept.tag:
            parts.append(Term(*clause.concept.tag, boost=TAG_BOOST))
        if clause.concept.topic and verdict:
            parts.append(Term("relevant", True, boost=TOPIC_BOOST))
        inner = [clause_query(Clause(c.forms[0], concept=c), tokenize) for c in clause.parts]
        if len(inner) > 1:  # the compound, or all of its parts (คุ้มครอง + เด็ก + ภัยออนไลน์)
            parts.append(And(inner))
        return Or([p for p in parts if p is not NullQuery])
    if clause.words:
        return text_query(" ".join(clause.words), tokenize, phrase=False)
    return text_query(clause.text, tokenize, phrase=clause.phrase or not THAI.search(clause.text))


def concept_query(concept: Concept) -> Query:
    """Any form of the concept, in the title or the body."""
    token = concept_token(concept.key)
    return Or([Term(name, token, boost=TITLE_BOOST if name == "title" else 1.0)
               for name in TEXT_FIELDS])


def text_query(text: str, tokenize, *, phrase: bool) -> Query:
    """Every token of the text in one field. Latin words of one form are a phrase; Thai words
    are not, since a compound and its parts share one position (a phrase would miss them)."""
    tokens = tokenize(text)
    if not tokens:
        return NullQuery
    boost = {"title": TITLE_BOOST}
    if not phrase and len(tokens) > 1:  # each word may be in the title or the body
        return And([Or([Term(name, t, boost=boost.get(name, 1.0)) for name in TEXT_FIELDS])
                    for t in tokens])
    if len(tokens) == 1:
        return Or([Term(name, tokens[0], boost=boost.get(name, 1.0)) for name in TEXT_FIELDS])
    return Or([Phrase(name, tokens, boost=boost.get(name, 1.0)) for name in TEXT_FIELDS])


def clause_matched(query: Query, matched: set[tuple[str, str]]) -> bool:
    """Whether a hit's matched terms (field, text) satisfy a clause's query."""
    if isinstance(query, Term):
        return (query.fieldname, str(query.text)) in matched
    if isinstance(query, Or):
        return any(clause_matched(q, matched) for q in query.subqueries)
    if isinstance(query, And):
        return all(clause_matched(q, matched) for q in query.subqueries)
    if isinstance(query, Phrase):
        return all((query.fieldname, w) in matched for w in query.words)
    return False


def split_clause(clause: Clause) -> list[Clause]:
    """What one compound is made of, for partial matches: the concepts written inside a
    glossary compound (คุ้มครองเด็กและเยาวชนจากภัยออนไลน์: child protection, youth, online
    threat) or the words of a Thai run, each as written; a clause of one piece is itself.
    Thai is written without spaces, so a long Thai query is often a single clause. A run with
    a piece that is not a dictionary word is a misspelling, not a compound: สิงคโปร splits
    into สิง + ค + โปร, and its "partial matches" were 15,000 articles saying โปร (promotion)."""
    if clause.concept is not None and len(clause.parts) > 1:
        return [Clause(_written(part, clause.text), concept=part) for part in clause.parts]
    if clause.concept is None and len(clause.words) > 1 and all(map(is_word, clause.words)):
        return [Clause(word, words=(word,)) for word in clause.words]
    return [clause]


def _written(concept: Concept, text: str) -> str:
    """The form of `concept` as written in `text` (the longest that is), else its first."""
    written = [form for form in concept.forms if form in text]
    return max(written, key=len) if written else concept.forms[0]


def clause_queries(parsed: ParsedQuery, tokenize, expand: bool = True) -> tuple[list, list]:
    """The queries of the required and of the excluded clauses, built once per search."""
    return ([clause_query(c, tokenize, expand) for c in parsed.required],
            [clause_query(c, tokenize, expand, verdict=False) for c in parsed.excluded])


def combine(required: list[Query], excluded: list[Query], *, any_word: bool = False) -> Query:
    """All clauses (or, as the fallback, any) and none of the excluded ones."""
    parts = [q for q in required if q is not NullQuery]
    if not parts:
        return NullQuery
    query = Or(parts) if any_word else And(parts)
    excluded = [q for q in excluded if q is not NullQuery]
    # And + Not rather than AndNot: Whoosh 2.7's AndNot lets documents through when the
    # excluded part is an Or (and every clause is one: title or body).
    return And([query, Not(Or(excluded))]) if excluded else query


def build(parsed: ParsedQuery, tokenize, *, any_word: bool = False, expand: bool = True) -> Query:
    """The whole query in one call (tests, debugging)."""
    return combine(*clause_queries(parsed, tokenize, expand), any_word=any_word)
