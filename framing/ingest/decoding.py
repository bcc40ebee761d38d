"""Byte decoding for what researchers actually have: UTF-8 (with or without BOM), UTF-16/32 with
BOM, and Windows-1256 (Arabic/Persian Windows code page), with binary files recognised."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BinaryContent(ValueError):
    """The bytes are not text."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # e.g. "decoded as windows-1256"


def bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside a UTF-16/32 file) or many control bytes mean binary content."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole file or record. Raises :class:`BinaryContent` for non-text bytes."""
    enc = bom_encoding(data)
    if enc:
        text = data.decode(enc, errors="strict")
        return Decoded(text.lstrip("\ufeff"), enc, None if enc == "utf-8-sig" else f"decoded as {enc} (BOM)")
    if looks_binary(data):
        raise BinaryContent("binary content (NUL or control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_arabic_script(text):
        return Decoded(text, "windows-1256", "decoded as windows-1256 (not valid UTF-8)")
    raise BinaryContent(
        f"not valid UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) and not Windows-1256 Persian text"
    )


def _plausible_arabic_script(text: str) -> bool:
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return False
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic / letters > 0.3 and len(_CONTROL.findall(text)) < 0.01 * len(text) + 1


def line_decoder(first_bytes: bytes):
    """A per-line decoder for line-oriented files (JSONL/CSV) chosen from the file's start.

    Returns ``(encoding, decode)`` where ``decode(line_bytes)`` returns ``(text, note)`` and raises
    :class:`BinaryContent` for a line that is not text in any supported encoding.
    """
    enc = bom_encoding(first_bytes)
    if enc and enc.startswith("utf-16") or enc == "utf-32":
        return enc, None  # not line-splittable as bytes: the caller decodes the whole file

    def decode(line: bytes) -> tuple[str, str | None]:
        try:
            return line.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        if b"\x00" in line:
            raise BinaryContent("NUL bytes in line")
        text = line.decode("cp1256", errors="strict") if _cp1256_ok(line) else None
        if text is not None and _plausible_arabic_script(text):
            return text, "line decoded as windows-1256"
        raise BinaryContent("line is neither UTF-8 nor Windows-1256 text")

    return enc or "utf-8", decode


def _cp1256_ok(data: bytes) -> bool:
    try:
        data.decode("cp1256")
        return True
    except UnicodeDecodeError:
        return False
