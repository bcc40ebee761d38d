"""Readers for what researchers actually have, chosen by file extension.

* ``.txt`` — the seed's format: an optional first line ``date YYYY-MM-DD XX``, a title line,
  then the body;
* ``.jsonl`` / ``.ndjson`` / ``.json`` / ``.csv`` / ``.tsv`` / ``.parquet`` — one record per
  line/row/item with a text field (``text``, ``body``, ``content``, ``paragraphs`` …; the
  aliases are in ``resources/fields.yaml``) and optional metadata;
* ``.html`` / ``.htm`` — saved pages: main text, title, date and site via trafilatura.

Every reader yields :class:`RawRecord` (a record to ingest) or :class:`Problem` (a record that
goes to quarantine, with the file, the line and the reason). Nothing is skipped silently:
unsupported files are listed by :func:`discover` with a reason.

Readers stream (:mod:`framing.ingest.streams`): ``.gz`` is decompressed on the fly, lines are read
with a cap, CSV records are handed to the csv module only under the cap, and a ``.json`` file's
items are found without parsing the file and parsed one by one under the cap
(:mod:`framing.ingest.jsonstream`). A record far over ``ingest.max_record_chars`` is skipped
without being held and quarantined (``too_large``); memory does not grow with the size of a record
or of a file. A reader never raises for what a file holds: a damaged file ends with a problem at
the line where it broke off, after the records before it.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from framing.ingest.decoding import BinaryContent, Decoded, EmptyContent, decode_bytes, line_decoder, sniff_encoding
from framing.ingest.jsonstream import EmptyJson, JsonSyntaxError, json_records
from framing.ingest import streams
from framing.ingest.streams import (
    DEFAULT_MAX_RECORD_CHARS,
    STREAM_ERRORS,
    CsvRecordEnd,
    Overflow,
    capped_lines,
    is_gzip,
    open_binary,
    open_text,
    raw_limit,
    read_capped,
)
from framing.resources import read_yaml

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
}
SNIPPET = 300  # characters of a quarantined record kept in the report
QUARANTINE_CODES = {
    "empty_file": "the file has no content",
    "binary": "the bytes are not text in a supported encoding",
    "undecodable": "the text could not be decoded",
    "invalid_json": "a JSON line or file does not parse (often a truncated line)",
    "not_object": "a JSON value is not an object",
    "malformed_row": "a CSV/TSV row does not match the header",
    "unreadable": "the file could not be read at all",
    "no_main_text": "an HTML page without extractable main text",
    "no_text": "a record without any text field",
    "too_large": "a record above the size limit (ingest.max_record_chars), skipped unread when far above it",
    "bad_field_type": "a text field (text, title, …) holds an object, or a list of non-strings",
    "duplicate": "the same record was already ingested",
}


@dataclass
class RawRecord:
    source_file: str
    line: int
    fmt: str
    fields: dict
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Problem:
    """A record that goes to quarantine. ``code`` is a short category (see QUARANTINE_CODES)."""

    source_file: str
    line: int
    code: str
    reason: str
    raw: str = ""
    record_id: str | None = None

    def __post_init__(self) -> None:
        if self.code not in QUARANTINE_CODES:
            raise ValueError(f"unknown quarantine code {self.code!r}")

    def as_dict(self) -> dict:
        return {
            "file": self.source_file,
            "line": self.line,
            "record_id": self.record_id,
            "code": self.code,
            "reason": self.reason,
            "raw": self.raw[:SNIPPET],
        }


# -- discovery -----------------------------------------------------------------------------------
def file_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def discover(paths) -> tuple[list[Path], list[dict]]:
    """Expand files and directories (recursively, sorted). Returns (files, skipped)."""
    files: list[Path] = []
    skipped: list[dict] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"input path does not exist: {p}")
        candidates = [p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file())
        for f in candidates:
            rel_parts = f.relative_to(p).parts if p.is_dir() else ()
            if any(part.startswith(".") for part in rel_parts):
                continue  # hidden files and folders (.git, .ipynb_checkpoints)
            if f.name.lower().startswith(("readme", "license", "licence")):
                skipped.append({"file": str(f), "reason": "documentation file, not data"})
                continue
            if file_format(f) is None:
                skipped.append({"file": str(f), "reason": f"unsupported extension {''.join(f.suffixes) or '(none)'}"})
                continue
            files.append(f)
    # the same file given twice (a folder and a file in it) is read once
    seen, unique = set(), []
    for f in files:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped


# -- field aliases ---------------------------------------------------------------------------------
_FIELDS: dict[str, list[str]] | None = None


def field_aliases() -> dict[str, list[str]]:
    global _FIELDS
    if _FIELDS is None:
        raw = read_yaml("fields.yaml", lang="")
        _FIELDS = {k: [a.lower() for a in v] for k, v in raw.items()}
    return _FIELDS


def canonical_fields(record: dict) -> dict:
    """Map a record's own field names onto ours; unmapped fields are kept under ``extra``."""
    return map_fields(record)[0]


