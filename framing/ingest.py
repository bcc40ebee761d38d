"""Ingest: files -> tidy tables ``articles.parquet``, ``sentences.parquet``, ``ingest_report.json``.

Every input record ends up either in ``articles.parquet`` or in the quarantine (the report and
``quarantine.jsonl``), so that ``read == written + quarantined`` always holds. The original text
is kept next to the normalized text, with an offset map, so that every later span can point at
the original characters. Re-running on the same input writes identical files.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from framing import __version__
from framing.config import ARTICLES_FILE, INGEST_REPORT_FILE, QUARANTINE_FILE, SENTENCES_FILE
from framing.credits import find_credits, own_chain
from framing.dates import date_from_url, parse_date
from framing.normalize import PersianNormalizer, get_normalizer
from framing.outlets import registry
from framing.readers import Problem, RawRecord, canonical_fields, discover, read_file
from framing.resources import resources_version
from framing.segment import DEFAULT_MAX_CHARS, split_sentences

if TYPE_CHECKING:
    import pandas as pd

INGEST_VERSION = "1"
DEFAULT_MAX_RECORD_CHARS = 2_000_000
_UNKNOWN = {"", "unknown", "none", "null", "nan", "n/a", "na", "-"}
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]+")  # runs: counted by their lengths
_LATIN = re.compile("[A-Za-z]+")

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("record_id", pa.string()),
        ("outlet", pa.string()),
        ("outlet_id", pa.string()),
        ("outlet_source", pa.string()),
        ("chain", pa.list_(pa.string())),
        ("credit", pa.string()),
        ("date", pa.string()),
        ("date_calendar", pa.string()),
        ("date_raw", pa.string()),
        ("date_source", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("summary", pa.string()),
        ("original_title", pa.string()),
        ("original_text", pa.string()),
        ("url", pa.string()),
        ("language", pa.string()),
        ("source_file", pa.string()),
        ("source_line", pa.int64()),
        ("source_format", pa.string()),
        ("encoding", pa.string()),
        ("notes", pa.list_(pa.string())),
        ("extra", pa.string()),
        ("title_offsets", pa.list_(pa.int64())),
        ("text_offsets", pa.list_(pa.int64())),
        ("text_hash", pa.string()),
        ("duplicate_of", pa.string()),
        ("n_sentences", pa.int64()),
        ("n_chars", pa.int64()),
    ]
)
SENTENCE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("sent_id", pa.int64()),
        ("part", pa.string()),
        ("paragraph", pa.int64()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("orig_start", pa.int64()),
        ("orig_end", pa.int64()),
        ("boilerplate", pa.string()),
        ("overlong", pa.bool_()),
    ]
)


class IngestError(ValueError):
    """A problem with the ingest run as a whole (no input files, unwritable output)."""


@dataclass
class FileStats:
    file: str
    format: str | None
    read: int = 0
    written: int = 0
    quarantined: int = 0
    encodings: set = field(default_factory=set)
    notes: collections.Counter = field(default_factory=collections.Counter)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "encoding": sorted(e for e in self.encodings if e) or None,
            "records_read": self.read,
            "records_written": self.written,
            "records_quarantined": self.quarantined,
            "notes": dict(self.notes) or None,
        }


# -- one record -> one article ---------------------------------------------------------------------------
def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [str(v).strip() for v in value if v is not None and str(v).strip()]
        return "\n".join(parts) if parts else None
    if isinstance(value, float) and value != value:  # NaN from pandas/CSV
        return None
    s = str(value)
    return s if s.strip() else None


def _language(fields: dict, text: str) -> str:
    lang = _as_text(fields.get("language"))
    if lang:
        return lang.strip().lower()
    arabic = sum(map(len, _ARABIC_SCRIPT.findall(text, 0, 1500)))
    latin = sum(map(len, _LATIN.findall(text, 0, 1500)))
    return "fa" if arabic >= latin else "und"


def article_id_for(record_id: str | None, outlet: str | None, url: str | None, title: str, text: str) -> str:
    """Stable id from content: the same record always gets the same id."""
    h = hashlib.sha1(json.dumps([record_id or "", outlet or "", url or "", title, text], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()[:16]


def text_hash(title: str, text: str) -> str:
    """Hash of the normalized title and text, to find the same copy under different records."""
    return hashlib.sha1(f"{title}\n{text}".encode("utf-8")).hexdigest()[:16]


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def build_article(
    rec: RawRecord,
    *,
    normalizer: PersianNormalizer | None = None,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
    max_sentence_chars: int = DEFAULT_MAX_CHARS,
) -> tuple[dict, list[dict]] | Problem:
    """Turn one raw record into an article row and its sentence rows, or a :class:`Problem`."""
    normalizer = normalizer or get_normalizer()
    fields = rec.fields if rec.fmt in {"text", "html"} else canonical_fields(rec.fields)
    record_id = _as_text(fields.get("id"))
    text = _as_text(fields.get("text"))
    summary = _as_text(fields.get("summary"))
    title = _as_text(fields.get("title")) or ""
    if text is None and summary is not None:
        text, summary = summary, None  # RSS items: the summary is all the text there is
    if text is None:
        names = sorted(str(k) for k in (rec.fields.get("extra") or rec.fields))
        what = "title only" if title else f"fields: {', '.join(names[:12])}"
        return Problem(rec.source_file, rec.line, "no_text", f"no text ({what})", json.dumps(rec.fields, ensure_ascii=False, default=_json_default), record_id)
    if len(text) + len(title) > max_record_chars:
        return Problem(
            rec.source_file,
            rec.line,
            "too_large",
            f"record too large: {len(text) + len(title):,} characters (limit {max_record_chars:,}; raise ingest.max_record_chars)",
            text[:300],
            record_id,
        )
    body = normalizer.normalize_with_offsets(text)
    if not body.text.strip():
        return Problem(rec.source_file, rec.line, "no_text", "no text after normalization (only spaces, controls or markup)", text[:300], record_id)
    head = normalizer.normalize_with_offsets(title) if title else None

    reg = registry()
    outlet_field = _as_text(fields.get("outlet"))
    if outlet_field and outlet_field.strip().lower() in _UNKNOWN:
        outlet_field = None
    url = _as_text(fields.get("url"))
    publisher, outlet_source = None, None
    for source, candidate in (
        ("field", reg.lookup(outlet_field) if outlet_field else None),
        ("url", reg.from_url(url)),
        ("site", reg.lookup(_as_text(fields.get("site"))) or reg.from_url(_as_text(fields.get("hostname")))),
    ):
        if candidate is not None:
            publisher, outlet_source = candidate, source
            break
    credits = find_credits(body.text)
    own = own_chain(credits, publisher=publisher)
    if publisher is None and own is not None:
        publisher, outlet_source = reg.get(own.links[0].outlet_id), "credit"
    if own is not None:
        chain = own.names
        credit = body.text[own.start : own.end]
    else:
        chain = [publisher.name] if publisher else []
        credit = None
    outlet = publisher.name if publisher else (outlet_field or _as_text(fields.get("site")))
    if outlet is None and outlet_field is None:
        outlet_source = None
    elif publisher is None:
        outlet_source = "field (unknown outlet)"

    date_raw = _as_text(fields.get("date"))
    parsed = parse_date(date_raw, calendar=fields.get("date_calendar")) if date_raw else None
    date_source = "field" if parsed else None
    if parsed is None and url:
        url_outlet = reg.from_url(url)
        parsed = date_from_url(url, url_outlet.url_date if url_outlet else None)
        date_source = "url" if parsed else None
    notes = list(rec.notes)
    if date_raw and parsed is None:
        notes.append(f"unparsed date {date_raw!r}")

    aid = article_id_for(record_id, outlet_field, url, title, text)
    spans = split_sentences(body.text, max_chars=max_sentence_chars)
    sentences: list[dict] = []
    sid = 0
    if head is not None and head.text.strip():
        ht = head.text.strip()
        s0 = head.text.index(ht)
        os_, oe = head.offsets.span(s0, s0 + len(ht))
        sentences.append(
            {"article_id": aid, "sent_id": 0, "part": "title", "paragraph": 0, "text": ht, "start": s0,
             "end": s0 + len(ht), "orig_start": os_, "orig_end": oe, "boilerplate": None, "overlong": False}
        )
        sid = 1
    if spans:
        starts = [s.start for s in spans]
        ends = [s.end for s in spans]
        ostarts, oends = body.offsets.spans(starts, ends)
        for k, sp in enumerate(spans):
            sentences.append(
                {"article_id": aid, "sent_id": sid + k, "part": "body", "paragraph": sp.paragraph,
                 "text": body.text[sp.start : sp.end], "start": sp.start, "end": sp.end,
                 "orig_start": int(ostarts[k]), "orig_end": int(oends[k]), "boilerplate": sp.boilerplate,
                 "overlong": sp.overlong}
            )
    extra = fields.get("extra")
    if rec.fmt in {"text", "html"}:
        extra = {k: v for k, v in fields.items() if k not in {"title", "text", "date", "url", "site", "date_calendar"}}
    article = {
        "article_id": aid,
        "record_id": record_id,
        "outlet": outlet,
        "outlet_id": publisher.id if publisher else None,
        "outlet_source": outlet_source,
        "chain": chain,
        "credit": credit,
        "date": parsed.iso if parsed else None,
        "date_calendar": parsed.calendar if parsed else None,
        "date_raw": date_raw or (parsed.raw if parsed else None),
        "date_source": date_source,
        "title": head.text.strip() if head else "",
        "text": body.text,
        "summary": normalizer.normalize(summary) if summary else None,
        "original_title": title,
        "original_text": text,
        "url": url,
        "language": _language(fields, body.text),
        "source_file": rec.source_file,
        "source_line": rec.line,
        "source_format": rec.fmt,
        "encoding": rec.encoding,
        "notes": notes,
        "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True, default=_json_default) if extra else None,
        "title_offsets": head.offsets.to_list() if head else [],
        "text_offsets": body.offsets.to_list(),
        "text_hash": text_hash(head.text if head else "", body.text),
        "duplicate_of": None,
        "n_sentences": len(sentences),
        "n_chars": len(body.text),
    }
    return article, sentences


# -- a whole run ------------------------------------------------------------------------------------------
@dataclass
class IngestResult:
    out_dir: Path
    report: dict

    @property
    def articles_path(self) -> Path:
        return self.out_dir / ARTICLES_FILE

    @property
    def sentences_path(self) -> Path:
        return self.out_dir / SENTENCES_FILE


def _display_name(path: Path, roots: list[Path]) -> str:
    for root in roots:
        try:
            rel = path.resolve().relative_to(root.resolve())
            # «farexstance/articles.jsonl» whether the folder or the file was given
            return str(Path(root.name) / rel) if root.is_dir() else str(Path(root.resolve().parent.name) / root.name)
        except ValueError:
            continue
    return str(path)


def iter_records(paths: Iterable, *, stats: dict | None = None, skipped: list | None = None) -> Iterator[RawRecord | Problem]:
    """All records of all inputs, in a stable order (files sorted, records in file order)."""
    roots = [Path(p) for p in paths]
    files, skip = discover(roots)
    if skipped is not None:
        skipped.extend(skip)
    for f in files:
        name = _display_name(f, roots)
        if stats is not None:
            from framing.readers import file_format

            stats[name] = FileStats(name, file_format(f))
        yield from read_file(f, name=name)


def _input_fingerprint(paths) -> str:
    h = hashlib.sha256()
    files, _ = discover([Path(p) for p in paths])
    for f in files:
        h.update(f.name.encode())
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:16]


@dataclass
class _Run:
    """Book-keeping of one ingest pass: per-file stats, skipped files and the quarantine."""

    stats: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)
    quarantine: list = field(default_factory=list)

    def totals(self) -> dict:
        t = {
            "read": sum(s.read for s in self.stats.values()),
            "written": sum(s.written for s in self.stats.values()),
            "quarantined": sum(s.quarantined for s in self.stats.values()),
        }
        assert t["read"] == t["written"] + t["quarantined"], t
        return t


class _Resolver:
    """The sequential part of ingestion, shared by both engines: per-file counts, and exact
    duplicates (same ``article_id``: quarantined) versus the same text under another record
    (kept, flagged in ``duplicate_of``). Records must be fed in input order."""

    def __init__(self, run: _Run):
        self.run = run
        self.seen: dict[str, str] = {}
        self.same_text: dict[str, str] = {}

    def stats_for(self, item) -> FileStats:
        run = self.run
        return run.stats.get(item.source_file) or run.stats.setdefault(item.source_file, FileStats(item.source_file, None))

    def read(self, item) -> None:
        st = self.stats_for(item)
        st.read += 1
        if isinstance(item, RawRecord):
            st.encodings.add(item.encoding)
            for note in item.notes:
                st.notes[note] += 1

    def resolve(self, item, article_id: str | None, text_hash_: str | None, excerpt: str, record_id,
                problem: Problem | None) -> tuple[bool, str | None]:
        """(kept, duplicate_of) for a built record, or records its problem."""
        st = self.stats_for(item)
        if problem is None:
            first = self.seen.get(article_id)
            if first is not None:
                problem = Problem(item.source_file, item.line, "duplicate", f"duplicate of article {article_id} ({first})",
                                  excerpt, record_id)
            else:
                self.seen[article_id] = f"{item.source_file}:{item.line}"
                # the same text under another record (republished copy, crawler repeat): kept, flagged
                dup = self.same_text.setdefault(text_hash_, article_id)
                st.written += 1
                return True, (None if dup == article_id else dup)
        st.quarantined += 1
        self.run.quarantine.append(problem.as_dict())
        return False, None


def process(
    paths,
    run: _Run,
    *,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
    max_sentence_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
) -> Iterator[tuple[dict, list[dict]]]:
    """Yield (article, sentences) for every good record; bad ones go to ``run.quarantine``."""
    from tqdm.auto import tqdm

    normalizer = get_normalizer()
    resolver = _Resolver(run)
    bar = tqdm(unit=" records", desc="ingest", disable=(None if progress is None else not progress), file=sys.stderr)
    try:
        for item in iter_records(paths, stats=run.stats, skipped=run.skipped):
            resolver.read(item)
            if isinstance(item, RawRecord):
                built = build_article(
                    item, normalizer=normalizer, max_record_chars=max_record_chars, max_sentence_chars=max_sentence_chars
                )
            else:
                built = item
            if isinstance(built, tuple):
                article, sentences = built
                kept, dup = resolver.resolve(item, article["article_id"], article["text_hash"],
                                             article["original_text"][:300], article["record_id"], None)
                if kept:
                    article["duplicate_of"] = dup
                    yield article, sentences
            else:
                resolver.resolve(item, None, None, "", None, built)
            bar.update(1)
            bar.set_postfix_str(item.source_file[-40:], refresh=False)
    finally:
        bar.close()


def ingest_tables(paths, **kw) -> tuple["pd.DataFrame", "pd.DataFrame", dict]:
    """Ingest in memory: (articles, sentences, report) DataFrames without writing files."""
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    run = _Run()
    arts, sents = [], []
    for article, sentences in process(paths, run, **kw):
        arts.append(article)
        sents.extend(sentences)
    a = pa.Table.from_pylist(arts, schema=ARTICLE_SCHEMA).to_pandas()
    s = pa.Table.from_pylist(sents, schema=SENTENCE_SCHEMA).to_pandas()
    return a, s, _report(paths, run)


def _report(paths, run: _Run) -> dict:
    return {
        "framing_version": __version__,
        "ingest_version": INGEST_VERSION,
        "resources_version": resources_version(),
        "inputs": [str(p) for p in paths],
        "input_hash": _input_fingerprint(paths),
        "totals": run.totals(),
        "files": [s.as_dict() for s in run.stats.values()],
        "skipped_files": run.skipped,
        "quarantine_codes": dict(collections.Counter(q["code"] for q in run.quarantine).most_common()),
        "quarantine": run.quarantine[:1000],
        "quarantine_file": QUARANTINE_FILE,
        "outputs": [ARTICLES_FILE, SENTENCES_FILE, QUARANTINE_FILE],
    }


def write_aligned(a_writer, s_writer, articles: "pa.Table", sentences: "pa.Table") -> None:
    """Write one row group of articles and the matching row group of sentences."""
    a_writer.write_table(articles, row_group_size=max(1, articles.num_rows))
    s_writer.write_table(sentences, row_group_size=max(1, sentences.num_rows))


def ingest(
    paths,
    out_dir,
    *,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
    max_sentence_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
    batch_size: int = 100,
    engine: str = "pandas",
    workers: int | None = None,
    scheduler: str | None = None,
    client=None,
) -> IngestResult:
    """Ingest files/directories into ``out_dir``. See the module docstring.

    ``engine="dask"`` builds the articles on a Dask cluster — ``client`` (a
    ``distributed.Client``), an existing scheduler address, or a local cluster of ``workers``
    processes — with the same outputs (:mod:`framing.engine`)."""
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    if not paths:
        raise IngestError("no input paths given")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if engine not in ("pandas", "dask"):
        raise IngestError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if engine == "dask":
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise IngestError(f"input path does not exist: {missing[0]}")
        from framing.engine import dask_client, ingest_dask

        with contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(dask_client(scheduler=scheduler, workers=workers))
            run, tmp_a, tmp_s = ingest_dask(paths, out_dir, client=client, partition=batch_size,
                                            max_record_chars=max_record_chars, max_sentence_chars=max_sentence_chars,
                                            progress=progress)
        return _finish(paths, out_dir, run, tmp_a, tmp_s)
    run = _Run()
    a_batch: list[dict] = []
    s_batch: list[dict] = []
    tmp_a = out_dir / (ARTICLES_FILE + ".tmp")
    tmp_s = out_dir / (SENTENCES_FILE + ".tmp")
    a_writer = pq.ParquetWriter(tmp_a, ARTICLE_SCHEMA, compression="zstd")
    s_writer = pq.ParquetWriter(tmp_s, SENTENCE_SCHEMA, compression="zstd")

    def flush():
        # one row group per batch in both files, so that row group i of sentences.parquet holds
        # the sentences of row group i of articles.parquet (the partitions analysis streams over)
        if a_batch:
            write_aligned(a_writer, s_writer, pa.Table.from_pylist(a_batch, schema=ARTICLE_SCHEMA),
                          pa.Table.from_pylist(s_batch, schema=SENTENCE_SCHEMA))
            a_batch.clear()
            s_batch.clear()

    try:
        for article, sentences in process(
            paths, run, max_record_chars=max_record_chars, max_sentence_chars=max_sentence_chars, progress=progress
        ):
            a_batch.append(article)
            s_batch.extend(sentences)
            if len(a_batch) >= batch_size:
                flush()
        flush()
    finally:
        a_writer.close()
        s_writer.close()
    return _finish(paths, out_dir, run, tmp_a, tmp_s)


def _finish(paths, out_dir: Path, run: _Run, tmp_a: Path, tmp_s: Path) -> IngestResult:
    tmp_a.replace(out_dir / ARTICLES_FILE)
    tmp_s.replace(out_dir / SENTENCES_FILE)
    if not run.stats and not run.skipped:
        raise IngestError(f"no input files found under {', '.join(map(str, paths))}")
    report = _report(paths, run)
    (out_dir / INGEST_REPORT_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with open(out_dir / QUARANTINE_FILE, "w", encoding="utf-8") as fh:
        for q in run.quarantine:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    return IngestResult(out_dir, report)
