"""Number mentions: counts in Arabic news text, what they count, and who was killed or wounded.

``find_numbers`` reads digits of every script (with thousands separators and decimals), number
words in their masculine/feminine, dual and case forms (ثلاثة/ثلاث، اثنين/اثنتين، مئتين،
خمسة وعشرين، ثلاثمئة وخمسين ألفا), scales (270 ألف، 1.5 مليون، 62 ألفا و263), vague quantities
(عشرات، مئات الآلاف), duals of counted nouns (شخصين، دبابتين) and, after a word of killing or
wounding, a singular victim (مقتل مدني، مقتل القيادي) or a short list of them (مدنيا وممرضا
وعنصرا ... قتلوا).

Each count is tied to the noun it counts (مدنيا، عناصر، آليات: the lexicon in
``data/counted.toml``) and, where the words around it say so, to a role: killed, wounded or
displaced (مقتل 3 مدنيين وإصابة 5 آخرين: killed 3, wounded 5). Counts joined to a total by بينهم
/ من بينهم become its breakdown.

All matching runs on the normalized text (:mod:`rasd.text.normalize`); spans are mapped back to
the original. The tokenizer and clitic readings here are shared with :mod:`rasd.mentions.dates`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rasd.records import Mention
from rasd.text.clitics import enclitic_forms
from rasd.text.normalize import Normalized, normalize_key, normalize_with_offsets

DATA = Path(__file__).resolve().parent / "data"

HUMAN_CLASSES = frozenset({"civilians", "fighters", "people", "killed", "wounded", "displaced", "others"})
ROLES = ("killed", "wounded", "displaced")
MAX_TRIGGER_GAP = 6  # words between a word of killing and the count it governs
AFTER_TRIGGER_SPAN = 4  # words after the counted noun where قتلوا / حتفهم may stand
ELIDED_NOUN_GAP = 6  # tokens from a count's noun to a later bare "و N من" that shares it
TOLL_TRIGGER_GAP = 10  # words between "عدد قتلى" and "إلى N" in a risen toll
SINCE_SPAN = 6  # words after a count where منذ marks a running total

# ----------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Tok:
    """A token of the normalized text: ``start``/``end`` are offsets in the normalized string."""

    norm: str
    start: int
    end: int
    kind: str  # "ar", "num", "lat", "punct"


_TOKEN = re.compile(
    r"(?P<ar>[\u0621-\u063f\u0641-\u064a]+)"
    r"|(?P<num>[0-9]+(?:[.,][0-9]+)*)"
    r"|(?P<lat>[A-Za-z]+)"
    r"|(?P<nl>\n)"
    r"|(?P<punct>\S)"
)
SENTENCE_END = frozenset({".", "!", "?", "؟", "؛", ";", "\n", "…"})


def tokenize_normalized(norm: str) -> list[Tok]:
    """Tokens of an already normalized text (Arabic words, numbers, Latin words, punctuation)."""
    out = []
    for m in _TOKEN.finditer(norm):
        kind = m.lastgroup
        out.append(Tok(m.group(), m.start(), m.end(), "punct" if kind == "nl" else kind))
    return out


def stems(word: str) -> list[tuple[int, str]]:
    """Readings of ``word`` without its proclitics: ``(letters dropped, rest)``, the whole word first.

    Drops و/ف, then ب/ل/ك; لل reads as ل + ال (للمدنيين -> المدنيين).
    """
    out = [(0, word)]
    firsts = [(0, word)]
    if len(word) > 2 and word[0] in "وف":
        firsts.append((1, word[1:]))
        out.append((1, word[1:]))
    for k, w in firsts:
        if len(w) > 2 and w[0] in "بلك":
            if w.startswith("لل") and len(w) > 3:
                out.append((k + 1, "ا" + w[1:]))
            else:
                out.append((k + 1, w[1:]))
    return out


_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")


def original_span(nz: Normalized, text: str, start: int, end: int) -> tuple[int, int]:
    """The original span of normalized ``[start, end)``, with the word's trailing marks (شخصاً)."""
    s, e = nz.original_span(start, end)
    while e < len(text) and _MARKS.match(text[e]):
        e += 1
    return s, e


def fold(s: str) -> str:
    """A lexicon form folded like the text (normalized, whitespace collapsed, trimmed)."""
    return normalize_key(s)


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    with open(DATA / name, "rb") as f:
        return tomllib.load(f)


