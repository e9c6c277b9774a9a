"""The actors knowledge base: who takes part in the conflicts rasd codes, and under which category.

Two sources make it:

- ``data/actors_*.toml``: curated, hand-written entries, one file per conflict (Syria government
  side, Syria opposition side, foreign states, Yemen, Libya, Iraq, Sudan, general entries such as
  civilians and unknown gunmen, and the news sources). Each entry names its source.
- ``data/actors_petrarch.jsonl.gz``: entries built by ``scripts/build_actors.py`` from the Arabic
  CAMEO actor dictionary of Universal-PETRARCH (MIT), mapped to our categories where the CAMEO
  code fits one. Curated entries win: an alias a curated actor claims is dropped from petrarch
  entries at load time, and a petrarch entry left with no alias is dropped.

An actor has a ``category`` (the spec's section 4 id), optionally ``periods`` in which another
category (and parent) held (``category_on(date)``), and aliases: the Arabic surface forms news
writes. An alias can be *scoped* to countries (``alias_scopes``): "الجيش الوطني" is the Syrian
National Army in a Syrian article, the Yemeni army in a Yemeni one and Haftar's LNA in a Libyan
one; "النظام" alone is the Syrian government only in Syrian context. :func:`resolve_alias` picks
by the article's country. Matching is on :func:`rasd.text.normalize.normalize_key` forms; the
matcher strips clitics and folds alef/ya/ta-marbuta, so aliases do not enumerate those. The
loader adds the spellings of "ميليشيا" (ميلشيا، مليشيا) and of "أمريكي" (أميركي) that news mixes.

TOML schema of a curated entry (``[[actor]]``)::

    id = "syr.gov.army.4th_division"    # stable, lowercase, dotted
    name = "الفرقة الرابعة مدرعات"         # canonical Arabic; also an alias unless scoped
    category = "SYR_GOV"
    kind = "state_force"
    country = "Syria"                    # English short name, as the spec writes it
    parent = "syr.gov.army"
    aliases = ["..."]                    # apply in any article
    scoped = { Syria = ["الفرقة الرابعة"], "Yemen|Saudi Arabia" = ["..."] }
    periods = [{ end = "2018-07-05", category = "SYR_OPP", parent = "..." }]
    party_category = "SYR_GOV"           # media only: the category when the outlet is a party
    source = "curated: Wikipedia 'Syrian Arab Army'"
    note = "..."

Period dates are ISO ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` (a start means the first day, an
end the last); both ends are inclusive, either may be missing (open).
"""
from __future__ import annotations

import calendar
import gzip
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rasd.text.normalize import normalize_key

DATA = Path(__file__).resolve().parent / "data"
PETRARCH = DATA / "actors_petrarch.jsonl.gz"

CATEGORIES = (
    "SYR_GOV", "SYR_PROGOV", "SYR_OPP", "SYR_OPP_CIVIL", "HTS", "ISIS", "SDF", "RUS", "TUR", "USA",
    "ISR", "JOR", "IRN", "COALITION_YEM", "HOUTHI", "YEM_GOV", "LNA", "LBY_GNA", "IRQ_GOV",
    "SDN_SAF", "SDN_RSF", "CIVILIANS", "UNKNOWN", "OTHER",
)

KINDS = (
    "state_force", "official", "armed_group", "militia", "civil_body", "media", "monitor",
    "foreign_force", "civilians", "unknown_armed", "person", "intl_org",
)

# Countries an actor or an alias scope may name (English short names, as the spec's
# ``location.country``). A typo here would silently disable a scoped alias, so check_actors
# rejects names outside this list.
COUNTRIES = (
    "Syria", "Yemen", "Libya", "Iraq", "Sudan", "Jordan", "Lebanon", "Turkey", "Russia",
    "United States", "Israel", "Iran", "Saudi Arabia", "United Arab Emirates", "Egypt", "Qatar",
    "Afghanistan", "Pakistan", "Palestine", "Chad", "South Sudan",
)

PERIOD_KEYS = {"start", "end", "category", "parent", "note", "source"}
_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

@lru_cache(maxsize=1)
def _spelling_groups() -> tuple[tuple[str, ...], ...]:
    """Spellings news mixes freely (data/spelling_groups.toml); every alias takes all a group's forms."""
    with open(DATA / "spelling_groups.toml", "rb") as f:
        return tuple(tuple(g) for g in tomllib.load(f)["groups"])


def spelling_variants(alias: str) -> list[str]:
    """``alias`` and the forms it takes under the spelling groups (ميليشيا/مليشيا, أمريكي/أميركي)."""
    forms = {alias}
    for group in _spelling_groups():
        for f in list(forms):
            for g in group:
                if g in f:
                    forms.update(f.replace(g, h) for h in group)
    return [alias] + sorted(forms - {alias})


