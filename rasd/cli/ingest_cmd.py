"""``rasd ingest``: read news files into the store."""
from __future__ import annotations

from pathlib import Path

import typer

from rasd.cli import DEFAULT_DB, app

_HELP = (
    "Read Arabic news reports into the store.\n\n"
    "Page furniture is removed, and the title, outlet and publication date are recovered from the "
    "text, the URL or the page. An article already stored (same normalized text) is not added again; "
    "near-duplicates are linked, not dropped.\n\n"
    "Each bad file or line is reported as FILE:LINE: reason on stderr and the rest is still ingested. "
    "Exit status: 0 if nothing was rejected, 1 if something was, 2 if the store cannot be opened."
)


@app.command(help=_HELP)
def ingest(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", show_default=False,
        help="Files or folders to read: .txt, .jsonl, .json, .html/.htm (folders are walked)."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="SQLite store to add to; created if missing."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
) -> None:
    from rasd.ingest import ingest_paths
    from rasd.store import Store, StoreError

    try:
        store = Store(db)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    with store:
        report = ingest_paths(store, paths, progress=progress)
        total = store.stats()["articles"]
    typer.echo(
        f"added {report.added}, duplicates {report.duplicates}, "
        f"near-duplicate links {report.links}, rejected {report.rejected}"
    )
    typer.echo(f"{db}: {total} articles")
    for err in report.errors:
        typer.echo(str(err), err=True)
    if report.errors:
        raise typer.Exit(1)
