"""Training of the BiLSTM-CRF tagger (:mod:`rasd.ner.bilstm`) with PyTorch on the CPU.

torch is needed only here (``pip install -e '.[train]'``); the trained weights are written as
numpy arrays. Deterministic: seeded initialization and batch order, one fixed thread count.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Callable

import numpy as np

from rasd.ner.bilstm import (FEATURES, MAX_CHARS, STACK_FEATURES, BiLSTMTagger, Encoder, is_shared,
                             neighbours, viterbi)
from rasd.ner.conll import Sentence, score, to_bio, to_bioes
from rasd.ner.features import Lexicon

DEFAULTS = {
    "word_dim": 100, "char_dim": 30, "char_filters": 50, "char_width": 3, "feat_dim": 8,
    "hidden": 150, "layers": 1, "dropout": 0.5, "word_dropout": 0.05, "lr": 2e-3,
    "batch": 16, "epochs": 20, "clip": 5.0, "seed": 7, "threads": 2,
    "freeze_words": False,
    # from this epoch on, the weights at each epoch's end are averaged (stochastic weight
    # averaging); the average is what is kept. 0: off, keep the best (or last) epoch instead
    "swa_from": 0,
    # the tags the network learns: "bio" as in ANERcorp, or "bioes" (single-token names and the
    # last token of longer ones tagged apart); either way the tagger's output is BIO
    "scheme": "bio",
    # the share of tokens whose first-stage facts (STACK_FEATURES) are hidden in training, so
    # that the network does not lean on the jackknifed tags more than unseen text warrants
    "stack_dropout": 0.0,
    # the pretrained word language models trained on with the tagger (ULMFiT-style fine-tuning),
    # at this fraction of the tagger's learning rate; 0: frozen, their states read as fixed
    # features
    "lm_tune": 0.0,
    # a language-modelling objective beside tagging (Rei 2017): the forward half of the LSTM
    # predicts the next word's finest cluster, the backward half the previous word's, weighted
    # by this; training only, the tagger's runtime is unchanged. 0: off
    "aux_lm": 0.0,
}
# the language models pretrained on unlabeled news (forward and backward) whose states the tagger
# reads: they predict the cluster of the next (previous) word, a cheap stand-in for the word
LM_DEFAULTS = {"lm_hidden": 256, "lm_tokens": 3_000_000, "lm_batch": 64, "lm_maxlen": 50,
               "lm_lr": 2e-3, "lm_seed": 11, "lm_every": 2,
               # what the word models predict: "cluster" (the next word's finest cluster) or
               # "words" (the next word itself among the lm_words commonest, else its cluster,
               # through an adaptive softmax so that the big output layer stays cheap)
               "lm_target": "cluster", "lm_words": 20_000,
               # character language models beside them (0: none; :func:`pretrain_char_lm`)
               "char_lm_hidden": 0, "char_lm_dim": 32, "char_lm_chars": 12_000_000,
               "char_lm_maxlen": 300,
               # sentences either side that the word models read with each labelled sentence
               # (0: the sentence alone)
               "lm_context": 0}


def build_encoder(train: list[Sentence], lex: Lexicon, vocab: list[str],
                  stack: list[list[dict[str, str]]] | None = None) -> Encoder:
    enc = Encoder(stacked=stack is not None)
    enc.words = {"<pad>": 0, "<unk>": 1}
    for w in vocab:
        enc.words.setdefault(w, len(enc.words))
    counts: Counter = Counter()
    chars: Counter = Counter()
    facts: dict[str, Counter] = {name: Counter() for name in enc.names}
    for k, (toks, _) in enumerate(train):
        for t in toks:
            counts[enc.word_key(lex, t)] += 1
            chars.update(lex.analyze(t).norm[:MAX_CHARS])
        for fa in enc.token_facts(lex, toks):
            for name in FEATURES:
                facts[name][fa[name]] += 1
        if stack is not None:
            for extra in stack[k]:
                for name in STACK_FEATURES:
                    facts[name][extra.get(name, "")] += 1
    for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if c >= 2:
            enc.words.setdefault(w, len(enc.words))
    enc.chars = {"<pad>": 0, "<unk>": 1}
    for ch, c in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0])):
        if c >= 2:
            enc.chars[ch] = len(enc.chars)
    for name in enc.names:
        enc.feats[name] = {"<pad>": 0, "<unk>": 1}
        for v, c in sorted(facts[name].items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= 2:
                enc.feats[name][v] = len(enc.feats[name])
    tags = sorted({t for _, tg in train for t in tg})
    enc.tags = ["O"] + [t for t in tags if t != "O"]
    enc.n_pretrained = len(vocab) + 2
    return enc


# --------------------------------------------------------------------------- language models
def _lm_modules(n_pro: int, d_word: int, cfg: dict):
    from torch import nn

    class LM(nn.Module):
        def __init__(self, classes: int):
            super().__init__()
            self.pro_emb = nn.Embedding(n_pro, 8, padding_idx=0)
            self.fw = nn.LSTM(d_word + 8, cfg["lm_hidden"], batch_first=True)
            self.bw = nn.LSTM(d_word + 8, cfg["lm_hidden"], batch_first=True)
            self.out_fw = nn.Linear(cfg["lm_hidden"], classes)
            self.out_bw = nn.Linear(cfg["lm_hidden"], classes)

    return LM


def _fit_language_model(lengths: list[int], loss_of: Callable, params: list, cfg: dict,
                        rng: np.random.Generator, label: str, t0: float,
                        log: Callable[[str], None]) -> None:
    """One pass of Adam over batches of sentences of similar length in a seeded random order:
    ``loss_of(indices)`` gives a batch's loss; the mean loss is logged every 200 batches."""
    import torch

    opt = torch.optim.Adam(params, lr=cfg["lm_lr"])
    order = np.argsort(lengths, kind="stable")
    batches = [order[i:i + cfg["lm_batch"]] for i in range(0, len(order), cfg["lm_batch"])]
    rng.shuffle(batches)
    total, seen = 0.0, 0
    for b, idx in enumerate(batches):
        loss = loss_of(idx)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        total += float(loss.detach())
        seen += 1
        if (b + 1) % 200 == 0 or b + 1 == len(batches):
            log(f"  {label}: batch {b + 1}/{len(batches)}, loss {total / seen:.3f} "
                f"({time.time() - t0:.0f}s)")
            total, seen = 0.0, 0


