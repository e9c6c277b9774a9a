"""Tokens with clitics split off, each knowing its span in the original text.

Words are runs of Arabic letters (with their diacritics and tatweel), of digits (with the
separators inside a number), or of Latin letters; every other visible character is a
punctuation token on its own, so a quote glued to a word (``علوش”الحالة``) parts from both.
"""
from __future__ import annotations

import re

from rasd.records import Token
from rasd.text.clitics import _proclitic_pieces, split_normalized
from rasd.text.normalize import normalize

_WORD = re.compile(
    r"(?P<ar>[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]+)"
    r"|(?P<num>[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*)"
    r"|(?P<lat>[A-Za-z\u00c0-\u024f]+)"
    r"|(?P<punct>[^\s\u200b-\u200f\ufeff])"
)
_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with spans in ``text``; Arabic words are clitic-split."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    for w, m in enumerate(_WORD.finditer(text, start, end)):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "ar":
            tokens.extend(_split_word(text, s, e, w))
        else:
            tok_kind = {"num": "number", "lat": "word", "punct": "punct"}[kind]
            tokens.append(Token(m.group(), normalize(m.group()), s, e, tok_kind, w))
    return tokens


def _split_word(text: str, s: int, e: int, w: int) -> list[Token]:
    surface = text[s:e]
    # the letters of the word without marks, each with its offset in the original
    letters = [(i, ch) for i, ch in enumerate(surface) if not _MARKS.match(ch)]
    norm = normalize("".join(ch for _, ch in letters))
    if not letters:  # a lone tatweel or mark
        return [Token(surface, "", s, e, "punct", w)]
    if len(norm) != len(letters):  # a letter normalization dropped: keep the word whole
        return [Token(surface, norm, s, e, "word", w)]
    pre, art, stem, enc = split_normalized(norm, ends_in_ta_marbuta=_MARKS.sub("", surface).endswith("ة"))
    pieces: list[tuple[str, str]] = [(p, "proclitic") for p in _proclitic_pieces(pre)]
    if art:
        pieces.append((art, "proclitic"))
    pieces.append((stem, "word"))
    if enc:
        pieces.append((enc, "enclitic"))
    out: list[Token] = []
    pos = 0
    for piece, kind in pieces:
        a, b = pos, pos + len(piece)
        # each piece spans from its first letter to the mark after its last letter
        o_start = letters[a][0]
        o_end = letters[b][0] if b < len(letters) else len(surface)
        out.append(Token(surface[o_start:o_end], piece, s + o_start, s + o_end, kind, w))
        pos = b
    return out
