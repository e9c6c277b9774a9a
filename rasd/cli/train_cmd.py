"""``rasd train ...``: build the models the package ships from ../shared/data."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rasd.cli import app

train_app = typer.Typer(help="Train the models rasd ships (from ../shared/data).", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("ner")
def train_ner(
    model_dir: Optional[Path] = typer.Option(None, help="output folder (default: rasd/ner/model)"),
    tune: bool = typer.Option(False, help="grid-search c1/c2 on the dev part of the train split first"),
    reuse_lexicon: bool = typer.Option(False, help="keep the clusters/gazetteer already in model_dir"),
    c1: Optional[float] = typer.Option(None, help="L1 penalty (default: the tuned value)"),
    c2: Optional[float] = typer.Option(None, help="L2 penalty (default: the tuned value)"),
    procs: int = typer.Option(2, help="training processes (the jackknife folds run in parallel)"),
    crf_only: bool = typer.Option(False, help="second stage as a CRF instead of the BiLSTM-CRF (no torch needed)"),
    language_models: bool = typer.Option(True, help="pretrain language models on SaudiNewsNet for the BiLSTM (+15 min, +1.9 dev F1)"),
    members: int = typer.Option(2, help="BiLSTM-CRF taggers in the ensemble (consecutive seeds, scores averaged)"),
    hold_out_dev: bool = typer.Option(False, help="train the BiLSTM on the train split less its last tenth and score that tenth (to compare recipes)"),
    rescore: bool = typer.Option(False, help="only re-score the model in model_dir on the test split and rewrite its meta.json figures and card (after a change to the rules applied after tagging)"),
    wojood: bool = typer.Option(False, help="train beside ANERcorp on the public Wojood sample in ../shared/data/wojood-sample, flattened to ANERcorp's four types (off: 1.1 dev F1 lower, its conventions differ)"),
) -> None:
    """Word clusters and vectors from SaudiNewsNet, ANERGazet gazetteer, a CRF and a BiLSTM-CRF on
    the ANERcorp train split; writes ner_stage1.crfsuite, bilstm.npz, bilstm.json, lexicon.tsv.gz,
    gazetteer.tsv.gz, meta.json and README.md. The BiLSTM needs torch: pip install -e '.[train]'."""
    from rasd.ner.train import MODEL_DIR, rescore as rescore_model, run

    if rescore:
        rescore_model(model_dir or MODEL_DIR)
        return
    if not crf_only:
        try:
            import torch  # noqa: F401
        except ImportError:
            typer.echo("error: training the BiLSTM needs torch: pip install -e '.[train]' "
                       "(or --crf-only)", err=True)
            raise typer.Exit(2)
    run(model_dir or MODEL_DIR, tune_first=tune, reuse_lexicon=reuse_lexicon, c1=c1, c2=c2,
        procs=procs, neural=not crf_only, language_models=language_models, members=members,
        hold_out_dev=hold_out_dev, wojood=wojood)
