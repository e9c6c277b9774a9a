"""Clitic splitting decided by a vocabulary of word forms, not by blind rule.

"وقوات" splits into و + قوات because قوات is a far commoner form than وقوات is on its own;
"فرقة", "لواء", "ولاية" stay whole because رقة, واء, لاية are rare or unknown. A form that is a
known name (a place or actor of the knowledge base, shipped as ``data/names.txt.gz``) counts as
common, so "بدرعا" meets درعا while "بصرى" stays Busra.

The score of a reading is ``prior(proclitic) * prior(enclitic) * count(stem)``; the unsplit
word scores ``count(word)``; the best reading wins. The priors and the protected words are in
``data/clitics.toml``.
"""
from __future__ import annotations

import gzip
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
NAME_COUNT = 1000  # what a knowledge-base name counts as, whatever the news corpus says


@dataclass(frozen=True)
class Split:
    """A word cut into pieces: ``pieces`` are (start, end, kind) offsets into the word."""

    pieces: tuple[tuple[int, int, str], ...]


@lru_cache(maxsize=1)
def _config() -> dict:
    with open(DATA / "clitics.toml", "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def enclitic_forms() -> tuple[str, ...]:
    """The pronoun suffixes of ``data/clitics.toml``, longest first."""
    return tuple(sorted(_config()["enclitics"], key=len, reverse=True))


@lru_cache(maxsize=1)
def news_counts() -> dict[str, int]:
    """How often each normalized word form occurs in the news corpus (SaudiNewsNet)."""
    counts: dict[str, int] = {}
    path = DATA / "vocab.tsv.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                w, _, c = line.rstrip("\n").partition("\t")
                counts[w] = int(c)
    return counts


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, int]:
    """The news counts, with every knowledge-base name counted as a common word."""
    counts = dict(news_counts())
    names = DATA / "names.txt.gz"
    if names.exists():
        with gzip.open(names, "rt", encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w:
                    counts[w] = max(counts.get(w, 0), NAME_COUNT)
    return counts


def _count(form: str) -> int:
    return vocabulary().get(form, 0)


def _proclitic_readings(word: str) -> list[tuple[str, float]]:
    """Every (proclitic string, prior) the start of ``word`` allows, the empty one included."""
    cfg = _config()
    conj = cfg["conjunctions"]
    preps = cfg["prepositions"]
    out: list[tuple[str, float]] = [("", 1.0)]
    for c, pc in [("", 1.0)] + list(conj.items()):
        if c and not word.startswith(c):
            continue
        rest = word[len(c):]
        if c:
            out.append((c, pc))
        for p, pp in preps.items():
            if rest.startswith(p):
                out.append((c + p, pc * pp))
        # the future prefix only stands before an imperfect verb's own prefix
        fut = cfg["future"]
        if rest.startswith(fut["form"]) and len(rest) > 1 and rest[1] in fut["before"]:
            out.append((c + fut["form"], pc * fut["prior"]))
    return out


def _enclitic_readings(word: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = [("", 1.0)]
    for e, pe in _config()["enclitics"].items():
        if word.endswith(e):
            out.append((e, pe))
    return out


@lru_cache(maxsize=65536)
def split_normalized(word: str, ends_in_ta_marbuta: bool = False) -> tuple[str, str, str, str]:
    """Cut a normalized word into (proclitics, article, stem, enclitic).

    ``article`` is "ال" where the stem carries the definite article (split off for tokens; a
    "لل" proclitic already holds it). ``ends_in_ta_marbuta`` stops ه being read as a pronoun
    where the original letter was ة (normalization folds both to ه).
    """
    cfg = _config()
    if word in cfg["protected"] or len(word) < 3:
        return "", "", word, ""
    best = (float(_count(word)), "", word, "")
    min_stem = cfg["min_stem"]
    for pre, ppre in _proclitic_readings(word):
        for enc, penc in _enclitic_readings(word[len(pre):]):
            if not pre and not enc:
                continue
            if enc and enc.endswith("ه") and ends_in_ta_marbuta:
                continue
            stem = word[len(pre): len(word) - len(enc)]
            if len(stem) < min_stem:
                continue
            # "لل" is ل + ال with the alef dropped: the stem is looked up with its article back
            lookup = "ال" + stem if pre.endswith("لل") else stem
            score = ppre * penc * _count(lookup)
            if score > best[0]:
                best = (score, pre, stem, enc)
    _, pre, stem, enc = best
    article = ""
    if not pre.endswith("لل") and stem.startswith("ال") and len(stem) - 2 >= min_stem \
            and stem not in cfg["protected"]:
        article, stem = "ال", stem[2:]
    return pre, article, stem, enc


def split_clitics(word: str) -> list[str]:
    """The pieces of a normalized word, e.g. "وبالقصف" -> ["و", "ب", "ال", "قصف"]."""
    pre, art, stem, enc = split_normalized(word)
    pieces = _proclitic_pieces(pre)
    if art:
        pieces.append(art)
    pieces.append(stem)
    if enc:
        pieces.append(enc)
    return pieces


def _proclitic_pieces(pre: str) -> list[str]:
    """"وبال" style strings cut into their clitics; "لل" stays one piece."""
    pieces: list[str] = []
    i = 0
    while i < len(pre):
        if pre.startswith("لل", i):
            pieces.append("لل")
            i += 2
        else:
            pieces.append(pre[i])
            i += 1
    return pieces
