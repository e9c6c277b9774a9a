"""The SQLite store: articles, near-duplicate links, ingest runs and rejects, events.

Every write is its own transaction (or savepoint inside a caller's), so a failure never takes back
what was stored before it. Adding an article that is already there changes nothing.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional, Sequence, Union

from rasd.records import Article, Event, Location

from .schema import StoreError, applied_versions, migrate, now

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAGE = 500

_ARTICLE_COLS = ("id", "external_id", "title", "outlet", "url", "published", "published_time", "text",
                 "source_file", "source_line", "meta")
_LOCATION_COLS = {"name": "location_name", "country": "country", "admin1": "admin1", "admin2": "admin2",
                  "admin3": "admin3", "place_id": "place_id", "pcode": "pcode", "lat": "lat", "lon": "lon",
                  "geo_precision": "geo_precision"}
_EVENT_COLS = ("event_type", "sub_event_type", "date", "time_precision", "actor1", "actor2", "actor1_name",
               "actor2_name", "fatalities", "displaced", "source", "evidence", "evidence_start",
               "evidence_end", "trigger", "confidence")
_EVENT_HAS_EXTRA = any(f.name == "extra" for f in dataclasses.fields(Event))


def event_id(article_id: str, event: Event, salt: int = 0) -> str:
    """Stable id: the same event found again in the same place of the same article gets the same id."""
    place = event.location.place_id or event.location.name or ""
    key = "\x1f".join([article_id, event.event_type, event.sub_event_type, place, str(event.evidence_start)])
    if salt:
        key += f"\x1f#{salt}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _json(value: object) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True, default=str)


class Store:
    """``Store(path)`` opens (creating and migrating as needed) the SQLite file at ``path``."""

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open ({err})") from None
        try:
            # WAL first: it is also the first read of the file, and fails cleanly on a non-database
            self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self.conn)
        except sqlite3.DatabaseError as err:
            self.conn.close()
            raise StoreError(f"{self.path}: not usable as a rasd store ({err})") from None
        except StoreError as err:
            self.conn.close()
            raise StoreError(f"{self.path}: {err}") from None

    # --- plumbing -------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nests (as a savepoint) inside an outer transaction."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT rasd_tx")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK TO rasd_tx")
                self.conn.execute("RELEASE rasd_tx")
                raise
            self.conn.execute("RELEASE rasd_tx")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        return max(applied_versions(self.conn), default=0)

    # --- articles ------------------------------------------------------------------------------

    def add_article(self, a: Article, run_id: Optional[int] = None) -> Literal["added", "duplicate"]:
        """Store ``a`` unless an article with its id is already there (that one is left as it is)."""
        if not a.id or not isinstance(a.id, str):
            raise ValueError("article has no id")
        if not isinstance(a.text, str) or not a.text.strip():
            raise ValueError(f"article {a.id} has no text")
        if a.published is not None and not _DATE.match(a.published):
            raise ValueError(f"article {a.id}: published {a.published!r} is not YYYY-MM-DD")
        values = [getattr(a, c) for c in _ARTICLE_COLS[:-1]] + [_json(a.meta)]
        with self.transaction():
            cur = self.conn.execute(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLS)}, ingested_at, run_id) "
                f"VALUES ({', '.join('?' * len(_ARTICLE_COLS))}, ?, ?) ON CONFLICT (id) DO NOTHING",
                [*values, now(), run_id],
            )
        return "added" if cur.rowcount == 1 else "duplicate"

    def _article_from_row(self, row: Sequence) -> Article:
        d = dict(zip(_ARTICLE_COLS, row))
        d["meta"] = json.loads(d["meta"] or "{}")
        return Article(**d)

    def article(self, article_id: str) -> Optional[Article]:
        row = self.conn.execute(f"SELECT {', '.join(_ARTICLE_COLS)} FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        return self._article_from_row(row) if row else None

    def articles(self) -> Iterator[Article]:
        """Every article, in the order stored. Reads in pages, so the caller may write meanwhile."""
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT rowid, {', '.join(_ARTICLE_COLS)} FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, _PAGE)).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._article_from_row(row[1:])
            last = rows[-1][0]

    # --- near-duplicates -----------------------------------------------------------------------

    def link_near_duplicates(self, threshold: Optional[float] = None) -> int:
        """Link every near-duplicate pair among the stored articles; return how many links are new."""
        from rasd.ingest.neardup import THRESHOLD, find_near_duplicates

        pairs = find_near_duplicates(self.articles(), threshold if threshold is not None else THRESHOLD)
        added = 0
        with self.transaction():
            for a, b, score in pairs:
                cur = self.conn.execute(
                    "INSERT INTO article_links (article_a, article_b, kind, score, created_at) "
                    "VALUES (?, ?, 'near_duplicate', ?, ?) ON CONFLICT DO NOTHING", (a, b, score, now()))
                added += cur.rowcount
        return added

    def near_duplicates(self, article_id: Optional[str] = None) -> list[tuple[str, str, float]]:
        sql = "SELECT article_a, article_b, score FROM article_links WHERE kind = 'near_duplicate'"
        args: tuple = ()
        if article_id is not None:
            sql += " AND (article_a = ? OR article_b = ?)"
            args = (article_id, article_id)
        return [tuple(r) for r in self.conn.execute(sql + " ORDER BY article_a, article_b", args)]

    # --- ingest runs -----------------------------------------------------------------------------

    def start_run(self, inputs: Iterable[str]) -> int:
        cur = self.conn.execute("INSERT INTO ingest_runs (started_at, inputs) VALUES (?, ?)",
                                (now(), json.dumps(list(inputs), ensure_ascii=False)))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, *, added: int, duplicates: int, links: int, rejected: int) -> None:
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = ?, added = ?, duplicates = ?, links = ?, rejected = ? WHERE id = ?",
            (now(), added, duplicates, links, rejected, run_id))

    def record_rejects(self, run_id: int, errors: Iterable) -> None:
        """Keep each :class:`rasd.ingest.IngestError` (anything with file, line, reason) of a run."""
        rows = [(run_id, str(e.file), e.line, str(e.reason)) for e in errors]
        with self.transaction():
            self.conn.executemany("INSERT INTO rejects (run_id, file, line, reason) VALUES (?, ?, ?, ?)", rows)

    def rejects(self, run_id: Optional[int] = None) -> list[tuple[int, str, Optional[int], str]]:
        """``(run_id, file, line, reason)`` rows, oldest first."""
        sql = "SELECT run_id, file, line, reason FROM rejects"
        args: tuple = ()
        if run_id is not None:
            sql, args = sql + " WHERE run_id = ?", (run_id,)
        return [tuple(r) for r in self.conn.execute(sql + " ORDER BY id", args)]

    # --- events --------------------------------------------------------------------------------

    def replace_events(self, article_id: str, events: Sequence[Event]) -> list[str]:
        """Make ``events`` the article's events, all at once; return their ids, in order.

        Ids are :func:`event_id`, so extracting the same article again gives the same ids. Every
        event must belong to the article and its evidence must be ``text[evidence_start:evidence_end]``;
        otherwise ``ValueError`` is raised and the stored events stay as they were.
        """
        row = self.conn.execute("SELECT text, external_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ValueError(f"no article {article_id!r} in {self.path}")
        text = row[0]
        rows, ids, seen = [], [], set()
        for seq, ev in enumerate(events):
            # an event names its article by the id users know: the input's, else the content id
            if ev.article_id not in (article_id, row[1]):
                raise ValueError(f"event {seq} belongs to article {ev.article_id!r}, not {article_id!r}")
            s, e = ev.evidence_start, ev.evidence_end
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)) \
                    or text[s:e] != ev.evidence:
                raise ValueError(f"event {seq} of article {article_id}: evidence is not text[{s}:{e}]")
            salt, eid = 0, event_id(article_id, ev)
            while eid in seen:  # same type, place and sentence twice (e.g. two actor pairs)
                salt += 1
                eid = event_id(article_id, ev, salt)
            seen.add(eid)
            ids.append(eid)
            loc = ev.location or Location()
            extra = getattr(ev, "extra", None) if _EVENT_HAS_EXTRA else None
            rows.append([eid, article_id, seq, *(getattr(ev, c) for c in _EVENT_COLS),
                         *(getattr(loc, f) for f in _LOCATION_COLS), _json(extra)])
        cols = ["id", "article_id", "seq", *_EVENT_COLS, *_LOCATION_COLS.values(), "extra"]
        with self.transaction():
            self.conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
            self.conn.executemany(
                f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        return ids

    def events(self, article_ids: Optional[list[str]] = None) -> list[Event]:
        """Events of the given articles (all when ``None``), in article order then extractor order."""
        cols = ["e.id", "COALESCE(a.external_id, e.article_id)", *(f"e.{c}" for c in _EVENT_COLS),
                *(f"e.{c}" for c in _LOCATION_COLS.values()), "e.extra"]
        base = (f"SELECT {', '.join(cols)} FROM events e JOIN articles a ON a.id = e.article_id")
        order = " ORDER BY a.rowid, e.seq"
        if article_ids is None:
            rows = self.conn.execute(base + order).fetchall()
        else:
            ids = list(dict.fromkeys(article_ids))
            rows = []
            for i in range(0, len(ids), _PAGE):
                chunk = ids[i:i + _PAGE]
                rows += self.conn.execute(
                    base + f" WHERE e.article_id IN ({', '.join('?' * len(chunk))})" + order, chunk).fetchall()
            public = {}
            for i in range(0, len(ids), _PAGE):
                chunk = ids[i:i + _PAGE]
                public.update(self.conn.execute(
                    f"SELECT id, COALESCE(external_id, id) FROM articles WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk).fetchall())
            order_of = {public.get(a, a): n for n, a in enumerate(ids)}
            rows.sort(key=lambda r: order_of[r[1]])  # stable: keeps extractor order within an article
        return [self._event_from_row(r) for r in rows]

    @staticmethod
    def _event_from_row(r: Sequence) -> Event:
        n = len(_EVENT_COLS)
        fields = dict(zip(_EVENT_COLS, r[2:2 + n]))
        loc = Location(**dict(zip(_LOCATION_COLS, r[2 + n:2 + n + len(_LOCATION_COLS)])))
        extra = json.loads(r[-1] or "{}")
        kwargs = {"extra": extra} if _EVENT_HAS_EXTRA else {}
        return Event(id=r[0], article_id=r[1], location=loc, **fields, **kwargs)

    # --- summary -------------------------------------------------------------------------------

    def stats(self) -> dict:
        q = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "schema_version": self.schema_version(),
            "articles": q("SELECT count(*) FROM articles"),
            "events": q("SELECT count(*) FROM events"),
            "articles_with_events": q("SELECT count(DISTINCT article_id) FROM events"),
            "near_duplicate_links": q("SELECT count(*) FROM article_links WHERE kind = 'near_duplicate'"),
            "ingest_runs": q("SELECT count(*) FROM ingest_runs"),
            "rejects": q("SELECT count(*) FROM rejects"),
            "published_min": q("SELECT min(published) FROM articles"),
            "published_max": q("SELECT max(published) FROM articles"),
        }
