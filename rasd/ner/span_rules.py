"""Span rules applied to the tagger's output, each one a regularity of the training data that the
tagger misses on words it has never seen.

:func:`trim_nisba_heads`: Arabic news puts a relational adjective before a person's name
("الروسي سيرغي لافروف", "الدبلوماسي السريلانكي جاينثا دانابالا"); the adjective is not part of
the name. In the ANERcorp train split, of the 277 person names that such an adjective (a
definite word ending in ي) precedes or begins, 276 leave it outside.
The tagger knows the frequent ones (الروسي) but pulls unseen ones (السريلانكي) into the name, so
a person span of two or more tokens whose first token has that shape loses it. A lone
nisba-shaped name (الهاجري, الساعدي) is left alone.
"""
from __future__ import annotations

import re

from rasd.ner.conll import chunks
from rasd.ner.features import Lexicon

NISBA = re.compile(r"^و?ال\w{2,}ي$")  # on the normalized token (ى is read as ي)


def trim_nisba_heads(sents: list[list[str]], tags: list[list[str]], lex: Lexicon) -> list[list[str]]:
    """``tags`` with a leading relational adjective cut from person spans of 2+ tokens (new lists)."""
    out = []
    for toks, ts in zip(sents, tags):
        ts = list(ts)
        for a, b, typ in chunks(ts):
            if typ == "PERS" and b - a >= 2 and NISBA.match(lex.analyze(toks[a]).norm):
                ts[a], ts[a + 1] = "O", "B-PERS"
        out.append(ts)
    return out