def _parse_date(s: str, end: bool) -> Optional[str]:
    """A partial ISO date as a full one: the first day it covers, or the last when ``end``."""
    m = _DATE.match(s or "")
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if d:
        return f"{y}-{mo}-{d}"
    if mo:
        last = calendar.monthrange(int(y), int(mo))[1] if end else 1
        return f"{y}-{mo}-{last:02d}"
    return f"{y}-12-31" if end else f"{y}-01-01"


def _valid_date(s) -> bool:
    if not isinstance(s, str) or not _DATE.match(s):
        return False
    full = _parse_date(s, end=False)
    try:
        y, mo, d = (int(x) for x in full.split("-"))
        return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]
    except ValueError:
        return False


@dataclass
class Actor:
    id: str
    name: str
    category: str
    aliases: list[str]
    parent: Optional[str]
    kind: str
    country: Optional[str]
    source: str
    periods: list[dict] = field(default_factory=list)
    party_category: Optional[str] = None
    # normalize_key(alias) -> the countries in whose articles that alias names this actor;
    # an alias absent here applies everywhere
    alias_scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: Optional[str] = None
    # words after which an alias is an adjective, not this actor ("مؤتمر صحفي" is a press
    # conference, not journalists): a mention right after one names no actor
    not_after: list[str] = field(default_factory=list)

    # -- time -------------------------------------------------------------------------------
    def period_on(self, date: Optional[str]) -> Optional[dict]:
        """The period in force on ISO ``date`` (``YYYY-MM-DD``; partial dates allowed), if any."""
        if not date or not self.periods:
            return None
        day = _parse_date(date[:10], end=False)
        if day is None:
            return None
        for p in self.periods:
            start = _parse_date(p["start"], end=False) if p.get("start") else None
            end = _parse_date(p["end"], end=True) if p.get("end") else None
            if (start is None or start <= day) and (end is None or day <= end):
                return p
        return None

    def category_on(self, date: Optional[str]) -> str:
        """The category in force on ISO ``date``: a period's, else ``category``."""
        p = self.period_on(date)
        return p["category"] if p else self.category

    def parent_on(self, date: Optional[str]) -> Optional[str]:
        p = self.period_on(date)
        if p and "parent" in p:
            return p["parent"] or None
        return self.parent

    def categories(self) -> set[str]:
        """Every category the actor holds at some time."""
        return {self.category} | {p.get("category") for p in self.periods if p.get("category")}

    # -- aliases ----------------------------------------------------------------------------
    def scope_of(self, alias: str) -> Optional[tuple[str, ...]]:
        """The countries an alias is limited to, or None when it applies everywhere."""
        return self.alias_scopes.get(normalize_key(alias))

    def applies_in(self, alias: str, country: Optional[str]) -> bool:
        scope = self.scope_of(alias)
        return scope is None or country is None or country in scope

    @property
    def curated(self) -> bool:
        return not self.source.startswith("petrarch")

    def to_json(self) -> dict:
        d = asdict(self)
        d["alias_scopes"] = {k: list(v) for k, v in self.alias_scopes.items()}
        return {k: v for k, v in d.items() if v not in (None, [], {}, "")}


# -- reading ------------------------------------------------------------------------------------

