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


def sniff_encoding(open_stream, *, chunk: int = 1 << 20) -> Decoded:
    """The encoding :func:`decode_bytes` would choose for a whole file, found by streaming it
    (``open_stream()`` returns a fresh binary stream) instead of holding it: the BOM, else UTF-8
    when every byte of the file is valid UTF-8, else Windows-1256 when that reads as Persian or
    Arabic text. Returns a :class:`Decoded` with empty ``text``; raises :class:`BinaryContent`
    like :func:`decode_bytes` (and :class:`EmptyContent` for a file with no bytes)."""
    with open_stream() as fh:
        head = fh.read(8192)
        if not head:
            raise EmptyContent("empty file")
        enc = bom_encoding(head)
        if enc:
            return Decoded("", enc, None if enc == "utf-8-sig" else f"decoded as {enc} (BOM)")
        if looks_binary(head):
            raise BinaryContent("binary content (NUL or control bytes), not text")
        dec = codecs.getincrementaldecoder("utf-8")()
        offset, data = 0, head
        try:
            while data:
                dec.decode(data)
                offset += len(data)
                data = fh.read(chunk)
            dec.decode(b"", final=True)
            return Decoded("", "utf-8")
        except UnicodeDecodeError as exc:
            utf8_error = f"byte {offset + exc.start}: {exc.reason}" if exc.start is not None else exc.reason
    # not UTF-8: Windows-1256 decodes every byte; is it plausibly Persian/Arabic text?
    letters = arabic = controls = length = 0
    with open_stream() as fh:
        for data in iter(lambda: fh.read(chunk), b""):
            text = data.decode("cp1256")
            length += len(text)
            letters += sum(1 for c in text if c.isalpha())
            arabic += sum(map(len, _ARABIC_RUN.findall(text)))
            controls += len(_CONTROL.findall(text))
    if letters and arabic / letters > 0.3 and controls < 0.01 * length + 1:
        return Decoded("", "windows-1256", "decoded as windows-1256 (not valid UTF-8)")
    raise BinaryContent(f"not valid UTF-8 ({utf8_error}) and not Windows-1256 Persian text")


_ARABIC_RUN = re.compile("[\u0600-\u06ff]+")


class EmptyContent(ValueError):
    """The file has no bytes."""