def pretrain_lm(enc: Encoder, lex: Lexicon, table, sents: list[list[str]], cfg: dict,
                log: Callable[[str], None] = print):
    """Forward and backward LSTM language models over unlabeled sentences, reading the frozen
    word vectors ``table`` and the proclitic, each predicting the finest word cluster of the next
    (previous) word. Returns the module; its states are what the tagger reads."""
    import torch
    from torch import nn

    t0 = time.time()
    torch.manual_seed(cfg["lm_seed"])
    rng = np.random.default_rng(cfg["lm_seed"])
    classes = 1 + max(int(c[-1]) for c in lex.clusters.values()) if lex.clusters else 1
    data, n_tok = [], 0
    for toks in sents:
        toks = toks[:cfg["lm_maxlen"]]
        if len(toks) < 3:
            continue
        w, p = enc.lm_inputs(lex, toks)
        y = np.fromiter(((int(c[-1]) if (c := lex.cluster(lex.analyze(t))) else classes)
                         for t in toks), dtype=np.int64, count=len(toks))
        data.append((w, p, y))
        n_tok += len(toks)
        if n_tok >= cfg["lm_tokens"]:
            break
    log(f"  language models: {len(data)} sentences, {n_tok:,} tokens ({time.time() - t0:.0f}s)")
    lm = _lm_modules(len(enc.feats["pro"]), table.shape[1], cfg)(classes + 1)
    emb = nn.Embedding.from_pretrained(table, freeze=True, padding_idx=0)
    ce = nn.CrossEntropyLoss(ignore_index=-1)
    words = cfg["lm_target"] == "words"
    if words:
        # targets in order of frequency for the adaptive softmax: the 2,000 commonest words
        # (ids 2.. in the frequency-ranked table), the clusters (standing for every rarer word
        # outside the list), then the rest of the list
        head, n_words = 2000, cfg["lm_words"]
        for k, (w, p, y) in enumerate(data):
            t = np.where((w >= 2) & (w < head), w,
                         np.where((w >= head) & (w < n_words), w + classes + 1, head + y))
            data[k] = (w, p, t)
        n_classes = n_words + classes + 1
        lm.out_fw = nn.AdaptiveLogSoftmaxWithLoss(cfg["lm_hidden"], n_classes,
                                                  [head, head + classes + 1, head + classes + 5001])
        lm.out_bw = nn.AdaptiveLogSoftmaxWithLoss(cfg["lm_hidden"], n_classes,
                                                  [head, head + classes + 1, head + classes + 5001])

        def out_loss(out, h, y):
            h, y = h.reshape(-1, h.shape[-1]), y.reshape(-1)
            keep = y >= 0
            return out(h[keep], y[keep]).loss
    else:
        def out_loss(out, h, y):
            return ce(out(h).reshape(-1, classes + 1), y.reshape(-1))

    def loss_of(idx: np.ndarray):
        n = max(len(data[i][0]) for i in idx)
        w = np.zeros((len(idx), n), dtype=np.int64)
        p = np.zeros_like(w)
        y = np.full_like(w, -1)
        for r, i in enumerate(idx):
            k = len(data[i][0])
            w[r, :k], p[r, :k], y[r, :k] = data[i]
        lengths = torch.tensor([len(data[i][0]) for i in idx])
        x = torch.cat([emb(torch.from_numpy(w)), lm.pro_emb(torch.from_numpy(p))], dim=2)
        yt = torch.from_numpy(y)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        hf, _ = lm.fw(packed)
        hf, _ = nn.utils.rnn.pad_packed_sequence(hf, batch_first=True, total_length=n)
        # the backward model reads each sentence reversed
        rev = torch.stack([torch.cat([x[r, :k].flip(0), x[r, k:]]) for r, k in enumerate(lengths.tolist())])
        yrev = torch.stack([torch.cat([yt[r, :k].flip(0), yt[r, k:]]) for r, k in enumerate(lengths.tolist())])
        packed = nn.utils.rnn.pack_padded_sequence(rev, lengths, batch_first=True, enforce_sorted=False)
        hb, _ = lm.bw(packed)
        hb, _ = nn.utils.rnn.pad_packed_sequence(hb, batch_first=True, total_length=n)
        return (out_loss(lm.out_fw, hf[:, :-1], yt[:, 1:])
                + out_loss(lm.out_bw, hb[:, :-1], yrev[:, 1:]))

    _fit_language_model([len(d[0]) for d in data], loss_of, list(lm.parameters()), cfg, rng,
                        "language models", t0, log)
    return lm