def _expand(aliases: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for a in aliases:
        for f in spelling_variants(a.strip()):
            k = normalize_key(f)
            if k and k not in seen:
                seen.add(k)
                out.append(f)
    return out


def actor_from_toml(d: dict) -> Actor:
    """One ``[[actor]]`` table as an Actor: name, global and scoped aliases merged, spellings expanded."""
    scoped_in = d.get("scoped") or {}
    scopes: dict[str, set[str]] = {}
    scoped_aliases: list[str] = []
    for countries, names in scoped_in.items():
        cs = [c.strip() for c in countries.split("|") if c.strip()]
        for a in _expand(names):
            scopes.setdefault(normalize_key(a), set()).update(cs)
            scoped_aliases.append(a)
    global_aliases = list(d.get("aliases") or [])
    name = d.get("name", "")
    if name and normalize_key(name) not in scopes:
        global_aliases.insert(0, name)
    aliases = _expand(global_aliases)
    keys = {normalize_key(a) for a in aliases}
    # an alias both global and scoped is global
    for k in keys:
        scopes.pop(k, None)
    aliases += [a for a in scoped_aliases if normalize_key(a) not in keys]
    aliases = _expand(aliases)
    return Actor(
        id=d.get("id", ""), name=name, category=d.get("category", ""), aliases=aliases,
        parent=d.get("parent") or None, kind=d.get("kind", ""), country=d.get("country") or None,
        source=d.get("source", ""), periods=[dict(p) for p in d.get("periods") or []],
        party_category=d.get("party_category") or None,
        alias_scopes={k: tuple(sorted(v)) for k, v in scopes.items()}, note=d.get("note") or None,
        not_after=[normalize_key(w) for w in d.get("not_after") or []],
    )


def curated_files() -> list[Path]:
    return sorted(DATA.glob("actors*.toml"))


def read_curated(files: Optional[Iterable[Path]] = None) -> list[Actor]:
    out: list[Actor] = []
    for path in files if files is not None else curated_files():
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        out.extend(actor_from_toml(d) for d in doc.get("actor", []))
    return out


def actor_from_json(d: dict) -> Actor:
    known = Actor.__dataclass_fields__
    a = Actor(**{k: v for k, v in d.items() if k in known and k != "alias_scopes"})
    a.alias_scopes = {k: tuple(v) for k, v in (d.get("alias_scopes") or {}).items()}
    return a


def read_petrarch(path: Path = PETRARCH) -> list[Actor]:
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [actor_from_json(json.loads(line)) for line in f if line.strip()]


def merge(curated: list[Actor], petrarch: list[Actor]) -> list[Actor]:
    """Curated entries plus petrarch entries stripped of aliases (and ids) curated ones claim."""
    claimed = {normalize_key(a) for actor in curated for a in actor.aliases}
    ids = {a.id for a in curated}
    out = list(curated)
    for p in petrarch:
        if p.id in ids:
            continue
        keep = [a for a in p.aliases if normalize_key(a) not in claimed]
        if not keep:
            continue
        if len(keep) != len(p.aliases):
            kept = {normalize_key(a) for a in keep}
            p = Actor(**{**p.__dict__, "aliases": keep,
                         "alias_scopes": {k: v for k, v in p.alias_scopes.items() if k in kept}})
        out.append(p)
    return out


@lru_cache(maxsize=1)
def _load() -> tuple[Actor, ...]:
    return tuple(merge(read_curated(), read_petrarch()))


def load_actors() -> list[Actor]:
    """Every actor: curated entries first, then petrarch ones (cached; do not mutate)."""
    return list(_load())


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Actor]:
    return {a.id: a for a in _load()}


def actor_by_id(actor_id: str) -> Optional[Actor]:
    return _by_id().get(actor_id)


def lineage(actor_id: str, date: Optional[str] = None) -> list[Actor]:
    """The actor, its parent, grandparent... (parents as of ``date`` when given); stops at a cycle."""
    out: list[Actor] = []
    seen: set[str] = set()
    cur = actor_by_id(actor_id)
    while cur is not None and cur.id not in seen:
        out.append(cur)
        seen.add(cur.id)
        nxt = cur.parent_on(date) if date else cur.parent
        cur = actor_by_id(nxt) if nxt else None
    return out


@lru_cache(maxsize=1)
def alias_index() -> dict[str, list[tuple[Actor, Optional[tuple[str, ...]]]]]:
    """normalize_key(alias) -> [(actor, countries the alias is limited to, or None)], curated first."""
    idx: dict[str, list[tuple[Actor, Optional[tuple[str, ...]]]]] = {}
    for a in _load():
        for alias in a.aliases:
            k = normalize_key(alias)
            idx.setdefault(k, []).append((a, a.alias_scopes.get(k)))
    return idx


def resolve_alias(surface: str, country: Optional[str] = None) -> list[Actor]:
    """The actors a surface form names in an article about ``country``, best first.

    An alias scoped to ``country`` beats one that applies everywhere; aliases scoped to other
    countries are left out. With no country, everyone the form names is returned (global ones
    first): the caller must then decide.
    """
    claims = alias_index().get(normalize_key(surface), [])
    if country is None:
        return [a for a, s in claims if s is None] + [a for a, s in claims if s is not None]
    here = [a for a, s in claims if s is not None and country in s]
    anywhere = [a for a, s in claims if s is None]
    return here + anywhere


def category_of(surface: str, country: Optional[str] = None, date: Optional[str] = None) -> Optional[str]:
    """The category of the best actor a surface form names (see :func:`resolve_alias`), or None."""
    found = resolve_alias(surface, country)
    return found[0].category_on(date) if found else None


# -- checking -----------------------------------------------------------------------------------