class PhraseTable:
    """Word sequences (folded) mapped to a payload; matched on tokens, longest first."""

    def __init__(self) -> None:
        self.d: dict[tuple[str, ...], object] = {}
        self.by_first: dict[str, list[tuple[str, ...]]] = {}  # first word -> keys, longest first
        self.maxlen = 0

    def add(self, phrase: str, payload: object) -> None:
        key = tuple(fold(phrase).split())
        if not key or key in self.d:
            return
        self.d[key] = payload
        keys = self.by_first.setdefault(key[0], [])
        keys.append(key)
        keys.sort(key=len, reverse=True)
        self.maxlen = max(self.maxlen, len(key))

    def __contains__(self, word: str) -> bool:
        return (word,) in self.d

    def get(self, word: str, default=None):
        return self.d.get((word,), default)

    def match(self, toks: list[Tok], i: int, first: Optional[str] = None):
        """``(end, payload)`` of the longest phrase at token ``i`` (``first`` replaces its text)."""
        n = len(toks)
        if i >= n:
            return None
        w0 = first if first is not None else toks[i].norm
        for key in self.by_first.get(w0, ()):
            length = len(key)
            if i + length <= n and all(toks[i + k].norm == key[k] for k in range(1, length)):
                return i + length, self.d[key]
        return None

    def match_stems(self, toks: list[Tok], i: int):
        """``(end, payload, skip)``: like :meth:`match`, also reading token ``i`` without its proclitics."""
        if i >= len(toks) or toks[i].kind != "ar":
            return None
        best = None
        for skip, stem in stems(toks[i].norm):
            r = self.match(toks, i, stem)
            if r and (best is None or r[0] > best[0]):
                best = (r[0], r[1], skip)
        return best


# ----------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class NounForm:
    cls: str
    number: str  # "sg", "dual", "pl"
    unit: Optional[str] = None


@dataclass
class NumLex:
    units: dict[str, int]
    weak_one: set[str]
    teen: set[str]
    short_units: set[str]
    fractions: set[str]
    tens: dict[str, int]
    hundreds: dict[str, int]
    scale_one: dict[str, int]
    scale_two: dict[str, int]
    scale_plural: dict[str, int]
    vague: dict[str, int]
    approx_before: PhraseTable
    approx_after: PhraseTable
    ordinals: PhraseTable  # ordinal day words -> 1..31
    ordinal_words: set[str]
    nouns: dict[str, NounForm]
    before: PhraseTable  # trigger -> role
    after: dict[str, str]
    breakdown: PhraseTable
    join: PhraseTable
    since: PhraseTable


def _forms(values: Iterable[str]) -> list[str]:
    return [fold(v) for v in values if fold(v)]


