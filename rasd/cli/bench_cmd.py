"""``rasd bench``: speed and memory of each stage on the dev corpus (or the bundled samples)."""
from __future__ import annotations

import json
import resource
import time
from pathlib import Path
from typing import Optional

import typer

from rasd.cli import app


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@app.command()
def bench(
    articles: Optional[Path] = typer.Option(None, help="articles JSONL (default: ../shared/corpus/dev_articles.jsonl)"),
    repeat: int = typer.Option(3, help="passes over the corpus for each timing; the best is kept"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Time the matcher (MB/s), the extractor (articles/s on one core) and the recognizer."""
    from rasd.evaluate import articles_from_jsonl
    from rasd.paths import REPO_DIR, corpus_path

    path = articles or corpus_path("dev_articles.jsonl")
    if not path.exists():
        path = REPO_DIR / "samples"
    from rasd.ingest import read_inputs
    from rasd.records import Article

    arts = [a for a in read_inputs([path]) if isinstance(a, Article)]
    texts = [a.text for a in arts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    out: dict = {"corpus": str(path), "articles": len(arts), "megabytes": round(mb, 3)}

    t0 = time.perf_counter()
    from rasd.kb import get_kb

    get_kb()
    out["kb_load_s"] = round(time.perf_counter() - t0, 3)
    from rasd.kb import find_mentions

    best = min(_timed(lambda: [find_mentions(t) for t in texts]) for _ in range(repeat))
    out["matcher_mb_per_s"] = round(mb / best, 2)

    from rasd.events import extract_article

    extract_article(arts[0])  # warm every lazy load before timing
    for use_ner in (False, True):
        best = min(_timed(lambda: [extract_article(a, use_ner=use_ner) for a in arts]) for _ in range(repeat))
        out["extract_articles_per_s" + ("" if use_ner else "_without_ner")] = round(len(arts) / best, 1)
    try:
        from rasd.ner import recognize
        from rasd.ner.tokenize import sentences as ner_sentences

        # whole articles, as the pipeline calls it (the BiLSTM tags an article's sentences as a batch)
        n_sents = sum(len(ner_sentences(t)) for t in texts)
        best = min(_timed(lambda: [recognize(t) for t in texts]) for _ in range(repeat))
        out["ner_sentences_per_s"] = round(n_sents / best, 1)
    except ImportError:
        pass
    out["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    if as_json:
        typer.echo(json.dumps(out))
        return
    for k, v in out.items():
        typer.echo(f"{k:32s} {v}")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0
