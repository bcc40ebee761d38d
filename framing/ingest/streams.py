"""Reading input files with bounded memory, whatever they hold.

A hostile record — an 800 MB line inside a 0.8 MB ``.gz``, a CSV field of 48 M characters — must
cost no more memory than a record at the size limit. Everything here streams: files (``.gz``
included) are decompressed chunk by chunk, lines are read with a cap, and a record that passes
the cap is skipped without being held, so that the reader can quarantine it and go on.

The cap on a record *as written in the file* is :func:`raw_limit`: six units (bytes, or
characters for decoded text) per character allowed by ``ingest.max_record_chars``, because JSON
may write one character as six (``\\u0627``), plus 64 KiB for the other fields. So a record the
character limit accepts is never cut by the reader; one that the reader lets through is still
measured exactly, in characters, by :func:`framing.ingest.article.build_article`.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

DEFAULT_MAX_RECORD_CHARS = 2_000_000
RAW_UNITS_PER_CHAR = 6  # the longest way JSON writes one character: \uXXXX
RAW_SLACK = 1 << 16  # the record's other fields (id, url, tags …)
CHUNK = 1 << 20  # how much of a skipped record is held at a time

# errors a damaged (truncated, corrupt) compressed or plain file raises while it is read
STREAM_ERRORS = (OSError, EOFError, zlib.error)


def raw_limit(max_record_chars: int) -> int:
    """The most bytes (or characters) one record may take in the file before it is skipped."""
    return int(max_record_chars) * RAW_UNITS_PER_CHAR + RAW_SLACK


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def open_binary(path: Path):
    """The file's bytes as a stream, decompressed on the fly for ``.gz``."""
    if is_gzip(path):
        return gzip.open(path, "rb")
    return open(path, "rb")


def open_text(path: Path, encoding: str, *, newline: str | None = ""):
    """The file's text as a stream (``newline=""``: lines end at \\n, \\r or \\r\\n, kept as written)."""
    fh = io.TextIOWrapper(open_binary(path), encoding=encoding, errors="strict", newline=newline)
    fh._CHUNK_SIZE = 1 << 16  # decode 64 KiB at a time rather than 8 KiB: long lines read 3x faster
    return fh


def read_capped(fh, limit: int):
    """The whole stream if it holds at most ``limit`` units, else ``None`` (having read only
    ``limit + 1``: the rest is never decompressed)."""
    data = fh.read(limit + 1)
    return None if len(data) > limit else data


class Overflow:
    """A line or record that passed the cap: where it started and how much of it there was."""

    __slots__ = ("line", "size")

    def __init__(self, line: int, size: int):
        self.line = line
        self.size = size


def _ends_line(piece) -> bool:
    return piece.endswith(b"\n") if isinstance(piece, bytes) else piece.endswith(("\n", "\r"))


def drain_line(fh, piece) -> int:
    """Skip the rest of the line that ``piece`` began (it did not end it); returns the units skipped,
    holding at most :data:`CHUNK` of them at a time."""
    skipped = 0
    while piece and not _ends_line(piece):
        piece = fh.readline(CHUNK)
        skipped += len(piece)
    return skipped


def capped_lines(fh, limit: int, where=None):
    """``(line number, line)`` for each line of a binary or text stream, without its line end
    (\\n, and the \\r before it); a line longer than ``limit`` (one \\r of slack) comes as
    ``(line number, Overflow)`` and is never held whole.

    ``where.line`` (when given) follows the line being read, so that an error from the stream
    can be reported at its line.
    """
    lineno = 0
    while True:
        lineno += 1
        if where is not None:
            where.line = lineno
        piece = fh.readline(limit + 2)  # the line, one \r and its \n
        if not piece:
            return
        if len(piece) == limit + 2 and not _ends_line(piece):
            yield lineno, Overflow(lineno, len(piece) + drain_line(fh, piece))
            continue
        yield lineno, (piece.rstrip(b"\r\n") if isinstance(piece, bytes) else piece.rstrip("\r\n"))


# -- CSV/TSV: finding where a record that is too large ends, without holding it ----------------------------
IN_FIELD, START_FIELD, IN_QUOTED, QUOTE_IN_QUOTED = range(4)


class CsvRecordEnd:
    """Follows the csv module's reader (the default dialect: ``"`` quotes, doubled quotes,
    no escape character, not strict) through a record that is being skipped, one piece of text
    at a time, to tell where the record ends: at the end of a line, unless inside quotes.
    The same transitions as CPython's ``Modules/_csv.c`` for these settings."""

    def __init__(self, delimiter: str):
        self.state = START_FIELD
        self.delimiter = delimiter

    def feed(self, text: str) -> None:
        state, delim, pos = self.state, self.delimiter, 0
        end = len(text.rstrip("\r\n")) if _ends_line(text) else len(text)  # the line end decides nothing here
        while pos < end:
            if state == IN_QUOTED:  # only a quote matters
                i = text.find('"', pos, end)
                if i < 0:
                    break
                state, pos = QUOTE_IN_QUOTED, i + 1
            elif state == IN_FIELD:  # only the delimiter matters (a quote inside a field is text)
                i = text.find(delim, pos, end)
                if i < 0:
                    break
                state, pos = START_FIELD, i + 1
            else:  # at a field's start, or after a quote inside quotes: the next character decides
                c = text[pos]
                state = IN_QUOTED if c == '"' else START_FIELD if c == delim else IN_FIELD
                pos += 1
        self.state = state

    def record_ended(self, text: str) -> bool:
        """After feeding ``text``: did the record end with it?"""
        return _ends_line(text) and self.state != IN_QUOTED