@lru_cache(maxsize=1)
def lexicon() -> NumLex:
    d = load_data("numbers.toml")
    c = load_data("counted.toml")

    def table(section: dict) -> dict[str, int]:
        out: dict[str, int] = {}
        for value, forms in section.items():
            for f in _forms(forms):
                out.setdefault(f, int(value))
        return out

    scale_one: dict[str, int] = {}
    scale_two: dict[str, int] = {}
    scale_plural: dict[str, int] = {}
    for value, forms in d["scales"].items():
        for f in _forms(forms.get("one", [])):
            scale_one[f] = int(value)
        for f in _forms(forms.get("two", [])):
            scale_two[f] = int(value)
        for f in _forms(forms.get("plural", [])):
            scale_plural[f] = int(value)

    approx_before = PhraseTable()
    for flag in ("approx", "min", "max"):
        for p in d["approx"].get(flag, []):
            approx_before.add(p, flag)
    approx_after = PhraseTable()
    for p in d["approx"].get("after_approx", []):
        approx_after.add(p, "approx")
    for p in d["approx"].get("after_min", []):
        approx_after.add(p, "min")

    # ordinal day words: الخامس، الحادي عشر، العشرين، الحادي والعشرين
    ordinals = PhraseTable()
    ow = d["ordinal_words"]
    unit_ords: dict[int, list[str]] = {}
    for value, forms in d["ordinals"].items():
        v = int(value)
        for f in _forms(forms):
            ordinals.add(f, v)
            if v < 10:
                unit_ords.setdefault(v, []).append(f)
    for f in _forms(ow.get("compound_one", [])):
        unit_ords.setdefault(1, []).append(f)
    for v, forms in unit_ords.items():
        for f in forms:
            for teen in _forms(ow.get("teen", [])):
                ordinals.add(f"{f} {teen}", 10 + v)
            for tens, joined in ow.get("tens_joined", {}).items():
                for j in _forms(joined):
                    if int(tens) + v <= 31:
                        ordinals.add(f"{f} {j}", int(tens) + v)
    ordinal_words = {w for key in ordinals.d for w in key}

    nouns: dict[str, NounForm] = {}
    for entry in c.get("noun", []):
        cls = entry["class"]
        unit = entry.get("unit")
        for sg in _forms(entry.get("sg", [])):
            if " " in sg:
                continue
            nouns.setdefault(sg, NounForm(cls, "sg", unit))
            if not sg.endswith(("ه", "ا")):
                nouns.setdefault(sg + "ا", NounForm(cls, "sg", unit))  # accusative: مدنيا، شخصا
            if entry.get("dual"):
                if sg.endswith("ه"):
                    duals = [sg[:-1] + "تين", sg[:-1] + "تان", sg[:-1] + "تي"]
                else:
                    duals = [sg + "ين", sg + "ان"]
                for du in duals:
                    nouns.setdefault(du, NounForm(cls, "dual", unit))
            elif not sg.endswith(("ه", "ا")):
                # the nominative dual is never a plural (مدنيان; the plural is مدنيون), even where
                # the oblique one (مدنيين) is
                nouns.setdefault(sg + "ان", NounForm(cls, "dual", unit))
        for du in _forms(entry.get("duals", [])):
            nouns.setdefault(du, NounForm(cls, "dual", unit))
        for pl in _forms(entry.get("pl", [])):
            nouns.setdefault(pl, NounForm(cls, "pl", unit))

    before = PhraseTable()
    after: dict[str, str] = {}
    for role in ROLES:
        t = c["triggers"].get(role, {})
        for p in t.get("before", []):
            before.add(p, role)
        for f in _forms(t.get("after", [])):
            after.setdefault(f, role)

    def phrases(values: Iterable[str]) -> PhraseTable:
        pt = PhraseTable()
        for v in values:
            pt.add(v, True)
        return pt

    links = c.get("links", {})
    return NumLex(
        units=table(d["units"]),
        weak_one=set(_forms(d["words"]["weak_one"])),
        teen=set(_forms(d["words"]["teen"])),
        short_units=set(_forms(d["words"]["short_units"])),
        fractions=set(_forms(d["words"].get("fractions", []))),
        tens=table(d["tens"]),
        hundreds=table(d["hundreds"]),
        scale_one=scale_one,
        scale_two=scale_two,
        scale_plural=scale_plural,
        vague={fold(k): int(v) for k, v in d["vague"].items()},
        approx_before=approx_before,
        approx_after=approx_after,
        ordinals=ordinals,
        ordinal_words=ordinal_words,
        nouns=nouns,
        before=before,
        after=after,
        breakdown=phrases(links.get("breakdown", [])),
        join=phrases(links.get("join", [])),
        since=phrases(links.get("since", [])),
    )


# ----------------------------------------------------------------------------- parsing numbers


@dataclass
class NumParse:
    end: int  # token after the number
    value: float
    skip: int = 0  # proclitic letters before the number on its first token
    vague: bool = False  # عشرات، مئات، آلاف
    words: bool = False  # spelled in words
    last: str = ""  # kind of the last word (unit, teen, ten, hundred, scale, weak)
    short_with_clitic: bool = False


_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_DOT_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}\.[0-9]{3}$")


def digits_value(s: str) -> Optional[float]:
    """The value of a digit token: ``62,263`` -> 62263, ``1.5`` -> 1.5, ``1.500.000`` -> 1500000."""
    if _THOUSANDS.match(s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}", s):
        return float(s.replace(".", ""))
    if s.count(".") + s.count(",") > 1:
        return None
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def _word_kind(lex: NumLex, w: str) -> Optional[tuple[str, int]]:
    if w in lex.units:
        return "unit", lex.units[w]
    if w in lex.tens:
        return "ten", lex.tens[w]
    if w in lex.hundreds:
        return "hundred", lex.hundreds[w]
    if w in lex.scale_one:
        return "scale", lex.scale_one[w]
    if w in lex.scale_two:
        return "scale2", lex.scale_two[w]
    if w in lex.scale_plural:
        return "scalepl", lex.scale_plural[w]
    if w in lex.weak_one:
        return "weak", 1
    return None


def _scale_at(lex: NumLex, toks: list[Tok], j: int) -> Optional[int]:
    if j < len(toks) and toks[j].kind == "ar":
        w = toks[j].norm
        return lex.scale_one.get(w) or lex.scale_plural.get(w)
    return None


