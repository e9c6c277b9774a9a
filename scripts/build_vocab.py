#!/usr/bin/env python3
"""Build the word-form vocabulary the clitic splitter consults.

Reads the unlabeled SaudiNewsNet articles in ../shared/data/saudinewsnet/ (CC BY-NC-SA 4.0) and
writes rasd/text/data/vocab.tsv.gz: one normalized word form and its count per line, for forms
seen at least MIN_COUNT times. Only counts of word forms are shipped, no text; see the README's
data section for what the licence means for reuse. Deterministic: same input, same file.

usage: python scripts/build_vocab.py [--min-count N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasd.paths import PACKAGE_DIR, data_path  # noqa: E402
from rasd.text.normalize import normalize  # noqa: E402

WORD = re.compile(r"[\u0621-\u064a]+")
OUT = PACKAGE_DIR / "text" / "data" / "vocab.tsv.gz"
NAMES = PACKAGE_DIR / "text" / "data" / "names.txt.gz"


def write_names() -> int:
    """The words of every place and actor name, so the splitter treats them as known words."""
    from rasd.kb.actors import load_actors
    from rasd.kb.places import load_places, place_forms

    words: set[str] = set()
    forms = [f for p in load_places() for f in place_forms(p)]
    # an actor alias is a phrase ("القوات التابعة للنظام"): only one-word aliases are names
    forms += [al for a in load_actors() for al in a.aliases if len(al.split()) == 1]
    for form in forms:
        words.update(w for w in WORD.findall(normalize(form)) if len(w) >= 3)
    with open(NAMES, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write("".join(w + "\n" for w in sorted(words)).encode("utf-8"))
    return len(words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--names-only", action="store_true", help="rewrite only the knowledge-base names")
    args = ap.parse_args()
    print(f"{write_names()} knowledge-base name words -> {NAMES}")
    if args.names_only:
        return
    counts: Counter[str] = Counter()
    zips = sorted(data_path("saudinewsnet", "dataset").glob("*.zip"))
    if not zips:
        sys.exit("no SaudiNewsNet zips under ../shared/data/saudinewsnet/dataset")
    for zp in zips:
        with zipfile.ZipFile(zp) as z:
            for name in sorted(z.namelist()):
                for art in json.loads(z.read(name)):
                    for field in ("title", "content"):
                        counts.update(WORD.findall(normalize(art.get(field) or "")))
    rows = sorted(((w, c) for w, c in counts.items() if c >= args.min_count), key=lambda r: (-r[1], r[0]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical across rebuilds
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write("".join(f"{w}\t{c}\n" for w, c in rows).encode("utf-8"))
    print(f"{len(rows)} word forms (count >= {args.min_count}) from {len(zips)} files -> {OUT}")


if __name__ == "__main__":
    main()
