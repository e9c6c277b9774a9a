#!/usr/bin/env python3
"""Show, per article, the gold events next to the predicted ones: what was missed, what was extra.

usage: python scripts/diagnose_events.py [--articles A.jsonl --gold G.jsonl] [--id ARTICLE_ID] [--no-ner]
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasd.evaluate import articles_from_jsonl, predict, read_jsonl, scorer  # noqa: E402
from rasd.paths import corpus_path  # noqa: E402


def fmt(e: dict) -> str:
    loc = e.get("location") or {}
    return (f"{e['sub_event_type'][:22]:22s} {str(e.get('date')):10s} {str(loc.get('name'))[:18]:18s} "
            f"{str(loc.get('admin1') or loc.get('country'))[:12]:12s} {str(e.get('actor1')):10s} "
            f"{str(e.get('actor2')):10s} {str(e.get('fatalities')):4s} | {e['evidence'][:70]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=corpus_path("dev_articles.jsonl"))
    ap.add_argument("--gold", type=Path, default=corpus_path("dev_gold.jsonl"))
    ap.add_argument("--id", action="append")
    ap.add_argument("--no-ner", action="store_true")
    args = ap.parse_args()
    sc = scorer()
    arts = [a for a in articles_from_jsonl(args.articles) if not args.id or (a.external_id in args.id)]
    preds = defaultdict(list)
    for p in predict(arts, use_ner=not args.no_ner):
        preds[p["article_id"]].append(p)
    gold = defaultdict(list)
    for g in read_jsonl(args.gold):
        if not g.get("no_events"):
            gold[g["article_id"]].append(g)
    for a in arts:
        aid = a.external_id
        pairs = sc.match(gold[aid], preds[aid])
        mg = {id(g) for g, _ in pairs}
        mp = {id(p) for _, p in pairs}
        print(f"=== {aid} {a.outlet} {a.published}")
        for g, p in pairs:
            flag = "" if sc.strict_ok(g, p) else " (lenient only)"
            print("  OK  G " + fmt(g) + flag)
            print("      P " + fmt(p))
        for g in gold[aid]:
            if id(g) not in mg:
                print("  MISS  " + fmt(g))
        for p in preds[aid]:
            if id(p) not in mp:
                print("  EXTRA " + fmt(p))


if __name__ == "__main__":
    main()
