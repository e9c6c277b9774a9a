"""Arabic normalization for matching, with a map back to the original offsets.

Every operation either keeps a character (possibly replaced by another, or a ligature by its
letters) or drops it, so each character of the normalized string comes from exactly one
character of the original: ``offsets[i]`` is that original index. Spans found in the normalized text map back with
:func:`original_span`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Harakat, Quranic marks, superscript alef, tatweel, and invisible direction/joiner marks: dropped.
_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
       "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad"]
)

_MAP = {
    # alef forms
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    # alef maqsura and ta marbuta, as the scorer folds them
    "ى": "ي", "ة": "ه",
    # Persian/Urdu letters that Arabic pages sometimes carry
    "ی": "ي", "ک": "ك", "ە": "ه", "ۀ": "ه",
    # quotation marks of every kind become one
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'",
    "‹": '"', "›": '"',
    # spaces
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    # punctuation variants
    "٫": ".", "٬": ",", "–": "-", "—": "-",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits


@dataclass
class Normalized:
    text: str
    offsets: list[int]  # offsets[i] = index in the original of text[i]
    original_length: int

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalized ``text[start:end]``."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else self.original_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def _presentation_form(ch: str) -> bool:
    # Arabic presentation forms (contextual glyphs, ligatures), left in text copied out of PDFs
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc"


def normalize_char(ch: str) -> str:
    """The normalized form of one character: '' where it is dropped. A presentation form becomes
    its letter(s) (the ligature ﻻ gives two), normalized in turn."""
    if ch in _DROP:
        return ""
    m = _MAP.get(ch)
    if m is not None:
        return m
    if _presentation_form(ch):
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:  # (a few, like the ornate parentheses, have no decomposition)
            return "".join(normalize_char(c) for c in folded if c != " " and not _presentation_form(c))
    return ch.lower() if "A" <= ch <= "Z" else ch


def normalize_with_offsets(text: str) -> Normalized:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        n = normalize_char(ch)
        if n:
            out.append(n)
            offsets.extend([i] * len(n))  # a ligature's letters both come from it
    return Normalized("".join(out), offsets, len(text))


def normalize(text: str) -> str:
    """Normalized form of ``text`` for matching (no offsets)."""
    return "".join(normalize_char(ch) for ch in text)


_WS = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """A lookup key: normalized, whitespace collapsed, trimmed of quotes and punctuation."""
    return _WS.sub(" ", normalize(text)).strip(" \"'.,:;،؛()[]-")


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC_LETTER.search(text))
