"""Word clusters learned from unlabeled Arabic news (training time only).

Brown clustering is too slow for the time budget, so: count the words of SaudiNewsNet, strip
proclitics with those counts (:meth:`rasd.ner.features.Lexicon.analyze`), build a directional
±2 co-occurrence matrix over the most frequent cores, weight it with positive PMI (context
distribution smoothed, alpha 0.75), reduce it with a seeded randomized SVD and cluster the unit
word vectors with k-means at several granularities. All in numpy, a few minutes on two cores,
deterministic (fixed seed, sorted inputs, frequency-ordered initial centroids).
"""
from __future__ import annotations

import json
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from rasd.ner.features import Lexicon
from rasd.ner.tokenize import tokenize
from rasd.paths import data_path
from rasd.text.normalize import normalize


def saudinewsnet_texts() -> Iterator[str]:
    zips = sorted(data_path("saudinewsnet", "dataset").glob("*.zip"))
    if not zips:
        raise FileNotFoundError("no SaudiNewsNet zips under shared/data/saudinewsnet/dataset")
    for zp in zips:
        with zipfile.ZipFile(zp) as z:
            for name in sorted(z.namelist()):
                for art in json.loads(z.read(name)):
                    for key in ("title", "content"):
                        t = art.get(key)
                        if t:
                            yield t


def count_corpus(log: Callable[[str], None] = print) -> tuple[list[list[str]], Counter]:
    """Normalized token lists (one per text) and the count of each normalized form."""
    t0 = time.time()
    norm_cache: dict[str, str] = {}
    docs: list[list[str]] = []
    counts: Counter = Counter()
    for text in saudinewsnet_texts():
        toks = []
        for tok in tokenize(text):
            s = tok.text
            n = norm_cache.get(s)
            if n is None:
                n = normalize(s)
                norm_cache[s] = n
            toks.append(n)
        counts.update(toks)
        docs.append(toks)
    log(f"  saudinewsnet: {len(docs)} texts, {sum(counts.values()):,} tokens, "
        f"{len(counts):,} types ({time.time() - t0:.0f}s)")
    return docs, counts


def _randomized_svd(m: np.ndarray, k: int, rng: np.random.Generator, n_iter: int = 3):
    omega = rng.standard_normal((m.shape[1], k + 20)).astype(np.float32)
    y = m @ omega
    for _ in range(n_iter):
        q, _ = np.linalg.qr(y)
        z, _ = np.linalg.qr(m.T @ q)
        y = m @ z
    q, _ = np.linalg.qr(y)
    b = q.T @ m
    ub, s, _ = np.linalg.svd(b, full_matrices=False)
    u = q @ ub
    # fix the sign of each component (largest absolute entry positive) for stable output
    signs = np.sign(u[np.abs(u).argmax(axis=0), np.arange(u.shape[1])])
    signs[signs == 0] = 1
    return (u * signs)[:, :k], s[:k]


def kmeans(x: np.ndarray, k: int, iters: int = 20) -> np.ndarray:
    """Spherical k-means; initial centroids are the first k rows (the most frequent words)."""
    cent = x[:k].copy()
    assign = np.zeros(len(x), dtype=np.int32)
    for _ in range(iters):
        for s in range(0, len(x), 8192):
            assign[s:s + 8192] = (x[s:s + 8192] @ cent.T).argmax(axis=1)
        new = np.zeros_like(cent)
        np.add.at(new, assign, x)
        norms = np.linalg.norm(new, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        new[~empty] /= norms[~empty]
        new[empty] = cent[empty]
        cent = new
    return assign


def word_vectors(
    docs: list[list[str]],
    lex: Lexicon,
    n_words: int = 40000,
    n_context: int = 4000,
    dim: int = 100,
    seed: int = 13,
    log: Callable[[str], None] = print,
) -> tuple[list[str], np.ndarray]:
    """The ``n_words`` most frequent cores and their unit-length PPMI-SVD vectors."""
    t0 = time.time()
    # the corpus as cores (proclitics stripped), so وبغداد and بغداد share a vector
    core_of: dict[str, str] = {}
    core_counts: Counter = Counter()
    for toks in docs:
        for t in toks:
            c = core_of.get(t)
            if c is None:
                c = lex.analyze(t).core
                core_of[t] = c
        core_counts.update(core_of[t] for t in toks)
    ranked = sorted(core_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = [w for w, _ in ranked[:n_words]]
    index = {w: i for i, w in enumerate(vocab)}
    ids_list = []
    for toks in docs:
        ids_list.append(np.fromiter((index.get(core_of[t], -1) for t in toks), dtype=np.int32,
                                    count=len(toks)))
        ids_list.append(np.array([-1, -1], dtype=np.int32))  # document break
    ids = np.concatenate(ids_list)
    log(f"  cores: {len(core_counts):,} types; vocabulary {len(vocab):,} ({time.time() - t0:.0f}s)")

    width = 2 * n_context
    cooc = np.zeros((len(vocab), width), dtype=np.float32)
    for d, weight in ((1, 1.0), (2, 0.5)):
        left, right = ids[:-d], ids[d:]
        # right context of `left` word: column = right id (if a context word)
        m = (left >= 0) & (right >= 0) & (right < n_context)
        np.add.at(cooc, (left[m], n_context + right[m]), weight)  # right neighbour
        m = (left >= 0) & (right >= 0) & (left < n_context)
        np.add.at(cooc, (right[m], left[m]), weight)  # left neighbour
    log(f"  co-occurrence {cooc.shape} ({time.time() - t0:.0f}s)")

    total = cooc.sum()
    row = cooc.sum(axis=1, keepdims=True)
    col = cooc.sum(axis=0, keepdims=True) ** 0.75
    col /= col.sum()
    with np.errstate(divide="ignore"):
        np.divide(cooc, row / total + 1e-30, out=cooc)
        np.divide(cooc, col * total + 1e-30, out=cooc)
        np.log(cooc, out=cooc, where=cooc > 0)
    cooc[~(cooc > 0)] = 0  # positive PMI (log of ratios <= 1 and empty cells)
    log(f"  ppmi ({time.time() - t0:.0f}s)")

    rng = np.random.default_rng(seed)
    u, s = _randomized_svd(cooc, dim, rng)
    del cooc
    vec = (u * np.sqrt(s)).astype(np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-12
    log(f"  svd {vec.shape} ({time.time() - t0:.0f}s)")
    return vocab, vec


def build_clusters(
    docs: list[list[str]],
    lex: Lexicon,
    n_words: int = 40000,
    n_context: int = 4000,
    dim: int = 100,
    ks: tuple[int, ...] = (64, 256, 1024),
    seed: int = 13,
    log: Callable[[str], None] = print,
) -> dict[str, tuple[str, ...]]:
    t0 = time.time()
    vocab, vec = word_vectors(docs, lex, n_words, n_context, dim, seed, log)
    assigns = []
    for k in ks:
        assigns.append(kmeans(vec, k))
        log(f"  k-means k={k} ({time.time() - t0:.0f}s)")
    return {w: tuple(str(int(a[i])) for a in assigns) for i, w in enumerate(vocab)}
