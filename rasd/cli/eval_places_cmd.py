"""``rasd eval places``: are the dev gold's event places found and resolved (issue #3's figure)?

For every event of the gold with a place name, the article's text goes through the matcher and
the geocoder; the event counts as found when one resolved place matches the gold location by the
scorer's own rule (``location_match`` of ../shared/eval/score_events.py: same country and admin1
where both give one, and one name's words in a row inside the other's).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from rasd.cli.eval_cmd import eval_app
from rasd.paths import corpus_path, shared_dir


def load_scorer():
    """The shared scorer as a module, read from ../shared so both sides use one rule."""
    path = shared_dir() / "eval" / "score_events.py"
    if not path.exists():
        raise typer.BadParameter(f"scorer not found: {path}")
    spec = importlib.util.spec_from_file_location("rasd_shared_score_events", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise typer.BadParameter(f"{path}:{n}: not JSON ({err.msg})") from err
    return rows


def evaluate_places(gold_path: Path, articles_path: Path) -> dict:
    from rasd.kb.geocode import resolve_places
    from rasd.kb.matcher import find_mentions

    scorer = load_scorer()
    texts = {a["id"]: a.get("text") or "" for a in _jsonl(articles_path)}
    gold = [g for g in _jsonl(gold_path) if not g.get("no_events") and (g.get("location") or {}).get("name")]
    resolved: dict[str, list[dict]] = {}
    misses = []
    found = 0
    for g in gold:
        aid = g["article_id"]
        if aid not in resolved:
            text = texts.get(aid, "")
            ms = resolve_places(text, find_mentions(text))
            resolved[aid] = [{"location": {"name": m.data["location"].name, "country": m.data["location"].country,
                                           "admin1": m.data["location"].admin1}} for m in ms if "location" in m.data]
        preds = resolved[aid]
        if any(scorer.location_match(g, p) for p in preds):
            found += 1
            continue
        # the same name resolved elsewhere, to tell a wrong place from a name not found
        name_only = [p for p in preds if scorer.location_match({"location": {"name": g["location"]["name"]}},
                                                               {"location": {"name": p["location"]["name"]}})]
        misses.append({"article_id": aid, "gold": g["location"],
                       "got": [p["location"] for p in name_only][:3], "in_text": aid in texts})
    total = len(gold)
    return {"events": total, "found": found, "share": found / total if total else None, "misses": misses}


@eval_app.command("places")
def eval_places(
    gold: Path = typer.Option(None, help="gold events (default: ../shared/corpus/dev_gold.jsonl)"),
    articles: Path = typer.Option(None, help="articles (default: ../shared/corpus/dev_articles.jsonl)"),
    as_json: bool = typer.Option(False, "--json", help="print the figures as JSON"),
    show: Optional[int] = typer.Option(None, help="list at most this many misses"),
) -> None:
    """Share of the gold's event places that the matcher finds and the geocoder resolves right."""
    gold = gold or corpus_path("dev_gold.jsonl")
    articles = articles or corpus_path("dev_articles.jsonl")
    for p in (gold, articles):
        if not p.exists():
            raise typer.BadParameter(f"not found: {p}")
    r = evaluate_places(gold, articles)
    if as_json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return
    con = Console()
    con.print(f"event places found and resolved: [bold]{r['found']}/{r['events']}[/bold] = "
              f"[bold]{100 * (r['share'] or 0):.1f}%[/bold] (target 95%)")
    if r["misses"]:
        t = Table(title="misses")
        for c in ("article", "gold name", "gold country/admin1", "resolved as"):
            t.add_column(c)
        for miss in r["misses"][: show if show is not None else len(r["misses"])]:
            g = miss["gold"]
            got = "; ".join(f"{x['name']} ({x['country']}/{x['admin1']})" for x in miss["got"]) or "not found"
            t.add_row(miss["article_id"], g["name"], f"{g.get('country')}/{g.get('admin1')}", got)
        con.print(t)