def char_lm_text(lex: Lexicon, tokens: list[str], maxlen: int) -> str:
    """A sentence as the character language models read it (as :meth:`BiLSTMTagger._char_lm_batch`
    builds it): normalized tokens between single spaces, cut after the last whole token that
    fits in ``maxlen`` characters."""
    text = " "
    for t in tokens:
        norm = lex.analyze(t).norm
        if len(text) + len(norm) + 1 > maxlen:
            break
        text += norm + " "
    return text


def pretrain_char_lm(lex: Lexicon, sents: list[list[str]], cfg: dict,
                     log: Callable[[str], None] = print) -> dict[str, np.ndarray]:
    """Forward and backward character-level LSTM language models over unlabeled sentences
    (contextual string embeddings, after Akbik et al. 2018): each predicts the next (previous)
    character. A word's state in them reflects its spelling and its context, so names the word
    table has never seen still get a contextual reading. Returns their weights (``lm_char_*``)
    and alphabet, as :class:`~rasd.ner.bilstm.BiLSTMTagger` reads them."""
    import torch
    from torch import nn

    t0 = time.time()
    torch.manual_seed(cfg["lm_seed"])
    torch.set_num_threads(cfg["threads"])
    rng = np.random.default_rng(cfg["lm_seed"])
    texts, n_chars = [], 0
    for toks in sents:
        text = char_lm_text(lex, toks, cfg["char_lm_maxlen"])
        if len(text) < 12:
            continue
        texts.append(text)
        n_chars += len(text)
        if n_chars >= cfg["char_lm_chars"]:
            break
    counts = Counter(ch for text in texts for ch in text)
    alphabet = sorted((ch for ch, n in counts.items() if n >= 20), key=lambda ch: (-counts[ch], ch))
    ids = {ch: i + 2 for i, ch in enumerate(alphabet)}  # 0 padding, 1 any rarer character
    data = [np.fromiter((ids.get(ch, 1) for ch in text), dtype=np.int64, count=len(text))
            for text in texts]
    log(f"  character language models: {len(data)} sentences, {n_chars:,} characters, "
        f"alphabet {len(alphabet)} ({time.time() - t0:.0f}s)")
    k, hdim = len(alphabet) + 2, cfg["char_lm_hidden"]
    emb = nn.Embedding(k, cfg["char_lm_dim"], padding_idx=0)
    fw, bw = nn.LSTM(cfg["char_lm_dim"], hdim, batch_first=True), nn.LSTM(cfg["char_lm_dim"], hdim, batch_first=True)
    out_fw, out_bw = nn.Linear(hdim, k), nn.Linear(hdim, k)
    params = [q for m in (emb, fw, bw, out_fw, out_bw) for q in m.parameters()]
    ce = nn.CrossEntropyLoss(ignore_index=0)

    def loss_of(idx: np.ndarray):
        n = max(len(data[i]) for i in idx)
        x = np.zeros((len(idx), n), dtype=np.int64)
        rev = np.zeros_like(x)
        for r, i in enumerate(idx):
            x[r, :len(data[i])] = data[i]
            rev[r, :len(data[i])] = data[i][::-1]
        x, rev = torch.from_numpy(x), torch.from_numpy(rev)
        # padding sits at the end of each row, so it never feeds a real position's state
        hf, _ = fw(emb(x))
        hb, _ = bw(emb(rev))
        return (ce(out_fw(hf[:, :-1]).reshape(-1, k), x[:, 1:].reshape(-1))
                + ce(out_bw(hb[:, :-1]).reshape(-1, k), rev[:, 1:].reshape(-1)))

    _fit_language_model([len(d) for d in data], loss_of, params, cfg, rng,
                        "character language models", t0, log)
    g = lambda t: t.detach().cpu().numpy().astype(np.float32)  # noqa: E731
    return {"lm_char_vocab": np.array([ord(ch) for ch in alphabet], dtype=np.int32),
            "lm_char_emb": g(emb.weight),
            "lm_char_fw_w_ih": g(fw.weight_ih_l0), "lm_char_fw_w_hh": g(fw.weight_hh_l0),
            "lm_char_fw_b": g(fw.bias_ih_l0 + fw.bias_hh_l0),
            "lm_char_bw_w_ih": g(bw.weight_ih_l0), "lm_char_bw_w_hh": g(bw.weight_hh_l0),
            "lm_char_bw_b": g(bw.bias_ih_l0 + bw.bias_hh_l0)}


def lm_state_dim(lm_params: dict[str, np.ndarray]) -> int:
    """Width of :meth:`BiLSTMTagger.lm_states` for these language-model weights."""
    return sum(2 * lm_params[k].shape[1] for k in ("lm_fw_w_hh", "lm_char_fw_w_hh") if k in lm_params)


