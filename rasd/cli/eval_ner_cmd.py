"""``rasd eval ner``: entity-level P/R/F1 of the shipped NER model on the ANERcorp test split."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rasd.cli.eval_cmd import eval_app


@eval_app.command("ner")
def eval_ner(
    model_dir: Optional[Path] = typer.Option(None, help="model folder (default: the shipped model)"),
    split: str = typer.Option("test", help="ANERcorp split: test (or train, for a sanity check)"),
) -> None:
    """Exact-span, exact-type F1 (conlleval rules) per type and overall; the last line is
    ``overall F1: NN.NN``."""
    import time

    from rasd.ner.conll import read_anercorp, score
    from rasd.ner.recognizer import load

    problems: list = []
    sents = read_anercorp(split, problems)
    for problem in problems:  # a bad line costs its sentence; the score says how many were read
        typer.echo(f"skipped: {problem.file}:{problem.line}: {problem.reason}", err=True)
    t0 = time.perf_counter()
    model = load(model_dir)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = model.tag_doc([toks for toks, _ in sents])  # the split in order: sentence context
    dt = time.perf_counter() - t0
    s = score([g for _, g in sents], pred)
    n_tok = sum(len(t) for t, _ in sents)
    typer.echo(f"ANERcorp {split} split (CAMeL-compatible): {len(sents)} sentences, {n_tok} tokens")
    typer.echo(f"model load {t_load:.2f}s; tagging {dt:.2f}s = {len(sents) / dt:.0f} sentences/s, "
               f"{n_tok / dt:.0f} tokens/s (one CPU thread, features included)")
    typer.echo(f"token accuracy {100.0 * s.tokens_correct / max(s.tokens, 1):.2f}%")
    typer.echo(f"{'type':<8}{'gold':>6}{'pred':>6}{'correct':>8}{'P':>8}{'R':>8}{'F1':>8}")
    for t in s.types():
        p, r, f = s.prf(t)
        typer.echo(f"{t:<8}{s.n_gold.get(t, 0):>6}{s.n_pred.get(t, 0):>6}{s.tp.get(t, 0):>8}"
                   f"{p:>8.2f}{r:>8.2f}{f:>8.2f}")
    p, r, f = s.prf()
    typer.echo(f"{'overall':<8}{sum(s.n_gold.values()):>6}{sum(s.n_pred.values()):>6}"
               f"{sum(s.tp.values()):>8}{p:>8.2f}{r:>8.2f}{f:>8.2f}")
    typer.echo(f"overall F1: {f:.2f}")
