"""ANERcorp reading and entity-level scoring with the rules of CoNLL's ``conlleval``.

A chunk starts at ``B-X``, or at ``I-X`` after a tag of another type or ``O`` (IOB1 and IOB2 both
read right), and runs while ``I-X`` follows. A predicted chunk counts only if a gold chunk has
exactly the same first token, last token and type: a partial span is wrong.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from rasd.ingest.errors import IngestError
from rasd.paths import data_path

TYPES = ("PERS", "LOC", "ORG", "MISC")
Sentence = tuple[list[str], list[str]]  # tokens, tags
_TAG = re.compile(r"^(O|[BI]-[A-Z_]+)$")
T = TypeVar("T")


def anercorp_path(split: str) -> Path:
    return data_path("anercorp", f"ANERCorp_CamelLabSplit_reconstructed_{split}.txt")


def read_conll(path: Path, problems: list[IngestError] | None = None) -> list[Sentence]:
    """Sentences of a ``token TAG`` file (blank line = sentence break). A token may hold a space.
    A sentence with a line that is not UTF-8, or whose last field is not a tag
    (``O``/``B-X``/``I-X``), is skipped, and the line is reported in ``problems`` (file, line,
    reason): one bad line costs its sentence, not the corpus."""
    def parse(line: str) -> tuple[str, str, str]:
        tok, _, tag = line.rpartition(" ")
        return tok, tag, "" if _TAG.match(tag) else f"not 'token TAG': {line[:60]!r}"

    return _read_blocks(path, parse, [] if problems is None else problems)


def read_anercorp(split: str, problems: list[IngestError] | None = None) -> list[Sentence]:
    return read_conll(anercorp_path(split), problems)


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, _, typ = tag.partition("-")
    return prefix, typ


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` for each chunk of a tag sequence, ``end`` exclusive."""
    out: list[tuple[int, int, str]] = []
    start = None
    cur = ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, typ = _split(tag)
        # end of the running chunk?
        if start is not None and (prefix in ("O", "B") or typ != cur):
            out.append((start, i, cur))
            start = None
        # start of a new one?
        if prefix in ("B", "I") and start is None:
            start, cur = i, typ
    return out


def to_bioes(tags: list[str]) -> list[str]:
    """BIO tags as BIOES: a one-token name is S-, a longer one ends in E- (a tagger then learns
    where names end as well as where they start)."""
    out = ["O"] * len(tags)
    for start, end, typ in chunks(tags):
        if end - start == 1:
            out[start] = "S-" + typ
        else:
            out[start:end] = ["B-" + typ] + ["I-" + typ] * (end - start - 2) + ["E-" + typ]
    return out


def to_bio(tags: list[str]) -> list[str]:
    """BIOES (or BIO, unchanged) tags as BIO."""
    return ["B-" + t[2:] if t.startswith("S-") else "I-" + t[2:] if t.startswith("E-") else t
            for t in tags]


@dataclass
class Score:
    tp: dict[str, int] = field(default_factory=dict)
    n_pred: dict[str, int] = field(default_factory=dict)
    n_gold: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    tokens_correct: int = 0

    def add(self, gold: list[str], pred: list[str]) -> None:
        if len(gold) != len(pred):
            raise ValueError(f"{len(gold)} gold tags but {len(pred)} predicted")
        g = set(chunks(gold))
        p = set(chunks(pred))
        for _, _, t in g:
            self.n_gold[t] = self.n_gold.get(t, 0) + 1
        for _, _, t in p:
            self.n_pred[t] = self.n_pred.get(t, 0) + 1
        for _, _, t in g & p:
            self.tp[t] = self.tp.get(t, 0) + 1
        self.tokens += len(gold)
        self.tokens_correct += sum(a == b for a, b in zip(gold, pred))

    def prf(self, typ: str | None = None) -> tuple[float, float, float]:
        """Precision, recall, F1 in percent, for one type or (``None``) overall."""
        if typ is None:
            tp, np_, ng = (sum(d.values()) for d in (self.tp, self.n_pred, self.n_gold))
        else:
            tp, np_, ng = self.tp.get(typ, 0), self.n_pred.get(typ, 0), self.n_gold.get(typ, 0)
        p = 100.0 * tp / np_ if np_ else 0.0
        r = 100.0 * tp / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def types(self) -> list[str]:
        seen = set(self.n_gold) | set(self.n_pred)
        return [t for t in TYPES if t in seen] + sorted(seen - set(TYPES))

    @property
    def f1(self) -> float:
        return self.prf()[2]


