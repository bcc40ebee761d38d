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
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from framing.ingest.decoding import BinaryContent, decode_bytes, line_decoder
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
    "too_large": "a record above the size limit",
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


def _open_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gzip.decompress(data)
    return data


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
    lower = {str(k).lower(): k for k in record}
    out: dict = {}
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
                used.add(key)
                break
    extra = {k: v for k, v in record.items() if k not in used}
    if extra:
        out["extra"] = extra
    return out


# -- readers ------------------------------------------------------------------------------------------
_HEADER_RE = re.compile(r"^\s*date\s+(?P<date>\S+)(?:\s+(?P<tag>\S+))?\s*$", re.IGNORECASE)


def read_text_file(path: Path, name: str) -> Iterator[RawRecord | Problem]:
    try:
        decoded = decode_bytes(_open_bytes(path))
    except BinaryContent as exc:
        yield Problem(name, 1, "binary", f"{exc}")
        return
    except UnicodeDecodeError as exc:
        yield Problem(name, 1, "undecodable", f"undecodable: {exc}")
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


def _decoded_lines(data: bytes, name: str) -> Iterator[tuple[int, str | None, str | None, Problem | None]]:
    """(line number, text, note, problem) for each non-blank line; lines decode one by one so
    that one bad line is quarantined while the rest of the file is read."""
    enc, decode = line_decoder(data[:4])
    if decode is None:  # UTF-16/32 with BOM: not splittable as bytes
        try:
            text = decode_bytes(data).text
        except (BinaryContent, UnicodeDecodeError) as exc:
            yield 1, None, None, Problem(name, 1, "undecodable", f"undecodable {enc} file: {exc}")
            return
        for lineno, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield lineno, line, None, None
        return
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line, note = decode(raw.rstrip(b"\r"))
        except BinaryContent as exc:
            yield lineno, None, None, Problem(name, lineno, "binary", str(exc), raw[:SNIPPET].decode("utf-8", "replace"))
            continue
        yield lineno, line, note, None


def read_jsonl(path: Path, name: str) -> Iterator[RawRecord | Problem]:
    data = _open_bytes(path)
    if not data.strip():
        yield Problem(name, 1, "empty_file", "empty file")
        return
    enc = line_decoder(data[:4])[0]
    for lineno, line, note, problem in _decoded_lines(data, name):
        if problem is not None:
            yield problem
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(name, lineno, "invalid_json", f"invalid JSON ({exc.msg} at column {exc.colno}); truncated line?", line)
            continue
        if not isinstance(obj, dict):
            yield Problem(name, lineno, "not_object", f"JSON value is a {type(obj).__name__}, not an object", line)
            continue
        yield RawRecord(name, lineno, "jsonl", obj, enc, [note] if note else [])


def read_json(path: Path, name: str) -> Iterator[RawRecord | Problem]:
    try:
        decoded = decode_bytes(_open_bytes(path))
    except BinaryContent as exc:
        yield Problem(name, 1, "binary", f"{exc}")
        return
    if not decoded.text.strip():
        yield Problem(name, 1, "empty_file", "empty file")
        return
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        yield Problem(name, exc.lineno, "invalid_json", f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", decoded.text[max(0, exc.pos - 100) : exc.pos + 100])
        return
    items = None
    if isinstance(obj, list):
        items = obj
    elif isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if canonical_fields(obj).get("text") is not None or not lists:
            items = [obj]
        else:
            items = lists[0]
    notes = [decoded.note] if decoded.note else []
    for idx, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield Problem(name, idx, "not_object", f"item {idx} is a {type(item).__name__}, not an object", json.dumps(item, ensure_ascii=False)[:SNIPPET])
            continue
        yield RawRecord(name, idx, "json", item, decoded.encoding, list(notes))


def read_delimited(path: Path, name: str, delimiter: str) -> Iterator[RawRecord | Problem]:
    try:
        decoded = decode_bytes(_open_bytes(path))
    except BinaryContent as exc:
        yield Problem(name, 1, "binary", f"{exc}")
        return
    if not decoded.text.strip():
        yield Problem(name, 1, "empty_file", "empty file")
        return
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    fmt = "tsv" if delimiter == "\t" else "csv"
    notes = [decoded.note] if decoded.note else []
    try:
        header = next(reader)
    except csv.Error as exc:
        yield Problem(name, 1, "malformed_row", f"unreadable header: {exc}")
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Problem(name, start, "malformed_row", f"malformed {fmt} row: {exc}")
            break
        line = start
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Problem(name, line, "malformed_row", f"{len(row)} fields but the header has {len(header)}", delimiter.join(row))
            continue
        yield RawRecord(name, line, fmt, dict(zip(header, row)), decoded.encoding, list(notes))


def read_parquet(path: Path, name: str) -> Iterator[RawRecord | Problem]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        yield Problem(name, 0, "unreadable", f"unreadable Parquet file: {exc}")
        return
    row = 0
    for batch in pf.iter_batches(batch_size=2048):
        for rec in batch.to_pylist():
            row += 1
            yield RawRecord(name, row, "parquet", rec, None, [])
    if row == 0:
        yield Problem(name, 0, "empty_file", "empty file (no rows)")


# trafilatura drops format characters such as ZWNJ (it keeps only printable ones), which would
# turn «همکاری‌های» into «همکاریهای». Swap ZWNJ for a printable placeholder around the call.
_ZWNJ_PLACEHOLDERS = ("\u2e3b", "\u2e3a", "\u2056", "\u205e")
_ZWNJ_IN_HTML = re.compile(r"\u200c|&zwnj;|&#8204;|&#x200c;", re.IGNORECASE)


def read_html(path: Path, name: str) -> Iterator[RawRecord | Problem]:
    try:
        raw = _open_bytes(path)
        decoded = decode_bytes(raw)
    except BinaryContent as exc:
        yield Problem(name, 1, "binary", f"{exc}")
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
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
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


def read_file(path: Path, *, name: str | None = None) -> Iterator[RawRecord | Problem]:
    """Yield the records of one file (format from its extension)."""
    name = name or str(path)
    fmt = file_format(path)
    try:
        if fmt == "text":
            yield from read_text_file(path, name)
        elif fmt == "jsonl":
            yield from read_jsonl(path, name)
        elif fmt == "json":
            yield from read_json(path, name)
        elif fmt == "csv":
            yield from read_delimited(path, name, ",")
        elif fmt == "tsv":
            yield from read_delimited(path, name, "\t")
        elif fmt == "parquet":
            yield from read_parquet(path, name)
        elif fmt == "html":
            yield from read_html(path, name)
        else:
            yield Problem(name, 0, "unreadable", f"unsupported format {path.suffix}")
    except (OSError, gzip.BadGzipFile, EOFError) as exc:
        yield Problem(name, 0, "unreadable", f"could not read file: {exc}")
