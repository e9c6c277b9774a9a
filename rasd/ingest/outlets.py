"""Which outlet published a text, from its signature, its self-references or its web host."""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from rasd.text.normalize import normalize_key

_DATA = Path(__file__).parent / "data" / "outlets.toml"


@dataclass(frozen=True)
class Outlet:
    name: str
    arabic: tuple[str, ...]  # normalized keys
    domains: tuple[str, ...]
    self_reference: bool


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    with open(_DATA, "rb") as f:
        data = tomllib.load(f)
    return tuple(
        Outlet(
            name=o["name"],
            arabic=tuple(normalize_key(a) for a in o.get("arabic", [])),
            domains=tuple(d.lower() for d in o.get("domains", [])),
            self_reference=bool(o.get("self_reference", True)),
        )
        for o in data["outlet"]
    )


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    return {key: o.name for o in outlets() for key in o.arabic}


def outlet_named(text: str) -> Optional[str]:
    """The outlet whose Arabic name ``text`` is, exactly (after normalization)."""
    return _by_key().get(normalize_key(text))


_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")


def host_of(url: Optional[str]) -> Optional[str]:
    """The URL's host without ``www.``/``m.``, as ../shared/corpus names outlets."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


def outlet_for_host(host: Optional[str]) -> Optional[str]:
    if not host:
        return None
    for o in outlets():
        if any(host == d or host.endswith("." + d) for d in o.domains):
            return o.name
    return None


@lru_cache(maxsize=1)
def _self_reference_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    pats = []
    for o in outlets():
        if not o.self_reference:
            continue
        for key in o.arabic:
            # "مصادر «العربي الجديد»", "قال لـ"إيلاف"", "مراسل تلفزيون سوريا": the outlet speaking of
            # itself. "لموقع X" / "نقل موقع X" are left out: that is how outlets cite each other.
            # Quotes are folded to '"' and tatweel dropped by normalization.
            pats.append((
                re.compile(rf'(?:(?<!\w)(?:مصادر|مراسل|مراسله)\s+|(?<!\w)ل\s*)"?\s*{re.escape(key)}(?!\w)'),
                o.name,
            ))
    return tuple(pats)


def self_referenced_outlet(norm_text: str) -> Optional[str]:
    """The outlet a normalized text refers to as itself most often (sources it cites do not count)."""
    counts: Counter[str] = Counter()
    for pattern, name in _self_reference_patterns():
        counts[name] += len(pattern.findall(norm_text))
    counts = +counts
    if not counts:
        return None
    (best, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return None  # two outlets as often: no way to tell which is speaking
    return best
