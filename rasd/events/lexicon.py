"""The event-trigger lexicon and the non-event rules (issue #4, parts 1 and 5).

Two data files drive this module:

- ``data/triggers.toml``: one ``[[trigger]]`` table per lexical entry: the surface forms that
  express an event sub-type, with conditions on the sentence around them.
- ``data/non_events.toml``: the cues that make a trigger-bearing sentence or clause report no
  event (plans, threats, conditions, denials, tallies, negation...), each with a scope.

Matching runs on the normalized text (:func:`rasd.text.normalize.normalize_with_offsets`, with
whitespace runs collapsed to one space) and maps every span back to the original text. Forms are
matched like whole words that may carry proclitics (و ف ب ل ك ال لل وال بال ...) and enclitics
(ه ها هم هما هن نا كم, tanween alif); a form ending in ta marbuta also matches ``ـت`` + enclitic
(غارتها، مروحيتين), and one ending in ``اء`` also matches ``ـائ`` + enclitic (إجلائهم).

Public API::

    load_lexicon() -> Lexicon                       # cached, built once per process
    find_triggers(text, start=0, end=None) -> list[TriggerHit]
    non_event_reason(text, hit, start, end) -> str | None
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import ahocorasick

from rasd.text.normalize import normalize, normalize_with_offsets

DATA_DIR = Path(__file__).resolve().parent / "data"

# The spec's 27 (event_type, sub_event_type) pairs (../shared/spec/events.md, section 2).
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
    "Negotiation": "Strategic developments",
    "Displacement": "Strategic developments",
}

ACTOR_RULES = {"gov_regains"}

# Proclitic sequences a matched form may carry, in normalized spelling.
PROCLITICS = frozenset([
    "", "و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "فال", "بال", "كال",
    "وب", "ول", "وك", "فب", "فل", "فك", "وبال", "فبال", "وكال", "ولل", "فلل",
])
# When the form itself starts with ال, only non-article proclitics may precede it.
PROCLITICS_BEFORE_DET = frozenset(p for p in PROCLITICS if "ال" not in p and "لل" not in p)
# Variant "ل" + form[1:] of an ال-form: لل + stem (للطيران = ل + الطيران).
PROCLITICS_LAM = frozenset(["ل", "ول", "فل"])
ENCLITICS = frozenset(["", "ه", "ها", "هم", "هما", "هن", "نا", "كم", "ا"])
# After ta marbuta turned ت: enclitics, nisba/1sg ي, dual ين/ان/ا.
TA_SUFFIXES = frozenset(["ه", "ها", "هم", "هما", "هن", "نا", "كم", "ي", "ين", "ان", "ا"])
# Cue words (strict matching) take no tanween alif: بعدما is not بعدم + ا.
_STRICT_ENCLITICS = ENCLITICS - {"ا"}
HAMZA_SUFFIXES = frozenset(["ه", "ها", "هم", "هما", "هن", "نا", "كم"])

_ARABIC = "\u0621-\u064a"
_WORD_RE = re.compile(rf"[{_ARABIC}]+|[0-9]+(?:[.,][0-9]+)*|[a-z]+")
_BOUNDARY_PUNCT = set("،,؛;:.!?؟\n")
_NON_EVENT_REASONS = {
    "threat", "plan", "condition", "possibility", "denial", "question", "offer", "opinion",
    "history", "tally", "negated", "background",
}


def _is_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def _norm_phrase(s: str) -> str:
    return " ".join(normalize(s).split())


@dataclass
class TriggerHit:
    start: int  # span in the ORIGINAL text (whole words, clitics included)
    end: int
    text: str  # original surface
    trigger_id: str
    event_type: str
    sub_event_type: str
    priority: int
    actor_rule: Optional[str] = None
    data: dict = field(default_factory=dict)


@dataclass
class WordList:
    """Normalized words or phrases; a trailing ``*`` on a word means 'any stem starting so'.

    Indexed by first word: ``exact`` maps a first word (and, for ال-words, the word without ال)
    to its phrases; ``wild`` lists the phrases whose first word is a ``*`` prefix.
    """

    phrases: list[tuple[str, ...]]
    exact: dict = field(default_factory=dict)
    wild: list = field(default_factory=list)

    @classmethod
    def of(cls, items: Iterable[str]) -> "WordList":
        out = []
        for it in items or []:
            star = it.strip().endswith("*")
            p = _norm_phrase(it.strip().rstrip("*"))
            if not p:
                continue
            words = p.split(" ")
            if star:
                words[-1] = words[-1] + "*"
            out.append(tuple(words))
        wl = cls(out)
        for ph in out:
            w = ph[0]
            if w.endswith("*"):
                wl.wild.append(ph)
                continue
            wl.exact.setdefault(w, []).append(ph)
            if w.startswith("ال") and len(w) > 3:
                wl.exact.setdefault(w[2:], []).append(ph)
        return wl

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def first_word_candidates(self, stems: frozenset) -> list:
        seen: list = []
        for st in stems:
            for ph in self.exact.get(st, ()):
                if ph not in seen:
                    seen.append(ph)
        for ph in self.wild:
            if ph not in seen and _word_matches(stems, ph[0]):
                seen.append(ph)
        return seen


@dataclass
class Entry:
    id: str
    event_type: str
    sub_event_type: str
    lemma: str
    forms: list[str]
    priority: int = 50
    actor_rule: Optional[str] = None
    requires_any: WordList = field(default_factory=lambda: WordList([]))
    requires_window: int = 0
    requires_dir: str = "both"
    also_requires_any: WordList = field(default_factory=lambda: WordList([]))
    excludes: WordList = field(default_factory=lambda: WordList([]))
    excludes_window: int = 0
    not_preceded_by: WordList = field(default_factory=lambda: WordList([]))
    preceded_window: int = 2
    not_followed_by: WordList = field(default_factory=lambda: WordList([]))
    followed_window: int = 1
    bad_prefixes: frozenset = frozenset()
    bad_suffixes: frozenset = frozenset()
    note: str = ""


@dataclass
class Cue:
    reason: str
    scope: str  # before_trigger | after_trigger | clause | sentence
    max_distance: int = 0  # in words (1 = adjacent to the trigger); 0 = anywhere in the scope
    kind: str = "words"  # words | regex | negation | qad_imperfect | future_prefix
    words: WordList = field(default_factory=lambda: WordList([]))
    patterns: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)
    strict_clitics: bool = False  # only و/ف may precede the cue word
    punct_bounds: bool = True  # False: clauses for this cue are cut by boundary words only
    applies_to: frozenset = frozenset()  # sub-types or event types; empty = all
    exempt: frozenset = frozenset()
    # only when the sentence also holds a trigger of one of these sub-types / event types
    # (the event the cue phrase is background to: 'سيطر ... إثر معارك' → the takeover)
    if_sentence_has: frozenset = frozenset()
    # patterns over the normalized clause that stop the cue ("ارتفعت حصيلة القصف على أريحا إلى
    # 13": a rising toll of one strike is that strike, not a campaign's tally)
    unless: list = field(default_factory=list)
    name: str = ""

    def concerns(self, hit: "TriggerHit") -> bool:
        if self.applies_to and not (
            hit.sub_event_type in self.applies_to or hit.event_type in self.applies_to
        ):
            return False
        if hit.sub_event_type in self.exempt or hit.event_type in self.exempt:
            return False
        return True


# ---------------------------------------------------------------------------------------------
# Tokens of a span, with their clitic-stripped stems.


@dataclass
class _Tok:
    start: int  # index into the collapsed normalized string
    end: int
    word: str
    stems: frozenset
    strict_stems: frozenset  # only و/ف stripped (and enclitics)


class _View:
    """The collapsed normalized form of text[start:end], its tokens and the map back."""

    def __init__(self, text: str, start: int, end: int):
        norm = normalize_with_offsets(text[start:end])
        out: list[str] = []
        offs: list[int] = []
        for ch, o in zip(norm.text, norm.offsets):
            if ch.isspace():
                if out and out[-1] == " ":
                    continue
                ch = " "
            out.append(ch)
            offs.append(o + start)
        self.s = "".join(out)
        self.offs = offs
        self.base = start
        self.tokens: list[_Tok] = []
        for m in _WORD_RE.finditer(self.s):
            w = m.group(0)
            self.tokens.append(_Tok(m.start(), m.end(), w, _stems(w), _stems(w, strict=True)))
        self._starts = [t.start for t in self.tokens]
        # punctuation boundaries (index into self.s)
        self.punct = [i for i, ch in enumerate(self.s) if ch in _BOUNDARY_PUNCT]
        self.segs: dict = {}  # clause segmentation, by "cut at punctuation" flag

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        """Original span of collapsed normalized s[i:j]."""
        return self.offs[i], self.offs[j - 1] + 1

    def tok_index_at(self, pos: int) -> int:
        """Index of the token containing collapsed position ``pos`` (or the next token)."""
        import bisect

        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0 and self.tokens[k].start <= pos < self.tokens[k].end:
            return k
        return k + 1

    def tok_range_for_orig(self, ostart: int, oend: int) -> tuple[int, int]:
        """First and last token indexes overlapping the ORIGINAL span [ostart, oend)."""
        first = last = -1
        for k, t in enumerate(self.tokens):
            ts, te = self.offs[t.start], self.offs[t.end - 1] + 1
            if te <= ostart:
                continue
            if ts >= oend:
                break
            if first < 0:
                first = k
            last = k
        return first, last


@functools.lru_cache(maxsize=256)
def _view(text: str, start: int, end: int) -> _View:
    return _View(text, start, end)


@functools.lru_cache(maxsize=200_000)
def _stems(word: str, strict: bool = False) -> frozenset:
    prefixes = ("", "و", "ف") if strict else PROCLITICS
    suffixes = _STRICT_ENCLITICS if strict else ENCLITICS
    out = set()
    for p in prefixes:
        if p and not word.startswith(p):
            continue
        rest = word[len(p):]
        if len(rest) < 2:
            continue
        for s in suffixes:
            if s and not rest.endswith(s):
                continue
            stem = rest[: len(rest) - len(s)] if s else rest
            if len(stem) < 2:
                continue
            out.add(stem)
            if s and stem.endswith("ت"):
                out.add(stem[:-1] + "ه")
            if s and stem.endswith("ئ"):
                out.add(stem[:-1] + "ء")
            if not strict and not s:
                # ta marbuta before dual / construct endings: بلدتي، بلدتين، قذيفتان → بلده
                for d in ("تين", "تان", "تي", "تا"):
                    if stem.endswith(d) and len(stem) - len(d) >= 2:
                        out.add(stem[: -len(d)] + "ه")
                        break
    return frozenset(out)


def _word_matches(stems: frozenset, w: str) -> bool:
    if w.endswith("*"):
        base = w[:-1]
        alt = base[2:] if base.startswith("ال") and len(base) > 3 else None
        for st in stems:
            if st.startswith(base) or (alt and st.startswith(alt)):
                return True
        return False
    if w in stems:
        return True
    return w.startswith("ال") and len(w) > 3 and w[2:] in stems


def _find_phrases(view: _View, wl: WordList, lo: int, hi: int, strict: bool = False) -> list[tuple[int, int]]:
    """Token ranges (first, last) of phrases of ``wl`` lying within tokens [lo, hi]."""
    out = []
    toks = view.tokens
    lo = max(lo, 0)
    hi = min(hi, len(toks) - 1)
    for i in range(lo, hi + 1):
        t = toks[i]
        for phrase in wl.first_word_candidates(t.strict_stems if strict else t.stems):
            n = len(phrase)
            if i + n - 1 > hi:
                continue
            if all(_word_matches(toks[i + k].stems, phrase[k]) for k in range(1, n)):
                out.append((i, i + n - 1))
    return out


# ---------------------------------------------------------------------------------------------
# The lexicon.


class Lexicon:
    def __init__(self, entries: list[Entry], cues: list[Cue], clause: dict):
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self.cues = cues
        self.clause_words = WordList.of(clause.get("boundary_words", []))
        self.min_clause_words = int(clause.get("min_clause_words", 4))
        self.automaton = ahocorasick.Automaton()
        keys: dict[str, list] = {}
        for idx, e in enumerate(entries):
            for f in e.forms:
                nf = _norm_phrase(f)
                if not nf:
                    continue
                for key, kind in _variants(nf):
                    keys.setdefault(key, []).append((idx, nf, kind))
        for key, vals in keys.items():
            self.automaton.add_word(key, (key, vals))
        self.automaton.make_automaton()

    # -- triggers -------------------------------------------------------------------------

    def find(self, text: str, start: int = 0, end: Optional[int] = None) -> list[TriggerHit]:
        if end is None:
            end = len(text)
        if start >= end:
            return []
        view = _view(text, start, end)
        s = view.s
        cands: list[tuple] = []
        for e_idx, (key, vals) in self.automaton.iter(s):
            ks = e_idx - len(key) + 1
            ke = e_idx + 1
            # left: the token prefix before the key
            ts = ks
            while ts > 0 and _is_letter(s[ts - 1]):
                ts -= 1
            prefix = s[ts:ks]
            te = ke
            while te < len(s) and _is_letter(s[te]):
                te += 1
            suffix = s[ke:te]
            if ks < len(s) and not _is_letter(s[ks]) and prefix:
                continue
            for idx, nf, kind in vals:
                if not _clitics_ok(nf, kind, prefix, suffix):
                    continue
                e = self.entries[idx]
                if prefix in e.bad_prefixes or suffix in e.bad_suffixes:
                    continue
                cands.append((ts, te, idx, nf, prefix, suffix))
        hits: list[tuple] = []
        for ts, te, idx, nf, prefix, suffix in cands:
            e = self.entries[idx]
            first = view.tok_index_at(ts)
            last = view.tok_index_at(te - 1)
            if not self._entry_ok(view, e, first, last):
                continue
            hits.append((ts, te, e, nf, prefix, suffix))
        # overlaps: longest first, then priority, then leftmost
        hits.sort(key=lambda h: (-(h[1] - h[0]), -h[2].priority, h[0]))
        chosen: list[tuple] = []
        for h in hits:
            if any(h[0] < c[1] and c[0] < h[1] for c in chosen):
                continue
            chosen.append(h)
        chosen.sort(key=lambda h: h[0])
        out = []
        for ts, te, e, nf, prefix, suffix in chosen:
            os_, oe = view.orig_span(ts, te)
            out.append(TriggerHit(
                start=os_, end=oe, text=text[os_:oe], trigger_id=e.id, event_type=e.event_type,
                sub_event_type=e.sub_event_type, priority=e.priority, actor_rule=e.actor_rule,
                data={"form": nf, "prefix": prefix, "suffix": suffix, "lemma": e.lemma},
            ))
        return out

    def _entry_ok(self, view: _View, e: Entry, first: int, last: int) -> bool:
        n = len(view.tokens)

        def window(w: int, d: str) -> tuple[int, int]:
            if w <= 0:
                return 0, n - 1
            if d == "after":
                return last + 1, last + w
            if d == "before":
                return first - w, first - 1
            return first - w, last + w

        def found(wl: WordList, lo: int, hi: int) -> bool:
            # a requirement word inside the trigger itself does not count
            for a, b in _find_phrases(view, wl, lo, hi):
                if b < first or a > last:
                    return True
            return False

        if e.requires_any and not found(e.requires_any, *window(e.requires_window, e.requires_dir)):
            return False
        if e.also_requires_any and not found(e.also_requires_any, *window(e.requires_window, e.requires_dir)):
            return False
        if e.excludes and found(e.excludes, *window(e.excludes_window, "both")):
            return False
        if e.not_preceded_by and _find_phrases(view, e.not_preceded_by, first - e.preceded_window, first - 1):
            return False
        if e.not_followed_by and _find_phrases(view, e.not_followed_by, last + 1, last + e.followed_window):
            return False
        return True

    # -- non-events -------------------------------------------------------------------------

    def clause_of(self, view: _View, tok: int, punct: bool = True) -> tuple[int, int]:
        """Token range [a, b] of the clause holding token ``tok`` (cut at punctuation too
        unless ``punct`` is False)."""
        n = len(view.tokens)
        if n == 0:
            return 0, -1
        segs = view.segs.get(punct)
        if segs is None:
            segs = view.segs[punct] = self._segments(view, punct)
        for a, b in segs:
            if a <= tok <= b:
                return a, b
        return 0, n - 1

    def _segments(self, view: _View, punct: bool) -> list:
        n = len(view.tokens)
        cuts = set()  # a clause starts at each index in cuts
        for p in (view.punct if punct else ()):
            k = view.tok_index_at(p)
            if 0 < k < n:
                cuts.add(k)
        for a, b in _find_phrases(view, self.clause_words, 0, n - 1, strict=True):
            if a > 0:
                cuts.add(a)
        bounds = sorted(cuts)
        segs = []
        prev = 0
        for c in bounds:
            if c > prev:
                segs.append([prev, c - 1])
                prev = c
        segs.append([prev, n - 1])
        # merge short segments (", الأحد ،", "في عام 2018 ،") into both neighbours
        changed = True
        while changed and len(segs) > 1:
            changed = False
            for i, (a, b) in enumerate(segs):
                if b - a + 1 < self.min_clause_words:
                    lo = segs[i - 1][0] if i > 0 else a
                    hi = segs[i + 1][1] if i + 1 < len(segs) else b
                    j0 = i - 1 if i > 0 else i
                    j1 = i + 1 if i + 1 < len(segs) else i
                    segs[j0:j1 + 1] = [[lo, hi]]
                    changed = True
                    break
        return segs

    def reason(self, text: str, hit: TriggerHit, start: int, end: int) -> Optional[str]:
        got = self.explain(text, hit, start, end)
        return got["reason"] if got else None

    def explain(self, text: str, hit: TriggerHit, start: int, end: int) -> Optional[dict]:
        """Like :meth:`reason`, with the cue's name, its original span and the clause span."""
        view = _view(text, start, end)
        first, last = view.tok_range_for_orig(hit.start, hit.end)
        if first < 0:
            return None
        ca, cb = self.clause_of(view, first)
        loose = None
        sent_types = None
        for cue in self.cues:
            if not cue.concerns(hit):
                continue
            if cue.if_sentence_has:
                if sent_types is None:
                    sent_types = set()
                    for o in self.find(text, start, end):
                        if (o.start, o.end) != (hit.start, hit.end):
                            sent_types.update((o.sub_event_type, o.event_type))
                if not (sent_types & cue.if_sentence_has):
                    continue
            if cue.punct_bounds:
                fired = self._cue_fires(view, cue, first, last, ca, cb)
            else:
                if loose is None:
                    loose = self.clause_of(view, first, punct=False)
                fired = self._cue_fires(view, cue, first, last, *loose)
            if fired:
                a, b = fired
                ta, tb = view.tokens[a], view.tokens[b]
                cs, ce = view.orig_span(ta.start, tb.end)
                ks, ke = view.orig_span(view.tokens[ca].start, view.tokens[cb].end)
                return {"reason": cue.reason, "cue": cue.name, "cue_span": (cs, ce),
                        "cue_text": text[cs:ce], "clause": (ks, ke)}
        return None

    def _cue_fires(self, view: _View, cue: Cue, first: int, last: int, ca: int, cb: int):
        """The token range (a, b) of the cue that fires, or None."""
        n = len(view.tokens)
        if cue.scope == "sentence":
            lo, hi = 0, n - 1
        else:
            lo, hi = ca, cb
        d = cue.max_distance
        if cue.unless and n:
            clause = view.s[view.tokens[ca].start:view.tokens[min(cb, n - 1)].end]
            if any(p.search(clause) for p in cue.unless):
                return None

        def in_scope(a: int, b: int) -> bool:
            if a < lo or b > hi:
                return False
            if a <= last and b >= first:  # overlaps the trigger itself
                return False
            if cue.scope == "before_trigger":
                return b < first and (d <= 0 or first - b <= d)
            if cue.scope == "after_trigger":
                return a > last and (d <= 0 or a - last <= d)
            if cue.scope in ("clause", "sentence"):
                if d <= 0:
                    return True
                dist = first - b if b < first else a - last
                return dist <= d
            return False

        if cue.kind == "words":
            for a, b in _find_phrases(view, cue.words, lo, hi, strict=cue.strict_clitics):
                if in_scope(a, b):
                    return a, b
            return None
        if cue.kind == "regex":
            sub_start = view.tokens[lo].start if lo < n else 0
            sub_end = view.tokens[hi].end if 0 <= hi < n else 0
            seg = view.s[sub_start:sub_end]
            for pat in cue.patterns:
                for m in pat.finditer(seg):
                    a = view.tok_index_at(sub_start + m.start())
                    b = view.tok_index_at(sub_start + max(m.end() - 1, m.start()))
                    if in_scope(a, b):
                        return a, b
            return None
        if cue.kind == "negation":
            for a, b in _find_phrases(view, cue.words, lo, hi, strict=True):
                if not in_scope(a, b):
                    continue
                words = [t.word for t in view.tokens[a:first + 1]]
                if words and words[0][:1] in ("و", "ف") and len(words[0]) > 2:
                    words[0] = words[0][1:]
                between = " ".join(words)
                if any(between.startswith(x) for x in cue.exceptions):
                    continue
                return a, b
            return None
        if cue.kind == "qad_imperfect":
            for k in range(lo, hi):
                w = view.tokens[k].word
                if w not in ("قد", "وقد", "فقد"):
                    continue
                if _imperfect(view.tokens[k + 1].word) and in_scope(k, k + 1):
                    return k, k + 1
            return None
        if cue.kind == "future_prefix":
            exc = set(cue.exceptions)
            for k in range(lo, hi + 1):
                w = view.tokens[k].word
                for p in ("", "و", "ف"):
                    if not w.startswith(p + "س"):
                        continue
                    rest = w[len(p) + 1:]
                    if len(rest) >= 3 and rest[0] in "يتن" and w[len(p):] not in exc and w not in exc:
                        if in_scope(k, k):
                            return k, k
                    break
            return None
        return None


