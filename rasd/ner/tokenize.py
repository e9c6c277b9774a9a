"""Tokenization of raw text the way ANERcorp is tokenized, with character offsets.

ANERcorp keeps clitics attached to their word (``وبغداد`` is one token) and splits punctuation
from words (``،`` ``(`` ``"`` are tokens of their own). Numbers keep their decimal point and a
trailing ``%`` (``6.3``, ``30%``). Harakat, tatweel and zero-width joiners stay inside the word
they are written in, so every token is a contiguous slice of the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Combining marks and joiners that belong to the word they sit in.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200c\u200d"
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,٫٬]\d+)*%?)"  # numbers (ASCII and Arabic-Indic digits are \d)
    rf"|(?P<word>(?:[^\W\d_]|[{_MARKS}])+)"  # letters and the marks inside them
    r"|(?P<punct>\S)"  # anything else: one character per token
)
_SENT_END = {".", "!", "?", "؟"}


@dataclass(frozen=True)
class RawToken:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[RawToken]:
    """The tokens of ``text`` with their spans (``text[start:end] == token.text``)."""
    return [RawToken(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(text: str) -> list[list[RawToken]]:
    """Tokens grouped into sentences: a break after ``. ! ? ؟`` and at every line break."""
    out: list[list[RawToken]] = []
    cur: list[RawToken] = []
    last_end = 0
    for tok in tokenize(text):
        if cur and "\n" in text[last_end:tok.start]:
            out.append(cur)
            cur = []
        cur.append(tok)
        last_end = tok.end
        if tok.text in _SENT_END:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out
