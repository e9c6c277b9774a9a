"""A BiLSTM-CRF tagger whose run time is plain numpy (training is in :mod:`rasd.ner.bilstm_train`).

Each token is read as: the vector of its clitic-free core (initialized from PPMI-SVD vectors
learned here from unlabeled news), a character CNN over its normalized form (prefixes,
suffixes and the shape of foreign names), and small embeddings of discrete facts from the
:class:`~rasd.ner.features.Lexicon`: the proclitic, gazetteer membership (single word and
longest multi-word match), shape, frequency bucket and word clusters. A bidirectional LSTM reads
the sentence; a linear layer gives per-tag scores and a CRF layer (transition scores) picks the
best tag sequence by Viterbi.

The weights live in one ``.npz`` with a JSON vocabulary file beside it, so using the model needs
neither torch nor a GPU.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rasd.ner.conll import to_bio
from rasd.ner.features import Lexicon, _bucket, shape

MAX_CHARS = 24
FEATURES = ("pro", "gaz", "gazm", "shape", "bucket", "cl0", "cl1", "cl2")
# what a first-stage CRF said (:func:`rasd.ner.features.doc_features`): the token's tag and its
# neighbours', and how the other occurrences of its word in the article were tagged
STACK_FEATURES = ("s1", "s1-", "s1+", "dm", "dfr")


def stack_facts(doc_feats: list[list[str]]) -> list[dict[str, str]]:
    """The stacked facts of one sentence from its ``doc_features`` strings."""
    out = []
    for fs in doc_feats:
        d = {}
        for f in fs:
            k, _, v = f.partition("=")
            if k in STACK_FEATURES and "|" not in v:
                d[k] = v
        out.append(d)
    return out


@dataclass
class Encoder:
    """Maps tokens to the integer inputs of the network. Index 0 is padding, 1 unknown."""

    words: dict[str, int] = field(default_factory=dict)
    chars: dict[str, int] = field(default_factory=dict)
    feats: dict[str, dict[str, int]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    stacked: bool = False  # reads a first-stage CRF's tags (STACK_FEATURES) too
    n_pretrained: int = 0  # word ids below this have a pretrained vector (the language models' input)

    @property
    def names(self) -> tuple[str, ...]:
        return FEATURES + STACK_FEATURES if self.stacked else FEATURES

    def word_key(self, lex: Lexicon, token: str) -> str:
        a = lex.analyze(token)
        for k in (a.core, a.norm, "ال" + a.stem, a.stem):
            if k in self.words:
                return k
        return a.core

    def token_facts(self, lex: Lexicon, tokens: list[str]) -> list[dict[str, str]]:
        analyses = [lex.analyze(t) for t in tokens]
        multi = lex.gaz_tags(analyses)
        out = []
        for a, m in zip(analyses, multi):
            cl = lex.cluster(a) or ("", "", "")
            out.append({
                "pro": a.pro, "gaz": lex.gaz_single_types(a), "gazm": m, "shape": shape(a.norm),
                "bucket": _bucket(lex.count(a.core)),
                "cl0": cl[0], "cl1": cl[1] if len(cl) > 1 else "", "cl2": cl[2] if len(cl) > 2 else "",
            })
        return out

    def encode(self, lex: Lexicon, tokens: list[str], stack: list[dict[str, str]] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(words[n], chars[n, MAX_CHARS], feats[n, len(names)])`` for one sentence."""
        n = len(tokens)
        w = np.zeros(n, dtype=np.int64)
        c = np.zeros((n, MAX_CHARS), dtype=np.int64)
        names = self.names
        f = np.zeros((n, len(names)), dtype=np.int64)
        facts_all = self.token_facts(lex, tokens)
        if self.stacked:
            for facts, extra in zip(facts_all, stack or [{}] * n):
                for name in STACK_FEATURES:
                    facts[name] = extra.get(name, "")
        for i, (tok, facts) in enumerate(zip(tokens, facts_all)):
            w[i] = self.words.get(self.word_key(lex, tok), 1)
            norm = lex.analyze(tok).norm
            for j, ch in enumerate(norm[:MAX_CHARS]):
                c[i, j] = self.chars.get(ch, 1)
            for k, name in enumerate(names):
                f[i, k] = self.feats[name].get(facts[name], 1)
        return w, c, f

    def to_json(self) -> dict:
        return {"words": self.words, "chars": self.chars, "feats": self.feats, "tags": self.tags,
                "stacked": self.stacked, "n_pretrained": self.n_pretrained}

    @classmethod
    def from_json(cls, d: dict) -> "Encoder":
        return cls(d["words"], d["chars"], d["feats"], d["tags"], d.get("stacked", False),
                   d.get("n_pretrained", 0))

    def lm_inputs(self, lex: Lexicon, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Word ids (unknown unless pretrained) and proclitic ids, the language models' input."""
        w = np.fromiter((self.words.get(self.word_key(lex, t), 1) for t in tokens), dtype=np.int64,
                        count=len(tokens))
        w[w >= self.n_pretrained] = 1
        pro = self.feats["pro"]
        p = np.fromiter((pro.get(lex.analyze(t).pro, 1) for t in tokens), dtype=np.int64,
                        count=len(tokens))
        return w, p


# the tokens of the sentences just before and just after a sentence, for the language models
Context = tuple[list[str], list[str]]


def neighbours(sents: list[list[str]], width: int = 1) -> list[Context]:
    """For each sentence of a text, the tokens of up to ``width`` sentences before and after it."""
    return [([t for s in sents[max(0, k - width):k] for t in s],
             [t for s in sents[k + 1:k + 1 + width] for t in s]) for k in range(len(sents))]


def is_shared(key: str) -> bool:
    """Weights an ensemble's members share: the word table and the language models."""
    return key == "word_emb" or key.startswith("lm_")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _pad(rows: list[np.ndarray], steps: int) -> np.ndarray:
    """Per-sentence ``[n_i, d]`` arrays as one zero-padded ``[B, steps, d]`` batch."""
    out = np.zeros((len(rows), steps, rows[0].shape[1]), dtype=np.float32)
    for k, r in enumerate(rows):
        out[k, :len(r)] = r
    return out


def _reverse_within(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each row's first ``length`` steps reversed, the padding after them left in place."""
    t = np.arange(x.shape[1])[None, :]
    idx = np.where(t < lengths[:, None], lengths[:, None] - 1 - t, t)
    return np.take_along_axis(x, idx[:, :, None], axis=1)


def lstm_batch(x: np.ndarray, lengths: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray,
               b: np.ndarray, reverse: bool = False) -> np.ndarray:
    """One direction of a PyTorch-layout LSTM (gates i, f, g, o) over a padded batch
    ``x[B, T, d]`` of sentences of ``lengths``: one step for the whole batch at a time (the
    per-step cost of numpy calls is shared); padded steps give zeros."""
    if reverse:
        x = _reverse_within(x, lengths)
    bsz, steps, _ = x.shape
    hdim = w_hh.shape[1]
    pre = x @ w_ih.T + b
    h = np.zeros((bsz, hdim), dtype=np.float32)
    c = np.zeros((bsz, hdim), dtype=np.float32)
    out = np.zeros((bsz, steps, hdim), dtype=np.float32)
    w_hh_t = w_hh.T
    for t in range(steps):
        g = pre[:, t] + h @ w_hh_t
        i, f, gg, o = g[:, :hdim], g[:, hdim:2 * hdim], g[:, 2 * hdim:3 * hdim], g[:, 3 * hdim:]
        c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(gg)
        h_new = _sigmoid(o) * np.tanh(c_new)
        live = (t < lengths)[:, None]
        c = np.where(live, c_new, c)
        h = np.where(live, h_new, h)
        out[:, t] = np.where(live, h_new, 0.0)
    return _reverse_within(out, lengths) if reverse else out


def viterbi(em: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    n, k = em.shape
    score = start + em[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans  # from x to
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + em[t]
    score = score + end
    best = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


class BiLSTMTagger:
    """Numpy forward pass of a network trained by :mod:`rasd.ner.bilstm_train`."""

    def __init__(self, weights: dict[str, np.ndarray], encoder: Encoder, lexicon: Lexicon,
                 layers: int = 1, members: list[dict[str, np.ndarray]] | None = None):
        self.p = {k: v.astype(np.float32) for k, v in weights.items()}
        self.encoder = encoder
        self.lexicon = lexicon
        self.layers = layers
        # an ensemble: networks trained alike from other seeds, each with its own weights over
        # the shared word table and language models; their tag scores and transition scores
        # are averaged, so one Viterbi pass decodes the ensemble
        shared = {k: v for k, v in self.p.items() if is_shared(k)}
        self.members = [self.p] + [{**shared, **{k: v.astype(np.float32) for k, v in m.items()}}
                                   for m in members or []]
        self.crf = tuple(np.mean([m[k] for m in self.members], axis=0)
                         for k in ("crf_trans", "crf_start", "crf_end") if k in self.p)
        self._char_cache: list[dict[str, np.ndarray]] = [{} for _ in self.members]
        self._char_ids: dict[str, int] | None = None  # the character language models' alphabet

    @classmethod
    def ensemble(cls, taggers: list["BiLSTMTagger"]) -> "BiLSTMTagger":
        """One tagger averaging ``taggers`` (trained alike: same encoder, word table and
        language models)."""
        first = taggers[0]
        for t in taggers[1:]:
            if t.encoder.to_json() != first.encoder.to_json() or any(
                    not np.array_equal(t.p[k], v) for k, v in first.p.items() if is_shared(k)):
                raise ValueError("ensemble members must share the encoder, word table and language models")
        return cls(first.p, first.encoder, first.lexicon, first.layers,
                   [{k: v for k, v in t.p.items() if not is_shared(k)} for t in taggers[1:]])

    @classmethod
    def load(cls, model_dir: Path, lexicon: Lexicon, name: str = "bilstm") -> "BiLSTMTagger":
        d = json.loads((model_dir / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(model_dir / f"{name}.npz") as z:
            weights = {k: z[k] for k in z.files}
        if "word_emb_q" in weights:
            weights["word_emb"] = weights.pop("word_emb_q").astype(np.float32) * weights.pop("word_emb_scale")
        members: dict[int, dict[str, np.ndarray]] = {}
        for key in [k for k in weights if k.startswith("m") and "." in k]:
            k, _, rest = key.partition(".")
            members.setdefault(int(k[1:]), {})[rest] = weights.pop(key)
        return cls(weights, Encoder.from_json(d["encoder"]), lexicon, d.get("layers", 1),
                   [members[k] for k in sorted(members)])

    def _char_features(self, tokens: list[str], c: np.ndarray, member: int = 0) -> np.ndarray:
        """Character CNN (convolution, tanh, max over the characters), cached per token."""
        p, cache = self.members[member], self._char_cache[member]
        out = np.empty((len(tokens), p["char_conv_b"].shape[0]), dtype=np.float32)
        todo = [i for i, t in enumerate(tokens) if t not in cache]
        if todo:
            cc = c[todo]
            ce = p["char_emb"][cc]  # m, L, dc
            f, dc, k = p["char_conv_w"].shape
            pad = k // 2
            cp = np.pad(ce, ((0, 0), (pad, pad), (0, 0)))
            windows = np.concatenate([cp[:, j:j + MAX_CHARS] for j in range(k)], axis=2)  # m, L, k*dc
            w2 = p["char_conv_w"].transpose(2, 1, 0).reshape(k * dc, f)
            conv = np.tanh(windows @ w2 + p["char_conv_b"])
            conv = np.where((cc > 0)[:, :, None], conv, -1e4)
            cmax = conv.max(axis=1)
            cmax[cmax < -1e3] = 0
            for row, i in enumerate(todo):
                if len(cache) < 200_000:
                    cache[tokens[i]] = cmax[row]
                out[i] = cmax[row]
        for i, t in enumerate(tokens):
            v = cache.get(t)
            if v is not None:
                out[i] = v
        return out

    def _char_lm_batch(self, sents: list[list[str]]) -> list[np.ndarray]:
        """``[forward state after the token, backward state before it]`` per token from the
        character language models (when the model has them): each reads the sentence as one
        string of normalized tokens between single spaces, and a token's state is the one at
        the space after it (forward) or before it (backward), having read the whole word."""
        p = self.p
        if self._char_ids is None:
            self._char_ids = {chr(int(cp)): i + 2 for i, cp in enumerate(p["lm_char_vocab"])}
        ids, starts, ends = [], [], []
        for toks in sents:
            text, st, en = " ", [], []
            for t in toks:
                st.append(len(text) - 1)
                text += self.lexicon.analyze(t).norm
                en.append(len(text))
                text += " "
            ids.append(np.fromiter((self._char_ids.get(ch, 1) for ch in text), dtype=np.int64,
                                   count=len(text)))
            starts.append(np.array(st))
            ends.append(np.array(en))
        lengths = np.array([len(a) for a in ids])
        x = _pad([p["lm_char_emb"][a] for a in ids], int(lengths.max()))
        fw = lstm_batch(x, lengths, p["lm_char_fw_w_ih"], p["lm_char_fw_w_hh"], p["lm_char_fw_b"])
        bw = lstm_batch(x, lengths, p["lm_char_bw_w_ih"], p["lm_char_bw_w_hh"], p["lm_char_bw_b"],
                        reverse=True)
        return [np.concatenate([fw[k, en], bw[k, st]], axis=1)
                for k, (st, en) in enumerate(zip(starts, ends))]

    def lm_states(self, tokens: list[str], context: Context | None = None) -> np.ndarray:
        """``[forward LM state, backward LM state]`` per token (the pretrained language models);
        with ``context``, the word models read the sentences before and after it too."""
        return self._lm_batch([tokens], np.array([len(tokens)]), [context])[0]

    def _lm_batch(self, sents: list[list[str]], lengths: np.ndarray,
                  contexts: list[Context | None] | None = None) -> np.ndarray:
        if contexts and any(contexts):
            # the word models over before + sentence + after, each sentence's own steps kept
            wide = [list(c[0]) + toks + list(c[1]) if c else toks for toks, c in zip(sents, contexts)]
            states = self._lm_batch(wide, np.array([len(w) for w in wide]))
            out = np.zeros((len(sents), int(lengths.max()), states.shape[2]), dtype=np.float32)
            for k, (toks, c) in enumerate(zip(sents, contexts)):
                lo = len(c[0]) if c else 0
                out[k, :len(toks)] = states[k, lo:lo + len(toks)]
            return out
        p = self.p
        rows = []
        for toks in sents:
            w, pro = self.encoder.lm_inputs(self.lexicon, toks)
            rows.append(np.concatenate([p["word_emb"][w], p["lm_pro_emb"][pro]], axis=1))
        x = _pad(rows, int(lengths.max()))
        fw = lstm_batch(x, lengths, p["lm_fw_w_ih"], p["lm_fw_w_hh"], p["lm_fw_b"])
        bw = lstm_batch(x, lengths, p["lm_bw_w_ih"], p["lm_bw_w_hh"], p["lm_bw_b"], reverse=True)
        if "lm_char_fw_w_ih" not in p:
            return np.concatenate([fw, bw], axis=2)
        chars = _pad(self._char_lm_batch(sents), x.shape[1])
        return np.concatenate([fw, bw, chars], axis=2)

    def _token_inputs(self, tokens: list[str], encoded: tuple[np.ndarray, np.ndarray, np.ndarray],
                      member: int = 0) -> np.ndarray:
        """Per token: word vector, character CNN, lexicon embeddings (no context yet), from
        :meth:`Encoder.encode`'s arrays."""
        p = self.members[member]
        w, c, f = encoded
        parts = [p["word_emb"][w], self._char_features(tokens, c, member)]
        for i, name in enumerate(self.encoder.names):
            parts.append(p[f"feat_{name}"][f[:, i]])
        return np.concatenate(parts, axis=1).astype(np.float32)

    def emissions_batch(self, sents: list[list[str]],
                        stacks: list[list[dict[str, str]] | None],
                        contexts: list[Context | None] | None = None) -> list[np.ndarray]:
        """Tag scores ``[n_i, tags]`` of several non-empty sentences, run as one padded batch
        (the mean over the ensemble's members)."""
        lengths = np.array([len(t) for t in sents])
        steps = int(lengths.max())
        lm = self._lm_batch(sents, lengths, contexts) if "lm_fw_w_ih" in self.p else None
        encoded = [self.encoder.encode(self.lexicon, t, s) for t, s in zip(sents, stacks)]
        em = None
        for member, p in enumerate(self.members):
            x = _pad([self._token_inputs(t, e, member) for t, e in zip(sents, encoded)], steps)
            if lm is not None:
                x = np.concatenate([x, lm], axis=2)
            for layer in range(self.layers):
                fw = lstm_batch(x, lengths, p[f"lstm_w_ih_l{layer}"], p[f"lstm_w_hh_l{layer}"],
                                p[f"lstm_b_ih_l{layer}"] + p[f"lstm_b_hh_l{layer}"])
                bw = lstm_batch(x, lengths, p[f"lstm_w_ih_l{layer}_reverse"],
                                p[f"lstm_w_hh_l{layer}_reverse"],
                                p[f"lstm_b_ih_l{layer}_reverse"] + p[f"lstm_b_hh_l{layer}_reverse"],
                                reverse=True)
                x = np.concatenate([fw, bw], axis=2)
            if "hidden_w" in p:
                x = np.tanh(x @ p["hidden_w"].T + p["hidden_b"])
            out = x @ p["out_w"].T + p["out_b"]
            em = out if em is None else em + out
        em /= len(self.members)
        return [em[k, :n] for k, n in enumerate(lengths)]

    def emissions(self, tokens: list[str], stack: list[dict[str, str]] | None = None) -> np.ndarray:
        return self.emissions_batch([tokens], [stack])[0]

    def tag_many(self, sents: list[list[str]], stacks: list[list[dict[str, str]] | None] | None = None,
                 batch: int = 32, contexts: list[Context | None] | None = None) -> list[list[str]]:
        """Tags of many sentences (empty ones included), in batches of similar length."""
        stacks = stacks if stacks is not None else [None] * len(sents)
        contexts = contexts if contexts is not None else [None] * len(sents)
        out: list[list[str]] = [[] for _ in sents]
        order = sorted((k for k, t in enumerate(sents) if t), key=lambda k: len(sents[k]))
        for lo in range(0, len(order), batch):
            idx = order[lo:lo + batch]
            ems = self.emissions_batch([sents[k] for k in idx], [stacks[k] for k in idx],
                                       [contexts[k] for k in idx])
            for k, em in zip(idx, ems):
                out[k] = to_bio([self.encoder.tags[i] for i in viterbi(em, *self.crf)])
        return out

    def tag(self, tokens: list[str], stack: list[dict[str, str]] | None = None) -> list[str]:
        if not tokens:
            return []
        return to_bio([self.encoder.tags[i] for i in viterbi(self.emissions(tokens, stack), *self.crf)])
