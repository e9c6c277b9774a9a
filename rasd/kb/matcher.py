"""The one matcher: every place and actor name, found in one pass over the normalized text.

An Aho–Corasick automaton holds the normalized forms of all places (rasd.kb.places) and all actor
aliases (rasd.kb.actors, when present), plus the head nouns of generic landmarks (بئر، معبر،
مخيم، حي ...). A hit counts only where it sits on word edges, allowing proclitics before it inside
its word (و ف ب ل ك ال لل وبال ...) and enclitics after it (ه ها هم ...): بدرعا and وطفس match,
a name inside a longer word does not. Hits that cover the same words merge; then the longest
wins, left to right, without overlaps.

A landmark head followed by a name no gazetteer has ("بئر الصوت"، "مخيم أبو شوك"، "حي كافوري")
makes a landmark mention; the geocoder places it by the named places around it.
"""
from __future__ import annotations

import re
import time
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import ahocorasick

from rasd.kb.places import Place, is_important, load_cues, load_places, place_forms
from rasd.records import Mention
from rasd.text.clitics import news_counts
from rasd.text.normalize import normalize_char, normalize_key

CLITICS_TOML = Path(__file__).resolve().parent.parent / "text" / "data" / "clitics.toml"
_WORD = re.compile(r"[\u0621-\u064a]+")
_TOKEN = re.compile(r"[\u0621-\u064a0-9a-z]+")  # a name's edges: "الفرقة 15" ends at its number
# an imperfect verb with an object pronoun (يؤمها، تقطنها، يسكنهم): no place name is spelled so
_VERB_WITH_OBJECT = re.compile(r"[يت][\u0621-\u064a]{2,}(?:ها|هم|هما)$")
_GAPS = re.compile(r"[\s\"'()\[\]{}<>]{2,}|[\t\n\r\f\v\"'()\[\]{}<>]")


@lru_cache(maxsize=1)
def _norm_table() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """rasd.text.normalize's character map as a str.translate table, the dropped characters, and
    those that become more than one letter (presentation-form ligatures such as ﻻ)."""
    table: dict[int, str] = {}
    dropped, expanding = set(), set()
    for code in range(0x10000):
        ch = chr(code)
        n = normalize_char(ch)
        if n != ch:
            table[code] = n
            if not n:
                dropped.add(ch)
            elif len(n) > 1:
                expanding.add(ch)
    return table, frozenset(dropped), frozenset(expanding)

_MAX_PRE = 5  # longest proclitic string (وبال، ولل ...)
_MAX_SUF = 3  # longest enclitic (هما)


def _is_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a"


@dataclass(frozen=True)
class Entry:
    """What one normalized form stands for."""

    kind: str  # "place", "actor", "head" (landmark head noun), "dhead" (definite landmark head)
    ref: str
    how: str  # "name", "rule", "bare" (see rasd.kb.places.spelling_variants), "alias"
    no_article: bool = False  # a country: "السورية" is an adjective, not ال + سورية


@dataclass
class _Hit:
    ws: int  # start of the first word (clitics included), in the collapsed text
    we: int  # end of the last word
    start: int  # the name without proclitics (an article stays with the name)
    end: int  # the name without enclitics
    entries: list[Entry] = field(default_factory=list)
    proclitic: str = ""
    enclitic: str = ""
    cue: str = ""  # the landmark head or place word right before it ("حي", "بلدات")