def _imperfect(word: str) -> bool:
    """Is this the imperfect verb after قد ('may'), not the perfect ('has')?"""
    for s in ("هما", "ها", "هم", "ه", "نا"):
        if word.endswith(s) and len(word) - len(s) >= 3:
            word = word[: len(word) - len(s)]
            break
    if word in ("تم", "تمت"):
        return False
    if word.startswith("ي") or word.startswith("ن"):
        return True
    if word.startswith("ت"):
        return not (word.endswith("ت") or word.endswith("وا") or word.endswith("تا"))
    return False


def _variants(nf: str) -> list[tuple[str, str]]:
    out = [(nf, "plain")]
    if nf.startswith("ال") and len(nf.split(" ")[0]) > 3:
        out.append((nf[1:], "lam"))
    last = nf.split(" ")[-1]
    if last.endswith("ه") and len(last) >= 3:
        out.append((nf[:-1] + "ت", "ta"))
    if last.endswith("اء") and len(last) >= 4:
        out.append((nf[:-1] + "ئ", "hamza"))
    return out


def _clitics_ok(nf: str, kind: str, prefix: str, suffix: str) -> bool:
    if kind == "lam":
        if prefix not in PROCLITICS_LAM:
            return False
    elif nf.startswith("ال"):
        if prefix not in PROCLITICS_BEFORE_DET:
            return False
    elif prefix not in PROCLITICS:
        return False
    if kind == "ta":
        return suffix in TA_SUFFIXES
    if kind == "hamza":
        return suffix in HAMZA_SUFFIXES
    return suffix in ENCLITICS