def map_fields(record: dict) -> tuple[dict, dict[str, str]]:
    """:func:`canonical_fields` and, for each of our fields, the record's own name for it."""
    lower = {str(k).lower(): k for k in record}
    out: dict = {}
    names: dict[str, str] = {}
    used = set()
    for canon, aliases in field_aliases().items():
        for alias in aliases:
            if alias in lower:
                key = lower[alias]
                value = record[key]
                if value is None or (isinstance(value, str) and not value.strip()) or (
                    isinstance(value, (list, tuple)) and not value
                ):
                    continue
                out[canon] = value
                names[canon] = str(key)
                used.add(key)
                break
    extra = {k: v for k, v in record.items() if k not in used}
    if extra:
        out["extra"] = extra
    return out, names


# -- readers ------------------------------------------------------------------------------------------
# Every reader streams its file (see framing.ingest.streams): a record longer than ``cap`` (the raw
# limit, from ingest.max_record_chars) is skipped without being held and quarantined as too_large,
# and reading goes on with the next record. ``where.line`` follows the reader, so that a file that
# breaks off (a truncated .gz) is reported at the line where it did.
class Where:
    __slots__ = ("line",)

    def __init__(self) -> None:
        self.line = 1


def _too_large(name: str, line: int, size: int, cap: int, what: str, *, at_least: bool = False) -> Problem:
    """``what`` (e.g. «line 7», «item 3 (line 57)») is over the reader's cap: skipped, never held."""
    more = "more than " if at_least else ""
    return Problem(name, line, "too_large",
                   f"record too large: {what} is {more}{size:,} characters or bytes long, over the reader's limit of "
                   f"{cap:,} (six per character of ingest.max_record_chars, plus 64 KiB); skipped unread "
                   f"(raise ingest.max_record_chars to read it)")


def _whole_file(path: Path, name: str, cap: int) -> Decoded | Problem:
    """A file that is one record (.txt, .html): decoded when it is at most ``cap`` bytes."""
    with open_binary(path) as fh:
        data = read_capped(fh, cap)
    if data is None:
        return _too_large(name, 1, cap, cap, "the file", at_least=True)
    try:
        return decode_bytes(data)
    except BinaryContent as exc:
        return Problem(name, 1, "binary", f"{exc}")
    except UnicodeDecodeError as exc:
        return Problem(name, 1, "undecodable", f"undecodable ({exc.encoding}): {exc.reason} at byte {exc.start}")


def _sniff(path: Path, name: str) -> Decoded | Problem:
    """The whole file's encoding, for readers that then stream its text (CSV/TSV, JSON)."""
    try:
        return sniff_encoding(lambda: open_binary(path))
    except EmptyContent:
        return Problem(name, 1, "empty_file", "empty file")
    except BinaryContent as exc:
        return Problem(name, 1, "binary", f"{exc}")