class _Text:
    """Normalized text with white space runs collapsed, and the map back to the original.

    The same normalization as rasd.text.normalize (a table built from its normalize_char), done
    with str.translate: the matcher's hot path.
    """

    def __init__(self, text: str):
        self.original = text
        table, dropped, expanding = _norm_table()
        norm = text.translate(table)
        if expanding.intersection(text):  # a ligature (ﻻ) becomes two letters: each comes from it
            offs = [i for i, ch in enumerate(text) for _ in range(len(ch.translate(table)))]
        elif len(norm) == len(text):
            offs = list(range(len(text)))
        else:  # some characters were dropped (harakat, tatweel): map the kept ones
            offs = [i for i, ch in enumerate(text) if ch not in dropped]
        # quotes and brackets around or inside a name ('مطار (الثعلة)'، 'و"الكرك') part words;
        # a single space needs no change, so only other gaps are visited
        chars: list[str] = []
        out: list[int] = []
        prev = 0
        for m in _GAPS.finditer(norm):
            chars.append(norm[prev:m.start()])
            out.extend(offs[prev:m.start()])
            chars.append(" ")
            out.append(offs[m.start()])
            prev = m.end()
        chars.append(norm[prev:])
        out.extend(offs[prev:])
        self.s = "".join(chars)
        self.offs = out

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.offs[a], self.offs[b - 1] + 1


