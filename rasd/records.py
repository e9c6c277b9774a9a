"""The small typed records that flow between the pipeline stages.

Each stage takes and returns these; none of them knows about the stages after it.
Spans are always character offsets into the article's original ``text`` (``start`` inclusive,
``end`` exclusive), so evidence can be cut back out of what the outlet published.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Article:
    """One news report as ingested (stage ``ingest``)."""

    id: str
    text: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    published_time: Optional[str] = None  # HH:MM where the text states it
    source_file: Optional[str] = None
    source_line: Optional[int] = None
    external_id: Optional[str] = None  # the id the input gave, if any
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Token:
    """One word piece after clitic splitting (stage ``text``).

    ``text`` is the piece in the original spelling, ``norm`` its normalized form, ``start``/``end``
    its span in the original text. ``kind`` is ``word``, ``proclitic``, ``enclitic``, ``number``
    or ``punct``. ``word`` is the index of the whitespace word the piece came from.
    """

    text: str
    norm: str
    start: int
    end: int
    kind: str = "word"
    word: int = 0


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    index: int = 0


@dataclass
class Mention:
    """A span of text tied to something the knowledge base or a resolver knows (stage ``mentions``).

    ``kind`` is ``place``, ``actor``, ``date``, ``number`` or ``person``; ``ref`` is the id of what it
    refers to (a place id, an actor id, an ISO date), ``data`` carries the resolver's details.
    """

    kind: str
    start: int
    end: int
    text: str
    ref: Optional[str] = None
    data: dict = field(default_factory=dict)


@dataclass
class Location:
    name: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin3: Optional[str] = None
    place_id: Optional[str] = None
    pcode: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geo_precision: Optional[int] = None  # ACLED: 1 town, 2 part of region / nearby, 3 admin1 only


@dataclass
class Event:
    """One event in the spec's sense (stage ``events``)."""

    article_id: str
    event_type: str
    sub_event_type: str
    evidence: str
    evidence_start: int
    evidence_end: int
    date: Optional[str] = None
    time_precision: Optional[int] = None  # ACLED: 1 day, 2 week, 3 month
    location: Location = field(default_factory=Location)
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    actor1_name: Optional[str] = None
    actor2_name: Optional[str] = None
    fatalities: Optional[int] = None
    displaced: Optional[int] = None
    source: Optional[str] = None
    trigger: Optional[str] = None
    confidence: float = 1.0
    id: Optional[str] = None

    def to_spec(self) -> dict:
        """The scored record of the spec's section 3."""
        return {
            "article_id": self.article_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date,
            "location": {
                "name": self.location.name,
                "country": self.location.country,
                "admin1": self.location.admin1,
            },
            "actor1": self.actor1,
            "actor2": self.actor2,
            "fatalities": self.fatalities,
            "source": self.source,
            "evidence": self.evidence,
        }