def lm_weights(lm) -> dict[str, np.ndarray]:
    g = lambda t: t.detach().cpu().numpy().astype(np.float32)  # noqa: E731
    return {"lm_pro_emb": g(lm.pro_emb.weight),
            "lm_fw_w_ih": g(lm.fw.weight_ih_l0), "lm_fw_w_hh": g(lm.fw.weight_hh_l0),
            "lm_fw_b": g(lm.fw.bias_ih_l0 + lm.fw.bias_hh_l0),
            "lm_bw_w_ih": g(lm.bw.weight_ih_l0), "lm_bw_w_hh": g(lm.bw.weight_hh_l0),
            "lm_bw_b": g(lm.bw.bias_ih_l0 + lm.bw.bias_hh_l0)}


def _net(enc: Encoder, cfg: dict, vectors: np.ndarray | None, vocab: list[str], lm_dim: int = 0):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.word_emb = nn.Embedding(len(enc.words), cfg["word_dim"], padding_idx=0)
            if vectors is not None:
                with torch.no_grad():
                    w = self.word_emb.weight
                    if cfg["freeze_words"]:
                        # a frozen table is the same whatever the seed, so that an ensemble's
                        # members share it: words without a vector get fixed random ones
                        fixed = np.random.default_rng(0).normal(size=tuple(w.shape))
                        w.copy_(torch.from_numpy(fixed.astype(np.float32)))
                        w[0] = 0.0
                    # unit-variance vectors, like the default initialization N(0, 1)
                    for i, word in enumerate(vocab):
                        w[enc.words[word]] = torch.from_numpy(vectors[i]) * np.sqrt(cfg["word_dim"])
                    if cfg["freeze_words"]:
                        w[1] = 0.0  # unknown words: no information (the language models read it too)
            if cfg["freeze_words"]:
                self.word_emb.weight.requires_grad = False
            self.char_emb = nn.Embedding(len(enc.chars), cfg["char_dim"], padding_idx=0)
            self.char_conv = nn.Conv1d(cfg["char_dim"], cfg["char_filters"], cfg["char_width"],
                                       padding=cfg["char_width"] // 2)
            self.feat = nn.ModuleDict({n: nn.Embedding(len(enc.feats[n]), cfg["feat_dim"],
                                                       padding_idx=0) for n in enc.names})
            d_in = cfg["word_dim"] + cfg["char_filters"] + cfg["feat_dim"] * len(enc.names) + lm_dim
            self.lstm = nn.LSTM(d_in, cfg["hidden"], num_layers=cfg["layers"], bidirectional=True,
                                batch_first=True,
                                dropout=cfg["dropout"] if cfg["layers"] > 1 else 0.0)
            self.drop = nn.Dropout(cfg["dropout"])
            self.out = nn.Linear(2 * cfg["hidden"], len(enc.tags))
            k = len(enc.tags)
            self.crf_trans = nn.Parameter(torch.zeros(k, k))
            self.crf_start = nn.Parameter(torch.zeros(k))
            self.crf_end = nn.Parameter(torch.zeros(k))
            if cfg["aux_lm"]:
                n_cl = len(enc.feats["cl2"])
                self.aux_fw = nn.Sequential(nn.Linear(cfg["hidden"], 50), nn.Tanh(), nn.Linear(50, n_cl))
                self.aux_bw = nn.Sequential(nn.Linear(cfg["hidden"], 50), nn.Tanh(), nn.Linear(50, n_cl))

        def aux_loss(self, h, f, mask):
            """Cross-entropy of the next (previous) word's cluster from the forward (backward)
            states, summed over the positions that have one."""
            cl = f[:, :, FEATURES.index("cl2")]
            d = cfg["hidden"]
            fw = self.aux_fw(self.drop(h[:, :-1, :d]))
            bw = self.aux_bw(self.drop(h[:, 1:, d:]))
            m = mask[:, 1:]
            ce = nn.functional.cross_entropy
            return (ce(fw[m], cl[:, 1:][m], reduction="sum")
                    + ce(bw[m], cl[:, :-1][m], reduction="sum"))

        def forward(self, w, c, f, lengths, lmf=None, with_states=False):
            b, t = w.shape
            ce = self.char_emb(c.view(b * t, MAX_CHARS)).transpose(1, 2)  # bt, dc, L
            conv = torch.tanh(self.char_conv(ce))  # bt, F, L
            cmask = (c.view(b * t, MAX_CHARS) > 0).unsqueeze(1)
            conv = conv.masked_fill(~cmask, -1e4).max(dim=2).values
            conv = conv.masked_fill(conv < -1e3, 0.0).view(b, t, -1)
            parts = [self.word_emb(w), conv] + [self.feat[n](f[:, :, i]) for i, n in enumerate(enc.names)]
            if lmf is not None:
                parts.append(lmf)
            x = self.drop(torch.cat(parts, dim=2))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            em = self.out(self.drop(h))
            return (em, h) if with_states else em

        def nll(self, em, tags, mask, weights=None):
            bsz, t, k = em.shape
            trans = self.crf_trans
            ar = torch.arange(bsz)
            gold = self.crf_start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
            alpha = self.crf_start + em[:, 0]
            for i in range(1, t):
                m = mask[:, i]
                nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0) + em[:, i].unsqueeze(1), dim=1)
                alpha = torch.where(m.unsqueeze(1), nxt, alpha)
                gold = gold + (trans[tags[:, i - 1], tags[:, i]] + em[ar, i, tags[:, i]]) * m
            last = tags[ar, mask.sum(1) - 1]
            gold = gold + self.crf_end[last]
            per_sentence = torch.logsumexp(alpha + self.crf_end, dim=1) - gold
            return (per_sentence if weights is None else per_sentence * weights).sum()

    return Net()