class Matcher:
    def __init__(self, entries: dict[str, list[Entry]], cues: Optional[dict] = None):
        self.cues = cues or load_cues()
        self.vocab = news_counts()
        t0 = time.perf_counter()
        self.automaton = ahocorasick.Automaton()
        for key, ents in entries.items():
            self.automaton.add_word(key, (key, tuple(ents)))
        self.automaton.make_automaton()
        self.build_seconds = time.perf_counter() - t0
        self.size = len(entries)
        self._proclitics, self._enclitics = _clitic_sets(self.cues)
        c = self.cues["clitics"]
        self._ratio, self._min_count = c["whole_word_ratio"], c["whole_word_min_count"]
        lm = self.cues["landmarks"]
        self._dropped = {normalize_key(w) for w in lm["heads_dropped"]}
        self._plural = {normalize_key(k): normalize_key(v) for k, v in lm["plural_heads"].items()}
        self._weak = {normalize_key(w) for w in lm["weak_heads"]}
        self._not_names = {normalize_key(w) for w in lm["not_names"]}
        self._not_after = {normalize_key(w) for w in lm["not_after"]}
        self._connectors = {normalize_key(w) for w in lm["connectors"]}
        self._adjectives = {normalize_key(w) for w in lm["definite_adjectives"]}
        self._construct_words = lm["construct_words"]
        self._dheads = {normalize_key(w) for w in lm["definite_heads"]}
        self._heads = {normalize_key(w) for w in lm["heads"] + list(lm["plural_heads"])}
        self._rare = lm["rare_count"]

    # ---- the pass ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        t = _Text(text)
        hits = self._hits(t)
        chosen = _longest_first(hits)
        mentions: list[Mention] = []
        heads: list[_Hit] = []
        by_start: dict[int, _Hit] = {}
        for h in chosen:
            kinds = {e.kind for e in h.entries}
            if kinds & {"place", "actor"}:
                # a list item is reached past its conjunction: index the name's start too
                by_start[h.ws] = h
                by_start.setdefault(h.ws + len(_without_article(h.proclitic)), h)
            if kinds & {"head", "dhead"}:
                heads.append(h)
        landmark_of: dict[int, Mention] = {}
        spans: list[tuple[int, int]] = []
        for h in heads:
            for m in self._landmarks(t, h, by_start):
                landmark_of[m.data["_ws"]] = m
                spans.append((m.start, m.end))
        for h in chosen:
            if by_start.get(h.ws) is not h:
                continue
            for m in self._mentions(t, h):
                # a name inside a landmark ("سد سحم الجولان") is its anchor, not a mention of its own
                if not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans):
                    mentions.append(m)
        mentions.extend(landmark_of.values())
        for m in mentions:
            m.data.pop("_ws", None)
        mentions.sort(key=lambda m: (m.start, m.kind))
        return mentions

    def _hits(self, t: _Text) -> list[_Hit]:
        s = t.s
        words = [m.span() for m in _TOKEN.finditer(s)]
        starts = [a for a, _ in words]
        ends = [b for _, b in words]
        groups: dict[tuple[int, int], _Hit] = {}
        for end_idx, (key, ents) in self.automaton.iter(s):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            i = bisect_right(starts, start) - 1
            j = bisect_left(ends, end)
            if i < 0 or j >= len(ends):
                continue
            ws, we = starts[i], ends[j]
            # clitics are a few letters at most
            if start - ws > _MAX_PRE or we - end > _MAX_SUF:
                continue
            pre, suf = s[ws:start], s[end:we]
            if pre and pre not in self._proclitics:
                continue
            if suf and suf not in self._enclitics:
                continue
            # normalization folds ة into ه: "الأسدة" is not الأسد + the pronoun ه
            if suf.startswith("ه") and t.original[t.offs[end]] == "ة":
                continue
            # final ي is far more often a nisba adjective (ميداني، عسكري) than "my": only on a
            # word news does not otherwise use
            if suf == "ي" and self.vocab.get(s[_word_start(s, ws, we):we], 0) >= self._min_count:
                continue
            if (pre or suf) and not self._clitic_reading_ok(s, ws, start, end, we):
                continue
            ok = [e for e in ents if not (e.how == "bare" and not pre.endswith("لل"))
                  and not (e.no_article and pre.endswith("ال") and not pre.endswith("لل"))
                  # a head noun with a pronoun or the article is a plain noun (مدني = civilian)
                  and not (e.kind in ("head", "dhead") and (suf or (pre.endswith("ال") and e.kind == "head")))
                  # ... and with ك ("like") it compares, it names nothing ("كتل نفطية": oil blocs)
                  and not (e.kind in ("head", "dhead") and "ك" in pre)]
            if not ok:
                continue
            g = groups.get((ws, we))
            # the article belongs to the name ("والطيبة" names الطيبة), other proclitics do not
            nstart = ws + len(_without_article(pre))
            if g is None:
                g = groups[(ws, we)] = _Hit(ws, we, nstart, end, [], pre, suf)
            elif nstart < g.start or (nstart == g.start and end > g.end):
                g.start, g.end, g.proclitic, g.enclitic = nstart, end, pre, suf
            g.entries.extend(e for e in ok if e not in g.entries)
        return list(groups.values())

    def _clitic_reading_ok(self, s: str, ws: int, start: int, end: int, we: int) -> bool:
        """False where the whole word is a common word the clitic reading would break up."""
        first_end = s.find(" ", ws, we)
        first_end = we if first_end < 0 else first_end
        last_start = _word_start(s, ws, we)
        checks = []
        # the article is part of the name ("الشيخ سعد" is ال + شيخ سعد): only what comes before it
        # can split a word wrongly
        pre = _without_article(s[ws:start])
        if pre:
            checks.append((s[ws:first_end], s[ws + len(pre):first_end]))
        if we > end:
            checks.append((s[last_start:we], s[max(last_start, start):end]))
        for whole, stem in checks:
            n = self.vocab.get(whole, 0)
            if n >= self._min_count and n >= self._ratio * max(1, self.vocab.get(stem, 0)):
                return False
        return True

    def _mentions(self, t: _Text, h: _Hit) -> list[Mention]:
        a, b = t.span(h.start, h.end)
        out = []
        for kind in ("place", "actor"):
            ents = [e for e in h.entries if e.kind == kind]
            if not ents:
                continue
            ids = list(dict.fromkeys(e.ref for e in ents))
            out.append(Mention(kind, a, b, t.original[a:b], ref=ids[0], data={
                "candidates": ids, "key": t.s[h.start:h.end], "how": sorted({e.how for e in ents}),
                "proclitic": h.proclitic, "enclitic": h.enclitic, "_ws": h.ws,
                **({"cue": h.cue} if h.cue else {}),
            }))
        return out

    # ---- landmarks ----------------------------------------------------------------------------

    def _landmarks(self, t: _Text, h: _Hit, by_start: dict[int, _Hit]):
        """Landmark mentions a head opens; a known place right after a head the spec drops
        ("حي المنشية") just records the head as its cue."""
        s = t.s
        head = s[h.start:h.end]
        definite = head.startswith("ال") or h.proclitic.endswith(("ال", "لل"))  # "للمسجد" too
        if definite and not any(e.kind == "dhead" for e in h.entries):
            return  # "المخيم" alone is a noun; a head opens a name only in the construct state
        prev = _prev_word(s, h.ws)
        if prev in self._not_after:
            return
        is_dhead = any(e.kind == "dhead" for e in h.entries) and head in self._dheads
        pos = h.we
        plural = head in self._plural
        while True:
            item = self._item(s, pos, by_start, weak=(head in self._weak or head in self._dropped or plural),
                              definite=is_dhead)
            if item is None:
                return
            a, b, inner = item
            if head in self._dropped or plural:
                if inner is None:
                    start, end = a, b
                    oa, ob = t.span(start, end)
                    yield Mention("place", oa, ob, t.original[oa:ob], data={
                        "candidates": [], "landmark": True, "head": self._plural.get(head, head),
                        "head_dropped": head in self._dropped, "_ws": start,
                    })
                else:
                    inner.cue = self._plural.get(head, head)
            else:
                start = h.start
                oa, ob = t.span(start, b)
                yield Mention("place", oa, ob, t.original[oa:ob], data={
                    "candidates": [], "landmark": True, "head": head, "_ws": h.ws,
                    "anchor": _anchor(inner), "proclitic": h.proclitic,
                })
            if not plural:
                return
            nxt = _list_next(s, b)
            if nxt is None:
                return
            pos = nxt

    def _item(self, s: str, pos: int, by_start: dict[int, _Hit], weak: bool, definite: bool):
        """The name after ``pos``: (start, end, the place hit it is, if one)."""
        i = pos
        while i < len(s) and s[i] in ' "\'()-–:':
            i += 1
        m = _WORD.match(s, i)
        if not m:
            return None
        if m.group().startswith("و") and len(m.group()) <= 3:
            return None  # "للقاعدة وإن": a conjunction and a particle (وان is also Van)
        inner = by_start.get(m.start())
        if inner is not None and any(e.kind in ("place",) for e in inner.entries):
            if definite or (_without_article(inner.proclitic) and m.start() == inner.ws):
                return None  # "مستشفى بالفاشر": a hospital in a town, not a hospital named so
            return inner.start, inner.end, inner
        if inner is not None:
            return None  # an actor's name, not a landmark's
        w = m.group()
        if definite:
            return (m.start(), m.end(), None) if w in self._adjectives else None
        bare = w[1:] if w.startswith("و") else w
        if w in self._not_names or (len(w) < 3 and w not in self._connectors) or w.startswith("لل") \
                or bare in self._heads or w in self._heads:
            return None
        stem = w[2:] if w.startswith("ال") else w
        if weak and self.vocab.get(w, 0) + self.vocab.get(stem, 0) >= self._rare and w not in self._dheads:
            return None
        # a common word with a pronoun or a preposition ("قرى طالتها"، "تل لترهيب") is no name
        for enc in ("هما", "ها", "هم", "كم", "نا"):
            if w.endswith(enc) and self.vocab.get(w[: -len(enc)], 0) >= self._rare:
                return None
        if _VERB_WITH_OBJECT.match(w):
            return None  # a relative clause, not a name: "منطقة يؤمها السياح"، "قرية تقطنها عائلات"
        for pro in ("ب", "ل", "ك", "لل", "بال", "و"):  # "قاعدة وتجمع للحوثيين": a base and a camp
            if w.startswith(pro) and not w.startswith("ال") and self.vocab.get(w[len(pro):], 0) >= self._rare:
                return None
        end = m.end()
        if w in self._connectors:
            m2 = _WORD.match(s, end + 1) if end < len(s) and s[end] == " " else None
            if not m2 or m2.group() in self._not_names:
                return None
            end = m2.end()
        elif w not in self._dheads:  # "طريق المطار" is named by the noun alone
            m3 = _WORD.match(s, end + 1) if end < len(s) and s[end] == " " else None
            if m3 and m3.group() in self._adjectives:
                end = m3.end()
            elif not w.startswith("ال") and self.vocab.get(w, 0) >= self._rare:
                # a common noun ("قوات") is indefinite and runs on; a rare word is a proper
                # name, definite already ("معسكر لبوزة المجاور": the adjective is no part of it)
                end = self._construct_end(s, end, by_start)
        return m.start(), end, None

    def _construct_end(self, s: str, end: int, by_start: dict[int, _Hit]) -> int:
        """Where a name of indefinite nouns ends: at the definite noun that closes the construct
        ("مسجد قوات الطوارئ"، "مسجد مقر قوات الطوارئ"), if one does within a word or two; a
        particle, a known place or party, or a word that is no name ends it where it was."""
        pos = end
        for _ in range(self._construct_words):
            m = _WORD.match(s, pos + 1) if pos < len(s) and s[pos] == " " else None
            if m is None or m.start() in by_start:
                return end
            w = m.group()
            if w in self._not_names or w in self._heads or len(w) < 3 or w.startswith(("و", "لل", "ب")):
                return end
            if w.startswith("ال"):
                return m.end()
            if self.vocab.get(w, 0) < self._rare:
                return end
            pos = m.end()
        return end


