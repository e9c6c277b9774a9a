"""Scoring against the development gold with the shared scorer (imported, never copied)."""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from rasd.paths import corpus_path, shared_dir


@lru_cache(maxsize=1)
def scorer():
    path = shared_dir() / "eval" / "score_events.py"
    spec = importlib.util.spec_from_file_location("score_events", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def articles_from_jsonl(path: Path):
    """Articles of a JSONL file, through the same reader ``rasd ingest`` uses."""
    from rasd.ingest import read_inputs
    from rasd.records import Article

    return [a for a in read_inputs([path]) if isinstance(a, Article)]


def predict(articles, use_ner: bool = True) -> list[dict]:
    from rasd.events import extract_article

    return [e.to_spec() for a in articles for e in extract_article(a, use_ner=use_ner)]


def score_file_pair(articles: Path | None = None, gold: Path | None = None, out: Path | None = None,
                    use_ner: bool = True) -> dict:
    articles = articles or corpus_path("dev_articles.jsonl")
    gold = gold or corpus_path("dev_gold.jsonl")
    preds = predict(articles_from_jsonl(articles), use_ner=use_ner)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return scorer().score(read_jsonl(gold), preds)
