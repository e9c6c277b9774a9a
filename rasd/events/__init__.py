"""Stage ``events``: the events an article reports, by the spec's rules."""
from __future__ import annotations

from rasd.records import Article, Event


def extract_article(article: Article, use_ner: bool = True) -> list[Event]:
    """Analyse one article (mentions) and extract its events."""
    from rasd.events.extract import extract_events
    from rasd.mentions.analyze import analyze

    if not article.text or not article.text.strip():
        return []
    return extract_events(analyze(article, use_ner=use_ner))