def _without_article(pre: str) -> str:
    """The proclitics before the article: "وال" -> "و"; "لل" holds the article and stays."""
    return pre[:-2] if pre.endswith("ال") and not pre.endswith("لل") else pre


def _word_start(s: str, ws: int, we: int) -> int:
    """Start of the last word of ``s[ws:we]``."""
    i = s.rfind(" ", ws, we)
    return ws if i < 0 else i + 1


def _anchor(inner: Optional[_Hit]) -> list[str]:
    if inner is None:
        return []
    return list(dict.fromkeys(e.ref for e in inner.entries if e.kind == "place"))


def _prev_word(s: str, ws: int) -> str:
    j = ws - 1
    while j >= 0 and s[j] == " ":
        j -= 1
    k = j
    while k >= 0 and _is_letter(s[k]):
        k -= 1
    return s[k + 1:j + 1]


def _list_next(s: str, b: int) -> Optional[int]:
    """Where the next item of a list starts after ``b`` ("X وY"، "X، Y"، "X – Y"), or None."""
    i = b
    while i < len(s) and s[i] in ' "\'':
        i += 1
    if i < len(s) and s[i] in "،,-–/":
        return i + 1
    if s.startswith("و", i) and i + 1 < len(s) and _is_letter(s[i + 1]) and i > b:
        return i + 1
    return None


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    chosen: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for h in sorted(hits, key=lambda h: (-(h.we - h.ws), h.ws)):
        if any(h.ws < b and a < h.we for a, b in taken):
            continue
        chosen.append(h)
        taken.append((h.ws, h.we))
    chosen.sort(key=lambda h: h.ws)
    return chosen


