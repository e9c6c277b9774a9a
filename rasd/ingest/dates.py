"""Publication dates as pages state them: datelines in the text, dates in URLs, metadata stamps.

All matching runs on :func:`rasd.text.normalize.normalize` output, so Arabic-Indic digits, hamza
and ta-marbuta variants need no patterns of their own.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rasd.text.normalize import normalize

_DATA = Path(__file__).parent / "data" / "dates.toml"
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class DateMatch:
    date: str  # YYYY-MM-DD
    start: int  # span in the normalized text searched
    end: int


@dataclass(frozen=True)
class _Tables:
    months: dict[str, int]
    weekdays: frozenset[str]
    patterns: tuple[tuple[re.Pattern, str], ...]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with open(_DATA, "rb") as f:
        data = tomllib.load(f)
    months = {normalize(k): int(v) for k, v in data["months"].items()}
    weekdays = frozenset(normalize(w) for w in data["weekdays"]["names"])
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    month = rf"(?<!\w)(?:{names})(?!\w)"
    patterns = (
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"), "ymd"),
        (re.compile(r"(?<!\d)(?P<y>\d{4})\s*(?P<s>[./])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})(?!\d)"), "ymd"),
        (re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*(?P<s>[./-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>\d{4})(?!\d)"), "dmy"),
        (
            re.compile(
                rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<mn>{month})(?:\s*/\s*{month})?"
                rf"\s*[,،]?\s*(?:عام\s+|سنه\s+)?(?P<y>\d{{4}})(?!\d)(?:\s*م(?!\w))?"
            ),
            "named",
        ),
    )
    return _Tables(months, weekdays, patterns)


def _valid(y: int, m: int, d: int) -> Optional[str]:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) in ``text``, in order, spans in ``normalize(text)``."""
    norm = normalize(text)
    t = _tables()
    found: list[DateMatch] = []
    for pattern, kind in t.patterns:
        for m in pattern.finditer(norm):
            if kind == "named":
                month = t.months.get(re.sub(r"\s+", " ", m.group("mn")))
                if month is None:
                    continue
                iso = _valid(int(m.group("y")), month, int(m.group("d")))
            else:
                iso = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if iso:
                found.append(DateMatch(iso, m.start(), m.end()))
    found.sort(key=lambda d: (d.start, -d.end))
    # one date per place in the text: patterns overlap ("2018-07-06" is also d-m-y shaped)
    result: list[DateMatch] = []
    for d in found:
        if not result or d.start >= result[-1].end:
            result.append(d)
    return result


_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


def find_time(text: str) -> Optional[str]:
    """The first clock time ``HH:MM`` in ``text``."""
    m = _TIME.search(normalize(text))
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


_WORD = re.compile(r"[^\W\d_]+")


def leftover_words(text: str, date: DateMatch) -> list[str]:
    """The words of ``text`` besides the date, weekday names, clock time and the year suffix م."""
    norm = normalize(text)
    rest = norm[: date.start] + " " + norm[date.end :]
    rest = _TIME.sub(" ", rest)
    weekdays = _tables().weekdays
    return [w for w in _WORD.findall(rest) if w not in weekdays and w != "م"]


_URL_PATTERNS = (
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/|$|[^\d])"),
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
)


def url_date(url: Optional[str]) -> Optional[str]:
    """The date a URL carries (``/2018/7/12/``, ``2021-08-01``), if any."""
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(url):
            iso = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if iso:
                return iso
    return None


_STAMP = re.compile(
    r"^\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_stamp(value: object) -> tuple[Optional[str], Optional[str]]:
    """``(YYYY-MM-DD, HH:MM)`` from a metadata date such as ``2021-08-01`` or ``2021-08-01T10:15:00Z``."""
    if not isinstance(value, str):
        return None, None
    m = _STAMP.match(value)
    if not m:
        return None, None
    iso = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if iso is None:
        return None, None
    time = None
    if m.group("H") is not None and int(m.group("H")) < 24:
        time = f"{int(m.group('H')):02d}:{m.group('M')}"
    return iso, time
