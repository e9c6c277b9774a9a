#!/usr/bin/env python3
"""Compare recognizer recipes on the dev tenth of the ANERcorp train split (the "What was tried"
rows of rasd/ner/model/README.md), without retraining the shipped model. Needs torch
(pip install -e '.[train]'; the `vectors` step also gensim: '.[experiments]'). Every step
writes into one scratch folder (--work):

    python scripts/ner_experiment.py stage1                 # jackknifed stage-1 facts (~7 min)
    python scripts/ner_experiment.py member s7 --seed 7     # one BiLSTM-CRF on the split less
    python scripts/ner_experiment.py member s8 --seed 8     #   its last tenth (~20 min each;
                                                            #   two side by side on two cores)
    python scripts/ner_experiment.py score s7,s8            # the ensemble, raw and with the rules
    python scripts/ner_experiment.py lm lm9 --every 1 --tokens 9000000   # bigger language models
    python scripts/ner_experiment.py member s7lm9 --seed 7 --lm lm9
    python scripts/ner_experiment.py silver s7,s8 --sentences 2000       # self-training data
    python scripts/ner_experiment.py member s7sil --seed 7 --silver
    python scripts/ner_experiment.py member s7cw --seed 7 --cfg '{"char_filters": 100}'
    python scripts/ner_experiment.py vectors w2 --window 2     # skip-gram vectors (needs gensim)
    python scripts/ner_experiment.py lm lmw2 --vectors w2      # language models over them
    python scripts/ner_experiment.py member s7w2 --seed 7 --vectors w2 --lm lmw2
    python scripts/ner_experiment.py score s7,s8 --o-bias 0.25  # O's score lowered before Viterbi
    python scripts/ner_experiment.py charlm c256 --hidden 256   # character language models
    python scripts/ner_experiment.py member s7c --seed 7 --charlm c256
    python scripts/ner_experiment.py member s7e --seed 7 --cfg '{"scheme": "bioes"}'  # BIOES tags
    python scripts/ner_experiment.py lm lmp --passages 100     # language models across sentences
    python scripts/ner_experiment.py member s7p --seed 7 --lm lmp --context 1
    python scripts/ner_experiment.py score s7p,s8p --context 1
    python scripts/ner_experiment.py lm lmt --task-text 2  # language models that also read the
    python scripts/ner_experiment.py member s7t --seed 7 --lm lmt  #   training text, twice
    python scripts/ner_experiment.py score s7t,s8t
    python scripts/ner_experiment.py mix s7,s8,s7p@1,s8p@1  # members trained apart, averaged
    python scripts/ner_experiment.py mix shipped,s7p@1,s8p@1  # (dev: the shipped pair saw it)
    python scripts/ner_experiment.py member s7e13 --seed 7 --cfg '{"epochs": 13, "swa_from": 5}'  # shorter
    python scripts/ner_experiment.py full f9 --seed 9    # a member as the shipped ones: the whole
    python scripts/ner_experiment.py mix shipped,f9,f10  #   train split (test figure only)
    python scripts/ner_experiment.py member s7d --seed 7 --cfg '{"stack_dropout": 0.2}'  # hide
                                                            #   a fifth of the stage-1 facts
    python scripts/ner_experiment.py score s7,s8 --again   # tag twice, the second time reading
                                                            #   the first tagging's document facts
    python scripts/ner_experiment.py fold j0 --fold 0      # ... j3: the recipe jackknifed over
    python scripts/ner_experiment.py stack2 j0,j1,j2,j3 --pair s7,s8  # four folds of the training
    python scripts/ner_experiment.py member s7x --seed 7 --stack2     #   part; a second pass
    python scripts/ner_experiment.py score s7x,s8x --stack2           #   reading their tags
    python scripts/ner_experiment.py fold x0 --fold 0 --stack2        # ... and jackknifed too:
    python scripts/ner_experiment.py cv j0,j1 --second x0,x1          #   both on unseen folds
    python scripts/ner_experiment.py lm lmw --target words   # language models predicting the
    python scripts/ner_experiment.py fold w0 --fold 0 --lm lmw        #   next word, not its cluster
    python scripts/ner_experiment.py fold t0 --fold 0 --cfg '{"lm_tune": 0.1}'  # language models
    python scripts/ner_experiment.py cv t0,t1                        #   fine-tuned with the tagger
    python scripts/ner_experiment.py fold r0 --fold 0 --cfg '{"aux_lm": 0.1}'  # a language-model
    python scripts/ner_experiment.py cv r0,r1                        #   objective beside tagging
    python scripts/ner_experiment.py member s7cw --seed 7 --crossweigh 0.5  # sentences the fold
                                                            #   members tag otherwise count half
    python scripts/ner_experiment.py fold a0 --fold 0 --augment 1     # names swapped (mention
    python scripts/ner_experiment.py cv a0,a1                         #   replacement), two folds
    python scripts/ner_experiment.py --work W --model W/model stage1   # another gazetteer: W/model
    python scripts/ner_experiment.py --work W --model W/model member s7 --seed 7  # is a copy of the
    python scripts/ner_experiment.py --work W --model W/model score s7,s8  # model with its own
                                                            #   gazetteer.tsv.gz (read_gazetteers)

Members read the shipped model's lexicon, word table and (unless --lm) language models, so
they differ from the shipped taggers only in what the command changes and in the held-out tenth.
The test split is scored too, for the record; recipes are chosen on dev.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from rasd.ner.bilstm import BiLSTMTagger, neighbours, stack_facts, viterbi  # noqa: E402
from rasd.ner.conll import chunks, read_anercorp, score, to_bio  # noqa: E402
from rasd.ner.features import DEFAULT_CONFIG, Lexicon, doc_features, sentence_features  # noqa: E402
from rasd.ner.recognizer import after_tagging  # noqa: E402
from rasd.ner.train import (MODEL_DIR, jackknife_stage1, news_sample, open_tagger,  # noqa: E402
                            split_dev)


def shipped(lex: Lexicon) -> tuple[list[str], np.ndarray, dict[str, np.ndarray]]:
    """The shipped model's pretrained vocabulary, word vectors and language models."""
    tagger = BiLSTMTagger.load(MODEL_DIR, lex)
    n = tagger.encoder.n_pretrained
    # the table holds the vectors scaled to unit variance (x sqrt(100)), stored as float16
    vectors = tagger.p["word_emb"][2:n] / 10.0
    lms = {k: v for k, v in tagger.p.items() if k.startswith("lm_")}
    return list(tagger.encoder.words)[2:n], vectors, lms


