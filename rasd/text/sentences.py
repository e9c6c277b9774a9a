"""Sentence splitting for Arabic news text, with spans in the original.

A sentence ends at . ! ? ؟ … (with any closing quotes or brackets that follow) when white space
or the end of the text comes next, and at every line break: news pages put each paragraph,
heading, dateline and caption on its own line. Decimal points (3.5) and dates (2018.07.03)
have no space after them and so never end a sentence; a one-letter abbreviation (د. for doctor)
does not either.
"""
from __future__ import annotations

import re

from rasd.records import Sentence

_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s|$)|\n+")
_ABBREV = re.compile(r"(?:^|\s)[\u0621-\u064a]\.$")


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group()[0] == "." and _ABBREV.search(text, max(0, m.start() - 2), m.end()):
            continue
        _add(text, start, m.end() if m.group()[0] != "\n" else m.start(), sentences)
        start = m.end()
    _add(text, start, len(text), sentences)
    return sentences


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], len(out)))