def parse_number(toks: list[Tok], i: int, first: Optional[str] = None, skip: int = 0) -> Optional[NumParse]:
    """The number starting at token ``i``: digits (with a scale), words, or a vague quantity.

    ``first`` is the text of token ``i`` to read (its proclitics already dropped, ``skip`` letters).
    """
    lex = lexicon()
    if i >= len(toks):
        return None
    t = toks[i]
    if t.kind == "num":
        value = digits_value(t.norm)
        if value is None:
            return None
        j = i + 1
        sc = _scale_at(lex, toks, j)
        if not sc and _DOT_THOUSANDS.match(t.norm):
            value = float(t.norm.replace(".", ""))  # 38.600 شخص: a dot between thousands
        if sc:
            value *= sc
            j += 1
            # 62 ألفا و263: the rest after the scale
            if j + 1 < len(toks) and toks[j].norm == "و" and toks[j + 1].kind == "num":
                rest = digits_value(toks[j + 1].norm)
                if rest is not None and rest < sc and toks[j + 1].start == toks[j].end:
                    value += rest
                    j += 2
        return NumParse(j, value, skip=skip, last="digits")
    if t.kind != "ar":
        return None
    w0 = first if first is not None else t.norm
    # vague quantities: عشرات، مئات الآلاف
    if w0 in lex.vague:
        value = lex.vague[w0]
        j = i + 1
        if j < len(toks) and toks[j].kind == "ar":
            nxt = toks[j].norm
            plural = lex.scale_plural.get(nxt) or lex.vague.get(nxt)
            if plural and plural >= 1000 and plural > value:
                value *= plural
                j += 1
        return NumParse(j, value, skip=skip, vague=True, words=True, last="vague")
    total = 0
    cur = 0
    last = ""
    j = i
    while j < len(toks) and toks[j].kind == "ar":
        conj = False
        w = w0 if j == i else toks[j].norm
        kind = None
        # the teen word after a unit: خمسة عشر
        if j > i and w in lex.teen and last in ("unit", "unit2", "weak") and 1 <= cur % 100 <= 9:
            cur += 10
            last = "teen"
            j += 1
            continue
        k = _word_kind(lex, w)
        if k is None and j > i and w.startswith("و") and len(w) > 2:
            k = _word_kind(lex, w[1:])
            conj = k is not None
        if k is None:
            break
        kind, v = k
        if j == i:
            if kind in ("scale", "scalepl"):
                if kind == "scalepl":
                    break  # a bare آلاف is vague, handled above
                total, cur, last = v, 0, "scale"
            elif kind == "scale2":
                total, cur, last = 2 * v, 0, "scale"
            else:
                cur, last = v, kind
            j += 1
            continue
        if kind == "unit":
            if conj and last in ("hundred", "scale"):
                cur += v
                last = "unit2"
            else:
                break
        elif kind == "ten":
            if conj and (last in ("unit", "unit2") and cur % 100 < 10 or last in ("hundred", "scale")):
                cur += v
                last = "ten"
            else:
                break
        elif kind == "hundred":
            if not conj and last == "unit" and v == 100 and 3 <= cur <= 9:
                cur *= 100  # ثلاث مئة
                last = "hundred"
            elif conj and last == "scale" and cur == 0:
                cur = v
                last = "hundred"
            else:
                break
        elif kind in ("scale", "scalepl"):
            if not conj and last in ("unit", "unit2", "teen", "ten", "hundred") and cur > 0:
                if kind == "scalepl" and not (3 <= cur <= 10):
                    break
                total += cur * v
                cur = 0
                last = "scale"
            else:
                break
        else:
            break
        j += 1
    if j == i:
        return None
    value = total + cur
    if value <= 0:
        return None
    short = skip > 0 and j == i + 1 and w0 in lex.short_units and any(
        c in "بلك" for c in toks[i].norm[:skip])
    return NumParse(j, value, skip=skip, words=True, last=last, short_with_clitic=short)


# ----------------------------------------------------------------------------- counts


@dataclass
class Count:
    a: int  # first token (approximation words included)
    b: int  # token after the count (its noun included)
    skip: int  # proclitic letters dropped from token a
    value: float
    num_a: int = 0
    approx: bool = False
    min: bool = False
    max: bool = False
    noun: Optional[int] = None  # token of the counted noun
    noun_skip: int = 0
    cls: Optional[str] = None  # class of the noun
    unit: Optional[str] = None
    role: Optional[str] = None
    trigger: Optional[int] = None  # token of the word that gives the role
    parent: Optional[int] = None  # index of the total this count breaks down
    linked: Optional[int] = None  # index of the count this one is listed with
    group: object = None
    since: bool = False
    percent: bool = False
    vague: bool = False  # عشرات، مئات، آلاف: no number given
    mixed: bool = False  # مقتل وجرح 50: killed and wounded together, neither alone
    implied: bool = False  # no number written: a dual noun or a singular victim
    listed: int = 0  # a list of singular victims: its length


def _noun_at(toks: list[Tok], j: int, article: bool = True, clitics: bool = False):
    """``(NounForm, skip)`` of a counted noun at token ``j``."""
    if j >= len(toks) or toks[j].kind != "ar":
        return None
    lex = lexicon()
    cands = stems(toks[j].norm) if clitics else [(0, toks[j].norm)]
    for skip, w in cands:
        nf = lex.nouns.get(w)
        if nf:
            return nf, skip
        if article and w.startswith("ال") and len(w) > 3:
            nf = lex.nouns.get(w[2:])
            if nf:
                return nf, skip
    return None