_HEADER_RE = re.compile(r"^\s*date\s+(?P<date>\S+)(?:\s+(?P<tag>\S+))?\s*$", re.IGNORECASE)


def read_text_file(path: Path, name: str, cap: int, where: Where) -> Iterator[RawRecord | Problem]:
    decoded = _whole_file(path, name, cap)
    if isinstance(decoded, Problem):
        yield decoded
        return
    lines = decoded.text.splitlines()
    if not any(line.strip() for line in lines):
        yield Problem(name, 1, "empty_file", "empty file")
        return
    i = 0
    fields: dict = {"id": path.name.split(".")[0]}
    while i < len(lines) and not lines[i].strip():
        i += 1
    m = _HEADER_RE.match(lines[i])
    if m:
        # the header is metadata, never part of the body: «date 2025-09-13 En»
        fields["date"] = m.group("date")
        tag = (m.group("tag") or "").lower()
        fields["date_calendar"] = {"en": "gregorian", "fa": "jalali"}.get(tag)
        fields["header"] = lines[i]
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    body_lines = lines[i:]
    nonempty = [x for x in body_lines if x.strip()]
    if len(nonempty) >= 2:
        fields["title"] = body_lines[0].strip()
        fields["text"] = "\n".join(body_lines[1:]).strip("\n")
    else:
        fields["text"] = "\n".join(body_lines).strip("\n")
    fields["header_lines"] = i + (1 if len(nonempty) >= 2 else 0)
    notes = [decoded.note] if decoded.note else []
    yield RawRecord(name, 1, "text", fields, decoded.encoding, notes)


def _jsonl_lines(path: Path, name: str, cap: int, where: Where):
    """(line number, text, note, problem) for each non-blank line of a JSON Lines file; lines decode
    one by one (UTF-8, else Windows-1256), so that one bad line is quarantined while the rest of the
    file is read. UTF-16/32 files (with a BOM) are decoded as a stream."""
    with open_binary(path) as fh:
        head = fh.read(4)
    enc, decode = line_decoder(head)
    if decode is None:  # UTF-16/32 with BOM: not splittable as bytes
        with open_text(path, enc, newline=None) as fh:
            for lineno, line in capped_lines(fh, cap, where):
                if isinstance(line, Overflow):
                    yield lineno, None, None, _too_large(name, lineno, line.size, cap, f"line {lineno}")
                elif line.strip():
                    yield lineno, line.lstrip("\ufeff") if lineno == 1 else line, None, None
        return
    with open_binary(path) as fh:
        for lineno, raw in capped_lines(fh, cap, where):
            if isinstance(raw, Overflow):
                yield lineno, None, None, _too_large(name, lineno, raw.size, cap, f"line {lineno}")
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line, note = decode(raw)
            except BinaryContent as exc:
                yield lineno, None, None, Problem(name, lineno, "binary", str(exc), raw[:SNIPPET].decode("utf-8", "replace"))
                continue
            yield lineno, line, note, None


