#!/usr/bin/env python3
"""Trigger-lexicon coverage against the gold corpus (issue #4 parts 1 and 5).

For each article: split the text into sentences (a simple splitter on . ! ? ؟ and newlines),
run find_triggers on each sentence and drop the hits non_event_reason rejects. Then:

- recall: share of gold events whose evidence sentence holds a kept hit of the same sub-type
  (territory hits with actor_rule "gov_regains" count for either territory sub-type), and of the
  same event_type;
- precision proxy: share of kept hits whose sentence is the evidence of some gold event of the
  same event_type (of the same sub-type, for the sub-type column). Gold gives one evidence
  sentence per event, so repeated mentions of a real event count against this proxy: it is a
  lower bound.

Usage: python scripts/trigger_coverage.py [--set dev|seeds|all] [--misses] [--fps N]
                                          [--rejections] [--json]
Reads ../shared/corpus (or $RASD_SHARED/corpus); writes nothing.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasd.events.lexicon import SUB_EVENT_TYPES, explain_non_event, find_triggers  # noqa: E402
from rasd.paths import corpus_path  # noqa: E402
from rasd.text.normalize import normalize  # noqa: E402

TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
_SENT_END = re.compile(r"[.!?؟]+(?=\s|$)|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    # trim whitespace
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    i = text.find(evidence)
    if i >= 0:
        return i, i + len(evidence)
    ev = evidence.strip()
    i = text.find(ev)
    if i >= 0:
        return i, i + len(ev)
    # whitespace-insensitive
    pat = r"\s+".join(re.escape(w) for w in ev.split())
    m = re.search(pat, text)
    if m:
        return m.start(), m.end()
    return None


def load(set_name: str):
    if set_name == "dev":
        arts, gold = "dev_articles.jsonl", "dev_gold.jsonl"
    else:
        arts, gold = "seeds.jsonl", "seeds_gold.jsonl"
    articles = [json.loads(line) for line in open(corpus_path(arts), encoding="utf-8")]
    events = defaultdict(list)
    for line in open(corpus_path(gold), encoding="utf-8"):
        r = json.loads(line)
        if "event_type" in r:
            events[r["article_id"]].append(r)
    return articles, events


def sub_match(hit, sub: str) -> bool:
    if hit.sub_event_type == sub:
        return True
    return hit.actor_rule == "gov_regains" and sub in TERRITORY


def evaluate(set_name: str):
    articles, events = load(set_name)
    rows = []  # one per gold event
    hits_all = []  # one per kept hit
    rejected = Counter()
    for art in articles:
        text = art["text"]
        sents = split_sentences(text)
        kept = []
        for s, e in sents:
            for h in find_triggers(text, s, e):
                x = explain_non_event(text, h, s, e)
                if x:
                    rejected[x["reason"]] += 1
                    h.data["reason"] = x["reason"]
                    h.data["cue"] = f'{x["cue"]}:{x["cue_text"]}'
                h.data["sent"] = (s, e)
                kept.append(h)
        gold = events.get(art["id"], [])
        spans = []
        for g in gold:
            sp = locate(text, g["evidence"])
            spans.append(sp)
            hs = [h for h in kept if sp and sp[0] <= h.start < sp[1]]
            ok_hits = [h for h in hs if "reason" not in h.data]
            rows.append({
                "article": art["id"], "topic": art.get("topic"), "event_type": g["event_type"],
                "sub": g["sub_event_type"], "loc": (g.get("location") or {}).get("name"),
                "evidence": g["evidence"], "found": sp is not None,
                "et_ok": any(h.event_type == g["event_type"] for h in ok_hits),
                "sub_ok": any(h.event_type == g["event_type"] and sub_match(h, g["sub_event_type"])
                              for h in ok_hits),
                "hits": [(h.text, h.sub_event_type, h.data.get("reason")) for h in hs],
                "rejected_same_type": [(h.text, h.trigger_id, h.data.get("reason"), h.data.get("cue"))
                                       for h in hs if "reason" in h.data
                                       and h.event_type == g["event_type"]],
            })
        for h in kept:
            if "reason" in h.data:
                continue
            ss, se = h.data["sent"]
            et_ok = sub_ok = False
            for g, sp in zip(gold, spans):
                if not sp or not (sp[0] < se and ss < sp[1]):
                    continue
                if g["event_type"] == h.event_type:
                    et_ok = True
                    if sub_match(h, g["sub_event_type"]):
                        sub_ok = True
            hits_all.append({
                "article": art["id"], "text": h.text, "id": h.trigger_id,
                "event_type": h.event_type, "sub": h.sub_event_type, "et_ok": et_ok,
                "sub_ok": sub_ok, "sentence": text[ss:se],
            })
    return rows, hits_all, rejected


def pct(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def report(set_name: str, rows, hits, rejected, show_misses: bool, n_fps: int,
           show_rejections: bool = False) -> dict:
    n = len(rows)
    et = sum(r["et_ok"] for r in rows)
    sb = sum(r["sub_ok"] for r in rows)
    nh = len(hits)
    hp_et = sum(h["et_ok"] for h in hits)
    hp_sub = sum(h["sub_ok"] for h in hits)
    print(f"\n=== {set_name}: {n} gold events, {nh} kept hits, rejected {sum(rejected.values())} "
          f"({', '.join(f'{k} {v}' for k, v in rejected.most_common())})")
    print(f"event_type recall {pct(et, n)}   sub-type recall {pct(sb, n)}   "
          f"proxy precision: event_type {pct(hp_et, nh)}  sub-type {pct(hp_sub, nh)}")
    gold_by = defaultdict(list)
    for r in rows:
        gold_by[r["sub"]].append(r)
    hit_by = defaultdict(list)
    for h in hits:
        hit_by[h["sub"]].append(h)
    print(f"{'sub_event_type':40s} {'gold':>4s} {'rec_et':>6s} {'rec_sub':>7s} {'hits':>5s} "
          f"{'prec_et':>7s} {'prec_sub':>8s}")
    for sub in SUB_EVENT_TYPES:
        g = gold_by.get(sub, [])
        hh = hit_by.get(sub, [])
        if not g and not hh:
            continue
        print(f"{sub:40s} {len(g):4d} {pct(sum(r['et_ok'] for r in g), len(g)):>6s} "
              f"{pct(sum(r['sub_ok'] for r in g), len(g)):>7s} {len(hh):5d} "
              f"{pct(sum(h['et_ok'] for h in hh), len(hh)):>7s} "
              f"{pct(sum(h['sub_ok'] for h in hh), len(hh)):>8s}")
    if show_misses:
        print(f"\n--- {set_name}: misses (sub-type) ---")
        for r in rows:
            if r["sub_ok"]:
                continue
            flag = "ET-ok" if r["et_ok"] else "MISS "
            print(f"[{flag}] {r['sub']} @ {r['loc']}  ({r['article']})")
            print(f"        {r['evidence'][:220]}")
            print(f"        hits: {r['hits']}")
    if show_rejections:
        print(f"\n--- {set_name}: rejected hits inside gold evidence of the same event_type ---")
        seen = set()
        for r in rows:
            for item in r["rejected_same_type"]:
                key = (r["article"], r["evidence"], item)
                if key in seen:
                    continue
                seen.add(key)
                print(f"  {item}  | {r['sub']} | {r['evidence'][:150]}")
    if n_fps:
        print(f"\n--- {set_name}: kept hits outside any gold evidence of their event_type ---")
        fps = [h for h in hits if not h["et_ok"]]
        by_id = Counter(h["id"] for h in fps)
        print("by trigger id:", ", ".join(f"{k} {v}" for k, v in by_id.most_common(25)))
        for h in fps[:n_fps]:
            print(f"  {h['id']:24s} {h['text']!r:20s} | {h['sentence'][:160]}")
    return {
        "set": set_name, "gold": n, "event_type_recall": et / n if n else None,
        "sub_type_recall": sb / n if n else None, "hits": nh,
        "proxy_precision_event_type": hp_et / nh if nh else None,
        "proxy_precision_sub_type": hp_sub / nh if nh else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="all", choices=["dev", "seeds", "all"])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--fps", type=int, default=0, help="list N false-positive-proxy hits")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rejections", action="store_true",
                    help="list rejected hits inside gold evidence of the same event_type")
    a = ap.parse_args()
    out = []
    for s in (["dev", "seeds"] if a.set == "all" else [a.set]):
        rows, hits, rejected = evaluate(s)
        out.append(report(s, rows, hits, rejected, a.misses, a.fps, a.rejections))
    if a.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