@lru_cache(maxsize=1)
def _clitic_config() -> dict:
    with open(CLITICS_TOML, "rb") as f:
        return tomllib.load(f)


def _clitic_sets(cues: dict) -> tuple[frozenset[str], frozenset[str]]:
    """Proclitic strings (conjunction, preposition, article, in that order) and enclitics."""
    cfg = _clitic_config()
    conj = [""] + list(cfg["conjunctions"])
    preps = [""] + [p for p in cfg["prepositions"] if p != "لل"]
    pro: set[str] = set()
    for c in conj:
        for p in preps:
            pro.add(c + p)
            pro.add(c + p + "ال")
            if p == "ل":
                pro.add(c + "لل")  # ل + ال, the alef dropped
    pro.discard("")
    enc = set(cfg["enclitics"]) | set(cues["clitics"]["extra_enclitics"])
    return frozenset(pro), frozenset(enc)


# ---- the knowledge base -------------------------------------------------------------------------

@dataclass
class KB:
    places: tuple[Place, ...]
    actors: list[Any]
    matcher: Matcher
    by_id: dict[str, Place]
    actors_by_id: dict[str, Any]


def _load_actors() -> list[Any]:
    try:
        from rasd.kb.actors import load_actors  # written alongside; absent in early checkouts
    except ImportError:
        return []
    return list(load_actors())


