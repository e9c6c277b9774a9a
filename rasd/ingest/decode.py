"""Bytes to text, refusing what is not text.

Arabic pages saved by older Windows tools come in cp1256; nearly every byte sequence decodes as
cp1256, so a cp1256 reading is accepted only when it looks like Arabic text.
"""
from __future__ import annotations

import codecs
import re

SNIFF = 8192

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f]")


class DecodeError(ValueError):
    """The reason a file is not readable text."""


def looks_binary(head: bytes) -> bool:
    # UTF-16 text is full of NULs too; it is let through when it says so with a BOM.
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``; raises :class:`DecodeError` with a reason fit for the user."""
    if not data.strip():
        raise DecodeError("empty file")
    if looks_binary(data[:SNIFF]):
        raise DecodeError("binary file (contains NUL bytes), not text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"), "utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise DecodeError(f"not valid UTF-16 despite its byte-order mark ({err.reason})") from None
    try:
        return _checked(data.decode("utf-8-sig"), "UTF-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_reason = f"byte 0x{data[err.start]:02x} at offset {err.start}"
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_arabic(text):
        return _checked(text, "cp1256"), "cp1256"
    raise DecodeError(
        f"not UTF-8 ({utf8_reason}) and does not read as Arabic in cp1256 either; "
        "re-save it as UTF-8"
    )


def _checked(text: str, encoding: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 1000):
        raise DecodeError(f"binary file ({controls} control characters once read as {encoding}), not text")
    if not text.strip():
        raise DecodeError("empty file")
    return text


def _plausible_arabic(text: str) -> bool:
    # A real cp1256 file is mostly Arabic letters among its non-ASCII characters; random bytes
    # read as cp1256 give a mix of Arabic, Latin accents and symbols.
    non_ascii = len(_NON_ASCII_LETTER.findall(text))
    if non_ascii == 0:
        return False
    return len(_ARABIC.findall(text)) / non_ascii >= 0.8