def _load(net, tuned, state: dict) -> None:
    """Load a state saved for the averaging: the tagger's weights and (``tuned.*``) its
    fine-tuned language models'."""
    net.load_state_dict({k: v for k, v in state.items() if not k.startswith("tuned.")})
    if tuned is not None:
        tuned.load_state_dict({k[6:]: v for k, v in state.items() if k.startswith("tuned.")})


def _tuned_lm(lm_params: dict[str, np.ndarray], torch):
    """The pretrained word language models as a torch module that trains with the tagger: their
    states computed in each batch (as :meth:`BiLSTMTagger._lm_batch` computes them) from the
    tagger's frozen word table."""
    from torch import nn

    class Tuned(nn.Module):
        def __init__(self):
            super().__init__()
            t = lambda k: torch.from_numpy(lm_params[k].copy())  # noqa: E731
            pro = lm_params["lm_pro_emb"]
            self.pro_emb = nn.Embedding(pro.shape[0], pro.shape[1], padding_idx=0)
            hid = lm_params["lm_fw_w_hh"].shape[1]
            self.fw = nn.LSTM(lm_params["lm_fw_w_ih"].shape[1], hid, batch_first=True)
            self.bw = nn.LSTM(lm_params["lm_bw_w_ih"].shape[1], hid, batch_first=True)
            with torch.no_grad():
                self.pro_emb.weight.copy_(t("lm_pro_emb"))
                for name, m in (("fw", self.fw), ("bw", self.bw)):
                    m.weight_ih_l0.copy_(t(f"lm_{name}_w_ih"))
                    m.weight_hh_l0.copy_(t(f"lm_{name}_w_hh"))
                    m.bias_ih_l0.copy_(t(f"lm_{name}_b"))
                    m.bias_hh_l0.zero_()

        def forward(self, word_emb, inputs: list[tuple[np.ndarray, np.ndarray]], lengths):
            n = int(lengths.max())
            w = np.zeros((len(inputs), n), dtype=np.int64)
            p = np.zeros_like(w)
            for r, (wi, pi) in enumerate(inputs):
                w[r, :len(wi)], p[r, :len(pi)] = wi, pi
            x = torch.cat([word_emb(torch.from_numpy(w)), self.pro_emb(torch.from_numpy(p))], 2)
            ks = lengths.tolist()
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                       enforce_sorted=False)
            hf, _ = self.fw(packed)
            hf, _ = nn.utils.rnn.pad_packed_sequence(hf, batch_first=True, total_length=n)
            rev = torch.stack([torch.cat([x[r, :k].flip(0), x[r, k:]]) for r, k in enumerate(ks)])
            packed = nn.utils.rnn.pack_padded_sequence(rev, lengths, batch_first=True,
                                                       enforce_sorted=False)
            hb, _ = self.bw(packed)
            hb, _ = nn.utils.rnn.pad_packed_sequence(hb, batch_first=True, total_length=n)
            hb = torch.stack([torch.cat([hb[r, :k].flip(0), hb[r, k:]]) for r, k in enumerate(ks)])
            return torch.cat([hf, hb], dim=2)

        def states(self, word_emb, inputs) -> list[np.ndarray]:
            out = []
            with torch.no_grad():
                for lo in range(0, len(inputs), 64):
                    chunk = inputs[lo:lo + 64]
                    lengths = torch.tensor([len(a) for a, _ in chunk])
                    h = self(word_emb, chunk, lengths).numpy()
                    out += [h[r, :len(a)] for r, (a, _) in enumerate(chunk)]
            return out

        def weights(self) -> dict[str, np.ndarray]:
            g = lambda v: v.detach().cpu().numpy().astype(np.float32)  # noqa: E731
            out = {"lm_pro_emb": g(self.pro_emb.weight)}
            for name, m in (("fw", self.fw), ("bw", self.bw)):
                out.update({f"lm_{name}_w_ih": g(m.weight_ih_l0), f"lm_{name}_w_hh": g(m.weight_hh_l0),
                            f"lm_{name}_b": g(m.bias_ih_l0 + m.bias_hh_l0)})
            return out

    return Tuned()


def _batch(items: list[tuple], torch, lm: list[np.ndarray] | None = None):
    n = max(len(x[0]) for x in items)
    b = len(items)
    w = np.zeros((b, n), dtype=np.int64)
    c = np.zeros((b, n, MAX_CHARS), dtype=np.int64)
    f = np.zeros((b, n, items[0][2].shape[1]), dtype=np.int64)
    y = np.zeros((b, n), dtype=np.int64)
    lengths = []
    for i, (wi, ci, fi, yi) in enumerate(items):
        k = len(wi)
        w[i, :k], c[i, :k], f[i, :k], y[i, :k] = wi, ci, fi, yi
        lengths.append(k)
    mask = torch.from_numpy(np.arange(n)[None, :] < np.array(lengths)[:, None])
    lmf = None
    if lm is not None:
        lmf = np.zeros((b, n, lm[0].shape[1]), dtype=np.float32)
        for i, a in enumerate(lm):
            lmf[i, :len(a)] = a
        lmf = torch.from_numpy(lmf)
    return (torch.from_numpy(w), torch.from_numpy(c), torch.from_numpy(f), torch.from_numpy(y),
            mask, torch.tensor(lengths), lmf)


