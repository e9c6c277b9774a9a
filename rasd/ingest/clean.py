"""Page furniture out, metadata the text states recovered.

Cleaning removes whole lines (widgets, captions, "read also" links, signatures, datelines, repeated
lines) and a few stamps glued to the start of a line; it never edits inside a sentence, so every
sentence of the report is a verbatim substring of the cleaned text.
"""
from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rasd.text.normalize import normalize, normalize_key

from .dates import find_dates, find_time, leftover_words
from .outlets import outlet_named, self_referenced_outlet

_DATA = Path(__file__).parent / "data" / "furniture.toml"


@dataclass
class Cleaned:
    text: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    published_time: Optional[str] = None
    place: Optional[str] = None  # a dateline's place ("لندن:", "... | 11:07 دمشق"), never an outlet
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Rules:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    tag_prefixes: tuple[str, ...]
    masthead: frozenset[str]
    sections: frozenset[str]
    caption_max_words: int
    credits: tuple[str, ...]
    signature_suffixes: frozenset[str]
    signature_max_words: int
    fragments: tuple[re.Pattern, ...]


def _key(s: str) -> str:
    return normalize_key(s).lower()


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    with open(_DATA, "rb") as f:
        d = tomllib.load(f)
    lines = d["lines"]
    return _Rules(
        exact=frozenset(_key(s) for s in lines["exact"]),
        prefixes=tuple(_key(s) for s in lines["prefixes"]),
        tag_prefixes=tuple(_key(s) + (" " if s.endswith(" ") else "") for s in lines["tag_prefixes"]),
        masthead=frozenset(_key(s) for s in lines["masthead_labels"]),
        sections=frozenset(_key(s) for s in lines["section_labels"]),
        caption_max_words=int(d["captions"]["max_words"]),
        credits=tuple(_key(s) for s in d["captions"]["credits"]),
        signature_suffixes=frozenset(_key(s) for s in d["signatures"]["suffixes"]),
        signature_max_words=int(d["signatures"]["max_words"]),
        fragments=tuple(re.compile(p) for p in d["fragments"]["leading"]),
    )


# --- HTML residue -----------------------------------------------------------------------------

_TAG = re.compile(r"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>", re.S)
_BLOCK_TAG = re.compile(r"(?i)</?(?:p|br|div|h[1-6]|li|ul|ol|tr|table|blockquote|section|article)\b[^<>]*>")


def strip_tags(text: str) -> str:
    """Text with HTML tags gone: block tags become line breaks, entities are decoded."""
    if not _TAG.search(text):
        return text
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


# --- line tests -------------------------------------------------------------------------------

_WORDS = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?؟…\"”»)]\s*$")
_SEPARATORS = re.compile(r"\s*[-–—ـ/|:()\[\]]+\s*")
_SIGNED_PREFIX = re.compile(r"^([^:.،]{2,60}?[-–—][^:.،]{1,40}):\s+(?=\S)")
_PLACE_PREFIX = re.compile(r"^([^\W\d_]{2,}(?: [^\W\d_]{2,})?)\s*:\s+\S")


def _nwords(line: str) -> int:
    return len(_WORDS.findall(line))


def _is_body(line: str) -> bool:
    """A sentence of the report rather than a headline, byline or stamp."""
    n = _nwords(line)
    return n >= 25 or (n >= 8 and bool(_SENTENCE_END.search(line)))


def _is_title(line: str) -> bool:
    # Headlines are short, carry no Arabic comma and end without punctuation; a first sentence
    # broken over two lines by the page has commas, a Hijri stamp ("13 شوال 1439") has one word.
    words = _WORDS.findall(line)
    lettered = [w for w in words if _LETTER.search(w)]
    return (len(words) <= 20 and len(lettered) >= 3 and "،" not in line
            and not re.search(r"[.،,:؛]\s*$", line))


def _has_credit(chunk: str, credits: tuple[str, ...]) -> bool:
    padded = " " + re.sub(r"[\W_]+", " ", chunk) + " "
    return any(" " + c + " " in padded for c in credits)


def _is_caption(line: str, rules: _Rules) -> bool:
    if _nwords(line) > rules.caption_max_words:
        return False
    key = normalize(line).lower().strip()  # not normalize_key: it trims the closing parenthesis
    m = re.search(r"\(([^()]*)\)\s*$", key)
    if m and _has_credit(m.group(1), rules.credits):
        return True
    m = re.search(r"\s[-–—]\s*([^-–—]+)$", key)
    return bool(m and _key(m.group(1)) in rules.credits)


def _furniture(key: str, line: str, rules: _Rules) -> bool:
    if key in rules.exact:
        return True
    if _nwords(line) <= 25 and any(key.startswith(p) for p in rules.prefixes):
        return True
    if _nwords(line) <= 20 and not line.rstrip().endswith((".", "؟", "!", "?")) \
            and any(key.startswith(p) for p in rules.tag_prefixes):
        return True
    return _is_caption(line, rules)


