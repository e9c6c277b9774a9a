"""Near-duplicate reports (mirrors, lightly edited re-publications) by MinHash LSH.

Near-duplicates are linked, never dropped: two outlets carrying one wire story are two reports.
"""
from __future__ import annotations

import re
from typing import Iterable, Protocol

from datasketch import MinHash, MinHashLSH

from rasd.text.normalize import normalize

THRESHOLD = 0.7
NUM_PERM = 128
SHINGLE = 3

_TOKEN = re.compile(r"\w+")


class _HasText(Protocol):
    id: str
    text: str


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Word ``size``-grams of the normalized text (the whole text for one shorter than that)."""
    words = _TOKEN.findall(normalize(text))
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def find_near_duplicates(articles: Iterable[_HasText], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """``(id_a, id_b, similarity)`` for each pair at or above ``threshold``, ``id_a < id_b``, sorted.

    LSH only proposes candidates; the similarity returned is the exact Jaccard of the two shingle
    sets, so a pair is never reported on the strength of a lucky hash.
    """
    sets: dict[str, set[str]] = {}
    for a in articles:
        s = shingles(a.text)
        if s:
            sets.setdefault(a.id, s)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    for key, s in sets.items():
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([x.encode("utf-8") for x in s])
        lsh.insert(key, m)
        hashes[key] = m
    pairs: set[tuple[str, str]] = set()
    for key, m in hashes.items():
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    out = []
    for a, b in sorted(pairs):
        sim = jaccard(sets[a], sets[b])
        if sim >= threshold:
            out.append((a, b, round(sim, 4)))
    return out