def export_weights(net, enc: Encoder) -> dict[str, np.ndarray]:
    p = {k.replace(".", "_"): v.detach().cpu().numpy().astype(np.float32)
         for k, v in net.state_dict().items()}
    out = {"word_emb": p["word_emb_weight"], "char_emb": p["char_emb_weight"],
           "char_conv_w": p["char_conv_weight"], "char_conv_b": p["char_conv_bias"],
           "out_w": p["out_weight"], "out_b": p["out_bias"],
           "crf_trans": p["crf_trans"], "crf_start": p["crf_start"], "crf_end": p["crf_end"]}
    for n in enc.names:
        out[f"feat_{n}"] = net.feat[n].weight.detach().cpu().numpy().astype(np.float32)
    for k, v in p.items():
        if k.startswith("lstm_"):
            out[k.replace("lstm_weight_", "lstm_w_").replace("lstm_bias_", "lstm_b_")] = v
    return out


def train(train_sents: list[Sentence], lex: Lexicon, vocab: list[str], vectors: np.ndarray | None,
          dev: list[Sentence] | None = None, cfg: dict | None = None,
          stack: list[list[dict[str, str]]] | None = None,
          dev_stack: list[list[dict[str, str]]] | None = None,
          lm_sents: list[list[str]] | None = None,
          lm_params: dict[str, np.ndarray] | None = None,
          weights: list[float] | None = None,
          log: Callable[[str], None] = print) -> tuple[BiLSTMTagger, dict]:
    """Train on ``train_sents``; with ``dev``, keep the epoch with the best dev F1 (else the
    last). With ``stack`` (per sentence, per token: :func:`rasd.ner.bilstm.stack_facts` of a
    first-stage CRF that did not see the sentence), the network reads those too. With
    ``lm_sents`` (unlabeled sentences), language models are pretrained on them first
    (:func:`pretrain_lm`, word vectors frozen) and the tagger reads their states. Returns the
    numpy tagger and a record of the run. ``lm_params`` (:func:`lm_weights` of language models
    pretrained on the same word table) skips the pretraining and reads those.

    With ``swa_from``, the weights at the end of each epoch from that one on are averaged and
    the average is kept (dev F1 is then that of the average, for the record). ``weights`` (one
    per training sentence) scale each sentence's loss: sentences whose labels held-out taggers
    dispute can count for less (CrossWeigh, Wang et al. 2019)."""
    import torch

    cfg = {**DEFAULTS, **LM_DEFAULTS, **(cfg or {})}
    if lm_sents or lm_params:
        cfg["freeze_words"] = True
    torch.manual_seed(cfg["seed"])
    torch.set_num_threads(cfg["threads"])
    rng = np.random.default_rng(cfg["seed"])
    t0 = time.time()
    if cfg["scheme"] == "bioes":
        train_sents = [(toks, to_bioes(tags)) for toks, tags in train_sents]
    enc = build_encoder(train_sents, lex, vocab, stack)
    tag_id = {t: i for i, t in enumerate(enc.tags)}
    data = []
    for k, (toks, tags) in enumerate(train_sents):
        w, c, f = enc.encode(lex, toks, stack[k] if stack else None)
        data.append((w, c, f, np.array([tag_id[t] for t in tags], dtype=np.int64)))
    dev_enc = [enc.encode(lex, toks, dev_stack[k] if dev_stack else None)
               for k, (toks, _) in enumerate(dev)] if dev else []
    log(f"  encoded {len(data)} sentences; {len(enc.words):,} words, {len(enc.chars)} chars "
        f"({time.time() - t0:.0f}s)")
    lm_dim, lm, lm_train, lm_dev = 0, None, None, None
    if lm_params:
        lm_dim = lm_state_dim(lm_params)
    elif lm_sents:
        lm_dim = 2 * cfg["lm_hidden"]
    net = _net(enc, cfg, vectors, vocab, lm_dim)
    if lm_sents or lm_params:
        if lm_params is None:
            lm = pretrain_lm(enc, lex, net.word_emb.weight.detach().clone(), lm_sents, cfg, log)
            lm_params = lm_weights(lm)
        probe = BiLSTMTagger({"word_emb": net.word_emb.weight.detach().numpy(), **lm_params},
                             enc, lex)
        width = cfg["lm_context"]
        ctx_train = neighbours([t for t, _ in train_sents], width) if width else [None] * len(train_sents)
        ctx_dev = neighbours([t for t, _ in dev], width) if width and dev else [None] * len(dev or [])
        lm_train = [probe.lm_states(toks, c) for (toks, _), c in zip(train_sents, ctx_train)]
        lm_dev = [probe.lm_states(toks, c) for (toks, _), c in zip(dev, ctx_dev)] if dev else None
        log(f"  language-model states of the labelled sentences ({time.time() - t0:.0f}s)")
    tuned = None
    if cfg["lm_tune"] and lm_params is not None:
        tuned = _tuned_lm(lm_params, torch)
        lm_in = [enc.lm_inputs(lex, toks) for toks, _ in train_sents]
        lm_train = None  # the states are computed in each batch, from the weights as they move
    groups = [{"params": [q for q in net.parameters() if q.requires_grad], "lr": cfg["lr"]}]
    if tuned is not None:
        groups.append({"params": list(tuned.parameters()), "lr": cfg["lr"] * cfg["lm_tune"]})
    opt = torch.optim.Adam(groups)
    order = np.argsort([len(x[0]) for x in data], kind="stable")
    best = (-1.0, 0, None)
    history = []
    swa, n_swa = None, 0
    for epoch in range(1, cfg["epochs"] + 1):
        net.train()
        # batches of similar length, in a seeded random order
        batches = [order[i:i + cfg["batch"]] for i in range(0, len(order), cfg["batch"])]
        rng.shuffle(batches)
        total = 0.0
        for idx in batches:
            items = [data[i] for i in idx]
            w, c, f, y, mask, lengths, lmf = _batch(items, torch, [lm_train[i] for i in idx] if lm_train else None)
            if cfg["word_dropout"]:
                drop = torch.from_numpy(rng.random(w.shape) < cfg["word_dropout"])
                w = w.masked_fill(drop & (w > 0), 1)
            if cfg["stack_dropout"] and enc.stacked:
                hide = torch.from_numpy(rng.random(w.shape) < cfg["stack_dropout"]) & (w > 0)
                f = f.clone()
                f[:, :, len(FEATURES):] = f[:, :, len(FEATURES):].masked_fill(hide.unsqueeze(2), 1)
            if tuned is not None:
                lmf = tuned(net.word_emb, [lm_in[i] for i in idx], lengths)
            wt = torch.tensor([weights[i] for i in idx], dtype=torch.float32) if weights else None
            if cfg["aux_lm"]:
                em, h = net(w, c, f, lengths, lmf, with_states=True)
                loss = (net.nll(em, y, mask, wt) + cfg["aux_lm"] * net.aux_loss(h, f, mask)) / len(items)
            else:
                em = net(w, c, f, lengths, lmf)
                loss = net.nll(em, y, mask, wt) / len(items)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([q for g in groups for q in g["params"]], cfg["clip"])
            opt.step()
            total += float(loss.detach()) * len(items)
        rec = {"epoch": epoch, "loss": round(total / len(data), 3), "s": round(time.time() - t0)}
        if tuned is not None and dev:
            lm_dev = tuned.states(net.word_emb, [enc.lm_inputs(lex, t) for t, _ in dev])
        if cfg["swa_from"] and epoch >= cfg["swa_from"]:
            state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            if tuned is not None:
                state.update({f"tuned.{k}": v.detach().clone() for k, v in tuned.state_dict().items()})
            n_swa += 1
            swa = state if swa is None else {k: swa[k] + (state[k] - swa[k]) / n_swa for k in swa}
            if dev:
                _load(net, tuned, swa)
                if tuned is not None:
                    lm_dev = tuned.states(net.word_emb, [enc.lm_inputs(lex, t) for t, _ in dev])
                rec["dev_f1"] = round(_dev_f1(net, dev, dev_enc, enc, torch, lm_dev), 2)
                _load(net, tuned, state)
        elif dev and not cfg["swa_from"]:
            f1 = _dev_f1(net, dev, dev_enc, enc, torch, lm_dev)
            rec["dev_f1"] = round(f1, 2)
            if f1 > best[0]:
                best = (f1, epoch, {k: v.clone() for k, v in net.state_dict().items()})
        history.append(rec)
        log(f"  epoch {epoch}: {rec}")
    if swa is not None:
        _load(net, tuned, swa)
    elif dev and best[2] is not None:
        net.load_state_dict(best[2])
    weights = export_weights(net, enc)
    if lm_params is not None:
        weights.update(lm_params if tuned is None else tuned.weights())
    tagger = BiLSTMTagger(weights, enc, lex, cfg["layers"])
    kept = best[1] if dev and swa is None else cfg["epochs"]
    return tagger, {"config": cfg, "history": history, "best_epoch": kept,
                    "averaged_epochs": n_swa}


