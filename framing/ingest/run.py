"""Ingest: files -> tidy tables ``articles.parquet``, ``sentences.parquet``, ``ingest_report.json``.

Every input record ends up either in ``articles.parquet`` or in the quarantine (the report and
``quarantine.jsonl``), so that ``read == written + quarantined`` always holds. The original text
is kept next to the normalized text, with an offset map, so that every later span can point at
the original characters. Re-running on the same input writes identical files.
"""

from __future__ import annotations

import collections
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from framing._version import __version__
from framing.config import (
    ARTICLES_FILE,
    INGEST_REPORT_FILE,
    QUARANTINE_FILE,
    SENTENCES_FILE,
)
from framing.engine import check_engine, client_for, in_order
from framing.ingest.article import (
    ARTICLE_SCHEMA,
    DEFAULT_MAX_RECORD_CHARS,
    SENTENCE_SCHEMA,
    build_article,
    build_batch,
)
from framing.ingest.normalize import get_normalizer
from framing.ingest.readers import Problem, RawRecord, discover, file_format, read_file
from framing.ingest.segment import DEFAULT_MAX_CHARS
from framing.resources import resources_version

if TYPE_CHECKING:
    import pandas as pd

INGEST_VERSION = "1"


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


def iter_records(paths: Iterable, *, stats: dict | None = None, skipped: list | None = None,
                 max_record_chars: int = DEFAULT_MAX_RECORD_CHARS) -> Iterator[RawRecord | Problem]:
    """All records of all inputs, in a stable order (files sorted, records in file order). A record
    far over ``max_record_chars`` is quarantined by its reader without being read whole."""
    roots = [Path(p) for p in paths]
    files, skip = discover(roots)
    if skipped is not None:
        skipped.extend(skip)
    for f in files:
        name = _display_name(f, roots)
        if stats is not None:
            stats[name] = FileStats(name, file_format(f))
        yield from read_file(f, name=name, max_record_chars=max_record_chars)


def input_fingerprint(paths) -> str:
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
        for item in iter_records(paths, stats=run.stats, skipped=run.skipped, max_record_chars=max_record_chars):
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
        "input_hash": input_fingerprint(paths),
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
    try:
        check_engine(engine)
    except ValueError as exc:
        raise IngestError(str(exc)) from None
    if engine == "dask":
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise IngestError(f"input path does not exist: {missing[0]}")
        with client_for(client, scheduler=scheduler, workers=workers) as client:
            run, tmp_a, tmp_s = _ingest_dask(paths, out_dir, client=client, partition=batch_size,
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


def _ingest_dask(paths, out_dir: Path, *, client, partition: int, max_record_chars: int, max_sentence_chars: int,
                 progress: bool | None = None) -> tuple[_Run, Path, Path]:
    """The dask engine of :func:`ingest`: workers build batches of records
    (:func:`framing.ingest.article.build_batch`); this process reads the inputs, resolves
    duplicates in input order and writes. Returns the run's book-keeping and the two temporary
    files, which :func:`_finish` renames."""
    import pyarrow.compute as pc
    from tqdm.auto import tqdm

    run = _Run()
    resolver = _Resolver(run)
    tmp_a, tmp_s = out_dir / (ARTICLES_FILE + ".tmp"), out_dir / (SENTENCES_FILE + ".tmp")
    a_writer = pq.ParquetWriter(tmp_a, ARTICLE_SCHEMA, compression="zstd")
    s_writer = pq.ParquetWriter(tmp_s, SENTENCE_SCHEMA, compression="zstd")
    bar = tqdm(unit=" records", desc="ingest (dask)", disable=(None if progress is None else not progress), file=sys.stderr)

    def batches():
        """(items, (records,)): a partition of input items (reading problems included, to keep
        their place in the order) and the records a worker builds."""
        batch: list = []
        for item in iter_records(paths, stats=run.stats, skipped=run.skipped, max_record_chars=max_record_chars):
            resolver.read(item)
            batch.append(item)
            if len(batch) >= partition:
                yield batch, ([x for x in batch if isinstance(x, RawRecord)],)
                batch = []
        if batch:
            yield batch, ([x for x in batch if isinstance(x, RawRecord)],)

    def merge(items, result):
        """Resolve one finished batch in input order and append its kept rows."""
        meta, a, s = result
        keep_pos, dups = [], []
        k = 0
        for item in items:  # reading problems stay in their place in the order
            if not isinstance(item, RawRecord):
                resolver.resolve(item, None, None, "", None, item)
                continue
            m = meta[k]
            if m[0] == "problem":
                resolver.resolve(item, None, None, "", None, m[1])
            else:
                kept, dup = resolver.resolve(item, m[1], m[2], m[3], m[4], None)
                if kept:
                    keep_pos.append(k)
                    dups.append(dup)
            k += 1
        bar.update(len(items))
        if not keep_pos:
            return
        wanted = pa.array(keep_pos, pa.int32())
        a = a.filter(pc.is_in(a["_pos"], value_set=wanted))
        s = s.filter(pc.is_in(s["_pos"], value_set=wanted))
        dup_of = dict(zip(keep_pos, dups))
        a = a.set_column(a.schema.get_field_index("duplicate_of"), "duplicate_of",
                         pa.array([dup_of[p] for p in a["_pos"].to_pylist()], pa.string()))
        write_aligned(a_writer, s_writer, a.drop_columns(["_pos"]).cast(ARTICLE_SCHEMA),
                      s.drop_columns(["_pos"]).cast(SENTENCE_SCHEMA))

    try:
        for items, result in in_order(client, build_batch, batches(), max_record_chars, max_sentence_chars):
            merge(items, result)
    finally:
        a_writer.close()
        s_writer.close()
        bar.close()
    return run, tmp_a, tmp_s


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
