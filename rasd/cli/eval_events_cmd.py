"""``rasd eval events``: the scorer's figures on the development gold."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from rasd.cli.eval_cmd import eval_app


@eval_app.command("events")
def eval_events(
    articles: Optional[Path] = typer.Option(None, help="articles JSONL (default: ../shared/corpus/dev_articles.jsonl)"),
    gold: Optional[Path] = typer.Option(None, help="gold JSONL (default: ../shared/corpus/dev_gold.jsonl)"),
    out: Optional[Path] = typer.Option(None, help="also write the predicted events here"),
    no_ner: bool = typer.Option(False, help="leave the statistical recognizer out"),
    as_json: bool = typer.Option(False, "--json", help="print the scorer's JSON"),
) -> None:
    """Extract events from the dev articles (no store) and score them against the gold."""
    from rasd.evaluate import score_file_pair

    s = score_file_pair(articles, gold, out, use_ner=not no_ner)
    if as_json:
        typer.echo(json.dumps(s, ensure_ascii=False))
        return
    typer.echo(f"articles {s['articles']}  gold {s['gold_events']}  predicted {s['predicted_events']}")
    for k in ("lenient", "strict"):
        m = s[k]
        typer.echo(f"{k:8s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
    typer.echo(f"location_recall {s['location_recall']}")
    for k, v in s["on_lenient_matches"].items():
        typer.echo(f"{k} {v}")
