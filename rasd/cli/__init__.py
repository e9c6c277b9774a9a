"""The ``rasd`` command line.

The core app is thin: each stage keeps its own commands in a module of this package, and that
module registers them on :data:`app` (or on a sub-app) when imported. Add a command by adding a
module and naming it in ``_COMMAND_MODULES``.
"""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    help="rasd (رصد): Arabic conflict news to structured events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_DB = "rasd.sqlite"

_COMMAND_MODULES = [
    "rasd.cli.ingest_cmd",
    "rasd.cli.kb_cmd",
    "rasd.cli.extract_cmd",
    "rasd.cli.eval_cmd",
    "rasd.cli.eval_places_cmd",
    "rasd.cli.eval_events_cmd",
    "rasd.cli.eval_ner_cmd",
    "rasd.cli.bench_cmd",
    "rasd.cli.train_cmd",
]


def _register() -> None:
    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            # a stage whose commands are not written yet; any other import error is a bug
            if err.name != name:
                raise


def main() -> None:
    _register()
    app()