def check_actors(actors: list[Actor]) -> list[str]:
    """Problems in a list of actors; an empty list means it is sound.

    Checks: ids (format, duplicates), names, categories, kinds, countries and scopes, sources,
    parents that do not exist and cycles among parents, periods (keys, dates, order, overlaps,
    categories, parents), and aliases claimed by actors of different categories that no scope
    separates (two claims of one alias conflict unless their categories agree at all times, or
    they are scoped to disjoint sets of countries, or exactly one of them is unscoped: the
    default that a country's scoped entry overrides).
    """
    problems: list[str] = []
    ids: dict[str, int] = {}
    for a in actors:
        ids[a.id] = ids.get(a.id, 0) + 1
    for i, n in ids.items():
        if n > 1:
            problems.append(f"duplicate id {i!r} ({n} entries)")
    known = set(ids)

    for a in actors:
        where = f"{a.id!r}"
        if not _ID.match(a.id or ""):
            problems.append(f"{where}: id is not lowercase dotted")
        if not a.name:
            problems.append(f"{where}: no name")
        if a.category not in CATEGORIES:
            problems.append(f"{where}: unknown category {a.category!r}")
        if a.kind not in KINDS:
            problems.append(f"{where}: unknown kind {a.kind!r}")
        if a.party_category is not None and a.party_category not in CATEGORIES:
            problems.append(f"{where}: unknown party_category {a.party_category!r}")
        if a.country is not None and a.country not in COUNTRIES:
            problems.append(f"{where}: unknown country {a.country!r}")
        if not a.source:
            problems.append(f"{where}: no source")
        if not a.aliases:
            problems.append(f"{where}: no aliases")
        for alias in a.aliases:
            if not isinstance(alias, str) or not normalize_key(alias):
                problems.append(f"{where}: empty alias {alias!r}")
        for k, scope in a.alias_scopes.items():
            if not scope:
                problems.append(f"{where}: alias {k!r} has an empty scope")
            for c in scope:
                if c not in COUNTRIES:
                    problems.append(f"{where}: alias {k!r} scoped to unknown country {c!r}")
        if a.parent is not None and a.parent not in known:
            problems.append(f"{where}: parent {a.parent!r} does not exist")
        if a.parent == a.id:
            problems.append(f"{where}: is its own parent")
        problems.extend(_check_periods(a, known))

    # cycles
    by_id = {a.id: a for a in actors}
    reported: set[str] = set()
    for a in actors:
        seen: list[str] = []
        cur: Optional[Actor] = a
        while cur is not None and cur.parent:
            if cur.id in seen:
                cyc = seen[seen.index(cur.id):]
                key = min(cyc)
                if key not in reported:
                    reported.add(key)
                    problems.append("cycle in parents: " + " -> ".join(cyc + [cur.id]))
                break
            seen.append(cur.id)
            cur = by_id.get(cur.parent)

    # alias collisions across categories
    claims: dict[str, list[tuple[Actor, Optional[frozenset]]]] = {}
    for a in actors:
        for alias in set(normalize_key(x) for x in a.aliases):
            scope = a.alias_scopes.get(alias)
            claims.setdefault(alias, []).append((a, frozenset(scope) if scope else None))
    for alias, cl in sorted(claims.items()):
        if len(cl) < 2:
            continue
        for i in range(len(cl)):
            for j in range(i + 1, len(cl)):
                (a, sa), (b, sb) = cl[i], cl[j]
                if a.id == b.id or a.categories() == b.categories():
                    continue
                if sa is None and sb is None:
                    problems.append(f"alias {alias!r} claimed by {a.id!r} ({a.category}) and "
                                    f"{b.id!r} ({b.category}) with no scope to tell them apart")
                elif sa is not None and sb is not None and sa & sb:
                    problems.append(f"alias {alias!r} claimed by {a.id!r} ({a.category}) and "
                                    f"{b.id!r} ({b.category}) in the same countries {sorted(sa & sb)}")
    return problems


def _check_periods(a: Actor, known: set[str]) -> list[str]:
    out: list[str] = []
    spans: list[tuple[str, str]] = []
    if not isinstance(a.periods, list):
        return [f"{a.id!r}: periods is not a list"]
    for n, p in enumerate(a.periods):
        where = f"{a.id!r} period {n}"
        if not isinstance(p, dict):
            out.append(f"{where}: not a table")
            continue
        extra = set(p) - PERIOD_KEYS
        if extra:
            out.append(f"{where}: unknown keys {sorted(extra)}")
        if p.get("category") not in CATEGORIES:
            out.append(f"{where}: unknown category {p.get('category')!r}")
        if "start" not in p and "end" not in p:
            out.append(f"{where}: neither start nor end")
        for k in ("start", "end"):
            if k in p and not _valid_date(p[k]):
                out.append(f"{where}: bad {k} date {p[k]!r}")
        if p.get("parent") and p["parent"] not in known:
            out.append(f"{where}: parent {p['parent']!r} does not exist")
        s = _parse_date(p["start"], end=False) if _valid_date(p.get("start")) else "0000-01-01"
        e = _parse_date(p["end"], end=True) if _valid_date(p.get("end")) else "9999-12-31"
        if s > e:
            out.append(f"{where}: starts after it ends")
        spans.append((s, e))
    spans.sort()
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        if s2 <= e1:
            out.append(f"{a.id!r}: periods overlap ({s1}..{e1} and {s2}..{e2})")
    return out
