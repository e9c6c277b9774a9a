"""Who a sentence credits for what it reports ("قال المرصد السوري إن ...", "بحسب سانا")."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from rasd.records import Mention
from rasd.text.normalize import normalize_with_offsets

DATA = Path(__file__).resolve().parent / "data" / "attribution.toml"
_PUNCT = set("،,.:;؛\"'()[]«»“”!?؟\n-–—")


@lru_cache(maxsize=1)
def _rules():
    with open(DATA, "rb") as f:
        cfg = tomllib.load(f)
    cues = sorted(cfg["before"] + cfg["verbs"], key=len, reverse=True)
    # a cue at a word start, after an optional conjunction, and ending at a word boundary
    pattern = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[\"'(]))[وف]?(" + "|".join(map(re.escape, cues)) + r")(?=\s)")
    return pattern, set(cfg["stop"]), cfg["max_words"], set(cfg["own_reporter"]), \
        set(cfg["role_nouns"]), set(cfg["role_links"])


def find_sources(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """The parties credited inside ``text[start:end]``, as ``source`` mentions in original offsets."""
    end = len(text) if end is None else end
    norm = normalize_with_offsets(text[start:end])
    pattern, stops, max_words, _, roles, links = _rules()
    out: list[Mention] = []
    for m in pattern.finditer(norm.text):
        span = _party_after(norm.text, m.end(), stops, max_words, roles, links)
        if not span:
            continue
        a, b = norm.original_span(*span)
        out.append(Mention("source", start + a, start + b, text[start + a:start + b], data={"cue": m.group(1)}))
    return out


def _party_after(s: str, pos: int, stops: set[str], max_words: int, roles: set[str] = frozenset(),
                 links: set[str] = frozenset()) -> tuple[int, int] | None:
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", s[pos:])]
    first = last = None
    for n, (a, b, w) in enumerate(words[: max_words + 1]):
        bare = w.strip("".join(_PUNCT))
        # "عضو في وفد التفاوض": a lone role noun takes the body after it
        role_link = n == 1 and bare in links and words[0][2].strip("".join(_PUNCT)) in roles \
            and words[0][2][-1] not in _PUNCT
        # "لـ"المدن"" (told the outlet): the tatweel is gone once normalized, the quote stays
        if not role_link and (not bare or bare in stops or bare.startswith(("لـ", 'ل"', "ل'"))
                              or (first is not None and n >= max_words)):
            break
        if first is None:
            first = a + (len(w) - len(w.lstrip("".join(_PUNCT))))
        last = b - (len(w) - len(w.rstrip("".join(_PUNCT))))
        if w[-1] in _PUNCT:
            break
    if first is None or last is None or last <= first:
        return None
    return pos + first, pos + last


def is_own_reporter(name: str) -> bool:
    from rasd.text.normalize import normalize

    return normalize(name).split()[0] in _rules()[3] if name.strip() else False
