"""The shipped named-entity recognizer over ANERcorp-style tokens: a first-stage CRF, then a
BiLSTM-CRF that reads the CRF's tags for the whole article (or, for older models, a second CRF).

>>> from rasd.ner import recognize
>>> [(m.kind, m.text) for m in recognize("وقال وزير الخارجية سيرغي لافروف في موسكو")]
[('person', 'سيرغي لافروف'), ('place', 'موسكو')]

The model and its lexicon are loaded once per process (:func:`load`).
"""
from __future__ import annotations

import json
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from rasd.ner.bilstm import BiLSTMTagger, stack_facts
from rasd.ner.conll import chunks
from rasd.ner.consistency import WINDOW, propagate_names, unify_types
from rasd.ner.features import Lexicon, autolex_features, doc_features, load_autolex, sentence_features
from rasd.ner.span_rules import split_conjuncts, trim_nisba_heads
from rasd.ner.tokenize import sentences
from rasd.paths import PACKAGE_DIR
from rasd.records import Mention
from rasd.text.normalize import normalize

MODEL_DIR = PACKAGE_DIR / "ner" / "model"
KIND = {"PERS": "person", "ORG": "org", "LOC": "place", "MISC": "misc"}


def after_tagging(sents: list[list[str]], tags: list[list[str]], lexicon: Lexicon,
                  window: int = WINDOW) -> list[list[str]]:
    """The rules that follow any tagger, over consecutive sentences: the span rules, then (unless
    ``window`` is 0) names propagated within ``window`` sentences and each name's majority type."""
    tags = trim_nisba_heads(sents, split_conjuncts(sents, tags, lexicon), lexicon)
    if window:
        tags = unify_types(sents, propagate_names(sents, tags, lexicon, window), lexicon)
    return tags


@dataclass
class Model:
    """Stage 1 (a CRF) tags each sentence alone; stage 2 re-tags it knowing how the same words
    were tagged in the sentences around it (:func:`rasd.ner.features.doc_features`): the
    BiLSTM-CRF where shipped, else a second CRF, else nothing."""

    stage1: pycrfsuite.Tagger
    stage2: pycrfsuite.Tagger | None
    lexicon: Lexicon
    config: dict
    lock: threading.Lock
    autolex: dict | None = None  # self-tagged news lexicon (stage 2), where shipped
    bilstm: BiLSTMTagger | None = None
    # names tagged once are tagged again where they repeat within this many sentences
    # (:func:`rasd.ner.consistency.propagate_names`), then each name takes its majority type
    # nearby (:func:`rasd.ner.consistency.unify_types`); 0: both off
    consistency_window: int = WINDOW

    def tag_doc(self, sents: list[list[str]]) -> list[list[str]]:
        """Tags of the consecutive sentences of one text (an article, or a corpus in order),
        with the span rules (:mod:`rasd.ner.span_rules`) and label consistency applied."""
        return after_tagging(sents, self._tag_doc(sents), self.lexicon, self.consistency_window)

    def _tag_doc(self, sents: list[list[str]]) -> list[list[str]]:
        lex, cfg = self.lexicon, self.config
        feats = [sentence_features(toks, lex, cfg) if toks else [] for toks in sents]
        with self.lock:  # a crfsuite Tagger is not safe to share between threads
            tags = [self.stage1.tag(fs) if fs else [] for fs in feats]
        if self.bilstm is not None:
            stacks = [stack_facts(st) for st in doc_features(sents, tags, lex)]
            return self.bilstm.tag_many(sents, stacks)
        if self.stage2 is None:
            return tags
        extra = doc_features(sents, tags, lex)
        feats = [[a + b for a, b in zip(fs, es)] for fs, es in zip(feats, extra)]
        if self.autolex is not None:
            extra = autolex_features(sents, lex, self.autolex)
            feats = [[a + b for a, b in zip(fs, es)] for fs, es in zip(feats, extra)]
        with self.lock:
            return [self.stage2.tag(fs) if fs else [] for fs in feats]

    def tag(self, tokens: list[str]) -> list[str]:
        return self.tag_doc([list(tokens)])[0]


def load(model_dir: Path | str | None = None) -> Model:
    """The model in ``model_dir`` (default: the shipped one), loaded once and cached."""
    return _load(str(Path(model_dir) if model_dir else MODEL_DIR))


class ModelError(RuntimeError):
    """The model folder holds a file that cannot be read (truncated, corrupt, wrong format)."""


@lru_cache(maxsize=4)
def _load(model_dir: str) -> Model:
    try:
        return _read_model(Path(model_dir))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
        if isinstance(err, FileNotFoundError):
            raise
        raise ModelError(f"unreadable NER model in {model_dir}: {type(err).__name__}: {err}") from err


def _read_model(d: Path) -> Model:
    path, path1 = d / "ner.crfsuite", d / "ner_stage1.crfsuite"
    if not path.exists() and not path1.exists():
        raise FileNotFoundError(f"no NER model in {d}: run `rasd train ner`")
    meta_path = d / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    lex = Lexicon.load(d)
    bilstm = BiLSTMTagger.load(d, lex) if (d / "bilstm.npz").exists() else None
    if path1.exists():
        stage1, stage2 = _tagger(path1), (_tagger(path) if path.exists() and bilstm is None else None)
    else:
        stage1, stage2 = _tagger(path), None
    autolex = load_autolex(d / "autolex.tsv.gz") if (d / "autolex.tsv.gz").exists() else None
    return Model(stage1, stage2, lex, meta.get("config", {}), threading.Lock(), autolex, bilstm,
                 meta.get("consistency_window", WINDOW))


def _tagger(path: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def tag_tokens(tokens: list[str], model_dir: Path | str | None = None) -> list[str]:
    """BIO tags (``B-PERS``, ``I-LOC``, ``O``...) for one sentence of ANERcorp-style tokens
    (words with their clitics, punctuation apart: :func:`rasd.ner.tokenize.tokenize`)."""
    return load(model_dir).tag(list(tokens))


def recognize(text: str, model_dir: Path | str | None = None) -> list[Mention]:
    """Named entities in ``text`` as mentions with spans in the original ``text``.

    ``kind`` is ``person``, ``org``, ``place`` or ``misc``; ``data["type"]`` holds the ANERcorp
    type (PERS, ORG, LOC, MISC). As in ANERcorp, a span keeps the clitics written on its first
    word (``وموسكو``, ``للأمم المتحدة``); ``data["name"]`` is the normalized name without them
    (``موسكو``, ``الامم المتحده``) and ``data["proclitic"]`` what was taken off ('' if nothing).
    """
    model = load(model_dir)
    sents = sentences(text)
    out: list[Mention] = []
    for sent, tags in zip(sents, model.tag_doc([[t.text for t in s] for s in sents])):
        for i, j, typ in chunks(tags):
            start, end = sent[i].start, sent[j - 1].end
            first = model.lexicon.analyze(sent[i].text)
            rest = [normalize(t.text) for t in sent[i + 1:j]]
            out.append(Mention(kind=KIND.get(typ, typ.lower()), start=start, end=end,
                               text=text[start:end], data={
                                   "type": typ, "source": "ner", "proclitic": first.pro,
                                   "name": " ".join([first.core] + rest)}))
    return out