def _parse_json(text: str):
    """``json.loads``, with what it raises for hostile input (a number of 5,000 digits, nesting
    deeper than the interpreter's stack) turned into :class:`json.JSONDecodeError`-like messages."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return None, "invalid JSON (nested too deeply)"
    except ValueError as exc:  # e.g. an integer too long to convert
        return None, f"invalid JSON ({exc})"


def read_jsonl(path: Path, name: str, cap: int, where: Where) -> Iterator[RawRecord | Problem]:
    with open_binary(path) as fh:
        enc = line_decoder(fh.read(4))[0]
    seen = False
    for lineno, line, note, problem in _jsonl_lines(path, name, cap, where):
        seen = True
        if problem is not None:
            yield problem
            continue
        obj, error = _parse_json(line)
        if error:
            yield Problem(name, lineno, "invalid_json", f"{error} at line {lineno}; truncated line?", line[:SNIPPET])
            continue
        if not isinstance(obj, dict):
            yield Problem(name, lineno, "not_object", f"JSON value at line {lineno} is a {type(obj).__name__}, not an object",
                          line[:SNIPPET])
            continue
        yield RawRecord(name, lineno, "jsonl", obj, enc, [note] if note else [])
    if not seen:
        yield Problem(name, 1, "empty_file", "empty file")


def read_json(path: Path, name: str, cap: int, where: Where) -> Iterator[RawRecord | Problem]:
    """Records of a ``.json`` file (framing.ingest.jsonstream): ``line`` is the item's number in the
    file; the reason of a quarantined item names its line too."""
    decoded = _sniff(path, name)
    if isinstance(decoded, Problem):
        yield decoded
        return
    notes = [decoded.note] if decoded.note else []
    try:
        for item in json_records(lambda: open_text(path, decoded.encoding), cap, field_aliases()["text"]):
            where.line = item.line
            at = f"item {item.index} (line {item.line})"
            if item.text is None:
                yield _too_large(name, item.index, item.size, cap, at)
                continue
            obj, error = _parse_json(item.text)
            if error:
                yield Problem(name, item.index, "invalid_json", f"{at}: {error}", item.text[:SNIPPET])
            elif not isinstance(obj, dict):
                yield Problem(name, item.index, "not_object", f"{at} is a {type(obj).__name__}, not an object", item.text[:SNIPPET])
            else:
                yield RawRecord(name, item.index, "json", obj, decoded.encoding, list(notes))
    except EmptyJson:
        yield Problem(name, 1, "empty_file", "empty file")
    except JsonSyntaxError as exc:
        yield Problem(name, exc.line, "invalid_json", f"invalid JSON: {exc}")


class _CsvFeed:
    """The physical lines of a CSV/TSV text stream, for ``csv.reader``: counts lines, and raises
    :class:`_RecordTooLarge` instead of handing over a record longer than ``cap`` characters."""

    def __init__(self, fh, cap: int, where: Where):
        self.fh, self.cap, self.where = fh, cap, where
        self.lines = 0  # physical lines begun
        self.record: list[str] = []  # the lines of the record being read
        self.size = 0
        self.start = 1
        self._line_start = True
        self._pushback = ""  # a character read ahead to see whether \r is followed by \n

    def __iter__(self):
        return self

    def _read(self, limit: int) -> str:
        """The next physical line, or its next ``limit`` characters (a \\r\\n cut in two by the
        limit is put back together: it is one line end)."""
        if self._line_start:
            self.where.line = self.lines + 1
        pushed, self._pushback = self._pushback, ""
        piece = pushed if pushed == "\r" else pushed + self.fh.readline(max(1, limit - len(pushed)))
        if piece.endswith("\r") and (len(piece) >= limit or piece == pushed):
            c = self.fh.read(1)
            if c == "\n":
                piece += c
            else:
                self._pushback = c
        if piece and self._line_start:
            self.lines += 1
            self.where.line = self.lines
        self._line_start = piece.endswith(("\n", "\r"))
        return piece

    def new_record(self) -> None:
        self.record, self.size, self.start = [], 0, self.lines + 1

    def __next__(self) -> str:
        piece = self._read(self.cap + 2)
        if not piece:
            raise StopIteration
        if self.size + len(piece) > self.cap:
            raise _RecordTooLarge(piece)
        self.size += len(piece)
        self.record.append(piece)
        return piece

    def skip_record(self, piece: str, delimiter: str) -> int:
        """Read on to the end of the record that ``piece`` took over the cap, holding at most
        :data:`framing.ingest.streams.CHUNK` characters of it at a time; returns the record's size in characters."""
        end = CsvRecordEnd(delimiter)
        size = 0
        for text in [*self.record, piece]:
            end.feed(text)
            size += len(text)
        while piece and not end.record_ended(piece):
            piece = self._read(streams.CHUNK)
            end.feed(piece)
            size += len(piece)
        self.record = []
        return size


class _RecordTooLarge(Exception):
    def __init__(self, piece: str):
        self.piece = piece


