"""Training of the BiLSTM-CRF tagger (:mod:`rasd.ner.bilstm`) with PyTorch on the CPU.

torch is needed only here (``pip install -e '.[train]'``); the trained weights are written as
numpy arrays. Deterministic: seeded initialization and batch order, one fixed thread count.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import numpy as np

from rasd.ner.bilstm import FEATURES, MAX_CHARS, STACK_FEATURES, BiLSTMTagger, Encoder, viterbi
from rasd.ner.conll import Sentence, score
from rasd.ner.features import Lexicon

DEFAULTS = {
    "word_dim": 100, "char_dim": 30, "char_filters": 50, "char_width": 3, "feat_dim": 8,
    "hidden": 150, "layers": 1, "dropout": 0.5, "word_dropout": 0.05, "lr": 2e-3,
    "batch": 16, "epochs": 30, "clip": 5.0, "seed": 7, "threads": 2, "min_train_count": 1,
}


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
    return enc


def _net(enc: Encoder, cfg: dict, vectors: np.ndarray | None, vocab: list[str]):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.word_emb = nn.Embedding(len(enc.words), cfg["word_dim"], padding_idx=0)
            if vectors is not None:
                with torch.no_grad():
                    w = self.word_emb.weight
                    scale = float(w[2:].std())
                    for i, word in enumerate(vocab):
                        j = enc.words[word]
                        w[j] = torch.from_numpy(vectors[i]) * scale * np.sqrt(cfg["word_dim"])
            self.char_emb = nn.Embedding(len(enc.chars), cfg["char_dim"], padding_idx=0)
            self.char_conv = nn.Conv1d(cfg["char_dim"], cfg["char_filters"], cfg["char_width"],
                                       padding=cfg["char_width"] // 2)
            self.feat = nn.ModuleDict({n: nn.Embedding(len(enc.feats[n]), cfg["feat_dim"],
                                                       padding_idx=0) for n in enc.names})
            d_in = cfg["word_dim"] + cfg["char_filters"] + cfg["feat_dim"] * len(enc.names)
            self.lstm = nn.LSTM(d_in, cfg["hidden"], num_layers=cfg["layers"], bidirectional=True,
                                batch_first=True,
                                dropout=cfg["dropout"] if cfg["layers"] > 1 else 0.0)
            self.drop = nn.Dropout(cfg["dropout"])
            self.out = nn.Linear(2 * cfg["hidden"], len(enc.tags))
            k = len(enc.tags)
            self.crf_trans = nn.Parameter(torch.zeros(k, k))
            self.crf_start = nn.Parameter(torch.zeros(k))
            self.crf_end = nn.Parameter(torch.zeros(k))

        def forward(self, w, c, f, lengths):
            b, t = w.shape
            ce = self.char_emb(c.view(b * t, MAX_CHARS)).transpose(1, 2)  # bt, dc, L
            conv = torch.tanh(self.char_conv(ce))  # bt, F, L
            cmask = (c.view(b * t, MAX_CHARS) > 0).unsqueeze(1)
            conv = conv.masked_fill(~cmask, -1e4).max(dim=2).values
            conv = conv.masked_fill(conv < -1e3, 0.0).view(b, t, -1)
            parts = [self.word_emb(w), conv] + [self.feat[n](f[:, :, i]) for i, n in enumerate(enc.names)]
            x = self.drop(torch.cat(parts, dim=2))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

        def nll(self, em, tags, mask):
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
            return (torch.logsumexp(alpha + self.crf_end, dim=1) - gold).sum()

    return Net()


def _batch(items: list[tuple], torch):
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
    return (torch.from_numpy(w), torch.from_numpy(c), torch.from_numpy(f), torch.from_numpy(y),
            mask, torch.tensor(lengths))


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
          log: Callable[[str], None] = print) -> tuple[BiLSTMTagger, dict]:
    """Train on ``train_sents``; with ``dev``, keep the epoch with the best dev F1 (else the
    last). With ``stack`` (per sentence, per token: :func:`rasd.ner.bilstm.stack_facts` of a
    first-stage CRF that did not see the sentence), the network reads those too. Returns the
    numpy tagger and a record of the run."""
    import torch

    cfg = {**DEFAULTS, **(cfg or {})}
    torch.manual_seed(cfg["seed"])
    torch.set_num_threads(cfg["threads"])
    rng = np.random.default_rng(cfg["seed"])
    t0 = time.time()
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
    net = _net(enc, cfg, vectors, vocab)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    order = np.argsort([len(x[0]) for x in data], kind="stable")
    best = (-1.0, 0, None)
    history = []
    for epoch in range(1, cfg["epochs"] + 1):
        net.train()
        # batches of similar length, in a seeded random order
        batches = [order[i:i + cfg["batch"]] for i in range(0, len(order), cfg["batch"])]
        rng.shuffle(batches)
        total = 0.0
        for idx in batches:
            items = [data[i] for i in idx]
            w, c, f, y, mask, lengths = _batch(items, torch)
            if cfg["word_dropout"]:
                drop = torch.from_numpy(rng.random(w.shape) < cfg["word_dropout"])
                w = w.masked_fill(drop & (w > 0), 1)
            em = net(w, c, f, lengths)
            loss = net.nll(em, y, mask) / len(items)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), cfg["clip"])
            opt.step()
            total += float(loss.detach()) * len(items)
        rec = {"epoch": epoch, "loss": round(total / len(data), 3), "s": round(time.time() - t0)}
        if dev:
            f1 = _dev_f1(net, dev, dev_enc, enc, torch)
            rec["dev_f1"] = round(f1, 2)
            if f1 > best[0]:
                best = (f1, epoch, {k: v.clone() for k, v in net.state_dict().items()})
        history.append(rec)
        log(f"  epoch {epoch}: {rec}")
    if dev and best[2] is not None:
        net.load_state_dict(best[2])
    tagger = BiLSTMTagger(export_weights(net, enc), enc, lex, cfg["layers"])
    return tagger, {"config": cfg, "history": history, "best_epoch": best[1] if dev else cfg["epochs"]}


def _dev_f1(net, dev, dev_enc, enc, torch) -> float:
    net.eval()
    pred = []
    with torch.no_grad():
        for i in range(0, len(dev_enc), 64):
            chunk = dev_enc[i:i + 64]
            items = [(w, c, f, np.zeros(len(w), dtype=np.int64)) for w, c, f in chunk]
            w, c, f, _, _, lengths = _batch(items, torch)
            em = net(w, c, f, lengths).numpy()
            tr = net.crf_trans.detach().numpy()
            st = net.crf_start.detach().numpy()
            en = net.crf_end.detach().numpy()
            for k, (wi, _, _) in enumerate(chunk):
                path = viterbi(em[k, :len(wi)], tr, st, en)
                pred.append([enc.tags[j] for j in path])
    return score([tg for _, tg in dev], pred).f1


def save(tagger: BiLSTMTagger, model_dir: Path, record: dict, name: str = "bilstm") -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(model_dir / f"{name}.npz", **{k: v.astype(np.float16) if k == "word_emb" else v
                                                      for k, v in tagger.p.items()})
    (model_dir / f"{name}.json").write_text(json.dumps(
        {"encoder": tagger.encoder.to_json(), "layers": tagger.layers, "training": record},
        ensure_ascii=False) + "\n", encoding="utf-8")