def _blocked_digits(toks: list[Tok], i: int) -> bool:
    """Digits glued to Latin letters (T72), or part of a time (11:07) or a dotted code."""
    t = toks[i]
    if i > 0 and toks[i - 1].end == t.start and toks[i - 1].kind in ("lat", "num"):
        return True
    if i + 1 < len(toks) and toks[i + 1].start == t.end and toks[i + 1].kind == "lat":
        return True
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks) and toks[k].norm in (":", "/") and (
                toks[k].end == t.start or toks[k].start == t.end):
            other = k - 1 if k < i else k + 1
            if 0 <= other < len(toks) and toks[other].kind == "num":
                return True
    return False


def _count_at(toks: list[Tok], i: int, blocked: set[int]) -> Optional[Count]:
    lex = lexicon()
    flags = {"approx": False, "min": False, "max": False}
    j = i
    skip = 0
    r = lex.approx_before.match_stems(toks, i)
    if r and r[0] < len(toks) and r[0] not in blocked:
        j, flag, skip = r
        flags["approx"] = True
        if flag in ("min", "max"):
            flags[flag] = True
    num: Optional[NumParse] = None
    if j == i:
        if toks[i].kind == "num":
            num = parse_number(toks, i)
        elif toks[i].kind == "ar":
            readings = stems(toks[i].norm)
            if toks[i].norm == "واحد" and i + 1 < len(toks) and (
                    toks[i + 1].norm in lex.teen or (_noun_at(toks, i + 1) or (NounForm("", "sg"), 0))[0].number == "pl"):
                readings = readings[1:]  # و + أحد before عشر or a plural: "and one of", not "one"
            for sk, stem in readings:
                num = parse_number(toks, i, stem, sk)
                if num:
                    break
    else:
        num = parse_number(toks, j)
    if num is None:
        if j != i:
            return None
        nf = _noun_at(toks, i, article=True, clitics=True)
        if nf and nf[0].number == "dual":
            form, sk = nf
            # طفلتين اثنتين: the number after the dual is part of it
            end = i + 2 if i + 1 < len(toks) and lex.units.get(toks[i + 1].norm) == 2 else i + 1
            return Count(i, end, sk, 2, num_a=i, noun=i, noun_skip=sk, cls=form.cls, unit=form.unit,
                         implied=end == i + 1)
        return None
    if any(k in blocked for k in range(j, num.end)):
        return None
    if toks[j].kind == "num" and _blocked_digits(toks, j):
        return None
    # not after an ordinal word (القرن التاسع عشر)
    if num.words and j > 0 and toks[j - 1].norm in lex.ordinal_words:
        return None
    c = Count(i, num.end, skip if j != i else num.skip, num.value, num_a=j, approx=flags["approx"] or num.vague,
              min=flags["min"], max=flags["max"], vague=num.vague)
    k = num.end
    if k < len(toks) and toks[k].norm in lex.fractions:
        return None  # ثلاثة أرباع: a fraction
    if k < len(toks) and toks[k].norm == "%":
        c.percent = True
        c.b = k + 1
        return c
    # the counted noun: right after (270 ألف مدني), after من (93 من عناصر), or with its article
    # after a vague quantity (عشرات المدنيين)
    nf = _noun_at(toks, k, article=True)
    noun_i = k
    if nf is None and k < len(toks) and toks[k].norm == "من":
        nf = _noun_at(toks, k + 1, article=True)
        noun_i = k + 1
    if nf is not None and k not in blocked:
        form, sk = nf
        c.noun, c.noun_skip, c.cls, c.unit = noun_i, sk, form.cls, form.unit
        c.b = noun_i + 1
    elif num.words and num.value in (1, 2) and num.last == "unit" and i > 0:
        # the number after its noun: مدنيين اثنين، طفل واحد
        prev = _noun_at(toks, i - 1, article=True, clitics=True)
        if prev is not None and prev[0].number in ("pl", "sg", "dual"):
            form, sk = prev
            c.noun, c.noun_skip, c.cls, c.unit = i - 1, sk, form.cls, form.unit
            c.a, c.skip = i - 1, sk
    if num.last == "weak" and (c.noun is None or _noun_at(toks, c.noun, article=True)[0].number == "sg"):
        return None  # أحد alone, or before a singular, is not a count (أحد عناصر، أحد الرجلين are)
    if num.short_with_clitic and c.noun is None:
        return None
    # approximation after: 30 شخصا تقريبا، 50 على الأقل
    r2 = lex.approx_after.match_stems(toks, c.b) if c.b < len(toks) else None
    if r2:
        end, flag, _ = r2
        c.approx = True
        if flag == "min":
            c.min = True
        c.b = end
    return c