def pretrain_language_models(train_sents: list[Sentence], lex: Lexicon, vocab: list[str],
                             vectors: np.ndarray, lm_sents: list[list[str]], cfg: dict | None = None,
                             stack: list[list[dict[str, str]]] | None = None,
                             log: Callable[[str], None] = print) -> dict[str, np.ndarray]:
    """The language models :func:`train` would pretrain, as :func:`lm_weights`, to share
    between the members of an ensemble."""
    import torch

    cfg = {**DEFAULTS, **LM_DEFAULTS, **(cfg or {}), "freeze_words": True}
    torch.set_num_threads(cfg["threads"])
    enc = build_encoder(train_sents, lex, vocab, stack)
    table = _net(enc, cfg, vectors, vocab, 2 * cfg["lm_hidden"]).word_emb.weight.detach().clone()
    params = lm_weights(pretrain_lm(enc, lex, table, lm_sents, cfg, log))
    if cfg["char_lm_hidden"]:
        params.update(pretrain_char_lm(lex, lm_sents, cfg, log))
    return params


def _train_member(job: tuple, lex: Lexicon | None = None) -> tuple[dict, dict, dict]:
    """One ensemble member (in a worker process: ``lex`` read from the model folder): its
    weights, encoder and record."""
    model_dir, seed, args, kwargs = job
    lex = lex if lex is not None else Lexicon.load(Path(model_dir))
    kwargs = {**kwargs, "cfg": {**kwargs["cfg"], "seed": seed}, "log": lambda s: None}
    tagger, record = train(args[0], lex, *args[1:], **kwargs)
    return tagger.p, tagger.encoder.to_json(), record


