"""A cheap first check in front of a slow regular expression.

Python's `re` tries a long case-insensitive alternation at every position of a text: over the
whole corpus, the cyber vocabulary alone cost more than any other step of the analysis. Most
articles cannot match at all, and a plain substring test says so a hundred times faster: every
match of the pattern contains one of a few literal words, read from the pattern's own parse
tree, so a text without any of them is skipped. A text with one still goes through the
pattern, so results never change; only the time does.
"""

import re
from re import _constants as sre  # the parse tree of `re` itself: the same rules it matches by
from re import _parser

# Characters that `re`, ignoring case, takes for an ASCII letter besides its two cases: lower()
# alone keeps ı and ſ, and turns İ into two characters (tests/test_relevance.py checks the list
# against `re` itself).
ASCII_LOOKALIKES = {"İ": "i", "ı": "i", "ſ": "s"}


def fold(text: str) -> str:
    """Lower case, with each character that `re` matches to an ASCII letter made that letter."""
    for char, letter in ASCII_LOOKALIKES.items():
        if char in text:
            text = text.replace(char, letter)
    return text.lower()


def required_words(pattern: re.Pattern) -> set[str] | None:
    """Words (without spaces) one of which every match of `pattern` contains, or None when the
    pattern has no such set (a text must then always be searched)."""
    return _words_of(_parser.parse(pattern.pattern, pattern.flags))


def _words_of(sequence) -> set[str] | None:
    """The most selective set that a sequence of nodes requires: a run of literal characters,
    a group, a branch (one set per alternative, joined) or an item repeated at least once."""
    options: list[set[str]] = []
    run = ""
    for op, arg in [*sequence, (None, None)]:
        if op is sre.LITERAL and not chr(arg).isspace():  # blanked text has spaces of its own
            run += chr(arg)
            continue
        if run:
            options.append({run})
            run = ""
        if op is sre.SUBPATTERN:
            options.append(_words_of(arg[-1]))
        elif op is sre.BRANCH:
            branches = [_words_of(alternative) for alternative in arg[1]]
            if all(branches):
                options.append(set().union(*branches))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            options.append(_words_of(arg[2]))
    # The rarest set, as far as the pattern tells: the longest shortest word, then the fewest.
    return max(filter(None, options), key=lambda words: (min(map(len, words)), -len(words)),
               default=None)


class WordCheck:
    """Could `pattern` match in a text? False only when it surely cannot."""

    def __init__(self, pattern: re.Pattern):
        words = required_words(pattern)
        folded = sorted({fold(word) for word in words}) if words else []
        self.words = re.compile("|".join(map(re.escape, folded))) if folded else None

    def may_match(self, text: str) -> bool:
        return self.words is None or self.words.search(fold(text)) is not None