def _singular_victims(toks: list[Tok], counts: list[Count], blocked: set[int]) -> list[Count]:
    """Victims with no number written: مقتل مدني (1); مدنيا وممرضا وعنصرا ... قتلوا (3)."""
    used = set()
    for c in counts:
        used.update(range(c.a, c.b))
    out: list[Count] = []
    n = len(toks)
    k = 0
    while k < n:
        if k in used or k in blocked:
            k += 1
            continue
        first = _noun_at(toks, k, article=True, clitics=False)
        if first is None or first[0].number != "sg" or first[0].cls not in HUMAN_CLASSES:
            k += 1
            continue
        # gather و-joined singular human nouns, and a dual with a pronoun ("امرأة وطفلاها": 3)
        items = [k]
        value = 1
        m = k + 1
        while m < n and m not in used:
            nxt = _noun_at(toks, m, article=False, clitics=True)
            owned = _with_pronoun(toks[m].norm[1:]) if toks[m].norm.startswith("و") else None
            if nxt and nxt[0].number == "sg" and nxt[0].cls in HUMAN_CLASSES and toks[m].norm.startswith("و") and nxt[1] == 1:
                items.append(m)
                value += 1
                m += 1
            elif owned:
                items.append(m)
                value += owned[1]
                m += 1
            else:
                break
        # a word of killing just before the first (dates may stand between)
        p = k - 1
        while p >= 0 and p in blocked:
            p -= 1
        role = trig = None
        if p >= 0:
            r = _trigger_before(toks, p)
            if r:
                role, trig = r, p
        if role is None and len(items) > 1:
            role, trig = _trigger_after(toks, m, len(toks), blocked)
        if role is None or (len(items) == 1 and trig is not None and trig > k):
            k = m
            continue
        form = first[0]
        c = Count(k, m, 0, value, num_a=k, noun=k, cls=form.cls if len(items) == 1 else "people",
                  unit=form.unit, role=role, trigger=trig, implied=True, listed=value if len(items) > 1 else 0)
        if len(items) > 1:
            found = [_noun_at(toks, it, article=False, clitics=True) or _with_pronoun(toks[it].norm[1:])
                     for it in items]
            classes = {f[0].cls for f in found if f}
            c.cls = classes.pop() if len(classes) == 1 else "people"
        out.append(c)
        used.update(range(k, m))
        k = m
    return out


def _trigger_before(toks: list[Tok], k: int) -> Optional[str]:
    """The role of a word of killing/wounding/displacement that ends at token ``k``."""
    lex = lexicon()
    if toks[k].kind != "ar":
        return None
    # single words, with their proclitics (وإصابة، لمقتل، بحياة)
    for _skip, w in stems(toks[k].norm):
        role = lex.before.get(w)
        if role:
            return role
    # two-word phrases ending here (حصيلة القتلى)
    if k > 0:
        r = lex.before.match(toks, k - 1)
        if r and r[0] == k + 1:
            return r[1]
    return None


def _trigger_after(toks: list[Tok], start: int, stop: int, blocked: set[int]):
    """``(role, token)`` of قتلوا / حتفهم / أصيبوا within a few words after ``start``."""
    lex = lexicon()
    words = 0
    k = start
    while k < min(stop, len(toks)) and words < AFTER_TRIGGER_SPAN:
        t = toks[k]
        if t.norm in SENTENCE_END:
            break
        if t.kind == "ar":
            for _skip, w in stems(t.norm):
                role = lex.after.get(w)
                if role:
                    return role, k
            if k not in blocked:
                words += 1
        k += 1
    return None, None


def _link_between(toks: list[Tok], a: int, b: int) -> Optional[str]:
    """How tokens ``a..b`` join two counts: "breakdown" (بينهم), "join" (و، الفاصلة), or None."""
    lex = lexicon()
    kind = None
    k = a
    while k < b:
        r = lex.breakdown.match_stems(toks, k)
        if r and r[0] <= b:
            kind = "breakdown"
            k = r[0]
            continue
        r = lex.join.match_stems(toks, k)
        if r and r[0] <= b:
            kind = kind or "join"
            k = r[0]
            continue
        return None
    return kind