def _signature(line: str, rules: _Rules, in_header: bool) -> Optional[str]:
    """The outlet a signature line names ("تلفزيون سوريا - متابعات", "وطن اف ام", "درعا-سانا")."""
    if _nwords(line) > rules.signature_max_words:
        return None
    whole = outlet_named(line)
    if whole:
        return whole
    chunks = [c for c in _SEPARATORS.split(line) if c.strip()]
    if len(chunks) < 2:
        return None
    # "سانا: الجيش يستعيد بلدة ..." is a headline quoting the outlet, not its signature
    if max(_nwords(c) for c in chunks) > 3:
        return None
    for chunk in chunks:
        named = outlet_named(chunk)
        if named:
            return named
    if in_header and len(chunks) == 2 and _key(chunks[1]) in rules.signature_suffixes:
        name = chunks[0].strip()
        if _LETTER.search(name) and not find_dates(name):
            return name  # an outlet rasd does not know, as the page writes it
    return None


# --- the cleaner ------------------------------------------------------------------------------


def clean_text(raw: str) -> Cleaned:
    """Furniture removed and metadata recovered; see the module docstring for what is touched."""
    rules = _rules()
    text = strip_tags(raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    lines = [ln.strip() for ln in text.split("\n")]
    out = Cleaned(text="")

    for i, ln in enumerate(lines):
        for frag in rules.fragments:
            m = frag.search(ln)
            if m and m.end() > m.start():
                out.removed.append(ln[m.start():m.end()])
                if find_dates(m.group(0)) and out.published is None:
                    out.published = find_dates(m.group(0))[0].date
                ln = ln[: m.start()] + ln[m.end():]
        lines[i] = ln.strip()

    drop: list[Optional[str]] = [None] * len(lines)  # why each line goes
    seen: set[str] = set()
    after_masthead = False
    for i, ln in enumerate(lines):
        if not ln:
            continue
        key = _key(ln)
        if after_masthead and _nwords(ln) <= 4:
            drop[i] = "masthead"
        elif key in rules.masthead:
            drop[i] = "masthead"
        elif _furniture(key, ln, rules):
            drop[i] = "furniture"
        elif key in seen:
            drop[i] = "repeat"
        after_masthead = key in rules.masthead
        seen.add(key)

    present = [i for i, ln in enumerate(lines) if ln and drop[i] is None]
    for i in present:  # section labels above the headline
        if _key(lines[i]) in rules.sections:
            drop[i] = "section"
        else:
            break

    present = [i for i, ln in enumerate(lines) if ln and drop[i] is None]
    first_body = next((i for i in present if _is_body(lines[i])), None)
    header = [i for i in present if first_body is None or i < first_body]
    if first_body is None:
        header = header[:6]

    # datelines: a header line that is a date (with weekday, time, place or outlet) and nothing else
    for i in header:
        dates = find_dates(lines[i])
        if not dates:
            continue
        if out.published is None:
            out.published = dates[0].date
            out.published_time = find_time(lines[i])
        rest = " ".join(leftover_words(lines[i], dates[0]))
        # beside the date only a place ("دمشق") or the outlet ("عمران نت"): a headline that
        # mentions a date has more to say than that
        if len(rest.split()) <= 2 or outlet_named(rest):
            drop[i] = "dateline"
            if rest and out.place is None and not outlet_named(rest):
                out.place = rest
    if out.published is None and first_body is not None:
        # a dateline run into the first sentence ("الخرطوم، السبت، 29 أبريل/نيسان 2023، ...")
        dates = find_dates(lines[first_body][:150])
        if dates:
            out.published = dates[0].date

    tail = [i for i in present if drop[i] is None][-2:]
    for i in sorted(set(header) | set(tail)):
        name = _signature(lines[i], rules, in_header=i in header)
        if name:
            drop[i] = drop[i] or "signature"
            if out.outlet is None:
                out.outlet = name

    for i in header:
        if drop[i] is None and _is_title(lines[i]):
            out.title = lines[i]
            break

    if first_body is not None:
        # a signature glued to the first sentence ("هادي آل كليب- سبق- الرياض: اطمأن ..."): the
        # byline, the outlet and the place are no words of the report
        m = _SIGNED_PREFIX.match(lines[first_body])
        name = _signature(m.group(1), rules, in_header=True) if m else None
        if name:
            out.removed.append(m.group(0).strip())
            lines[first_body] = lines[first_body][m.end():]
            if out.outlet is None:
                out.outlet = name
            last = [c for c in _SEPARATORS.split(m.group(1)) if c.strip()][-1].strip()
            if out.place is None and not outlet_named(last) and _key(last) not in rules.signature_suffixes \
                    and _nwords(last) <= 2:
                out.place = last

    if first_body is not None and out.place is None:
        m = _PLACE_PREFIX.match(lines[first_body])
        if m and not outlet_named(m.group(1)):
            out.place = m.group(1)

    kept: list[str] = []
    for i, ln in enumerate(lines):
        if drop[i] is not None:
            out.removed.append(ln)
            continue
        if not ln and (not kept or not kept[-1]):
            continue
        if ln and not _LETTER.search(ln) and not find_dates(ln):
            out.removed.append(ln)  # a bare counter ("48") left by a widget
            continue
        kept.append(ln)
    while kept and not kept[-1]:
        kept.pop()
    out.text = "\n".join(kept)
    if out.outlet is None:
        out.outlet = self_referenced_outlet(normalize(out.text))
    return out
