"""Stage ``mentions``: everything the knowledge base and the resolvers find in one article.

The event extractor reads an :class:`Analysis`, never the raw resolvers, so each resolver can be
replaced (a new place matcher, the statistical recognizer) without touching event rules.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rasd.records import Article, Mention, Sentence
from rasd.text.sentences import split_sentences


@dataclass
class Analysis:
    article: Article
    sentences: list[Sentence]
    places: list[Mention] = field(default_factory=list)  # resolved: data["location"] is a Location
    actors: list[Mention] = field(default_factory=list)  # data["category"] is the spec category
    dates: list[Mention] = field(default_factory=list)
    numbers: list[Mention] = field(default_factory=list)
    sources: list[Mention] = field(default_factory=list)
    country: str | None = None  # the country most of the article's places lie in
    published: date | None = None

    def in_span(self, kind: str, start: int, end: int) -> list[Mention]:
        return [m for m in getattr(self, kind) if m.start >= start and m.end <= end]


def analyze(article: Article, use_ner: bool = True) -> Analysis:
    from rasd.kb import find_mentions, get_kb
    from rasd.kb.geocode import resolve_places
    from rasd.mentions.dates import find_dates
    from rasd.mentions.numbers import find_numbers
    from rasd.mentions.sources import find_sources

    text = article.text
    a = Analysis(article, split_sentences(text))
    if article.published:
        try:
            a.published = date.fromisoformat(article.published[:10])
        except ValueError:
            a.published = None
    kb_mentions = find_mentions(text)
    # the resolver reads the actors too: they tell which country the article is about
    a.places = [m for m in resolve_places(text, kb_mentions)
                if m.kind == "place" and m.data.get("location") is not None]
    by_id = get_kb().by_id
    for m in a.places:
        place = by_id.get(m.ref) if m.ref else None
        m.data["place_kind"] = place.kind if place is not None else "landmark"
    countries = Counter(m.data["location"].country for m in a.places if m.data["location"].country)
    a.country = countries.most_common(1)[0][0] if countries else None
    a.actors = [m for m in kb_mentions if m.kind == "actor"]
    _categorize_actors(a)
    if use_ner:
        _add_recognized(a)
    a.dates = find_dates(text, article.published)
    a.numbers = find_numbers(text)
    a.sources = find_sources(text)
    return a


def _categorize_actors(a: Analysis) -> None:
    """The spec category of each actor mention, on the article's date and in its country.

    An alias limited to other countries ("الجيش الوطني" in Libya, "الطائرات الحربية" of the
    coalition in Yemen) names no actor here: such mentions are dropped.
    """
    from rasd.kb.actors import resolve_alias

    when = a.published.isoformat() if a.published else None
    kept = []
    for m in a.actors:
        found = resolve_alias(m.data.get("key") or m.text, a.country)
        if not found:
            continue
        best = found[0]
        m.ref = best.id
        m.data["category"] = best.category_on(when)
        m.data["kind"] = best.kind
        m.data["party_category"] = getattr(best, "party_category", None)
        kept.append(m)
    a.actors = kept


_WARNED: set[str] = set()


def _warn_once(msg: str) -> None:
    if msg not in _WARNED:
        _WARNED.add(msg)
        print(msg, file=sys.stderr)


def _add_recognized(a: Analysis) -> None:
    """Names the statistical recognizer finds where the knowledge base found nothing."""
    try:
        from rasd.ner import recognize

        found = recognize(a.article.text)
    except (ImportError, FileNotFoundError) as err:  # no trained model: the rules still run
        _warn_once(f"rasd: statistical recognizer unavailable ({err}); using the knowledge base alone")
        return
    taken = [(m.start, m.end) for m in a.places + a.actors]
    for m in found:
        if any(s < m.end and m.start < e for s, e in taken):
            continue
        if m.kind == "person":
            a.sources.append(Mention("person", m.start, m.end, m.text, data={"ner": True}))
