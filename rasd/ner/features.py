"""Token features for the CRF tagger.

Every feature is computed from the normalized token (:func:`rasd.text.normalize.normalize`) and
three small resources shipped beside the model (:class:`Lexicon`):

* word counts from unlabeled news, used by the light clitic stripper (:meth:`Lexicon.analyze`):
  a proclitic (``و ف ب ل ك`` and their combinations, with or without the article) is split off
  only when the remaining core is a more frequent word than the whole form, so ``وبغداد`` gives
  ``بغداد`` but ``بغداد`` keeps its ``ب``;
* word clusters at several granularities (learned from the same news, see
  :mod:`rasd.ner.clusters`), looked up by the clitic-free core;
* the ANERGazet gazetteers (locations, persons, organizations) plus Syria's governorate and
  district names, matched on single tokens and as multi-token names.

:func:`sentence_features` gives the first stage's features, :func:`doc_features` the second
stage's (how the same words were tagged in the surrounding sentences).
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from rasd.text.normalize import normalize

_AR = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"^[^\w]+$")

# Proclitic sequences: conjunction (و ف), then preposition (ب ل ك); the future marker (س) never
# stands before a name, so it is left out. The article stays in the core (بالعراق -> العراق).
_PRO_SIMPLE = ["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"]
_ENCLITICS = ["هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا"]


@dataclass(frozen=True)
class Analysis:
    norm: str  # normalized token
    pro: str  # proclitics split off ('' if none); 'لل' stands for ل + ال
    core: str  # the word without proclitics, article kept (الشام, بغداد)
    stem: str  # core without the article and a pronoun suffix


@dataclass
class Lexicon:
    counts: dict[str, int] = field(default_factory=dict)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gaz_single: dict[str, str] = field(default_factory=dict)  # form -> types (sorted letters)
    gaz_multi: dict[tuple[str, ...], str] = field(default_factory=dict)
    gaz_maxlen: int = 1
    _cache: dict[str, Analysis] = field(default_factory=dict, repr=False)
    _gaz_first: tuple[int, set[str]] | None = field(default=None, repr=False)

    # ---------------------------------------------------------------- clitics
    def count(self, w: str) -> int:
        return self.counts.get(w, 0)

    def _core(self, w: str) -> tuple[str, str]:
        if len(w) < 3 or not _AR.match(w):
            return "", w
        cw = self.count(w)
        best = ("", w, cw)
        for p in _PRO_SIMPLE:
            if not w.startswith(p):
                continue
            rest = w[len(p):]
            cands = []
            if len(rest) >= 3 or (len(rest) == 2 and len(p) == 1 and p in "وف"):
                cands.append((p, rest))
            if p.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
                cands.append((p + "ل", "ا" + rest))  # ل + الX written للX
            for pro, core in cands:
                c = self.count(core)
                if core.startswith("ال") and len(core) >= 4:
                    # article forms: trust the split more (بالعراق, والقاهرة)
                    ok = c > cw or (c >= 5 and cw < 5)
                else:
                    ok = c > 2 * cw and c >= 5
                if ok and c > best[2]:
                    best = (pro, core, c)
        return best[0], best[1]

    def analyze(self, token: str) -> Analysis:
        a = self._cache.get(token)
        if a is not None:
            return a
        norm = normalize(token)
        pro, core = self._core(norm)
        stem = core
        if stem.startswith("ال") and len(stem) >= 4:
            stem = stem[2:]
        for e in _ENCLITICS:
            if stem.endswith(e) and len(stem) - len(e) >= 3:
                rest = stem[: -len(e)]
                if self.count(rest) + self.count("ال" + rest) > 2 * self.count(core) + 5:
                    stem = rest
                break
        a = Analysis(norm, pro, core, stem)
        if len(self._cache) < 500_000:
            self._cache[token] = a
        return a

    # ---------------------------------------------------------------- lookups
    def cluster(self, a: Analysis) -> tuple[str, ...] | None:
        for k in (a.core, a.norm, "ال" + a.stem, a.stem):
            c = self.clusters.get(k)
            if c is not None:
                return c
        return None

    def gaz_tags(self, analyses: list[Analysis]) -> list[str]:
        """Per token: '' or e.g. 'B-L' / 'I-P' for the longest multi-token gazetteer match."""
        n = len(analyses)
        out = [""] * n
        if not self.gaz_multi:
            return out
        if self._gaz_first is None or self._gaz_first[0] != len(self.gaz_multi):
            self._gaz_first = (len(self.gaz_multi), {k[0] for k in self.gaz_multi})
        first = self._gaz_first[1]
        i = 0
        while i < n:
            if analyses[i].core not in first:  # no multi-word name starts with this word
                i += 1
                continue
            hit = 0
            typ = ""
            for ln in range(min(self.gaz_maxlen, n - i), 1, -1):
                key = (analyses[i].core,) + tuple(a.norm for a in analyses[i + 1:i + ln])
                t = self.gaz_multi.get(key)
                if t is None:
                    key = (analyses[i].core,) + tuple(a.core for a in analyses[i + 1:i + ln])
                    t = self.gaz_multi.get(key)
                if t is not None:
                    hit, typ = ln, t
                    break
            if hit:
                out[i] = "B-" + typ
                for j in range(i + 1, i + hit):
                    out[j] = "I-" + typ
                i += hit
            else:
                i += 1
        return out

    def gaz_single_types(self, a: Analysis) -> str:
        for k in (a.norm, a.core, a.stem, "ال" + a.stem):
            t = self.gaz_single.get(k)
            if t:
                return t
        return ""

    # ---------------------------------------------------------------- files
    @classmethod
    def load(cls, model_dir: Path) -> "Lexicon":
        lex = cls()
        with gzip.open(model_dir / "lexicon.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                lex.counts[parts[0]] = int(parts[1])
                if len(parts) > 2 and parts[2]:
                    lex.clusters[parts[0]] = tuple(parts[2].split(","))
        gz = model_dir / "gazetteer.tsv.gz"
        if gz.exists():
            with gzip.open(gz, "rt", encoding="utf-8") as fh:
                for line in fh:
                    typ, name = line.rstrip("\n").split("\t")
                    lex.add_gazetteer_name(name, typ)
        return lex

    def add_gazetteer_name(self, name: str, typ: str) -> None:
        words = tuple(name.split())
        if not words:
            return
        if len(words) == 1:
            cur = self.gaz_single.get(words[0], "")
            if typ not in cur:
                self.gaz_single[words[0]] = "".join(sorted(cur + typ))
        else:
            cur = self.gaz_multi.get(words, "")
            if typ not in cur:
                self.gaz_multi[words] = "".join(sorted(cur + typ))
            self.gaz_maxlen = max(self.gaz_maxlen, len(words))


def shape(w: str) -> str:
    if _PUNCT.match(w):
        return "P"
    if _DIGIT.search(w):
        return "D" if w.replace(".", "").replace(",", "").replace("%", "").isdigit() else "d"
    if _LATIN.search(w):
        return "L"
    if _AR.search(w):
        return "A"
    return "X"


def _bucket(c: int) -> str:
    if c == 0:
        return "0"
    return str(min(c.bit_length(), 16) // 2)


# Feature groups; a config switches them on and off (tuned on the dev split).
DEFAULT_CONFIG = {
    "window": 2,
    "clusters": True,
    "gazetteer": True,
    "affixes": True,
    "bigrams": True,
    "counts": True,
    "far_clusters": 2,  # how many cluster granularities (coarsest first) the ±2 tokens carry
    "char_ngrams": False,  # character 3-grams inside the stem, 4-character affixes
    "cluster_conj": True,  # cluster bigrams with the neighbours, cluster x proclitic
}


def sentence_features(tokens: list[str], lex: Lexicon, config: dict | None = None) -> list[list[str]]:
    """One list of string features per token (pycrfsuite's ItemSequence accepts these)."""
    cfg = DEFAULT_CONFIG if config is None else {**DEFAULT_CONFIG, **config}
    an = [lex.analyze(t) for t in tokens]
    n = len(an)
    use_cl = cfg["clusters"]
    use_gaz = cfg["gazetteer"]
    cls = [lex.cluster(a) for a in an] if use_cl else [None] * n
    gsingle = [lex.gaz_single_types(a) for a in an] if use_gaz else [""] * n
    gmulti = lex.gaz_tags(an) if use_gaz else [""] * n
    shapes = [shape(a.norm) for a in an]
    win = cfg["window"]
    far_cl = cfg["far_clusters"]

    out: list[list[str]] = []
    for i, a in enumerate(an):
        w = a.norm
        f = [
            "b",
            "w=" + w,
            "c=" + a.core,
            "s=" + a.stem,
            "pro=" + a.pro,
            "sh=" + shapes[i],
            "len=" + str(min(len(a.stem), 10)),
            "al=" + ("1" if a.core.startswith("ال") else "0"),
        ]
        if cfg["affixes"]:
            for k in (1, 2, 3):
                if len(w) > k:
                    f.append(f"p{k}={w[:k]}")
                    f.append(f"x{k}={w[-k:]}")
                if len(a.stem) > k:
                    f.append(f"sx{k}={a.stem[-k:]}")
                    f.append(f"sp{k}={a.stem[:k]}")
        if cfg["char_ngrams"]:
            st = a.stem
            if len(st) > 4:
                f.append("p4=" + st[:4])
                f.append("x4=" + st[-4:])
            for k in range(1, len(st) - 3):
                f.append("cg=" + st[k:k + 3])
        if cfg["counts"]:
            f.append("cnt=" + _bucket(lex.count(a.core)))
        if use_cl:
            c = cls[i]
            if c is None:
                f.append("cl=none")
            else:
                for g, cid in enumerate(c):
                    f.append(f"cl{g}={cid}")
        if use_gaz:
            for t in gsingle[i]:
                f.append("g=" + t)
            if gmulti[i]:
                f.append("gm=" + gmulti[i])
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in range(-win, win + 1):
            if d == 0:
                continue
            j = i + d
            if j < 0 or j >= n:
                f.append(f"{d}:pad")
                continue
            b = an[j]
            f.append(f"{d}:c={b.core}")
            if abs(d) == 1:
                f.append(f"{d}:w={b.norm}")
                f.append(f"{d}:s={b.stem}")
                f.append(f"{d}:pro={b.pro}")
                f.append(f"{d}:sh={shapes[j]}")
                if cfg["affixes"]:
                    f.append(f"{d}:x2={b.stem[-2:]}")
            if use_cl and cls[j] is not None:
                for g, cid in enumerate(cls[j]):
                    if abs(d) == 1 or g < far_cl:
                        f.append(f"{d}:cl{g}={cid}")
            if use_gaz:
                for t in gsingle[j]:
                    f.append(f"{d}:g={t}")
                if gmulti[j] and abs(d) == 1:
                    f.append(f"{d}:gm={gmulti[j]}")
        if cfg["cluster_conj"] and use_cl:
            c = cls[i]
            cid = c[1] if c else "none"
            f.append(f"clpro={cid}|{a.pro}")
            if i > 0:
                p = cls[i - 1]
                f.append(f"clbg-={p[1] if p else 'none'}|{cid}")
            if i < n - 1:
                q = cls[i + 1]
                f.append(f"clbg+={cid}|{q[1] if q else 'none'}")
        if cfg["bigrams"]:
            if i > 0:
                f.append(f"bg-={an[i - 1].core}|{a.core}")
            if i < n - 1:
                f.append(f"bg+={a.core}|{an[i + 1].core}")
        out.append(f)
    return out


# --------------------------------------------------------------------------- second stage
DOC_WINDOW = 10  # sentences either side that count as the same "document"
DOC_NEIGHBOURS = True  # also the document majorities of the previous and next token


def _types_of(tags: list[str]) -> list[str]:
    return [t[2:] if t != "O" else "O" for t in tags]


def doc_features(sents: list[list[str]], stage1: list[list[str]], lex: Lexicon,
                 window: int | None = None) -> list[list[list[str]]]:
    """Extra features from a first-stage tagging of the surrounding text.

    For each token: its own and its neighbours' first-stage tags, and how the other occurrences
    of its core within ``window`` sentences either side were tagged (label consistency within an
    article: a name tagged PERS once is a PERS the next time too).
    """
    window = DOC_WINDOW if window is None else window
    cores = [[lex.analyze(t).core for t in toks] for toks in sents]
    types = [_types_of(tags) for tags in stage1]
    per_sent: list[dict[str, dict[str, int]]] = []
    for cs, ts in zip(cores, types):
        d: dict[str, dict[str, int]] = {}
        for c, t in zip(cs, ts):
            e = d.setdefault(c, {})
            e[t] = e.get(t, 0) + 1
        per_sent.append(d)
    out: list[list[list[str]]] = []
    n = len(sents)
    for s in range(n):
        lo, hi = max(0, s - window), min(n, s + window + 1)
        need = set(cores[s])
        agg: dict[str, dict[str, int]] = {c: {} for c in need}
        for k in range(lo, hi):
            for c, e in per_sent[k].items():
                if c in need:
                    a = agg[c]
                    for t, v in e.items():
                        a[t] = a.get(t, 0) + v
        tags = stage1[s]
        m = len(tags)
        majors: list[str] = []
        feats = []
        for i, (c, t) in enumerate(zip(cores[s], types[s])):
            f = ["s1=" + tags[i],
                 "s1-=" + (tags[i - 1] if i > 0 else "BOS"),
                 "s1+=" + (tags[i + 1] if i + 1 < m else "EOS")]
            others = dict(agg[c])
            others[t] -= 1
            tot = sum(others.values())
            best = ""
            if tot > 0 and len(c) > 1 and shape(c) in ("A", "L"):
                best = max(sorted(others), key=lambda k: others[k])
                f.append("dm=" + best)
                f.append(f"dm={best}|s1={t}")
                for k in sorted(others):
                    if k != "O" and others[k] > 0:
                        f.append("dh=" + k)
                ne = tot - others.get("O", 0)
                f.append("dfr=" + str(round(4 * ne / tot)))
            majors.append(best)
            feats.append(f)
        for i, f in enumerate(feats if DOC_NEIGHBOURS else ()):  # neighbours' majorities
            if i > 0 and majors[i - 1]:
                f.append("dm-1=" + majors[i - 1])
            if i + 1 < m and majors[i + 1]:
                f.append("dm+1=" + majors[i + 1])
        out.append(feats)
    return out



# --------------------------------------------------------------------------- self-tagged lexicon
def count_tags(sents: list[list[str]], tags: list[list[str]], lex: Lexicon) -> dict[str, dict[str, int]]:
    """How often a tagger tagged each core with each type (or O), for the cores it tagged as part
    of an entity at least once: a lexicon of likely names learned from unlabeled text."""
    counts: dict[str, dict[str, int]] = {}
    for toks, ts in zip(sents, tags):
        for tok, t in zip(toks, _types_of(ts)):
            c = lex.analyze(tok).core
            e = counts.setdefault(c, {})
            e[t] = e.get(t, 0) + 1
    return {c: e for c, e in counts.items() if set(e) - {"O"} and len(c) > 1}


def autolex_features(sents: list[list[str]], lex: Lexicon,
                     autolex: dict[str, dict[str, int]]) -> list[list[list[str]]]:
    """Per token: how the self-tagged news lexicon saw its core (majority type, entity share)."""
    out = []
    for toks in sents:
        feats = []
        for tok in toks:
            e = autolex.get(lex.analyze(tok).core)
            if not e:
                feats.append([])
                continue
            tot = sum(e.values())
            best = max(sorted(e), key=lambda k: e[k])
            ne = tot - e.get("O", 0)
            f = ["ax=" + best, "axf=" + str(round(4 * ne / tot)), "axn=" + str(min(tot, 64).bit_length())]
            for k in sorted(e):
                if k != "O" and e[k] * 3 >= tot:
                    f.append("axh=" + k)
            feats.append(f)
        out.append(feats)
    return out


def save_autolex(path: Path, autolex: dict[str, dict[str, int]]) -> None:
    with open(path, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as raw:
        for c in sorted(autolex):
            if "\t" in c or "\n" in c:
                continue
            e = autolex[c]
            raw.write((c + "\t" + ",".join(f"{k}:{e[k]}" for k in sorted(e)) + "\n").encode("utf-8"))


def load_autolex(path: Path) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            c, _, rest = line.rstrip("\n").partition("\t")
            out[c] = {k: int(v) for k, v in (kv.split(":") for kv in rest.split(","))}
    return out
