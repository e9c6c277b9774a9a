"""Files to :class:`rasd.records.Article`: plain text, JSON Lines, JSON and HTML pages.

Every problem with an input becomes an :class:`IngestError` in the stream and reading goes on with
the next record or file; nothing here raises for bad input.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from rasd.records import Article
from rasd.text.normalize import normalize

from .clean import Cleaned, clean_text
from .dates import parse_stamp, url_date
from .decode import SNIFF, DecodeError, decode_text, looks_binary
from .errors import IngestError
from .outlets import host_of, outlet_for_host

FORMATS = {".txt": "text", ".jsonl": "jsonl", ".json": "json", ".html": "html", ".htm": "html"}

Item = Union[Article, IngestError]
PathLike = Union[str, Path]

_WS = re.compile(r"\s+")


def content_id(text: str) -> str:
    """First 16 hex digits of the SHA-1 of the normalized text: equal reports get equal ids."""
    key = _WS.sub(" ", normalize(text)).strip()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --- finding the files ------------------------------------------------------------------------


def iter_input_files(paths: Iterable[PathLike], skip: Iterable[PathLike] = ()
                     ) -> Iterator[Union[Path, IngestError]]:
    """The files to read, in order: folders walked (sorted, hidden entries skipped), each file once.
    Files in ``skip`` are passed over (the events file a run writes into its own input folder)."""
    seen: set[Path] = {Path(s).resolve() for s in skip}
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(
                (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS
                 and not any(part.startswith(".") for part in f.relative_to(p).parts)),
                key=lambda f: f.relative_to(p).as_posix(),
            )
            candidates = found
        elif p.is_file():
            if p.suffix.lower() not in FORMATS:
                yield IngestError(str(p), None, f"unsupported file type {p.suffix or '(none)'!r}; "
                                  f"expected one of {', '.join(sorted(FORMATS))}")
                continue
            candidates = [p]
        elif p.exists():
            yield IngestError(str(p), None, "not a regular file or folder")
            continue
        else:
            yield IngestError(str(p), None, "no such file or folder")
            continue
        for f in candidates:
            real = f.resolve()
            if real not in seen:
                seen.add(real)
                yield f


def read_inputs(paths: Iterable[PathLike]) -> Iterator[Item]:
    """Articles and errors from every file under ``paths``, in a stable order."""
    for f in iter_input_files(paths):
        if isinstance(f, IngestError):
            yield f
        else:
            yield from read_file(f)


def read_file(path: Path) -> Iterator[Item]:
    display = str(path)
    kind = FORMATS.get(path.suffix.lower(), "text")
    try:
        if kind == "jsonl":  # streamed: a JSON Lines file may be far larger than memory wants
            with open(path, "rb") as f:
                yield from _read_jsonl(f, display)
            return
        data = path.read_bytes()
    except OSError as err:
        yield IngestError(display, None, f"cannot read: {err.strerror or err}")
        return
    if kind == "json":
        yield from _read_json(data, display)
    elif kind == "html":
        yield _read_html(data, display)
    else:
        yield _read_text(data, display, path.stem)


# --- plain text -------------------------------------------------------------------------------


def _read_text(data: bytes, display: str, stem: str) -> Item:
    try:
        raw, encoding = decode_text(data)
    except DecodeError as err:
        return IngestError(display, None, str(err))
    meta = {} if encoding == "utf-8" else {"encoding": encoding}
    return _article(clean_text(raw), display, None, external_id=stem, meta=meta)


# --- JSON Lines and JSON ----------------------------------------------------------------------

_KNOWN = ("id", "url", "outlet", "published", "text", "title")


def _read_jsonl(f: BinaryIO, display: str) -> Iterator[Item]:
    if looks_binary(f.read(SNIFF)):
        yield IngestError(display, None, "binary file (contains NUL bytes), not JSON Lines")
        return
    f.seek(0)
    blank = True
    for lineno, raw in enumerate(f, 1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        blank = False
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield IngestError(display, lineno, f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1})")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield IngestError(display, lineno, f"invalid JSON: {err.msg} at column {err.colno}")
            continue
        yield _from_record(obj, display, lineno)
    if blank:
        yield IngestError(display, None, "empty file")


def _read_json(data: bytes, display: str) -> Iterator[Item]:
    try:
        text, _ = decode_text(data)
    except DecodeError as err:
        yield IngestError(display, None, str(err))
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        yield IngestError(display, err.lineno, f"invalid JSON: {err.msg} at column {err.colno}")
        return
    if isinstance(doc, dict) and "text" in doc:
        doc = [doc]
    if not isinstance(doc, list):
        yield IngestError(display, None, "expected an array of article objects (or one article object)")
        return
    for n, obj in enumerate(doc, 1):
        item = _from_record(obj, display, None)
        if isinstance(item, IngestError):
            item = IngestError(display, None, f"item {n}: {item.reason}")
        else:
            item.meta.setdefault("item", n)
        yield item


def _type_name(v: object) -> str:
    return {list: "array", dict: "object", str: "string", bool: "boolean", type(None): "null"}.get(
        type(v), "number" if isinstance(v, (int, float)) else type(v).__name__)


def _from_record(obj: object, display: str, line: Optional[int]) -> Item:
    if not isinstance(obj, dict):
        return IngestError(display, line, f"not a JSON object (got {_type_name(obj)})")
    if "text" not in obj:
        return IngestError(display, line, "missing field 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        return IngestError(display, line, f"field 'text' must be a string (got {_type_name(text)})")
    if not text.strip():
        return IngestError(display, line, "empty field 'text'")
    for name in ("url", "outlet", "title", "published"):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            return IngestError(display, line, f"field {name!r} must be a string or null (got {_type_name(obj[name])})")
    ext = obj.get("id")
    if ext is not None and (isinstance(ext, bool) or not isinstance(ext, (str, int))):
        return IngestError(display, line, f"field 'id' must be a string or a number (got {_type_name(ext)})")
    meta = {k: v for k, v in obj.items() if k not in _KNOWN}

    cleaned = clean_text(text)
    url = obj.get("url") or None
    published, published_time = parse_stamp(obj.get("published"))
    if obj.get("published") and published is None:
        meta["published_raw"] = obj["published"]  # kept, not trusted: the store holds YYYY-MM-DD
    outlet = obj.get("outlet") or outlet_for_host(host_of(url)) or host_of(url) or cleaned.outlet
    return _article(
        cleaned, display, line,
        external_id=None if ext is None else str(ext),
        title=obj.get("title") or None, outlet=outlet, url=url,
        published=published, published_time=published_time,
        published_from="input" if published else None, meta=meta,
    )


# --- HTML ---------------------------------------------------------------------------------------

_MIN_ARTICLE_WORDS = 8


def _read_html(data: bytes, display: str) -> Item:
    if not data.strip():
        return IngestError(display, None, "empty file")
    if looks_binary(data[:SNIFF]):
        return IngestError(display, None, "binary file (contains NUL bytes), not HTML")
    import trafilatura  # slow to import; only pages need it

    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False,
            # no guessing from copyright lines or file times: a wrong date is worse than none
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura raises assorted lxml/parser errors on broken pages
        return IngestError(display, None, f"could not parse HTML ({type(err).__name__}: {err})")
    body = (doc.text if doc is not None else None) or ""
    if not any(len(ln.split()) >= _MIN_ARTICLE_WORDS for ln in body.split("\n")):
        return IngestError(display, None, "no article text found in the page")
    cleaned = clean_text(body)
    url = doc.url or None
    host = doc.hostname or host_of(url)
    published, _ = parse_stamp(doc.date)
    meta = {k: v for k, v in (("sitename", doc.sitename), ("author", doc.author)) if v}
    return _article(
        cleaned, display, None, external_id=Path(display).stem,
        title=doc.title or None, outlet=outlet_for_host(host) or host, url=url,
        published=published, published_time=_html_time(data, published),
        published_from="page" if published else None, meta=meta,
    )


def _html_time(data: bytes, date: Optional[str]) -> Optional[str]:
    if not date:
        return None
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(data)
    except Exception:  # the time is a nicety; the page already parsed once
        return None
    for value in root.xpath("//meta[@property='article:published_time' or @name='pubdate' "
                            "or @itemprop='datePublished']/@content"):
        d, t = parse_stamp(value)
        if d == date and t:
            return t
    return None


# --- assembling -----------------------------------------------------------------------------------


def _article(
    cleaned: Cleaned, display: str, line: Optional[int], *, external_id: Optional[str],
    title: Optional[str] = None, outlet: Optional[str] = None, url: Optional[str] = None,
    published: Optional[str] = None, published_time: Optional[str] = None,
    published_from: Optional[str] = None, meta: Optional[dict] = None,
) -> Item:
    if not cleaned.text.strip():
        return IngestError(display, line, "no article text left once page furniture is removed")
    meta = dict(meta or {})
    if published is None and url_date(url):
        published, published_from = url_date(url), "url"
    if published is None and cleaned.published:
        published, published_from = cleaned.published, "dateline"
        published_time = cleaned.published_time
    if published_from:
        meta["published_from"] = published_from
    if cleaned.place:
        meta.setdefault("dateline_place", cleaned.place)
    return Article(
        id=content_id(cleaned.text),
        text=cleaned.text,
        title=title or cleaned.title,
        outlet=outlet or cleaned.outlet,
        url=url,
        published=published,
        published_time=published_time,
        source_file=display,
        source_line=line,
        external_id=external_id,
        meta=meta,
    )