def stage1(work: Path, lex: Lexicon) -> None:
    train, test = read_anercorp("train"), read_anercorp("test")
    tags, _, _ = jackknife_stage1(train, lex, work / "ner_stage1.crfsuite")
    crf = open_tagger(work / "ner_stage1.crfsuite")
    test_tags = [crf.tag(sentence_features(t, lex, DEFAULT_CONFIG)) for t, _ in test]
    facts = {name: [stack_facts(f) for f in doc_features([t for t, _ in part], tg, lex)]
             for name, part, tg in (("stack", train, tags), ("test_stack", test, test_tags))}
    pickle.dump(facts, open(work / "stack.pkl", "wb"))


def skipgram_vectors(vocab: list[str], lex: Lexicon, window: int) -> np.ndarray:
    """Unit-length skip-gram vectors (word2vec with negative sampling; gensim, one worker thread
    so that every run gives the same vectors) of the shipped vocabulary's cores, learned from the
    same SaudiNewsNet texts as the shipped PPMI-SVD ones, every other core left out."""
    from gensim.models import Word2Vec

    from rasd.ner.clusters import count_corpus

    docs, _ = count_corpus()
    keep, core_of = set(vocab), {}
    for toks in docs:
        for t in toks:
            if t not in core_of:
                core_of[t] = lex.analyze(t).core
    texts = [[c for c in map(core_of.__getitem__, toks) if c in keep] for toks in docs]
    del docs
    model = Word2Vec(texts, vector_size=100, window=window, min_count=1, sg=1, negative=5,
                     sample=1e-4, epochs=5, workers=1, seed=13)
    vec = np.stack([model.wv[w] if w in model.wv else np.zeros(100, np.float32) for w in vocab])
    return (vec / (np.linalg.norm(vec, axis=1, keepdims=True) + 1e-12)).astype(np.float32)