# ---------------------------------------------------------------------------------------------
# Loading.


_ENTRY_KEYS = {
    "id", "event_type", "sub_event_type", "lemma", "forms", "priority", "actor_rule",
    "requires_any", "requires_window", "requires_dir", "also_requires_any", "excludes",
    "excludes_window", "not_preceded_by", "preceded_window", "not_followed_by", "followed_window",
    "bad_prefixes", "bad_suffixes", "note",
}
_CUE_KEYS = {
    "name", "reason", "scope", "max_distance", "kind", "words", "patterns", "exceptions",
    "strict_clitics", "applies_to", "exempt", "note", "punct_bounds", "if_sentence_has", "unless",
}


def _entry_from(d: dict) -> Entry:
    unknown = set(d) - _ENTRY_KEYS
    if unknown:
        raise ValueError(f"trigger {d.get('id')}: unknown keys {sorted(unknown)}")
    for k in ("id", "event_type", "sub_event_type", "forms"):
        if k not in d:
            raise ValueError(f"trigger entry lacks {k!r}: {d.get('id')}")
    sub = d["sub_event_type"]
    if SUB_EVENT_TYPES.get(sub) != d["event_type"]:
        raise ValueError(f"{d['id']}: ({d['event_type']!r}, {sub!r}) is not a spec type")
    ar = d.get("actor_rule")
    if ar is not None and ar not in ACTOR_RULES:
        raise ValueError(f"{d['id']}: unknown actor_rule {ar!r}")
    if d.get("requires_dir", "both") not in ("both", "after", "before"):
        raise ValueError(f"{d['id']}: requires_dir must be both|after|before")
    return Entry(
        id=d["id"], event_type=d["event_type"], sub_event_type=sub, lemma=d.get("lemma", ""),
        forms=list(d["forms"]), priority=int(d.get("priority", 50)), actor_rule=ar,
        requires_any=WordList.of(d.get("requires_any", [])),
        requires_window=int(d.get("requires_window", 0)),
        requires_dir=d.get("requires_dir", "both"),
        also_requires_any=WordList.of(d.get("also_requires_any", [])),
        excludes=WordList.of(d.get("excludes", [])),
        excludes_window=int(d.get("excludes_window", 0)),
        not_preceded_by=WordList.of(d.get("not_preceded_by", [])),
        preceded_window=int(d.get("preceded_window", 2)),
        not_followed_by=WordList.of(d.get("not_followed_by", [])),
        followed_window=int(d.get("followed_window", 1)),
        bad_prefixes=frozenset(_norm_phrase(x) for x in d.get("bad_prefixes", [])),
        bad_suffixes=frozenset(_norm_phrase(x) for x in d.get("bad_suffixes", [])),
        note=d.get("note", ""),
    )


