"""Stage ``export``: events as the spec's JSONL, ACLED's CSV, or GeoJSON."""
from __future__ import annotations

import csv
import io
import json
import tomllib
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, TextIO

from rasd.records import Event

FORMATS = ("spec", "acled", "geojson")
_BY_SUFFIX = {".jsonl": "spec", ".csv": "acled", ".geojson": "geojson", ".json": "geojson"}


@lru_cache(maxsize=1)
def acled_tables() -> dict:
    with open(Path(__file__).resolve().parent / "data" / "acled.toml", "rb") as f:
        return tomllib.load(f)


def format_for(path: str | Path) -> str:
    fmt = _BY_SUFFIX.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown output format (use .jsonl, .csv or .geojson)")
    return fmt


def write_events(events: Iterable[Event], out: TextIO, fmt: str) -> int:
    events = list(events)
    if fmt == "spec":
        for e in events:
            out.write(json.dumps(e.to_spec(), ensure_ascii=False) + "\n")
    elif fmt == "acled":
        write_acled(events, out)
    elif fmt == "geojson":
        json.dump(to_geojson(events), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return len(events)


def acled_row(e: Event, n: int) -> dict:
    t = acled_tables()
    loc = e.location
    country = loc.country or ""
    inter1 = t["inter"].get(e.actor1 or "", 0) if e.actor1 else 0
    inter2 = t["inter"].get(e.actor2 or "", 0) if e.actor2 else 0
    pair = sorted(x for x in (inter1, inter2) if x) or [0]
    interaction = int("".join(str(x) for x in pair)) if len(pair) == 2 else pair[0] * 10
    year = e.date[:4] if e.date else ""
    prefix = {"Syria": "SYR", "Yemen": "YEM", "Libya": "LBY", "Iraq": "IRQ", "Sudan": "SDN"}.get(country, "XXX")
    return {
        "event_id_cnty": f"{prefix}{e.id or n}",
        "event_date": e.date or "",
        "year": year,
        "time_precision": e.time_precision or (1 if e.date else 3),
        "disorder_type": t["disorder_type"].get(e.event_type, ""),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": t["actor_names"].get(e.actor1 or "", "") if e.actor1 else "",
        "assoc_actor_1": e.actor1_name or "",
        "inter1": inter1 or "",
        "actor2": t["actor_names"].get(e.actor2 or "", "") if e.actor2 else "",
        "assoc_actor_2": e.actor2_name or "",
        "inter2": inter2 or "",
        "interaction": interaction or "",
        "civilian_targeting": "Civilian targeting" if e.actor2 == "CIVILIANS" else "",
        "iso": t["iso"].get(country, ""),
        "region": t["region"].get(country, ""),
        "country": country,
        "admin1": loc.admin1 or "",
        "admin2": loc.admin2 or "",
        "admin3": loc.admin3 or "",
        "location": loc.name or "",
        "latitude": "" if loc.lat is None else f"{loc.lat:.4f}",
        "longitude": "" if loc.lon is None else f"{loc.lon:.4f}",
        "geo_precision": loc.geo_precision or "",
        "source": e.source or "",
        "source_scale": "",
        "notes": e.evidence,
        "fatalities": e.fatalities if e.fatalities is not None else 0,
        "tags": "",
        "timestamp": int(datetime.now(timezone.utc).timestamp()),
    }


def write_acled(events: list[Event], out: TextIO) -> None:
    w = csv.DictWriter(out, fieldnames=acled_tables()["columns"])
    w.writeheader()
    for n, e in enumerate(events, 1):
        w.writerow(acled_row(e, n))


def to_geojson(events: list[Event]) -> dict:
    feats = []
    for e in events:
        loc = e.location
        geom = None if loc.lat is None or loc.lon is None else {"type": "Point", "coordinates": [loc.lon, loc.lat]}
        props = e.to_spec()
        props.update({"id": e.id, "time_precision": e.time_precision, "geo_precision": loc.geo_precision,
                      "admin2": loc.admin2, "admin3": loc.admin3, "pcode": loc.pcode})
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def events_to_string(events: list[Event], fmt: str) -> str:
    buf = io.StringIO()
    write_events(events, buf, fmt)
    return buf.getvalue()
