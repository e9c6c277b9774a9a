"""``rasd extract`` and ``rasd run``: events from stored articles, and ingest + extract in one go."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from rasd.cli import DEFAULT_DB, app


def _extract(store, articles, progress: bool = True, use_ner: bool = True) -> tuple[list, int]:
    """Events of each article, stored as they come; an article the extractor fails on is reported
    (its id and the error) and keeps what the store held for it, and the others go on. Returns the
    events and the number of articles that failed."""
    from rich.progress import Progress

    from rasd import events as events_module

    events, failed = [], 0
    articles = list(articles)
    with Progress(transient=True, disable=not progress or not sys.stderr.isatty()) as bar:
        task = bar.add_task("extracting events", total=len(articles))
        for a in articles:
            try:
                evs = events_module.extract_article(a, use_ner=use_ner)
            except Exception as e:  # a bug on one article must not lose the others
                failed += 1
                typer.echo(f"{a.external_id or a.id}: extraction failed: {type(e).__name__}: {e}", err=True)
                bar.advance(task)
                continue
            store.replace_events(a.id, evs)
            events.extend(evs)
            bar.advance(task)
    return events, failed


def _output_format(out: Optional[Path], fmt: Optional[str]) -> str:
    """The export format asked for, checked before any work is done: a wrong ``--format`` or an
    ``--out`` with an unknown extension is a usage error, not a traceback after the extraction."""
    from rasd.export import FORMATS, format_for

    if fmt:
        if fmt not in FORMATS:
            raise typer.BadParameter(f"unknown format {fmt!r} (use {', '.join(FORMATS)})",
                                     param_hint="--format")
        return fmt
    if out is None:
        return "spec"
    try:
        return format_for(out)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--out") from None


def _write(events, out: Optional[Path], fmt: str) -> None:
    from rasd.export import write_events

    if out:
        with open(out, "w", encoding="utf-8", newline="") as f:
            n = write_events(events, f, fmt)
        typer.echo(f"{n} events written to {out} ({fmt})", err=True)
    else:
        write_events(events, sys.stdout, fmt)


def print_articles(articles) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{len(articles)} articles")
    for col in ("id", "outlet", "published", "title"):
        t.add_column(col, overflow="fold")
    for a in articles:
        t.add_row(a.external_id or a.id, a.outlet or "-", a.published or "-", (a.title or a.text[:60]).strip())
    Console(width=160).print(t)


def print_table(events, limit: int = 60) -> None:
    """Events as a readable table on the terminal."""
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{len(events)} events", show_lines=False)
    for col in ("date", "type", "place", "admin1", "actor1", "actor2", "killed", "source"):
        t.add_column(col, overflow="fold")
    for e in events[:limit]:
        t.add_row(e.date or "-", e.sub_event_type, e.location.name or "-", e.location.admin1 or e.location.country or "-",
                  e.actor1 or "-", e.actor2 or "-", "" if e.fatalities is None else str(e.fatalities), e.source or "-")
    Console(width=160).print(t)


@app.command()
def extract(
    db: Path = typer.Option(DEFAULT_DB, help="SQLite store"),
    out: Optional[Path] = typer.Option(None, help="write the events here (.jsonl spec, .csv ACLED, .geojson)"),
    format: Optional[str] = typer.Option(None, "--format", help="spec | acled | geojson (default: from --out, else spec)"),
    no_ner: bool = typer.Option(False, help="leave the statistical recognizer out"),
) -> None:
    """Extract events from every stored article, store them, and export them."""
    from rasd.store import Store

    fmt = _output_format(out, format)
    store = Store(db)
    events, failed = _extract(store, store.articles(), use_ner=not no_ner)
    _write(events, out, fmt)
    if failed:
        raise typer.Exit(1)


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="files or folders: .txt, .jsonl, .html"),
    out: Path = typer.Option(..., help="events of these inputs: .jsonl spec, .csv ACLED, .geojson"),
    db: Path = typer.Option(DEFAULT_DB, help="SQLite store"),
    no_ner: bool = typer.Option(False, help="leave the statistical recognizer out"),
    table: bool = typer.Option(True, help="print the events as a table"),
) -> None:
    """Ingest INPUTS, extract their events, and write them to OUT."""
    from rasd.ingest import ingest_paths
    from rasd.store import Store

    fmt = _output_format(out, None)
    store = Store(db)
    # the events file may lie in an input folder: a second run must not read it as articles
    report = ingest_paths(store, [str(p) for p in inputs], skip=[out])
    typer.echo(f"ingested: added {report.added}, duplicates {report.duplicates}, "
               f"near-duplicate links {report.links}, rejected {report.rejected}", err=True)
    for err in report.errors:
        typer.echo(str(err), err=True)
    articles = [a for a in (store.article(i) for i in report.article_ids) if a is not None]
    events, failed = _extract(store, articles, use_ner=not no_ner)
    _write(events, out, fmt)
    if table:
        print_articles(articles)
        print_table(events)
    if report.rejected or failed:
        raise typer.Exit(1)