def news_passages(every: int, maxlen: int) -> list[list[str]]:
    """Runs of consecutive sentences of every ``every``-th SaudiNewsNet text, each as long as
    fits in ``maxlen`` tokens: language-model text that crosses sentence boundaries."""
    from rasd.ner.clusters import saudinewsnet_texts
    from rasd.ner.tokenize import sentences

    out = []
    for k, text in enumerate(saudinewsnet_texts()):
        if k % every:
            continue
        run: list[str] = []
        for s in sentences(text):
            toks = [t.text for t in s]
            if run and len(run) + len(toks) > maxlen:
                out.append(run)
                run = []
            run = run + toks
        if run:
            out.append(run)
    return out


def with_task_text(news: list[list[str]], labelled: list[list[str]], repeats: int,
                   maxlen: int = 50) -> tuple[list[list[str]], int]:
    """``news`` with the labelled sentences' text (labels unused) spread evenly through it
    ``repeats`` times, long sentences cut into runs of at most ``maxlen`` tokens: language models
    that also read the tagger's own domain (task-adaptive pretraining). Returns the sentences and
    the number of tokens added."""
    runs = [toks[k:k + maxlen] for toks in labelled for k in range(0, len(toks), maxlen)]
    runs = [r for r in runs if len(r) >= 3] * repeats
    if not runs:
        return news, 0
    step = max(1, len(news) // len(runs))
    out: list[list[str]] = []
    for k, run in enumerate(runs):
        out.extend(news[k * step:(k + 1) * step])
        out.append(run)
    out.extend(news[len(runs) * step:])
    return out, sum(map(len, runs))


def decode(taggers: list[BiLSTMTagger], sents: list[list[str]], stacks: list,
           o_bias: float = 0.0, context: int = 0) -> list[list[str]]:
    """The members' tag and transition scores averaged, then Viterbi (as the shipped ensemble);
    with ``o_bias``, that much taken off the O tag's score first (recall for precision); with
    ``context``, the language models read that many sentences either side."""
    ens = BiLSTMTagger.ensemble(taggers)
    contexts = neighbours(sents, context) if context else [None] * len(sents)
    if not o_bias:
        return ens.tag_many(sents, stacks, contexts=contexts)
    o = ens.encoder.tags.index("O")
    out = []
    for lo in range(0, len(sents), 32):
        for em in ens.emissions_batch(sents[lo:lo + 32], stacks[lo:lo + 32], contexts[lo:lo + 32]):
            em = em.copy()
            em[:, o] -= o_bias
            out.append(to_bio([ens.encoder.tags[i] for i in viterbi(em, *ens.crf)]))
    return out


def mixed_tags(specs: list[str], work: Path, lex: Lexicon, sents: list[list[str]],
               facts: list) -> list[list[str]]:
    """Tags of an ensemble of members trained apart (each with its own word table and language
    models): ``name`` or ``name@context`` (sentences either side its language models read), or
    ``shipped`` for the shipped model's members. Each scores every sentence alone; their tag
    and transition scores are averaged per member, then Viterbi."""
    ems, crfs, tags = [], [], None
    for spec in specs:
        name, _, ctx = spec.partition("@")
        tagger = BiLSTMTagger.load(MODEL_DIR if name == "shipped" else work / name, lex)
        weight = len(tagger.members)  # the shipped pair counts as two members
        contexts = neighbours(sents, int(ctx)) if ctx else [None] * len(sents)
        ems.append((weight, [tagger.emissions_batch([s], [f], [c])[0] if s else None
                             for s, f, c in zip(sents, facts, contexts)]))
        crfs.append((weight, tagger.crf))
        tags = tagger.encoder.tags
    total = sum(w for w, _ in ems)
    crf = tuple(sum(w * c[k] for w, c in crfs) / total for k in range(3))
    out = []
    for k, s in enumerate(sents):
        if not s:
            out.append([])
            continue
        em = sum(w * e[k] for w, e in ems) / total
        out.append(to_bio([tags[i] for i in viterbi(em, *crf)]))
    return out


def splits(work: Path, stacked: str = "stack.pkl"):
    facts = pickle.load(open(work / stacked, "rb"))
    train, test = read_anercorp("train"), read_anercorp("test")
    tr, dv = split_dev(train)
    return tr, dv, test, facts["stack"][:len(tr)], facts["stack"][len(tr):], facts["test_stack"]


def fold_bounds(n: int, folds: int, k: int) -> tuple[int, int]:
    """The ``k``-th of ``folds`` contiguous chunks of ``n`` sentences (articles stay whole)."""
    return n * k // folds, n * (k + 1) // folds


def second_stage_facts(first: list, sents: list[list[str]], tags: list[list[str]],
                       lex: Lexicon, ruled: bool = False) -> list:
    """The stage-1 facts ``first`` with the document facts (how the other occurrences of each
    word were tagged) taken from a better tagging, ``tags`` after the rules (applied here unless
    ``ruled``): the CRF's own tag of each token and its neighbours stay."""
    tags = tags if ruled else after_tagging(sents, tags, lex)
    better = [stack_facts(f) for f in doc_features(sents, tags, lex)]
    keep = ("s1", "s1-", "s1+")
    return [[{**{k: v for k, v in b.items() if k not in keep}, **{k: a[k] for k in keep if k in a}}
             for a, b in zip(fa, fb)] for fa, fb in zip(first, better)]


def disputed_weights(work: Path, lex: Lexicon, tr: list, tr_stack: list, folds: list[str],
                     weight: float) -> list[float]:
    """One loss weight per sentence of the training part: ``weight`` where the fold member that
    did not see the sentence (`fold NAME --fold k`) tags other names than the gold, else 1."""
    out: list[float] = []
    for k, name in enumerate(folds):
        lo, hi = fold_bounds(len(tr), len(folds), k)
        sents = [t for t, _ in tr[lo:hi]]
        tags = decode([BiLSTMTagger.load(work / name, lex)], sents, tr_stack[lo:hi])
        out += [weight if set(chunks(g)) != set(chunks(p)) else 1.0
                for (_, g), p in zip(tr[lo:hi], tags)]
    print(f"crossweigh: {sum(w < 1 for w in out)} of {len(out)} sentences weighted {weight}")
    return out


def mention_swap(sents: list, stack: list, copies: int, seed: int = 13) -> tuple[list, list]:
    """``copies`` new sentences per sentence that holds a name, each name replaced by a random
    name of its type from ``sents`` (mention replacement, a data augmentation for NER). The new
    name's tokens take the stage-1 facts of the old name's first token (its tag continued as
    I- after the first)."""
    import random

    rng = random.Random(seed)
    names: dict[str, list[tuple[str, ...]]] = {}
    for toks, tags in sents:
        for a, b, t in chunks(tags):
            names.setdefault(t, []).append(tuple(toks[a:b]))
    out_s, out_f = [], []
    for (toks, tags), facts in zip(sents, stack):
        spans = chunks(tags)
        for _ in range(copies if spans else 0):
            nt, ntag, nf, i = [], [], [], 0
            for a, b, t in spans:
                nt, ntag, nf = nt + toks[i:a], ntag + tags[i:a], nf + facts[i:a]
                new = rng.choice(names[t])
                inner = {**facts[a], "s1": facts[a].get("s1", "O").replace("B-", "I-")}
                nt += list(new)
                ntag += ["B-" + t] + ["I-" + t] * (len(new) - 1)
                nf += [facts[a]] + [inner] * (len(new) - 1)
                i = b
            out_s.append((nt + toks[i:], ntag + tags[i:]))
            out_f.append(nf + facts[i:])
    return out_s, out_f


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["stage1", "vectors", "lm", "charlm", "member", "silver", "score",
                                     "mix", "full", "fold", "stack2", "cv"])
    ap.add_argument("name", nargs="?", default="", help="member or language-model name; for "
                    "score and silver, comma-separated member names")
    ap.add_argument("--work", type=Path, default=Path("ner-experiments"))
    ap.add_argument("--model", type=Path, default=MODEL_DIR, help="a model folder whose lexicon "
                    "and gazetteer to read (the shipped one by default)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cfg", default="{}", help="BiLSTM settings over the shipped recipe (JSON)")
    ap.add_argument("--lm", default="", help="language models from `lm NAME` instead of the shipped ones")
    ap.add_argument("--vectors", default="", help="word vectors from `vectors NAME` instead of the "
                    "shipped PPMI-SVD ones")
    ap.add_argument("--window", type=int, default=5, help="vectors: skip-gram window")
    ap.add_argument("--o-bias", type=float, default=0.0, help="score: taken off the O tag's score")
    ap.add_argument("--charlm", default="", help="member: add the character language models "
                    "of `charlm NAME`")
    ap.add_argument("--hidden", type=int, default=256, help="charlm: LSTM units each way")
    ap.add_argument("--chars", type=int, default=12_000_000, help="charlm: characters to read")
    ap.add_argument("--passages", type=int, default=0, help="lm: train on runs of consecutive "
                    "sentences of up to this many tokens")
    ap.add_argument("--context", type=int, default=0, help="member, score: the language models "
                    "read this many sentences either side")
    ap.add_argument("--silver", action="store_true", help="train beside the sentences of `silver`")
    ap.add_argument("--task-text", type=int, default=0, help="lm: also read the training "
                    "sentences' text (not their labels) this many times")
    ap.add_argument("--every", type=int, default=2, help="lm: every n-th SaudiNewsNet text")
    ap.add_argument("--tokens", type=int, default=3_000_000, help="lm: tokens to read")
    ap.add_argument("--target", default="cluster", help="lm: what the word models predict, "
                    "`cluster` (shipped) or `words` (the next word itself, adaptive softmax)")
    ap.add_argument("--sentences", type=int, default=2000, help="silver: news sentences to tag")
    ap.add_argument("--fold", type=int, default=0, help="fold: the chunk of the training part "
                    "left out (of --folds)")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--augment", type=int, default=0, help="member, fold: this many copies of each "
                    "training sentence with its names swapped for others of their type")
    ap.add_argument("--pair", default="s7,s8", help="stack2: the members whose tags give the dev "
                    "tenth's and the test split's document facts")
    ap.add_argument("--again", action="store_true", help="score: tag a second time, the document "
                    "facts taken from the first tagging after the rules (no training)")
    ap.add_argument("--second", default="", help="cv: the second-pass fold members (`fold ... "
                    "--stack2`), by fold, beside the first-pass ones named by NAME")
    ap.add_argument("--crossweigh", type=float, default=0.0, help="member: training sentences "
                    "whose names the jackknifed fold members (--crossweigh-folds) tag otherwise "
                    "than the gold count this much in the loss (CrossWeigh)")
    ap.add_argument("--crossweigh-folds", default="j0,j1,j2,j3")
    ap.add_argument("--stack2", action="store_true", help="member, score: read the document facts "
                    "of `stack2` (a BiLSTM's jackknifed tags) instead of the CRF's")
    args = ap.parse_args()
    from rasd.ner import bilstm_train
    from rasd.ner.train import BILSTM_RECIPE

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    lex = Lexicon.load(args.model)
    if args.step == "stage1":
        stage1(work, lex)
        return
    vocab, vectors, lms = shipped(lex)
    if args.vectors:
        vectors = np.load(work / f"{args.vectors}.vec.npy")
    if args.step == "vectors":
        np.save(work / f"{args.name}.vec.npy", skipgram_vectors(vocab, lex, args.window))
        return
    tr, dv, test, tr_stack, dv_stack, test_stack = splits(work, "stack2.pkl" if args.stack2
                                                          else "stack.pkl")
    if args.step == "lm":
        lm_cfg = {"lm_tokens": args.tokens, "lm_target": args.target, **json.loads(args.cfg)}
        news = news_sample(args.every)
        if args.passages:
            news, lm_cfg["lm_maxlen"] = news_passages(args.every, args.passages), args.passages
        if args.task_text:
            news, added = with_task_text(news, [t for t, _ in tr], args.task_text)
            lm_cfg["lm_tokens"] += added
        lms = bilstm_train.pretrain_language_models(tr, lex, vocab, vectors, news, lm_cfg, tr_stack)
        np.savez(work / f"{args.name}.lm.npz", **lms)
    elif args.step == "charlm":
        cfg = {**bilstm_train.DEFAULTS, **bilstm_train.LM_DEFAULTS, "char_lm_hidden": args.hidden,
               "char_lm_chars": args.chars}
        np.savez(work / f"{args.name}.clm.npz",
                 **bilstm_train.pretrain_char_lm(lex, news_sample(args.every), cfg))
    elif args.step == "stack2":
        out: dict[str, list] = {"stack": []}
        for k, name in enumerate(args.name.split(",")):
            lo, hi = fold_bounds(len(tr), len(args.name.split(",")), k)
            sents = [t for t, _ in tr[lo:hi]]
            tags = decode([BiLSTMTagger.load(work / name, lex)], sents, tr_stack[lo:hi])
            out["stack"] += second_stage_facts(tr_stack[lo:hi], sents, tags, lex)
        pair = [BiLSTMTagger.load(work / n, lex) for n in args.pair.split(",")]
        for part, facts, key in ((dv, dv_stack, "stack"), (test, test_stack, "test_stack")):
            sents = [t for t, _ in part]
            out.setdefault(key, [])
            out[key] += second_stage_facts(facts, sents, decode(pair, sents, facts), lex)
        pickle.dump(out, open(work / "stack2.pkl", "wb"))
    elif args.step in ("member", "full", "fold"):
        if args.lm:
            lms = dict(np.load(work / f"{args.lm}.lm.npz"))
        if args.charlm:
            lms.update(np.load(work / f"{args.charlm}.clm.npz"))
        sents, stack = list(tr), list(tr_stack)
        dev, dev_stack = dv, dv_stack
        if args.step == "full":  # as the shipped members: the whole train split, no dev tenth
            sents, stack, dev, dev_stack = sents + list(dv), stack + list(dv_stack), None, None
        if args.step == "fold":  # the training part less one chunk (jackknifed second stage)
            lo, hi = fold_bounds(len(sents), args.folds, args.fold)
            sents, stack, dev, dev_stack = sents[:lo] + sents[hi:], stack[:lo] + stack[hi:], None, None
        if args.augment:
            extra_s, extra_f = mention_swap(sents, stack, args.augment)
            sents, stack = sents + extra_s, stack + extra_f
        if args.silver:
            silver = pickle.load(open(work / "silver.pkl", "rb"))
            sents, stack = sents + silver["sents"], stack + silver["stack"]
        cfg = {**BILSTM_RECIPE, **json.loads(args.cfg), "seed": args.seed, "threads": 1,
               "lm_context": args.context}
        weights = None
        if args.crossweigh:
            if args.step != "member" or args.augment or args.silver:
                sys.exit("--crossweigh: for `member` on the training part alone")
            weights = disputed_weights(work, lex, tr, tr_stack, args.crossweigh_folds.split(","),
                                       args.crossweigh)
        tagger, record = bilstm_train.train(sents, lex, vocab, vectors, dev=dev, cfg=cfg, stack=stack,
                                            dev_stack=dev_stack, lm_params=lms, weights=weights)
        bilstm_train.save(tagger, work / args.name, record)
    elif args.step == "silver":
        from rasd.ner.clusters import saudinewsnet_texts
        from rasd.ner.tokenize import sentences

        taggers = [BiLSTMTagger.load(work / n, lex) for n in args.name.split(",")]
        crf = open_tagger(work / "ner_stage1.crfsuite")
        out: dict[str, list] = {"sents": [], "stack": []}
        for k, text in enumerate(saudinewsnet_texts()):
            if len(out["sents"]) >= args.sentences:
                break
            doc = [toks for s in sentences(text) if 3 <= len(toks := [t.text for t in s]) <= 60]
            if k % 7 or not doc:
                continue
            facts = [stack_facts(f) for f in doc_features(
                doc, [crf.tag(sentence_features(t, lex, DEFAULT_CONFIG)) for t in doc], lex)]
            out["sents"] += list(zip(doc, after_tagging(doc, decode(taggers, doc, facts), lex)))
            out["stack"] += facts
        pickle.dump(out, open(work / "silver.pkl", "wb"))
    elif args.step == "cv":  # fold members scored on the folds they did not see
        firsts, seconds = args.name.split(","), args.second.split(",") if args.second else []
        tr_stack2 = splits(work, "stack2.pkl")[3] if seconds else []
        gold, pred1, pred2, again = [], [], [], []
        for k, name in enumerate(firsts):
            if not name:
                continue
            lo, hi = fold_bounds(len(tr), args.folds, k)
            sents = [t for t, _ in tr[lo:hi]]
            first = [BiLSTMTagger.load(work / name, lex)]
            gold += [g for _, g in tr[lo:hi]]
            tags = after_tagging(sents, decode(first, sents, tr_stack[lo:hi]), lex)
            pred1 += tags
            facts = second_stage_facts(tr_stack[lo:hi], sents, tags, lex, ruled=True)
            again += after_tagging(sents, decode(first, sents, facts), lex)
            if seconds:
                pred2 += after_tagging(sents, decode([BiLSTMTagger.load(work / seconds[k], lex)],
                                                     sents, tr_stack2[lo:hi]), lex)
        print(f"first pass {score(gold, pred1).f1:.2f}, tagged again {score(gold, again).f1:.2f}"
              + (f", second pass {score(gold, pred2).f1:.2f}" if seconds else "")
              + f" ({len(gold)} sentences, with the rules after tagging)")
    else:
        taggers = [BiLSTMTagger.load(work / n, lex) for n in args.name.split(",")
                   ] if args.step == "score" else []
        for which, part, facts in (("dev", dv, dv_stack), ("test", test, test_stack)):
            sents, gold = [t for t, _ in part], [g for _, g in part]
            pred = (decode(taggers, sents, facts, args.o_bias, args.context) if taggers
                    else mixed_tags(args.name.split(","), work, lex, sents, facts))
            if args.again:
                facts = second_stage_facts(facts, sents, pred, lex)
                pred = decode(taggers, sents, facts, args.o_bias, args.context)
            raw, ruled = score(gold, pred), score(gold, after_tagging(sents, pred, lex))
            print(f"{which}: raw F1 {raw.f1:.2f}, with the rules after tagging {ruled.f1:.2f} "
                  + " ".join(f"{t} {ruled.prf(t)[2]:.2f}" for t in ruled.types()))


if __name__ == "__main__":
    main()
