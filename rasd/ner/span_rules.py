"""Span rules applied to the tagger's output, each one a regularity of the training data that the
tagger misses on words it has never seen.

:func:`trim_nisba_heads`: Arabic news puts a relational adjective before a person's name
("الروسي سيرغي لافروف", "الدبلوماسي السريلانكي جاينثا دانابالا"); the adjective is not part of
the name. In the ANERcorp train split, of the 277 person names that such an adjective (a
definite word ending in ي) precedes or begins, 276 leave it outside.
The tagger knows the frequent ones (الروسي) but pulls unseen ones (السريلانكي) into the name, so
a person span of two or more tokens whose first token has that shape loses it. A lone
nisba-shaped name (الهاجري, الساعدي) is left alone.

:func:`split_conjuncts`: two names joined by "and" are two names ("راديك وفريدل" in a doubles
result, "Apple وDell"), and ANERcorp tags them so: of the 198 train-split pairs of person tokens
where the second begins with و, 149 start a new name. The tagger merges such pairs when it
does not know the second name, so a span is cut before a و-word that the lexicon reads as
"and" (:func:`conjunct_starts`); the rule agrees with the train split's gold for 186 of the 198.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from rasd.ner.conll import chunks
from rasd.ner.features import _AR, Lexicon

NISBA = re.compile(r"^و?ال\w{2,}ي$")  # on the normalized token (ى is read as ي)
_CONJUNCTS = tomllib.loads((Path(__file__).parent / "data" / "span_rules.toml")
                           .read_text(encoding="utf-8"))["conjuncts"]
NAME_LINKS = frozenset(_CONJUNCTS["name_links"])
W_SOUNDS = frozenset(_CONJUNCTS["w_sounds"])
RARE = int(_CONJUNCTS["rare_count"])


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


def conjunct_starts(toks: list[str], lex: Lexicon) -> list[bool]:
    """Whether each token opens a new name when it follows a name: it begins with the
    conjunction و (by the lexicon's counts: the word without it is the commoner form, or both are
    unknown and the letter after it is not a vowel letter of a foreign W) and does not follow a
    word that binds the next one into the name (ابي وقاص)."""
    out = [False] * len(toks)
    for k in range(1, len(toks)):
        norm = lex.analyze(toks[k]).norm
        if not norm.startswith("و") or len(norm) < 4 or lex.analyze(toks[k - 1]).core in NAME_LINKS:
            continue
        full, rest = lex.count(norm), lex.count(norm[1:])
        out[k] = rest > full or (full == 0 and rest == 0 and norm[1] not in W_SOUNDS)
    return out


def _name_like(token: str, lex: Lexicon) -> bool:
    """An organization's conjunct opens a second name only if it reads as a name: not Arabic
    script (وDell), a place or organization the gazetteers know (وموناكو), or a rare word; the
    common words and adjectives coordinated inside one name (المجلس الاقتصادي والاجتماعي،
    اليونسكو للتربية والعلوم والثقافة) stay in it."""
    rest = lex.analyze(token).norm[1:]
    return (not _AR.match(rest) or bool(set(lex.gaz_single.get(rest, "")) & set("LO"))
            or lex.count(rest) < RARE)


def split_conjuncts(sents: list[list[str]], tags: list[list[str]], lex: Lexicon) -> list[list[str]]:
    """``tags`` with person, place and organization spans cut before a word that begins with the
    conjunction و (:func:`conjunct_starts`): two names joined by "and" are two names (new lists)."""
    out = []
    for toks, ts in zip(sents, tags):
        ts = list(ts)
        starts = None
        for a, b, typ in chunks(ts):
            if typ == "MISC" or b - a < 2:
                continue
            starts = starts or conjunct_starts(toks, lex)
            for k in range(a + 1, b):
                if starts[k] and (typ != "ORG" or _name_like(toks[k], lex)):
                    ts[k] = "B-" + typ
        out.append(ts)
    return out