def _cue_from(d: dict) -> Cue:
    unknown = set(d) - _CUE_KEYS
    if unknown:
        raise ValueError(f"cue {d.get('name')}: unknown keys {sorted(unknown)}")
    reason = d["reason"]
    if reason not in _NON_EVENT_REASONS:
        raise ValueError(f"unknown non-event reason {reason!r}")
    scope = d.get("scope", "clause")
    if scope not in ("before_trigger", "after_trigger", "clause", "sentence"):
        raise ValueError(f"unknown scope {scope!r}")
    kind = d.get("kind", "regex" if "patterns" in d else "words")
    if kind not in ("words", "regex", "negation", "qad_imperfect", "future_prefix"):
        raise ValueError(f"cue {d.get('name')}: unknown kind {kind!r}")
    for sub in (list(d.get("applies_to", [])) + list(d.get("exempt", []))
                + list(d.get("if_sentence_has", []))):
        if sub not in SUB_EVENT_TYPES and sub not in set(SUB_EVENT_TYPES.values()):
            raise ValueError(f"cue {d.get('name')}: unknown type {sub!r}")
    return Cue(
        reason=reason, scope=scope, max_distance=int(d.get("max_distance", 0)), kind=kind,
        words=WordList.of(d.get("words", [])),
        patterns=[re.compile(normalize(p)) for p in d.get("patterns", [])],
        exceptions=[_norm_phrase(x) for x in d.get("exceptions", [])],
        strict_clitics=bool(d.get("strict_clitics", False)),
        punct_bounds=bool(d.get("punct_bounds", True)),
        applies_to=frozenset(d.get("applies_to", [])), exempt=frozenset(d.get("exempt", [])),
        if_sentence_has=frozenset(d.get("if_sentence_has", [])),
        unless=[re.compile(normalize(p)) for p in d.get("unless", [])],
        name=d.get("name", ""),
    )