def read_delimited(path: Path, name: str, delimiter: str, cap: int, where: Where) -> Iterator[RawRecord | Problem]:
    decoded = _sniff(path, name)
    if isinstance(decoded, Problem):
        yield decoded
        return
    fmt = "tsv" if delimiter == "\t" else "csv"
    notes = [decoded.note] if decoded.note else []
    # a backstop (the feed never hands over more); the limit is the csv module's, for the whole
    # process: set for this file, put back after it
    previous = csv.field_size_limit(cap + 2)
    try:
        yield from _delimited_rows(path, name, delimiter, cap, where, decoded, fmt, notes)
    finally:
        csv.field_size_limit(previous)


def _delimited_rows(path: Path, name: str, delimiter: str, cap: int, where: Where, decoded: Decoded, fmt: str,
                    notes: list[str]) -> Iterator[RawRecord | Problem]:
    with open_text(path, decoded.encoding) as fh:
        feed = _CsvFeed(fh, cap, where)

        def rows():
            """(first line, row | Problem) until the end of the file or a malformed row."""
            reader = csv.reader(feed, delimiter=delimiter)
            while True:
                feed.new_record()
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except _RecordTooLarge as big:
                    line = feed.start
                    size = feed.skip_record(big.piece, delimiter)
                    yield line, _too_large(name, line, size, cap, f"the row at line {line}")
                    reader = csv.reader(feed, delimiter=delimiter)
                    continue
                except csv.Error as exc:
                    yield feed.start, Problem(name, feed.start, "malformed_row", f"malformed {fmt} row at line {feed.start}: {exc}")
                    return
                if any(cell.strip() for cell in row):
                    yield feed.start, row

        header = None
        for line, row in rows():
            if isinstance(row, Problem):
                if header is None:  # no header: nothing else in the file can be read
                    yield Problem(name, line, row.code, f"header: {row.reason}")
                    return
                yield row
                continue
            if header is None:
                header = [h.strip().lstrip("\ufeff") for h in row]
                continue
            if len(row) != len(header):
                yield Problem(name, line, "malformed_row", f"{len(row)} fields but the header has {len(header)}",
                              delimiter.join(row)[:SNIPPET])
                continue
            yield RawRecord(name, line, fmt, dict(zip(header, row)), decoded.encoding, list(notes))
        if header is None:
            yield Problem(name, 1, "empty_file", "empty file (no header row)")


def read_parquet(path: Path, name: str, cap: int, where: Where) -> Iterator[RawRecord | Problem]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if is_gzip(path):
        yield Problem(name, 1, "unreadable", "gzip-compressed Parquet is not read: Parquet compresses its own columns; "
                                             "decompress the file (gunzip) first")
        return
    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError, pa.ArrowException) as exc:  # pyarrow raises several types for corrupt files
        yield Problem(name, 1, "unreadable", f"unreadable Parquet file: {exc}")
        return
    row = 0
    try:
        for g in range(pf.metadata.num_row_groups):
            group = pf.metadata.row_group(g)
            if group.num_rows and group.total_byte_size > group.num_rows * cap:
                # more bytes than its rows could hold under the cap: some row is over it, and pyarrow
                # would hold that row whole to read any of the group. Its rows are not read.
                first, last = row + 1, row + group.num_rows
                for _ in range(group.num_rows):
                    row += 1
                    yield Problem(name, row, "too_large",
                                  f"record too large: row {row} is in row group {g + 1} (rows {first}-{last}), which holds "
                                  f"{group.total_byte_size:,} bytes uncompressed, more than {group.num_rows} rows under the "
                                  f"reader's limit of {cap:,} can: one of them is over the limit, and reading any row of the "
                                  f"group would hold it whole; the group's rows are skipped unread (raise "
                                  f"ingest.max_record_chars to read them)")
                continue
            for batch in pf.iter_batches(batch_size=256, row_groups=[g]):
                for rec in batch.to_pylist():
                    row += 1
                    where.line = row
                    yield RawRecord(name, row, "parquet", rec, None, [])
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield Problem(name, row + 1, "unreadable", f"Parquet file unreadable from row {row + 1} on: {exc}")
        return
    if row == 0:
        yield Problem(name, 1, "empty_file", "empty file (no rows)")