def score(gold: list[list[str]], pred: list[list[str]]) -> Score:
    s = Score()
    for g, p in zip(gold, pred, strict=True):
        s.add(g, p)
    return s


# Wojood's 21 nested types onto ANERcorp's four, following ANERcorp's own practice: countries and
# cities are LOC, currencies, events and products MISC (ANERcorp tags دولار and اليورو MISC);
# nationalities (NORP), jobs, dates and numbers are not names there, so they become O.
WOJOOD_TYPES = {"PERS": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
                "EVENT": "MISC", "PRODUCT": "MISC", "CURR": "MISC"}
WOJOOD_SPLITS = ("train", "val", "test")
WOJOOD_BREAK = "$#$"  # Wojood's paragraph marker inside a sentence, not a token of the text


def read_wojood(path: Path, types: dict[str, str] = WOJOOD_TYPES,
                problems: list[IngestError] | None = None) -> list[Sentence]:
    """Sentences of a Wojood file (``token TAG [TAG ...]``, one tag column per nesting level)
    with flat ANERcorp tags: of the nested chunks whose type maps (``types``), the outermost
    wins, so a ministry inside a job title ("سكرتير اللجنة القومية") stays an ORG. A sentence
    with a line that is not UTF-8 or has a tag that is not ``O``/``B-X``/``I-X`` is skipped, and
    the line is reported in ``problems``."""
    out: list[Sentence] = []
    for toks, levels in _read_nested(path, [] if problems is None else problems):
        flat = ["O"] * len(toks)
        depth = max((len(lv) for lv in levels), default=0)
        for d in range(depth):
            column = [lv[d] if d < len(lv) else "O" for lv in levels]
            for a, b, typ in chunks(column):
                mapped = types.get(typ)
                if mapped and all(t == "O" for t in flat[a:b]):
                    flat[a:b] = ["B-" + mapped] + ["I-" + mapped] * (b - a - 1)
        keep = [i for i, t in enumerate(toks) if t != WOJOOD_BREAK]
        if keep:
            out.append(([toks[i] for i in keep], [flat[i] for i in keep]))
    return out


def _read_nested(path: Path, problems: list[IngestError]) -> list[tuple[list[str], list[list[str]]]]:
    def parse(line: str) -> tuple[str, list[str], str]:
        parts = line.split()
        wrong = [t for t in parts[1:] if not _TAG.match(t)]
        return parts[0], parts[1:] or ["O"], f"not a tag: {wrong[0]!r}" if wrong else ""

    return _read_blocks(path, parse, problems)


def _read_blocks(path: Path, parse: Callable[[str], tuple[str, T, str]],
                 problems: list[IngestError]) -> list[tuple[list[str], list[T]]]:
    """Blank-line separated sentences of ``path``, each line ``parse``d into a token, its tags and
    what is wrong with it (empty if nothing). A line that is not UTF-8 or that ``parse`` finds
    wrong is reported in ``problems`` and costs its sentence only."""
    out: list[tuple[list[str], list[T]]] = []
    toks: list[str] = []
    tags: list[T] = []
    bad = False
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8").rstrip("\n").rstrip("\r")
            except UnicodeDecodeError as err:
                line, reason = "", f"not UTF-8 (byte 0x{raw[err.start]:02x})"
            else:
                if not line.strip():
                    if toks and not bad:
                        out.append((toks, tags))
                    toks, tags, bad = [], [], False
                    continue
                tok, tag, reason = parse(line)
            if reason:
                problems.append(IngestError(str(path), number, reason + "; sentence skipped"))
                bad = True
                continue
            toks.append(tok)
            tags.append(tag)
    if toks and not bad:
        out.append((toks, tags))
    return out


def read_wojood_sample(problems: list[IngestError] | None = None) -> list[Sentence]:
    """All of the public Wojood sample in ``../shared/data/wojood-sample`` (its train, val and
    test files: none of it is ANERcorp, so all of it can train)."""
    out: list[Sentence] = []
    for split in WOJOOD_SPLITS:
        out.extend(read_wojood(data_path("wojood-sample", f"{split}.txt"), problems=problems))
    return out
