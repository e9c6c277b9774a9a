"""``rasd eval ...``: the measured figures of each stage. Stages add their commands to ``eval_app``."""
import typer

from rasd.cli import app

eval_app = typer.Typer(help="Measure quality against the development gold.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
