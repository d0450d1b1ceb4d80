"""One normalization for stored text, indexed text and queries alike.

Unicode NFC, zero-width characters removed, decomposed SARA AM (ํา) recomposed, and
PyThaiNLP's Thai normalization (tone/vowel order, doubled vowels such as เเ -> แ).
"""

import re
import sys
import unicodedata

import numpy as np
from pythainlp import thai_above_vowels, thai_below_vowels, thai_follow_vowels, thai_lead_vowels
from pythainlp import thai_tonemarks as tonemarks
from pythainlp.util import normalize as thai_normalize

# Removed with a regex: str.translate looks every character up in a dict, 15 times slower.
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
THAI = re.compile(r"[\u0e00-\u0e7f]")
NIKHAHIT_SARA_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # ํ (+tone) า -> (tone)ำ


# Sequences PyThaiNLP's normalize would change (built from its own character classes): doubled
# Sara E, a tone mark before a vowel, Nikhahit + Sara Aa, a repeated vowel or mark, Lakkhangyao,
# and a mark with no consonant before it. Most lines have none, and normalize runs some twenty
# regex passes, so it is called only for lines that need it.
_MARKS = thai_above_vowels + thai_below_vowels + tonemarks + "\u0e3a\u0e4c\u0e4d\u0e4e"
_NOREPEAT = thai_follow_vowels + thai_lead_vowels + _MARKS
NEEDS_THAI_NORMALIZE = re.compile(
    "\u0e40\u0e40"
    f"|[{tonemarks}\u0e4c][{thai_above_vowels}{thai_below_vowels}]"
    f"|\u0e4d[{tonemarks}]*\u0e32"
    f"|[{thai_follow_vowels}][{tonemarks}]"
    "|\u0e45"
    f"|([{_NOREPEAT}]) *\\1"
    f"|[{tonemarks}]{{2}}"
    f"|(?:^| )[{_MARKS}]"
)


# A space run that SPACES would change: one with another kind of space, or two spaces. Thai
# text has a space between most phrases, and replacing each by itself was a large part of
# normalizing an article.
ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _characters(text: str) -> str:
    """NFC, zero-width characters removed, SARA AM recomposed, spaces made one: the steps of a
    line's normalization that never join or split lines (so a whole text can take them at once:
    NFC never composes across a line break)."""
    text = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    if "\u0e4d" in text:
        text = NIKHAHIT_SARA_AA.sub(lambda m: m.group(1) + "\u0e33", text)
    if "  " in text or ODD_SPACE.search(text):
        text = SPACES.sub(" ", text)
    return text


# A quick look at a whole text for what NEEDS_THAI_NORMALIZE looks for in a line: it may say
# yes for a text that needs nothing (then each line is checked), never no for one that does.
# The sequences of marks in one pattern that starts with its own first characters (so `re`
# scans for them), repeated characters in another, the rare characters by substring.
_PAIR = re.compile(
    f"[{tonemarks}{thai_follow_vowels}\u0e4c \n](?:(?<=[{tonemarks}{thai_follow_vowels}])[{tonemarks}]"
    f"|(?<=[{tonemarks}\u0e4c])[{thai_above_vowels}{thai_below_vowels}]|(?<=[ \n])[{_MARKS}])"
)
_REPEAT = re.compile(f"([{_NOREPEAT}]) *\\1")
_MARK_SET = frozenset(_MARKS)


def may_need_thai_normalize(text: str) -> bool:
    """Whether some line of `text` may match NEEDS_THAI_NORMALIZE (checking each line was most
    of the time of normalizing an article, and few articles have one)."""
    return (
        "\u0e45" in text or "\u0e4d" in text or text[:1] in _MARK_SET
        or _PAIR.search(text) is not None or _REPEAT.search(text) is not None
    )


def normalize_line(line: str) -> str:
    line = _characters(line)
    if NEEDS_THAI_NORMALIZE.search(line):
        line = thai_normalize(line)
    return line.strip()


def normalize_text(text: str) -> str:
    """Normalize each line; keep line breaks (they carry the article's structure)."""
    text = _characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not may_need_thai_normalize(text):
        return "\n".join(line.strip() for line in text.split("\n"))
    return "\n".join(
        (thai_normalize(line) if NEEDS_THAI_NORMALIZE.search(line) else line).strip()
        for line in text.split("\n")
    )


class CharClass:
    """The characters one single-character regex class matches, as a table over every code
    point (built from the class itself, so `re` decides membership): counting or keeping them
    in an article takes a few NumPy passes instead of one regex match per run of them (three
    times faster than the regex on whole articles)."""

    def __init__(self, char_class: str):
        self.char_class = char_class
        self._table: np.ndarray | None = None

    @property
    def table(self) -> np.ndarray:
        if self._table is None:  # built on first use, in the process that uses it
            every = np.arange(sys.maxunicode + 1, dtype=np.uint32).tobytes().decode(
                "utf-32-le", "surrogatepass")  # every character: 20 times faster than a join
            members = "".join(re.findall(f"(?:{self.char_class})+", every))  # runs: fewer matches
            table = np.zeros(sys.maxunicode + 1, dtype=bool)
            table[code_points(members)] = True
            self._table = table
        return self._table

    def count(self, text: str) -> int:
        return int(np.count_nonzero(self.table[code_points(text)]))

    def keep(self, text: str) -> str:
        """`text` with only the characters of the class."""
        points = code_points(text)
        return points[self.table[points]].tobytes().decode("utf-32-le", "surrogatepass")


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


LETTER = CharClass(r"[^\W\d_]")
THAI_LETTER = CharClass(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")


def thai_ratio(text: str) -> float:
    letters = LETTER.count(text)
    return THAI_LETTER.count(text) / letters if letters else 0.0