def _assign(toks: list[Tok], counts: list[Count], blocked: set[int]) -> None:
    """Roles, links, breakdowns and running totals of ``counts`` (sorted by position)."""
    lex = lexicon()
    owner: dict[int, int] = {}
    for idx, c in enumerate(counts):
        for k in range(c.a, c.b):
            owner[k] = idx
    for idx, c in enumerate(counts):
        nxt_start = counts[idx + 1].a if idx + 1 < len(counts) else len(toks)
        # the count listed before this one, with only و / بينهم between
        prev = counts[idx - 1] if idx > 0 else None
        link = None
        if prev is not None:
            if prev.b == c.a:
                # nothing between: joined only when this count carries the و itself (وخمسة)
                link = "join" if c.skip and toks[c.a].norm.startswith("و") else None
            else:
                link = _link_between(toks, prev.b, c.a)
            if link is not None:
                c.linked = idx - 1
                if link == "breakdown":
                    c.parent = idx - 1
                elif prev.parent is not None:
                    c.parent = prev.parent
        # "قتل 4 عناصر من قوات النظام و3 من الفصائل": a bare count joined by و, its noun elided
        # before من, counts what the count before it counts (one toll: 7)
        if (link is None and prev is not None and c.noun is None and c.cls is None and prev.cls
                and c.a > 0 and toks[c.a - 1].norm == "و" and c.b < len(toks) and toks[c.b].norm == "من"
                and c.a - prev.b <= ELIDED_NOUN_GAP
                and not any(toks[k].norm in SENTENCE_END for k in range(prev.b, c.a))):
            c.cls, c.linked = prev.cls, idx - 1
            link = "join"
        # آخرين takes the class of the count before it
        if c.cls == "others":
            for q in range(idx - 1, -1, -1):
                if counts[q].cls and counts[q].cls in HUMAN_CLASSES and counts[q].cls != "others":
                    c.cls = counts[q].cls if counts[q].cls not in ROLES else "people"
                    break
        if c.role is not None:
            pass
        elif c.cls in ROLES:
            c.role, c.trigger = c.cls, c.noun
        elif c.cls is not None and c.cls not in HUMAN_CLASSES:
            pass  # vehicles, shells, villages are neither killed nor wounded
        elif c.percent:
            pass
        else:
            role, trig = _trigger_after(toks, c.b, nxt_start, blocked)
            if role is None and c.linked is not None and prev is not None and prev.role and (
                    prev.cls is None or prev.cls in HUMAN_CLASSES):
                role, trig = prev.role, prev.trigger
            if role is None:
                role, trig = _scan_back(toks, c.a, owner, blocked)
                if role is not None and trig > 0 and toks[trig].norm.startswith("و"):
                    other = _trigger_before(toks, trig - 1)
                    if other is not None and other != role:
                        c.mixed, role = True, None  # مقتل وجرح أكثر من خمسين
            c.role, c.trigger = role, trig
        # a running total: منذ بداية الحملة
        k, words = c.b, 0
        while k < len(toks) and words < SINCE_SPAN:
            if toks[k].norm in SENTENCE_END:
                break
            r = lex.since.match_stems(toks, k)
            if r:
                c.since = True
                break
            if toks[k].kind == "ar":
                words += 1
            k += 1
        # groups: counts of one statement of a toll
        if c.linked is not None and prev is not None and prev.role == c.role and c.parent is None and prev.parent is None:
            c.group = prev.group
        elif c.trigger is not None:
            c.group = ("t", c.trigger) if c.role and c.trigger != c.noun else ("c", idx)
        else:
            c.group = ("c", idx)


def _scan_back(toks: list[Tok], a: int, owner: dict[int, int], blocked: set[int]):
    k = a - 1
    gap = 0
    # "ارتفع عدد قتلى القصف المدفعي على بلدة طفس إلى 12": a toll risen to N names its dead
    # several words before
    limit = TOLL_TRIGGER_GAP if a > 0 and toks[a - 1].norm in ("الي", "لي") else MAX_TRIGGER_GAP
    while k >= 0:
        t = toks[k]
        if t.norm in SENTENCE_END:
            break
        if k in blocked:
            k -= 1
            continue
        if k in owner:
            break
        role = _trigger_before(toks, k)
        if role:
            return role, k
        if t.kind == "ar" and t.norm != "و":
            gap += 1
            if gap > limit:
                break
        k -= 1
    return None, None


def _date_blocked(norm: str, toks: list[Tok]) -> set[int]:
    from rasd.mentions.dates import date_token_ranges  # dates reads number words from here

    out: set[int] = set()
    for a, b in date_token_ranges(norm, toks):
        out.update(range(a, b))
    return out


@dataclass
class NumberAnalysis:
    nz: Normalized
    toks: list[Tok]
    counts: list[Count] = field(default_factory=list)