def load_lexicon_from(triggers_path: Path, non_events_path: Path) -> Lexicon:
    with open(triggers_path, "rb") as f:
        tdata = tomllib.load(f)
    with open(non_events_path, "rb") as f:
        ndata = tomllib.load(f)
    entries = [_entry_from(d) for d in tdata.get("trigger", [])]
    ids = [e.id for e in entries]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate trigger ids: {sorted(dup)}")
    cues = [_cue_from(d) for d in ndata.get("cue", [])]
    return Lexicon(entries, cues, ndata.get("clause", {}))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return load_lexicon_from(DATA_DIR / "triggers.toml", DATA_DIR / "non_events.toml")


@functools.lru_cache(maxsize=1)
def clause_boundary_words() -> tuple[str, ...]:
    """The words that open a new clause (non_events.toml [clause]), normalized."""
    with open(DATA_DIR / "non_events.toml", "rb") as f:
        words = tomllib.load(f)["clause"]["boundary_words"]
    return tuple(sorted({normalize(w) for w in words}))


def find_triggers(text: str, start: int = 0, end: Optional[int] = None) -> list[TriggerHit]:
    """All trigger hits inside text[start:end] (one sentence), sorted by start."""
    return load_lexicon().find(text, start, end)


def explain_non_event(text: str, hit: TriggerHit, start: int, end: int) -> Optional[dict]:
    """non_event_reason with its evidence: {"reason", "cue", "cue_span", "cue_text", "clause"}."""
    return load_lexicon().explain(text, hit, start, end)


def non_event_reason(text: str, hit: TriggerHit, start: int, end: int) -> Optional[str]:
    """None if the hit reports an event that happened; else why not (a reason from
    non_events.toml: threat, plan, condition, possibility, denial, question, offer, opinion,
    history, tally, negated, background), judged within the hit's clause of the sentence [start, end)."""
    return load_lexicon().reason(text, hit, start, end)