def build_entries(places: Iterable[Place], actors: Iterable[Any]) -> dict[str, list[Entry]]:
    entries: dict[str, list[Entry]] = {}
    lm = load_cues()["landmarks"]
    heads = {normalize_key(w) for w in lm["heads"] + list(lm["plural_heads"]) + lm["definite_heads"]}
    proclitics, _ = _clitic_sets(load_cues())
    for p in places:
        for form, how in place_forms(p).items():
            # a village called "معبر" or "الجسر" would turn every crossing and bridge into it, one
            # called "بقرية" every "بقرية X" (ب + the place word)
            # ... except an important town named by a head with the article ("التل", a district
            # seat): it stays, and the geocoder asks for context (place_cues.toml [[ambiguous]])
            if form in heads or any(form.startswith(c) and form[len(c):] in heads
                                    and not (c == "ال" and is_important(p)) for c in proclitics):
                continue
            entries.setdefault(form, []).append(Entry("place", p.id, how, p.kind == "country"))
    for a in actors:
        for alias in [a.name] + list(getattr(a, "aliases", []) or []):
            k = normalize_key(alias)
            if len(k) >= 2 and any(_is_letter(c) for c in k):
                e = Entry("actor", a.id, "alias")
                if e not in entries.setdefault(k, []):
                    entries[k].append(e)
                # "للجيش العراقي": ل + the article, its alef dropped; matched only after لل
                if k.startswith("ال") and len(k) > 4:
                    e = Entry("actor", a.id, "bare")
                    if e not in entries.setdefault(k[2:], []):
                        entries[k[2:]].append(e)
    for w in lm["heads"] + list(lm["plural_heads"]):
        entries.setdefault(normalize_key(w), []).append(Entry("head", normalize_key(w), "name"))
    for w in lm["definite_heads"]:
        entries.setdefault(normalize_key(w), []).append(Entry("dhead", normalize_key(w), "name"))
    return entries


@lru_cache(maxsize=1)
def get_kb() -> KB:
    """The places, the actors and the matcher over both, built once per process."""
    places = load_places()
    actors = _load_actors()
    matcher = Matcher(build_entries(places, actors))
    return KB(places, actors, matcher, {p.id: p for p in places}, {a.id: a for a in actors})


def find_mentions(text: str) -> list[Mention]:
    """Place and actor mentions of ``text``, spans in the original, clitics outside the span."""
    return get_kb().matcher.find(text)


def bench_matcher(texts: Iterable[str]) -> dict:
    """Throughput of the matcher alone: build time of the knowledge base and automaton, MB/s."""
    t0 = time.perf_counter()
    kb = get_kb()
    load = time.perf_counter() - t0
    texts = list(texts)
    size = sum(len(x.encode("utf-8")) for x in texts)
    t1 = time.perf_counter()
    n = sum(len(kb.matcher.find(x)) for x in texts)
    secs = time.perf_counter() - t1
    return {
        "texts": len(texts), "mb": round(size / 1e6, 3), "seconds": round(secs, 3),
        "mb_per_s": round(size / 1e6 / secs, 3) if secs else None, "mentions": n,
        "kb_load_s": round(load, 3), "automaton_build_s": round(kb.matcher.build_seconds, 3),
        "keys": kb.matcher.size, "places": len(kb.places), "actors": len(kb.actors),
    }