def train_ensemble(train_sents: list[Sentence], lex: Lexicon, model_dir: Path, vocab: list[str],
                   vectors: np.ndarray, members: int = 1, procs: int = 2,
                   dev: list[Sentence] | None = None, cfg: dict | None = None,
                   stack: list[list[dict[str, str]]] | None = None,
                   dev_stack: list[list[dict[str, str]]] | None = None,
                   lm_sents: list[list[str]] | None = None,
                   log: Callable[[str], None] = print) -> tuple[BiLSTMTagger, dict]:
    """``members`` taggers trained alike from seeds ``seed``, ``seed + 1``, ..., over one word
    table and one pair of pretrained language models, as one averaging tagger
    (:meth:`BiLSTMTagger.ensemble`). Members train ``procs`` at a time in worker processes
    (spawned, one thread each; ``lex`` is read again from ``model_dir``), so the run stays
    deterministic. Returns the tagger and the first member's record with every member's."""
    import multiprocessing as mp

    cfg = {**DEFAULTS, **LM_DEFAULTS, **(cfg or {})}
    t0 = time.time()
    lm_params = None
    if lm_sents:
        lm_params = pretrain_language_models(train_sents, lex, vocab, vectors, lm_sents, cfg, stack, log)
    member_cfg = {**cfg, "threads": 1 if procs > 1 and members > 1 else cfg["threads"]}
    kwargs = {"dev": dev, "cfg": member_cfg, "stack": stack, "dev_stack": dev_stack,
              "lm_params": lm_params}
    jobs = [(str(model_dir), cfg["seed"] + k, (train_sents, vocab, vectors), kwargs)
            for k in range(members)]
    results = []
    parallel = procs > 1 and members > 1
    with mp.get_context("spawn").Pool(min(procs, members)) if parallel else nullcontext() as pool:
        trained = pool.imap(_train_member, jobs) if parallel else (_train_member(j, lex) for j in jobs)
        for k, res in enumerate(trained):
            results.append(res)
            log(f"  member {k + 1}/{members} trained ({time.time() - t0:.0f}s): "
                f"{res[2]['history'][-1]}")
    taggers = [BiLSTMTagger(p, Encoder.from_json(e), lex, cfg["layers"]) for p, e, _ in results]
    record = {**results[0][2], "members": [{"seed": cfg["seed"] + k, "history": r[2]["history"],
                                            "best_epoch": r[2]["best_epoch"]}
                                           for k, r in enumerate(results)]}
    return BiLSTMTagger.ensemble(taggers), record


def _dev_f1(net, dev, dev_enc, enc, torch, lm_dev=None) -> float:
    net.eval()
    pred = []
    with torch.no_grad():
        for i in range(0, len(dev_enc), 64):
            chunk = dev_enc[i:i + 64]
            items = [(w, c, f, np.zeros(len(w), dtype=np.int64)) for w, c, f in chunk]
            w, c, f, _, _, lengths, lmf = _batch(items, torch, lm_dev[i:i + 64] if lm_dev else None)
            em = net(w, c, f, lengths, lmf).numpy()
            tr = net.crf_trans.detach().numpy()
            st = net.crf_start.detach().numpy()
            en = net.crf_end.detach().numpy()
            for k, (wi, _, _) in enumerate(chunk):
                path = viterbi(em[k, :len(wi)], tr, st, en)
                pred.append(to_bio([enc.tags[j] for j in path]))
    return score([tg for _, tg in dev], pred).f1


def save(tagger: BiLSTMTagger, model_dir: Path, record: dict, name: str = "bilstm") -> None:
    """Weights to ``<name>.npz`` (the word-vector table as int8 with a scale per row, the other
    big matrices as float16) and vocabularies plus the training record to ``<name>.json``."""
    model_dir.mkdir(parents=True, exist_ok=True)
    # big matrices as float16 (their rounding moves tag scores by about 1e-3)
    small = lambda v: v.astype(np.float16) if v.size > 10_000 else v  # noqa: E731
    arrays = {k: small(v) for k, v in tagger.p.items() if k != "word_emb"}
    # an ensemble's further members: their own weights, prefixed m1., m2., ...
    for m, weights in enumerate(tagger.members[1:], start=1):
        arrays.update({f"m{m}.{k}": small(v) for k, v in weights.items() if not is_shared(k)})
    table = tagger.p["word_emb"]
    scale = np.abs(table).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    arrays["word_emb_q"] = np.round(table / scale).astype(np.int8)
    arrays["word_emb_scale"] = scale.astype(np.float32)
    np.savez_compressed(model_dir / f"{name}.npz", **arrays)
    (model_dir / f"{name}.json").write_text(json.dumps(
        {"encoder": tagger.encoder.to_json(), "layers": tagger.layers, "training": record},
        ensure_ascii=False) + "\n", encoding="utf-8")
