"""Ingest a set of paths into a store and say what happened; shared by ``rasd ingest`` and ``rasd run``."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from rasd.records import Article

from .errors import IngestError
from .readers import PathLike, iter_input_files, read_file

if TYPE_CHECKING:  # rasd.store imports this package; importing it back at run time would loop
    from rasd.store import Store


@dataclass
class IngestReport:
    run_id: int
    added: int = 0
    duplicates: int = 0
    links: int = 0
    errors: list[IngestError] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    # every article these inputs hold, new or already stored, once each in input order: what a
    # caller extracting "the events of these inputs" wants
    article_ids: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_paths(store: "Store", paths: Iterable[PathLike], progress: bool = True,
                 skip: Iterable[PathLike] = ()) -> IngestReport:
    """Read every input under ``paths`` (but the files in ``skip``) into ``store``; bad inputs are
    reported, never fatal.

    Each article is committed on its own, so a failure part-way keeps everything stored before it.
    Near-duplicates are linked once all inputs are in.
    """
    paths = [str(p) for p in paths]
    report = IngestReport(run_id=store.start_run(paths))
    files = list(iter_input_files(paths, skip))
    seen: set[str] = set()

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"),
        # a bar in a log file or a pipe is noise: only a terminal gets one
        console=console, transient=True, disable=not (progress and console.is_terminal),
    )
    with bar:
        task = bar.add_task("", total=len(files))
        for f in files:
            if isinstance(f, IngestError):
                report.errors.append(f)
            else:
                bar.update(task, description=f.name)
                for item in read_file(f):
                    _store_one(store, item, report, seen)
            bar.advance(task)

    try:
        report.links = store.link_near_duplicates()
    except sqlite3.Error as err:
        report.errors.append(IngestError(str(store.path), None, f"near-duplicate linking failed: {err}"))
    store.record_rejects(report.run_id, report.errors)
    store.finish_run(report.run_id, added=report.added, duplicates=report.duplicates,
                     links=report.links, rejected=report.rejected)
    return report


def _store_one(store: "Store", item: Article | IngestError, report: IngestReport, seen: set[str]) -> None:
    if isinstance(item, IngestError):
        report.errors.append(item)
        return
    try:
        outcome = store.add_article(item, run_id=report.run_id)
    except (sqlite3.Error, ValueError) as err:
        report.errors.append(IngestError(item.source_file or "?", item.source_line, f"could not store: {err}"))
        return
    if outcome == "added":
        report.added += 1
        report.added_ids.append(item.id)
    else:
        report.duplicates += 1
    if item.id not in seen:
        seen.add(item.id)
        report.article_ids.append(item.id)