# trafilatura drops format characters such as ZWNJ (it keeps only printable ones), which would
# turn «همکاری‌های» into «همکاریهای». Swap ZWNJ for a printable placeholder around the call.
_ZWNJ_PLACEHOLDERS = ("\u2e3b", "\u2e3a", "\u2056", "\u205e")
_ZWNJ_IN_HTML = re.compile(r"\u200c|&zwnj;|&#8204;|&#x200c;", re.IGNORECASE)


def read_html(path: Path, name: str, cap: int, where: Where) -> Iterator[RawRecord | Problem]:
    decoded = _whole_file(path, name, cap)
    if isinstance(decoded, Problem):
        yield decoded
        return
    html = decoded.text
    if not html.strip():
        yield Problem(name, 1, "empty_file", "empty file")
        return
    placeholder = next((p for p in _ZWNJ_PLACEHOLDERS if p not in html), None)
    if placeholder:
        html = _ZWNJ_IN_HTML.sub(placeholder, html)
    import warnings

    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
        except Exception as exc:  # a third-party parser on whatever the file holds: its failure is this file's problem
            yield Problem(name, 1, "no_main_text", f"the HTML page could not be parsed (trafilatura: {type(exc).__name__}: {exc})")
            return
    if doc is None:
        yield Problem(name, 1, "no_main_text", "no main text found in the HTML page (trafilatura)")
        return
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)

    def restore(v):
        return v.replace(placeholder, "\u200c") if (placeholder and isinstance(v, str)) else v

    title = restore(d.get("title")) or ""
    text = restore(d.get("text")) or ""
    if title and text.startswith(title):  # trafilatura repeats the <h1> as the first line
        text = text[len(title) :].lstrip("\n ")
    fields = {
        "id": path.name.split(".")[0],
        "title": title,
        "text": text,
        "date": d.get("date"),
        "url": d.get("url"),
        "site": restore(d.get("sitename")),
        "hostname": d.get("hostname"),
        "author": restore(d.get("author")),
    }
    yield RawRecord(name, 1, "html", {k: v for k, v in fields.items() if v}, decoded.encoding, [decoded.note] if decoded.note else [])


_READERS = {
    "text": read_text_file,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": lambda path, name, cap, where: read_delimited(path, name, ",", cap, where),
    "tsv": lambda path, name, cap, where: read_delimited(path, name, "\t", cap, where),
    "parquet": read_parquet,
    "html": read_html,
}


def read_file(path: Path, *, name: str | None = None,
              max_record_chars: int = DEFAULT_MAX_RECORD_CHARS) -> Iterator[RawRecord | Problem]:
    """Yield the records of one file (format from its extension), each a :class:`RawRecord` or a
    :class:`Problem` naming the file and the line. Never raises for what a file holds: a file that
    breaks off (truncated or corrupt ``.gz``, undecodable text) ends with a problem at the line
    where it did, after the records before it. Memory does not grow with the size of a record or
    of the file (framing.ingest.streams)."""
    name = name or str(path)
    reader = _READERS.get(file_format(path))
    if reader is None:
        yield Problem(name, 1, "unreadable", f"unsupported format {path.suffix}")
        return
    where = Where()
    try:
        yield from reader(path, name, raw_limit(max_record_chars), where)
    except UnicodeDecodeError as exc:
        yield Problem(name, where.line, "undecodable", f"undecodable {exc.encoding} text at line {where.line}: {exc.reason}")
    except STREAM_ERRORS as exc:
        what = "compressed data is corrupt or cut short" if is_gzip(path) else "the file could not be read"
        yield Problem(name, where.line, "unreadable", f"{what} at line {where.line}: {type(exc).__name__}: {exc}")
