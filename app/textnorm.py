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


def normalize_line(line: str) -> str:
    line = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", line))
    line = NIKHAHIT_SARA_AA.sub(lambda m: m.group(1) + "\u0e33", line)
    line = SPACES.sub(" ", line)
    if NEEDS_THAI_NORMALIZE.search(line):
        line = thai_normalize(line)
    return line.strip()


def normalize_text(text: str) -> str:
    """Normalize each line; keep line breaks (they carry the article's structure)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(normalize_line(line) for line in text.split("\n"))


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
            every = "".join(map(chr, range(sys.maxunicode + 1)))
            members = "".join(re.findall(self.char_class, every))
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
