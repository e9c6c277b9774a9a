#!/usr/bin/env python3
"""Train rasd's named-entity recognizer and write it to rasd/ner/model/ (same as `rasd train ner`).

Reads ../shared/data/saudinewsnet (word counts, clusters and vectors), ../shared/data/anergazet
(gazetteer) and the ANERcorp CAMeL-compatible train split; writes ner_stage1.crfsuite (CRF),
bilstm.npz + bilstm.json (BiLSTM-CRF; needs torch to train: pip install -e '.[train]'),
lexicon.tsv.gz, gazetteer.tsv.gz, meta.json and README.md. Deterministic; about 39 minutes on two
cores.

usage: python scripts/train_ner.py [--tune] [--reuse-lexicon] [--crf-only] [--no-language-models]
                                   [--members N] [--hold-out-dev] [--wojood] [--rescore]
                                   [--c1 X] [--c2 Y] [--out DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasd.ner.train import MODEL_DIR, rescore, run  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="model folder (default: rasd/ner/model)")
    ap.add_argument("--tune", action="store_true", help="grid-search c1/c2 on the dev part of train first")
    ap.add_argument("--reuse-lexicon", action="store_true", help="keep lexicon/gazetteer files in --out")
    ap.add_argument("--c1", type=float, default=None)
    ap.add_argument("--c2", type=float, default=None)
    ap.add_argument("--procs", type=int, default=2, help="training processes (jackknife folds)")
    ap.add_argument("--crf-only", action="store_true", help="second stage as a CRF (no torch needed)")
    ap.add_argument("--no-language-models", action="store_true",
                    help="no pretrained language models for the BiLSTM (15 min faster, 1.9 dev F1 lower)")
    ap.add_argument("--members", type=int, default=2, help="BiLSTM-CRF taggers in the ensemble")
    ap.add_argument("--hold-out-dev", action="store_true",
                    help="train the BiLSTM without the last tenth of the train split and score it")
    ap.add_argument("--wojood", action="store_true",
                    help="train beside ANERcorp on the public Wojood sample too (1.1 dev F1 lower)")
    ap.add_argument("--rescore", action="store_true",
                    help="only re-score the model in --out and rewrite its figures and card")
    args = ap.parse_args()
    if args.rescore:
        rescore(args.out)
        return
    run(args.out, tune_first=args.tune, reuse_lexicon=args.reuse_lexicon, c1=args.c1, c2=args.c2,
        procs=args.procs, neural=not args.crf_only, language_models=not args.no_language_models,
        members=args.members, hold_out_dev=args.hold_out_dev, wojood=args.wojood)


if __name__ == "__main__":
    main()
