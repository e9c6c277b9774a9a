"""Date mentions: absolute and relative date expressions, resolved against the publication date.

``find_dates`` finds every date expression in an article and resolves it to an ISO day with an
ACLED time precision (1 day, 2 week, 3 month):

- relative to publication: اليوم، أمس، أول أمس، الليلة الماضية، غدا; with a day part (مساء أمس،
  فجر اليوم، ليلة الخميس) and a stated weekday (أمس السبت، ظهر اليوم الأحد); a weekday alone or
  with يوم / الماضي / المقبل; منذ 15 يوما، قبل ثلاثة أيام، منذ يومين، قبل أسبوع; الأسبوع الماضي،
  الشهر الماضي;
- absolute: 6 يوليو 2018م، 01 اغسطس 2021، 5 تموز/يوليو 2018، الخامس من تموز، في 12 حزيران
  الماضي، اليوم السبت الـ 28 من تموز / يوليو الجاري من العام 2018، 2018/07/06، 06-07-2018،
  2018.07.03, month only (في شهر حزيران 2018, precision 3), a year alone (عام 2011: no day).

A weekday is resolved to the latest such day on or before publication (the publication day itself
when it is that weekday); with الماضي/الفائت it is strictly before. When a stated weekday and the
anchor disagree (أمس السبت in a Monday paper), the weekday wins and ``data["conflict"]`` is set.
A day and month without a year take the latest year that does not put them more than a few days
after publication.

The words are data (``data/dates.toml``; ordinal day words and number words in
``data/numbers.toml``); matching runs on normalized text and spans map back to the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from rasd.mentions.numbers import (
    PhraseTable,
    Tok,
    fold,
    lexicon as number_lexicon,
    load_data,
    original_span,
    parse_number,
    stems,
    tokenize_normalized,
)
from rasd.records import Mention
from rasd.text.normalize import normalize_with_offsets

# ----------------------------------------------------------------------------- lexicon


@dataclass
class DateLex:
    months: PhraseTable  # -> (month, ambiguous)
    month_context: set[str]
    month_word: set[str]
    month_position: PhraseTable  # -> day
    weekdays: dict[str, int]
    weekday_block: set[str]
    day_word: set[str]
    anchors: PhraseTable  # -> (offset, key)
    today: set[str]
    anaphoric_after: set[str]
    not_a_day_after: set[str]
    day_parts: PhraseTable
    qualifiers: dict[str, str]
    periods: dict[str, str]
    this_words: set[str]
    ago_words: set[str]
    unit_fixed: dict[str, tuple[str, int]]  # يوم -> (day, 1), يومين -> (day, 2)
    unit_counted: dict[str, str]  # يوما / أيام -> day
    year_before: PhraseTable
    year_bare_after: set[str]
    era: set[str]
    year_min: int
    year_max: int
    margin: int
    month_day: int
    last_week_days: int


def _forms(values) -> list[str]:
    return [fold(v) for v in values if fold(v)]


@lru_cache(maxsize=1)
def lexicon() -> DateLex:
    d = load_data("dates.toml")
    ambiguous = {fold(v) for v in d["month_words"]["ambiguous"]}
    months = PhraseTable()
    for value, forms in d["months"].items():
        for f in _forms(forms):
            months.add(f, (int(value), f in ambiguous))
    month_position = PhraseTable()
    for k, v in d["month_position"].items():
        month_position.add(k, int(v))
    weekdays = {}
    for value, forms in d["weekdays"].items():
        for f in _forms(forms):
            weekdays[f] = int(value)
    anchors = PhraseTable()
    for k, v in d["anchors"].items():
        anchors.add(k, (int(v), fold(k)))
    day_parts = PhraseTable()
    for f in d["day_parts"]["forms"]:
        day_parts.add(f, True)
    qualifiers = {}
    for q in ("past", "current", "next"):
        for f in _forms(d["qualifiers"][q]):
            qualifiers[f] = q
    periods = {}
    for unit in ("week", "month", "year"):
        for f in _forms(d["periods"][unit]):
            periods[f] = unit
    unit_fixed: dict[str, tuple[str, int]] = {}
    unit_counted: dict[str, str] = {}
    for unit, forms in d["ago"]["units"].items():
        for f in _forms(forms.get("one", [])):
            unit_fixed.setdefault(f, (unit, 1))
        for f in _forms(forms.get("two", [])):
            unit_fixed.setdefault(f, (unit, 2))
        for f in _forms(forms.get("counted", [])):
            unit_counted.setdefault(f, unit)
    year_before = PhraseTable()
    for f in d["years"]["before"]:
        year_before.add(f, True)
    r = d["resolve"]
    return DateLex(
        months=months,
        month_context=set(_forms(d["month_words"]["context_before"])),
        month_word=set(_forms(d["month_words"]["month_word"])),
        month_position=month_position,
        weekdays=weekdays,
        weekday_block=set(_forms(d["weekday_words"]["block_before"])),
        day_word=set(_forms(d["weekday_words"]["day"])),
        anchors=anchors,
        today=set(_forms(d["anchor_words"]["today"])),
        anaphoric_after=set(_forms(d["anchor_words"]["anaphoric_after"])),
        not_a_day_after=set(_forms(d["anchor_words"]["not_a_day_after"])),
        day_parts=day_parts,
        qualifiers=qualifiers,
        periods=periods,
        this_words=set(_forms(d["periods"]["this"])),
        ago_words=set(_forms(d["ago"]["words"])),
        unit_fixed=unit_fixed,
        unit_counted=unit_counted,
        year_before=year_before,
        year_bare_after=set(_forms(d["years"]["bare_after"])),
        era=set(_forms(d["years"]["era"])),
        year_min=int(d["years"]["min"]),
        year_max=int(d["years"]["max"]),
        margin=int(r["year_margin_days"]),
        month_day=int(r["month_day"]),
        last_week_days=int(r["last_week_days"]),
    )


# ----------------------------------------------------------------------------- matches


@dataclass
class DateMatch:
    """A date expression over tokens ``a..b`` (``skip`` proclitic letters dropped from token ``a``)."""

    a: int
    b: int
    skip: int
    kind: str  # absolute, month, range, year, anchor, weekday, ago, period, anaphoric
    ref: Optional[date] = None
    precision: Optional[int] = None
    relative: bool = False
    weekday: Optional[int] = None
    future: bool = False
    conflict: bool = False
    year: Optional[int] = None
    end: Optional[date] = None
    inferred: bool = False  # the year came from the text, not from publication


@dataclass
class _Abs:
    """An absolute date as written: day (or None), month, year (or None), qualifier."""

    end: int
    month: int
    day: Optional[int] = None
    year: Optional[int] = None
    qual: Optional[str] = None
    day2: Optional[int] = None  # a range: 26 و29 أكتوبر
    position: Optional[int] = None  # منتصف / مطلع: the day it stands for
    numeric: bool = False


_NUMERIC = [
    # 2018/07/06, 2018.07.03, 2021-08-01
    ("ymd", re.compile(r"(?<![0-9./\-])((?:19|20)[0-9]{2})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})(?![0-9])")),
    # 06/07/2018, 06-07-2018, 15 / 03 / 2019
    ("dmy", re.compile(r"(?<![0-9./\-])([0-9]{1,2})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*((?:19|20)[0-9]{2})(?![0-9])")),
]


_YEARS = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")


def _valid(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric_dates(norm: str, toks: list[Tok], pub: Optional[date]) -> dict[int, tuple[int, date]]:
    """Numeric dates by their first token: ``{token: (token after, date)}``."""
    starts = {t.start: k for k, t in enumerate(toks)}
    ends = {t.end: k for k, t in enumerate(toks)}
    out: dict[int, tuple[int, date]] = {}
    for kind, rx in _NUMERIC:
        for m in rx.finditer(norm):
            a = starts.get(m.start())
            b = ends.get(m.end())
            if a is None or b is None or a in out:
                continue
            if kind == "ymd":
                dt = _valid(int(m.group(1)), int(m.group(3)), int(m.group(4)))
            else:
                first, second, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
                dm = _valid(y, second, first)  # day/month, as Arabic outlets write
                md = _valid(y, first, second)
                dt = dm or md
                if dm and md and dm != md and pub is not None and md == pub:
                    dt = md
            if dt is not None:
                out[a] = (b + 1, dt)
    return out


class _Ctx:
    def __init__(self, toks: list[Tok], pub: Optional[date], numeric: dict[int, tuple[int, date]]):
        self.toks = toks
        self.n = len(toks)
        self.pub = pub
        self.numeric = numeric
        self.lex = lexicon()
        self.i0 = -1
        self.first: Optional[str] = None
        self.doc_years: set[int] = set()

    def w(self, k: int) -> str:
        if k == self.i0 and self.first is not None:
            return self.first
        return self.toks[k].norm if 0 <= k < self.n else ""

    def kind(self, k: int) -> str:
        return self.toks[k].kind if 0 <= k < self.n else ""

    def phrase(self, table: PhraseTable, k: int):
        if k >= self.n:
            return None
        return table.match(self.toks, k, self.first if k == self.i0 else None)

    def year_num(self, k: int) -> Optional[int]:
        w = self.w(k)
        if self.kind(k) == "num" and len(w) == 4 and w.isdigit():
            y = int(w)
            if self.lex.year_min <= y <= self.lex.year_max:
                return y
        return None


def _day(c: _Ctx, k: int) -> Optional[tuple[int, int]]:
    kk = k
    if c.w(kk) == "ال" and c.kind(kk + 1) == "num":
        kk += 1  # الـ 28
    w = c.w(kk)
    if c.kind(kk) == "num" and w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31:
        return kk + 1, int(w)
    r = c.phrase(number_lexicon().ordinals, k)
    if r:
        return r[0], int(r[1])
    return None


def _month(c: _Ctx, k: int) -> Optional[tuple[int, int, bool]]:
    """``(end, month, ambiguous)``; a second name of the same month may follow (تموز/يوليو)."""
    r = c.phrase(c.lex.months, k)
    if not r:
        return None
    end, (m, amb) = r
    kk = end
    opened = c.w(kk) == "("
    if c.w(kk) in ("/", "-", "(", "\\"):
        kk += 1
    r2 = c.phrase(c.lex.months, kk)
    if r2 and r2[1][0] == m:
        end = r2[0]
        amb = amb and r2[1][1]
        if opened and c.w(end) == ")":
            end += 1
    return end, m, amb


def _year(c: _Ctx, k: int) -> Optional[tuple[int, int]]:
    kk = k
    r = c.phrase(c.lex.year_before, k)
    if r:
        kk = r[0]
    y = c.year_num(kk)
    if y is None:
        return _relative_year(c, k)
    end = kk + 1
    if c.w(end) in c.lex.era:
        end += 1
    return end, y


def _relative_year(c: _Ctx, k: int) -> Optional[tuple[int, int]]:
    """A year named by its place before or after publication, after a day and month: "في الثالث
    من آب من العام الماضي" is last year's August the third, whatever the month's distance."""
    kk = k + 1 if c.w(k) == "من" else k
    if c.pub is None or c.lex.periods.get(c.w(kk)) != "year":
        return None
    q = _qual(c, kk + 1)
    if q is None:
        return None
    return kk + 2, c.pub.year + {"past": -1, "current": 0, "next": 1}[q]