def analyse(text: str) -> NumberAnalysis:
    """Every count in ``text`` with its noun, role and links (the work behind find_numbers)."""
    nz = normalize_with_offsets(text)
    toks = tokenize_normalized(nz.text)
    blocked = _date_blocked(nz.text, toks)
    counts: list[Count] = []
    i = 0
    while i < len(toks):
        if i in blocked:
            i += 1
            continue
        c = _count_at(toks, i, blocked)
        if c is not None:
            if counts and c.a < counts[-1].b:  # the number took its noun from before
                c.a = counts[-1].b
            counts.append(c)
            i = max(c.b, i + 1)
            continue
        i += 1
    counts.extend(_singular_victims(toks, counts, blocked))
    counts.sort(key=lambda c: c.a)
    _assign(toks, counts, blocked)
    return NumberAnalysis(nz, toks, counts)


def _span(an: NumberAnalysis, text: str, a: int, skip: int, b: int) -> tuple[int, int]:
    return original_span(an.nz, text, an.toks[a].start + skip, an.toks[b - 1].end)


def _value(v: float):
    return int(v) if float(v).is_integer() else v


def _counts_label(c: Count) -> Optional[str]:
    if c.role:
        return c.role
    if c.cls == "others":
        return "people"
    return c.cls


def find_numbers(text: str) -> list[Mention]:
    """Every count in ``text`` as a ``number`` mention (see the module doc for ``data``).

    ``data``: value (int), approx, min, max, counts (killed, wounded, displaced, fighters,
    civilians, vehicles, people, other or None), of (the counted noun as written), breakdown
    (sub-counts of a total), class (the noun's own class), unit ("family" for households),
    part_of (start of the total a sub-count belongs to), since (a running total), percent,
    implied (no number written: a dual noun or a lone victim), trigger (the word giving the role).
    """
    an = analyse(text)
    mentions: list[Mention] = []
    for c in an.counts:
        s, e = _span(an, text, c.a, c.skip, c.b)
        of = None
        if c.noun is not None:
            ns, ne = _span(an, text, c.noun, c.noun_skip, c.noun + 1)
            of = text[ns:ne]
        data = {
            "value": _value(c.value),
            "approx": c.approx,
            "min": c.min,
            "max": c.max,
            "counts": _counts_label(c),
            "of": of,
            "breakdown": [],
            "class": c.cls if c.cls != "others" else None,
            "unit": c.unit,
            "part_of": None,
            "since": c.since,
            "percent": c.percent,
            "implied": c.implied,
            "vague": c.vague,
            "mixed": c.mixed,
            "trigger": an.toks[c.trigger].norm if c.trigger is not None else None,
        }
        mentions.append(Mention("number", s, e, text[s:e], None, data))
    for idx, c in enumerate(an.counts):
        if c.parent is not None:
            parent = mentions[c.parent]
            m = mentions[idx]
            m.data["part_of"] = parent.start
            parent.data["breakdown"].append({
                "value": m.data["value"], "approx": m.data["approx"], "counts": m.data["counts"],
                "class": m.data["class"], "of": m.data["of"], "start": m.start, "end": m.end,
            })
    return mentions


def _with_pronoun(word: str) -> Optional[tuple[NounForm, int]]:
    """A human noun before a possessive pronoun, and how many it counts: زوجته 1, طفلاها and
    طفليها 2 (the pronoun rules out the accusative singular طفلا)."""
    nouns = lexicon().nouns
    for pro in enclitic_forms():
        if word.endswith(pro) and len(word) > len(pro) + 2:
            stem = word[: -len(pro)]
            for sg, n in ((stem[:-1], 2), (stem, 1), (stem[:-1] + "ه" if stem[-1] == "ت" else "", 1)):
                nf = nouns.get(sg)
                if nf and nf.number == "sg" and nf.cls in HUMAN_CLASSES and not (n == 2 and stem[-1] not in "اي"):
                    return NounForm(nf.cls, "dual" if n == 2 else "sg", nf.unit), n
    return None


def fatalities_in(text_span: str) -> Optional[int]:
    """The death toll a sentence gives for its own event, or None when it gives no killed number.

    The first stated toll wins (counts joined by و or governed by one word of killing are summed:
    مقتل 3 مدنيين و5 عناصر = 8); a breakdown is summed only when no total is given; wounded and
    displaced counts never count, nor running totals (منذ بداية الحملة), nor vague quantities
    (عشرات الضحايا gives no number).
    """
    an = analyse(text_span)
    killed = [c for c in an.counts if c.role == "killed" and not c.since and not c.percent and not c.vague]
    if not killed:
        return None
    top = [c for c in killed if c.parent is None or an.counts[c.parent].role != "killed"]
    if top and all(c.parent is not None for c in top):
        # only a breakdown is killed (300 شخص بينهم 5 قتلى): sum it
        return int(sum(c.value for c in top))
    top = [c for c in top if c.parent is None] or top
    group = top[0].group
    return int(sum(c.value for c in top if c.group == group))
