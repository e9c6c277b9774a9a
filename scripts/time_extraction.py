#!/usr/bin/env python3
"""Extraction speed by process time, the measure to compare commits on a machine other jobs share
(`rasd bench` times the wall clock). Best of three passes over an article file, without the
recognizer:

    python scripts/time_extraction.py                      # ../shared/corpus/dev_articles.jsonl
    PYTHONPATH=/path/to/other/worktree python scripts/time_extraction.py   # the other commit's code

Run the two alternately and compare the figures printed (articles per CPU-second).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rasd.events import extract_article
from rasd.records import Article

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev_articles.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", nargs="?", type=Path, default=DEV)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    arts = [json.loads(line) for line in args.articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [Article(id=a["id"], external_id=a["id"], text=a["text"], published=a.get("published"))
               for a in arts]

    def run() -> None:
        for r in records:
            extract_article(r, use_ner=False)

    run()  # every lazy load before timing
    best = float("inf")
    for _ in range(args.passes):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    print(f"{len(records) / best:.1f} articles per CPU-second ({len(records)} articles, best of {args.passes})")


if __name__ == "__main__":
    main()
