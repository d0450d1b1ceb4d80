"""One normalization for stored text, indexed text and queries alike.

Unicode NFC, zero-width characters removed, decomposed SARA AM (ํา) recomposed, and
PyThaiNLP's Thai normalization (tone/vowel order, doubled vowels such as เเ -> แ).
"""

import re
import unicodedata

from pythainlp.util import normalize as thai_normalize

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
THAI = re.compile(r"[\u0e00-\u0e7f]")
NIKHAHIT_SARA_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # ํ (+tone) า -> (tone)ำ


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(ZERO_WIDTH)
    line = NIKHAHIT_SARA_AA.sub(lambda m: m.group(1) + "\u0e33", line)
    line = SPACES.sub(" ", line)
    if THAI.search(line):
        line = thai_normalize(line)
    return line.strip()


def normalize_text(text: str) -> str:
    """Normalize each line; keep line breaks (they carry the article's structure)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(normalize_line(line) for line in text.split("\n"))


def thai_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0e00" <= ch <= "\u0e7f") / len(letters)