def _qual(c: _Ctx, k: int) -> Optional[str]:
    return c.lex.qualifiers.get(c.w(k))


def _absolute(c: _Ctx, k: int) -> Optional[_Abs]:
    """Day + month (+ qualifier, + year): 5 تموز/يوليو 2018، الخامس من تموز، 26 و29 أكتوبر."""
    if k in c.numeric:
        end, dt = c.numeric[k]
        return _Abs(end, dt.month, dt.day, dt.year, numeric=True)
    r = _day(c, k)
    if not r:
        return None
    kk, d = r
    d2 = None
    if c.w(kk) in ("و", "-", "الي", "حتي", "–"):
        r2 = _day(c, kk + 1)
        if r2 and r2[1] > d:
            after = r2[0] + (1 if c.w(r2[0]) == "من" else 0)
            if _month(c, after):
                kk, d2 = r2
    if c.w(kk) == "من":
        kk += 1
    mo = _month(c, kk)
    if not mo:
        return _day_of_named_month(c, kk, d)
    end, m, _amb = mo
    out = _Abs(end, m, d, day2=d2)
    _finish(c, out, end)
    return out


def _day_of_named_month(c: _Ctx, k: int, d: int) -> Optional[_Abs]:
    """A day of the month named by its place before or after publication: الثامن من الشهر
    الجاري، 12 الجاري، الخامس من الشهر الماضي."""
    if c.pub is None:
        return None
    kk = k + 1 if c.lex.periods.get(c.w(k)) == "month" else k
    q = _qual(c, kk)
    if q is None or (kk == k and q != "current"):
        return None  # a bare qualifier is only ever "of this month" (12 الجاري)
    shift = {"past": -1, "current": 0, "next": 1}[q]
    n = c.pub.year * 12 + c.pub.month - 1 + shift
    return _Abs(kk + 1, n % 12 + 1, d, year=n // 12)


def _finish(c: _Ctx, out: "_Abs", end: int) -> None:
    """The qualifier (الماضي, الجاري) and year that may follow a month, and where the date ends."""
    q = _qual(c, end)
    if q:
        out.qual = q
        end += 1
    y = _year(c, end)
    if y:
        end, out.year = y
    out.end = end


def _month_only(c: _Ctx, k: int) -> Optional[_Abs]:
    """A month without a day: في شهر حزيران 2018، منذ أبريل 2023، منتصف فبراير الماضي."""
    kk = k
    pos = None
    r = c.phrase(c.lex.month_position, kk)
    if r:
        kk, pos = r[0], int(r[1])
    shahr = c.w(kk) in c.lex.month_word
    if shahr:
        kk += 1
    mo = _month(c, kk)
    if not mo:
        return None
    end, m, amb = mo
    out = _Abs(end, m, position=pos)
    _finish(c, out, end)
    prev = {w for _s, w in stems(c.toks[k - 1].norm)} if k > 0 and c.kind(k - 1) == "ar" else set()
    if amb and not (shahr or out.year or pos is not None):
        return None
    if not (shahr or out.year or out.qual or pos is not None or prev & c.lex.month_context):
        return None
    return out


def _infer_day(m: int, d: int, pub: Optional[date], qual: Optional[str], margin: int) -> Optional[date]:
    if pub is None:
        return None
    cands = [x for x in (_valid(y, m, d) for y in (pub.year - 1, pub.year, pub.year + 1)) if x]
    if qual == "past":
        ok = [x for x in cands if x < pub]
        return max(ok) if ok else None
    if qual == "current":
        return _valid(pub.year, m, d)
    if qual == "next":
        ok = [x for x in cands if x > pub]
        return min(ok) if ok else None
    ok = [x for x in cands if x <= pub + timedelta(days=margin)]
    return max(ok) if ok else None


def _infer_month_year(m: int, pub: Optional[date], qual: Optional[str], margin: int) -> Optional[int]:
    if pub is None:
        return None
    here = (pub.year, pub.month)
    years = (pub.year - 1, pub.year, pub.year + 1)
    if qual == "past":
        ok = [y for y in years if (y, m) < here]
        return max(ok) if ok else None
    if qual == "current":
        return pub.year
    if qual == "next":
        ok = [y for y in years if (y, m) > here]
        return min(ok) if ok else None
    ok = [y for y in years if date(y, m, 1) <= pub + timedelta(days=margin)]
    return max(ok) if ok else None


def _resolve_abs(c: _Ctx, ab: _Abs, a: int, skip: int) -> DateMatch:
    lex = c.lex
    if ab.day is not None:
        if ab.year is not None:
            ref = _valid(ab.year, ab.month, ab.day)
        else:
            ref = _infer_day(ab.month, ab.day, c.pub, ab.qual, lex.margin)
        dm = DateMatch(a, ab.end, skip, "absolute", ref, 1 if ref else None)
        if ab.day2 is not None and ref is not None:
            end = _valid(ref.year, ref.month, ab.day2)
            if end is not None:
                dm.kind, dm.end = "range", end
                span = (end - ref).days
                dm.precision = 1 if span == 0 else 2 if span <= 7 else 3
        elif ab.day2 is not None:
            dm.kind = "range"
    else:
        y = ab.year if ab.year is not None else _infer_month_year(ab.month, c.pub, ab.qual, lex.margin)
        if ab.position is not None:
            ref = _valid(y, ab.month, ab.position) if y else None
            dm = DateMatch(a, ab.end, skip, "month", ref, 2 if ref else None)
        else:
            ref = _valid(y, ab.month, lex.month_day) if y else None
            dm = DateMatch(a, ab.end, skip, "month", ref, 3 if ref else None)
    dm.year = dm.ref.year if dm.ref else ab.year
    if dm.ref is not None and c.pub is not None and dm.ref > c.pub:
        dm.future = True
    return dm


def _weekday_before(pub: date, wd: int, strict: bool = False) -> date:
    delta = (pub.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _weekday_after(pub: date, wd: int) -> date:
    delta = (wd - pub.weekday()) % 7 or 7
    return pub + timedelta(days=delta)


def _merge_abs(c: _Ctx, dm: DateMatch, k: int) -> DateMatch:
    """A dated day right after a relative expression (اليوم السبت الـ 28 من تموز): the date wins."""
    kk = k
    if c.w(kk) in ("،", ","):
        kk += 1
    ab = _absolute(c, kk)
    if ab is None:
        return dm
    full = _resolve_abs(c, ab, dm.a, dm.skip)
    if full.ref is None and ab.day is not None and ab.year is None and c.pub is None and dm.weekday is not None:
        # no publication date: a year written elsewhere in the text whose calendar gives this
        # day and month the stated weekday (الخميس 30 من أيلول in a text that says 2021)
        fits = {y for y in c.doc_years if (_valid(y, ab.month, ab.day) or date.min).weekday() == dm.weekday
                and _valid(y, ab.month, ab.day)}
        if len(fits) == 1:
            full.ref = _valid(fits.pop(), ab.month, ab.day)
            full.precision, full.year, full.inferred = 1, full.ref.year, True
    if full.ref is None and dm.ref is not None and ab.year is None:
        return dm
    if dm.ref is not None and full.ref is not None and dm.ref != full.ref:
        full.conflict = True
    if dm.weekday is not None and full.ref is not None and full.ref.weekday() != dm.weekday:
        full.conflict = True
    full.weekday = dm.weekday
    return full


def _relative(c: _Ctx, k: int) -> Optional[DateMatch]:
    lex = c.lex
    kk = k
    part = False
    r = c.phrase(lex.day_parts, kk)
    if r:
        kk, part = r[0], True
    yom = c.w(kk) in lex.day_word
    if yom:
        kk += 1
    pub = c.pub
    r = c.phrase(lex.anchors, kk)
    if r:
        end, (off, key) = r
        nxt = c.w(end)
        if key in lex.today and end == kk + 1:
            if nxt in number_lexicon().ordinal_words or nxt in lex.not_a_day_after:
                return None
            if nxt in lex.anaphoric_after:
                return DateMatch(k, end + 1, 0, "anaphoric", relative=True)
        wd = lex.weekdays.get(nxt)
        if wd is not None:
            end += 1
        dm = DateMatch(k, end, 0, "anchor", relative=True, weekday=wd, precision=1)
        if pub is not None:
            ref = pub + timedelta(days=off)
            if wd is not None and ref.weekday() != wd:
                dm.conflict = True
                ref = _weekday_before(pub, wd) if off <= 0 else _weekday_after(pub, wd)
            dm.ref = ref
            dm.future = ref > pub
        else:
            dm.precision = None
            dm.future = off > 0
        return _merge_abs(c, dm, end)
    wd = lex.weekdays.get(c.w(kk))
    if wd is not None:
        if k > 0 and c.w(k - 1) in lex.weekday_block:
            return None
        end = kk + 1
        # ليلة الخميس/الجمعة: the night of the first
        if c.w(end) in ("/", "-") and c.w(end + 1) in lex.weekdays:
            end += 2
        q = _qual(c, end)
        if q:
            end += 1
        dm = DateMatch(k, end, 0, "weekday", relative=True, weekday=wd, precision=1)
        if pub is not None:
            if q == "next":
                dm.ref = _weekday_after(pub, wd)
                dm.future = True
            else:
                dm.ref = _weekday_before(pub, wd, strict=(q == "past"))
        else:
            dm.precision = None
            dm.future = q == "next"
        return _merge_abs(c, dm, end)
    if part or yom:
        ab = _absolute(c, kk)
        if ab is not None:
            return _resolve_abs(c, ab, k, 0)
    return None


def _ago(c: _Ctx, k: int) -> Optional[DateMatch]:
    lex = c.lex
    if c.w(k) not in lex.ago_words:
        return None
    kk = k + 1
    r = number_lexicon().approx_before.match(c.toks, kk) if kk < c.n else None
    if r:
        kk = r[0]
    unit = None
    count: Optional[float] = None
    num = parse_number(c.toks, kk) if kk < c.n else None
    if num is not None and not num.vague:
        unit = lex.unit_counted.get(c.w(num.end))
        count = num.value
        end = num.end + 1
    if unit is None:
        fixed = lex.unit_fixed.get(c.w(kk))
        if fixed:
            unit, count = fixed
            end = kk + 1
        else:
            unit = lex.unit_counted.get(c.w(kk))
            count = None  # منذ أيام: some days ago
            end = kk + 1
    if unit is None:
        return None
    if c.phrase(lex.months, end) or c.year_num(end) is not None:
        return None  # منذ شهر تموز، منذ عام 2014: a month or a year named, not "a month ago"
    dm = DateMatch(k, end, 0, "ago", relative=True)
    pub = c.pub
    if unit == "hour":
        dm.ref, dm.precision = pub, 1 if pub else None
    elif count is None or pub is None:
        pass
    elif unit == "day":
        dm.ref, dm.precision = pub - timedelta(days=int(count)), 1
    elif unit == "week":
        dm.ref, dm.precision = pub - timedelta(days=7 * int(count)), 2
    elif unit == "month":
        mi = pub.year * 12 + pub.month - 1 - int(count)
        dm.ref, dm.precision = date(mi // 12, mi % 12 + 1, 1), 3
    elif unit == "year" and count < 200:
        dm.year = pub.year - int(count)
    return dm


def _period(c: _Ctx, k: int) -> Optional[DateMatch]:
    lex = c.lex
    kk = k
    this = c.w(kk) in lex.this_words
    if this:
        kk += 1
    unit = lex.periods.get(c.w(kk))
    if unit is None:
        return None
    end = kk + 1
    if this:
        q = "current"
    else:
        q = _qual(c, end)
        if q is None:
            return None
        end += 1
    dm = DateMatch(k, end, 0, "period", relative=True)
    pub = c.pub
    if pub is None:
        dm.future = q == "next"
        return dm
    step = {"past": -1, "current": 0, "next": 1}[q]
    if unit == "week":
        dm.ref = pub + timedelta(days=lex.last_week_days * step)
        dm.precision = 2
    elif unit == "month":
        mi = pub.year * 12 + pub.month - 1 + step
        dm.ref = date(mi // 12, mi % 12 + 1, lex.month_day)
        dm.precision = 3
    else:
        dm.year = pub.year + step
    dm.future = step > 0
    return dm


def _year_only(c: _Ctx, k: int) -> Optional[DateMatch]:
    lex = c.lex
    r = c.phrase(lex.year_before, k)
    if r:
        y = c.year_num(r[0])
        if y is None:
            return None
        end = r[0] + 1
    else:
        y = c.year_num(k)
        if y is None or k == 0 or not ({w for _s, w in stems(c.toks[k - 1].norm)} & lex.year_bare_after):
            return None
        nxt = c.w(k + 1)
        if nxt in number_lexicon().nouns or nxt[2:] in number_lexicon().nouns and nxt.startswith("ال"):
            return None  # في 2000 منزل: a count, not a year
        end = k + 1
    if c.w(end) in lex.era:
        end += 1
    return DateMatch(k, end, 0, "year", year=y)


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word a date expression can begin with (a quick test before the grammar runs)."""
    lex = lexicon()
    words: set[str] = {"ال"}
    for table in (lex.day_parts, lex.anchors, lex.months, lex.month_position, lex.year_before,
                  number_lexicon().ordinals):
        words.update(table.by_first)
    words.update(lex.weekdays, lex.day_word, lex.month_word, lex.ago_words, lex.this_words, lex.periods)
    return frozenset(words)


def _match_at(c: _Ctx, i: int) -> Optional[DateMatch]:
    t = c.toks[i]
    best: Optional[DateMatch] = None
    if t.kind == "ar":
        starters = _starters()
        readings = [(k, w) for k, w in stems(t.norm) if w in starters]
    elif t.kind == "num":
        readings = [(0, t.norm)]
    else:
        return None
    for skip, stem in readings:
        c.i0, c.first = i, stem
        found: list[DateMatch] = []
        r = _relative(c, i)
        if r:
            found.append(r)
        ab = _absolute(c, i)
        if ab:
            found.append(_resolve_abs(c, ab, i, 0))
        mo = _month_only(c, i)
        if mo:
            found.append(_resolve_abs(c, mo, i, 0))
        for fn in (_ago, _period, _year_only):
            r = fn(c, i)
            if r:
                found.append(r)
        for m in found:
            m.skip = skip
            if best is None or m.b > best.b:
                best = m
    c.i0, c.first = -1, None
    return best


def _parse_pub(published: Optional[str]) -> Optional[date]:
    if not published:
        return None
    m = re.match(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", str(published))
    if not m:
        return None
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _scan(norm: str, toks: list[Tok], pub: Optional[date]) -> list[DateMatch]:
    c = _Ctx(toks, pub, _numeric_dates(norm, toks, pub))
    c.doc_years = {int(y) for y in _YEARS.findall(norm) if c.lex.year_min <= int(y) <= c.lex.year_max}
    out: list[DateMatch] = []
    i = 0
    while i < len(toks):
        m = _match_at(c, i)
        if m is not None and m.b > i:
            out.append(m)
            i = m.b
        else:
            i += 1
    return out


def date_token_ranges(norm: str, toks: list[Tok]) -> list[tuple[int, int]]:
    """Token ranges of the date expressions in a normalized text (numbers leave them alone)."""
    return [(m.a, m.b) for m in _scan(norm, toks, None)]


# ----------------------------------------------------------------------------- public API


def find_dates(text: str, published: Optional[str] = None) -> list[Mention]:
    """Every date expression in ``text``, resolved against ``published`` (YYYY-MM-DD or None).

    Mention(kind="date", ref=ISO day or None) with ``data``: precision (1 day, 2 week, 3 month;
    None when unresolved), relative (bool), expr (the normalized expression), weekday (the
    weekday the text states, Monday=0 ... Sunday=6, or None), and where they apply: future
    (after publication), conflict (the stated weekday or date disagreed with the anchor), kind
    (absolute, month, range, year, anchor, weekday, ago, period, anaphoric), year (for a year
    or a date), end (ISO last day of a range).
    """
    nz = normalize_with_offsets(text)
    toks = tokenize_normalized(nz.text)
    pub = _parse_pub(published)
    mentions = []
    for m in _scan(nz.text, toks, pub):
        s = toks[m.a].start + m.skip
        e = toks[m.b - 1].end
        os_, oe = original_span(nz, text, s, e)
        data = {
            "precision": m.precision if m.ref is not None else None,
            "relative": m.relative,
            "expr": " ".join(nz.text[s:e].split()),
            "weekday": m.weekday,
            "kind": m.kind,
        }
        if m.future:
            data["future"] = True
        if m.conflict:
            data["conflict"] = True
        if m.year is not None:
            data["year"] = m.year
        if m.end is not None:
            data["end"] = m.end.isoformat()
        if m.inferred:
            data["year_inferred"] = True
        mentions.append(Mention("date", os_, oe, text[os_:oe], m.ref.isoformat() if m.ref else None, data))
    return mentions


def resolve_date(expr: str, published: Optional[str] = None) -> tuple[Optional[str], Optional[int]]:
    """``(ISO day or None, precision or None)`` of one date expression (the longest one in ``expr``)."""
    found = find_dates(expr, published)
    if not found:
        return None, None
    best = max(found, key=lambda m: m.end - m.start)
    return best.ref, best.data["precision"]


def parse_absolute_date(text: str, published: Optional[str] = None) -> Optional[str]:
    """The first absolute date to the day in ``text`` (a dateline: "01 اغسطس 2021"، "2018.07.03"),
    ISO, or None. Without ``published`` only dates that state their year count."""
    for m in find_dates(text, published):
        if not m.data["relative"] and m.ref and m.data["precision"] == 1:
            return m.ref
    return None
