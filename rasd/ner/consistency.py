"""Label consistency within an article, after tagging.

A name the tagger found once is usually the same kind of name when it comes again a few
sentences later, where the tagger may miss it (a surname alone, a club in a list of results).
:func:`propagate_names` tags those later (and earlier) occurrences: every untagged run of tokens
whose clitic-free cores spell a name tagged within ``window`` sentences gets that name's type
(the majority type, when it was tagged more than one way). Only untagged tokens change, longest
name first, so what the tagger found stays as it was.

:func:`unify_types` then settles names tagged with different types in one text ("نيسان" a
company in four sentences, a person in one): each occurrence takes the type the same name has
most often within ``TYPE_WINDOW`` sentences, when that type outnumbers its own.
"""
from __future__ import annotations

from collections import Counter

from rasd.ner.conll import chunks
from rasd.ner.features import Lexicon

WINDOW = 5  # sentences either side (chosen on the dev tenth of the train split, with 20 and all)
MAX_NAME = 6  # tokens
TYPE_WINDOW = 20  # sentences either side (chosen on the dev tenth, with 5 and the whole text)


def _tagged_names(sents: list[list[str]], tags: list[list[str]], lex: Lexicon,
                  max_len: int | None = None
                  ) -> tuple[list[list[str]], dict[tuple[str, ...], list[tuple[int, str]]]]:
    """The clitic-free cores of every token, and each tagged name (its cores, up to
    ``max_len`` tokens) with the sentences and types it was tagged with."""
    cores = [[lex.analyze(t).core for t in toks] for toks in sents]
    found: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for s, (cs, ts) in enumerate(zip(cores, tags)):
        for i, j, typ in chunks(ts):
            if max_len is None or j - i <= max_len:
                found.setdefault(tuple(cs[i:j]), []).append((s, typ))
    return cores, found


def propagate_names(sents: list[list[str]], tags: list[list[str]], lex: Lexicon,
                    window: int = WINDOW) -> list[list[str]]:
    """``tags`` with the untagged repeats of names tagged nearby tagged too (new lists)."""
    cores, found = _tagged_names(sents, tags, lex, MAX_NAME)
    first = {name[0] for name in found}
    out = []
    for s, (cs, ts) in enumerate(zip(cores, tags)):
        ts = list(ts)
        i = 0
        while i < len(cs):
            hit = None
            if ts[i] == "O" and cs[i] in first:
                for n in range(min(MAX_NAME, len(cs) - i), 0, -1):
                    if any(t != "O" for t in ts[i:i + n]):
                        continue
                    if i + n < len(ts) and ts[i + n].startswith("I-"):
                        continue  # would cut into the name that follows
                    near = [typ for k, typ in found.get(tuple(cs[i:i + n]), ()) if abs(k - s) <= window]
                    if near:
                        hit = (n, Counter(near).most_common(1)[0][0])
                        break
            if hit is None:
                i += 1
                continue
            n, typ = hit
            ts[i:i + n] = ["B-" + typ] + ["I-" + typ] * (n - 1)
            i += n
        out.append(ts)
    return out


def unify_types(sents: list[list[str]], tags: list[list[str]], lex: Lexicon,
                window: int = TYPE_WINDOW) -> list[list[str]]:
    """``tags`` with each name retyped to the majority type of that name within ``window``
    sentences, where it has a strict majority over the name's own type (new lists; spans are
    kept as they are)."""
    cores, seen = _tagged_names(sents, tags, lex)
    out = []
    for s, (cs, ts) in enumerate(zip(cores, tags)):
        ts = list(ts)
        for i, j, typ in chunks(ts):
            votes = Counter(t for k, t in seen[tuple(cs[i:j])] if abs(k - s) <= window)
            best, n = votes.most_common(1)[0]
            if best != typ and n > votes[typ]:
                ts[i:j] = ["B-" + best] + ["I-" + best] * (j - i - 1)
        out.append(ts)
    return out
