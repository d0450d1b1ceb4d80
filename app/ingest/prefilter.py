"""A cheap first check in front of a slow regular expression.

Python's `re` tries a long case-insensitive alternation at every position of a text: over the
whole corpus, the cyber vocabulary cost more than any other step of the analysis. Most articles
cannot match at all, and plain substring tests say so many times faster. What a match needs is
read from the pattern's own parse tree: its runs of literal letters, all of those in a sequence,
one alternative of a branch. A text that has them still goes through the pattern, so results
never change; only the time does.
"""

import re
from re import _constants as sre  # the parse tree of `re` itself: the rules it matches by
from re import _parser

# Characters that `re`, ignoring case, takes for an ASCII letter besides its two cases: lower()
# alone keeps ı and ſ, and turns İ into two characters (tests/test_prefilter.py checks this
# against `re` itself, for every character).
ASCII_LOOKALIKES = {"İ": "i", "ı": "i", "ſ": "s"}

# A need: ("word", w) the folded text contains w; ("all", needs); ("any", needs). None: no need.
Need = tuple | None


def fold(text: str) -> str:
    """Lower case, with each character that `re` matches to an ASCII letter made that letter."""
    for char, letter in ASCII_LOOKALIKES.items():
        if char in text:
            text = text.replace(char, letter)
    return text.lower()


def _word_char(char: str) -> bool:
    """ASCII and Thai, where `fold` is exactly how `re` ignores case; no space (the cyber units
    are blanked into spaces before the cyber terms are searched)."""
    return not char.isspace() and (char < "\x80" or "\u0e00" <= char <= "\u0e7f")


def needs_of(pattern: re.Pattern) -> Need:
    """What any match of `pattern` contains, as a formula over folded words."""
    return _need_of(_parser.parse(pattern.pattern, pattern.flags))


def _need_of(sequence) -> Need:
    """A sequence needs every run of literal characters in it, and what its groups, branches
    (one alternative's need) and items repeated at least once need."""
    needs: list[Need] = []
    run = ""
    for op, arg in [*sequence, (None, None)]:
        if op is sre.LITERAL and _word_char(chr(arg)):
            run += chr(arg)
            continue
        if run:
            needs.append(("word", fold(run)))
            run = ""
        if op is sre.SUBPATTERN:
            needs.append(_need_of(arg[-1]))
        elif op is sre.BRANCH:
            branches = [_need_of(alternative) for alternative in arg[1]]
            needs.append(None if None in branches else ("any", branches))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            needs.append(_need_of(arg[2]))
    needs = [need for need in needs if need is not None]
    if not needs:
        return None
    return needs[0] if len(needs) == 1 else ("all", needs)


def _expression(need: Need) -> str:
    """The need as one Python expression over `folded`: `'cyber' in folded or (…)`."""
    kind, arg = need
    if kind == "word":
        return f"{arg!r} in folded"
    return "(" + (" and " if kind == "all" else " or ").join(map(_expression, arg)) + ")"


class WordCheck:
    """Could `pattern` match in a text (or in the text with parts blanked into spaces)? False
    only when it surely cannot."""

    def __init__(self, pattern: re.Pattern):
        self.need = needs_of(pattern)
        # The need compiled into one expression: walking the tree with a generator per
        # branch was five times slower, which mattered once sentences were checked too. The words
        # are string literals (repr), so the code is only `in`, `and` and `or`.
        self._holds = (
            (lambda folded: True) if self.need is None
            else eval(compile(f"lambda folded: {_expression(self.need)}", "<need>", "eval"))
        )

    def may_match(self, text: str) -> bool:
        return self._holds(fold(text))
