"""Execution engines: ``pandas`` (one process, streaming) and ``dask`` (a local or existing
Dask cluster), with identical results.

Both engines stream: ingestion writes ``articles.parquet`` and ``sentences.parquet`` one row
group per batch, aligned (row group *i* of the sentences holds the sentences of row group *i*
of the articles), and analysis reads them back partition by partition, so peak memory depends
on the partition size, not on the corpus.

With Dask the driver (the process that runs ``framing``) reads the input records and writes
the outputs; workers do the expensive part — normalizing, segmenting, labelling — on batches it
sends them, and return Arrow tables. Workers therefore need neither the input files nor a
shared filesystem, only the ``framing`` package (with its resource files, installed as package
data) and the same versions of its dependencies. Batches are submitted with back-pressure (a
few per worker in flight) and merged in input order, so the outputs are byte-for-byte the
tables the pandas engine writes.

    framing ingest CORPUS --engine dask --workers 4          # local cluster, 4 processes
    framing analyze data/processed --engine dask --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections import deque
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ENGINES = ("pandas", "dask")
DEFAULT_PARTITION = 100  # records (ingest) or articles (analyze) per partition


# -- cluster ----------------------------------------------------------------------------------------------
@contextlib.contextmanager
def dask_client(*, scheduler: str | None = None, workers: int | None = None, threads_per_worker: int = 1):
    """A ``distributed.Client``: connected to ``scheduler`` (an existing cluster) or to a local
    cluster of ``workers`` processes (default: one per core). Closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    import os

    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
        yield client


def _n_workers(client) -> int:
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except Exception:  # pragma: no cover - scheduler without info
        return 1


# -- ingest -----------------------------------------------------------------------------------------------
def _build_batch(records, max_record_chars: int, max_sentence_chars: int):
    """Worker task: build every raw record of a batch. Returns (meta per record, articles table,
    sentences table); tables carry ``_pos`` (the record's index in the batch)."""
    from framing.ingest import ARTICLE_SCHEMA, SENTENCE_SCHEMA, build_article
    from framing.normalize import get_normalizer

    normalizer = get_normalizer()
    meta, arts, sents, a_pos, s_pos = [], [], [], [], []
    for i, rec in enumerate(records):
        built = build_article(rec, normalizer=normalizer, max_record_chars=max_record_chars,
                              max_sentence_chars=max_sentence_chars)
        if isinstance(built, tuple):
            article, sentences = built
            meta.append(("ok", article["article_id"], article["text_hash"], article["original_text"][:300],
                         article["record_id"]))
            arts.append(article)
            a_pos.append(i)
            sents.extend(sentences)
            s_pos.extend([i] * len(sentences))
        else:
            meta.append(("problem", built))
    a = pa.Table.from_pylist(arts, schema=ARTICLE_SCHEMA).append_column("_pos", pa.array(a_pos, pa.int32()))
    s = pa.Table.from_pylist(sents, schema=SENTENCE_SCHEMA).append_column("_pos", pa.array(s_pos, pa.int32()))
    return meta, a, s


def ingest_dask(paths, out_dir, *, client, partition: int = DEFAULT_PARTITION, max_record_chars: int,
                max_sentence_chars: int, progress: bool | None = None):
    """The dask engine of :func:`framing.ingest.ingest`: returns the run's book-keeping and the
    two temporary files (``ingest`` renames them and writes the same report as with pandas)."""
    import pyarrow.compute as pc
    from tqdm.auto import tqdm

    from framing.ingest import (
        ARTICLE_SCHEMA, ARTICLES_FILE, SENTENCE_SCHEMA, SENTENCES_FILE, RawRecord, _Resolver, _Run, iter_records,
        write_aligned,
    )

    paths = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    run = _Run()
    resolver = _Resolver(run)
    tmp_a, tmp_s = out_dir / (ARTICLES_FILE + ".tmp"), out_dir / (SENTENCES_FILE + ".tmp")
    a_writer = pq.ParquetWriter(tmp_a, ARTICLE_SCHEMA, compression="zstd")
    s_writer = pq.ParquetWriter(tmp_s, SENTENCE_SCHEMA, compression="zstd")
    limit = 2 * _n_workers(client) + 1
    inflight: deque = deque()
    bar = tqdm(unit=" records", desc="ingest (dask)", disable=(None if progress is None else not progress), file=sys.stderr)

    def merge(result, items):
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

    def submit(items):
        records = [x for x in items if isinstance(x, RawRecord)]
        fut = client.submit(_build_batch, records, max_record_chars, max_sentence_chars, pure=False)
        inflight.append((fut, items))
        while len(inflight) > limit:
            f, its = inflight.popleft()
            merge(f.result(), its)

    try:
        batch: list = []
        for item in iter_records(paths, stats=run.stats, skipped=run.skipped):
            resolver.read(item)
            batch.append(item)
            if len(batch) >= partition:
                submit(batch)
                batch = []
        if batch:
            submit(batch)
        while inflight:
            f, its = inflight.popleft()
            merge(f.result(), its)
    finally:
        a_writer.close()
        s_writer.close()
        bar.close()
    return run, tmp_a, tmp_s


# -- analyze ----------------------------------------------------------------------------------------------
JSON_COLUMNS = ("loaded", "names")  # lists of dicts: stored as JSON text in Parquet and CSV
_INT = {"sent_id", "content_start", "content_end", "tokens_outlet", "tokens_source", "paragraph", "start", "end",
        "orig_start", "orig_end"}
_FLOAT = {"editorial_score", "loaded_score", "outlet_loaded_proba"}


def analysis_schema(columns) -> pa.Schema:
    """A fixed Arrow schema for analysis output (the same for every partition, so that an
    all-empty column in one partition cannot change the file's types)."""
    fields = []
    for c in columns:
        if c in _INT:
            t = pa.int64()
        elif c in _FLOAT or c.startswith("p_"):
            t = pa.float64()
        elif c == "via":
            t = pa.list_(pa.string())
        else:
            t = pa.string()
        fields.append(pa.field(c, t))
    return pa.schema(fields)


def _as_str(v):
    import pandas as pd

    if isinstance(v, str):
        return v
    if v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v)):
        return None
    return str(v)


_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _json_text(v) -> str:
    """A list column's cell as JSON text: analysis builds plain Python values, encoded as they
    are; values read back from files (NumPy arrays and scalars, NaN) go through ``_jsonable``."""
    if v is None:
        v = []
    try:
        return _JSON.encode(v)
    except (TypeError, ValueError):
        from framing.analyze import _jsonable

        return json.dumps(_jsonable(v), ensure_ascii=False)


def _string_array(values) -> pa.Array:
    try:  # a column of str and missing values (the usual case) converts in C
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(values.map(_as_str), type=pa.string(), from_pandas=True)


def _encoded(df, schema: pa.Schema) -> pa.Table:
    arrays = []
    for f in schema:
        col = df[f.name]
        if f.name in JSON_COLUMNS:
            arrays.append(pa.array([_json_text(v) for v in col], type=pa.string()))
        elif f.name == "via":
            arrays.append(pa.array([[str(x) for x in v] if v is not None else [] for v in col], type=f.type))
        elif f.type == pa.string():
            arrays.append(_string_array(col))
        else:
            arrays.append(pa.Array.from_pandas(col, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def encode_partition(df, fmt: str):
    """One partition of analysis, ready to append: an Arrow table (Parquet) or text (JSONL, CSV
    without header). Done where the partition was analysed (a Dask worker), so that the driver
    only writes."""
    from framing.analyze import _jsonable

    if fmt == "parquet":
        return _encoded(df, analysis_schema(list(df.columns)))
    if fmt == "jsonl":
        return "".join(json.dumps(_jsonable(rec), ensure_ascii=False) + "\n" for rec in df.to_dict("records"))
    flat = df.copy()
    for col in ("via", *JSON_COLUMNS):
        if col in flat:
            flat[col] = flat[col].map(lambda v: json.dumps(_jsonable(v), ensure_ascii=False))
    return flat.to_csv(index=False, header=False, lineterminator="\n")


class AnalysisWriter:
    """Append analysis partitions to one JSONL, CSV or Parquet file, in order."""

    def __init__(self, path, fmt: str | None = None):
        self.path = Path(path)
        self.fmt = fmt or {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}.get(self.path.suffix, "jsonl")
        if self.fmt not in ("jsonl", "csv", "parquet"):
            raise ValueError(f"unknown format {self.fmt!r}: use jsonl, csv or parquet")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_name(self.path.name + ".tmp")
        self._fh = None
        self._pq = None
        self.rows = 0

    def write(self, df) -> None:
        """Append a partition given as the analysis DataFrame."""
        self.write_encoded(encode_partition(df, self.fmt), len(df), list(df.columns))

    def write_encoded(self, payload, n_rows: int, columns: list[str]) -> None:
        """Append a partition encoded by :func:`encode_partition`."""
        if self.fmt == "parquet":
            if self._pq is None:
                self._pq = pq.ParquetWriter(self.tmp, payload.schema, compression="zstd")
            if payload.num_rows:
                self._pq.write_table(payload, row_group_size=max(1, payload.num_rows))
        else:
            if self._fh is None:
                self._fh = open(self.tmp, "w", encoding="utf-8", newline="")
                if self.fmt == "csv":
                    self._fh.write(",".join(_csv_header(c) for c in columns) + "\n")
            self._fh.write(payload)
        self.rows += n_rows

    def close(self) -> Path:
        if self._pq is not None:
            self._pq.close()
        elif self.fmt == "parquet":  # nothing written: an empty file with the contract columns
            from framing.analyze import CONTRACT_COLUMNS, EXTRA_COLUMNS

            pq.write_table(analysis_schema(CONTRACT_COLUMNS + EXTRA_COLUMNS).empty_table(), self.tmp)
        if self._fh is not None:
            self._fh.close()
        elif self.fmt != "parquet":
            self.tmp.touch()
        self.tmp.replace(self.path)
        return self.path


def _csv_header(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ',"\n') else name


def partitions(processed_dir, *, size: int = DEFAULT_PARTITION, arrow: bool = False):
    """(articles, sentences) DataFrames partition by partition from a processed folder.

    Ingest writes aligned row groups, which are read one pair at a time. Files from elsewhere
    whose row groups are not aligned are read in slices of ``size`` articles instead, taking
    each slice's sentences with a filter (slower, same result)."""
    from framing.config import ARTICLES_FILE, SENTENCES_FILE

    processed_dir = Path(processed_dir)
    fa, fs = pq.ParquetFile(processed_dir / ARTICLES_FILE), pq.ParquetFile(processed_dir / SENTENCES_FILE)
    aligned = fa.num_row_groups == fs.num_row_groups
    if aligned:
        for i in range(fa.num_row_groups):  # check on the id column only
            ids = set(fa.read_row_group(i, columns=["article_id"]).column("article_id").to_pylist())
            if not set(fs.read_row_group(i, columns=["article_id"]).column("article_id").to_pylist()) <= ids:
                aligned = False
                break
        if aligned:
            for i in range(fa.num_row_groups):
                a, s = fa.read_row_group(i), fs.read_row_group(i)
                yield (a, s) if arrow else (a.to_pandas(), s.to_pandas())
            return
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    sentences = ds.dataset(processed_dir / SENTENCES_FILE)
    for batch in fa.iter_batches(batch_size=size):
        a = pa.Table.from_batches([batch])
        s = sentences.to_table(filter=pc.field("article_id").isin(a.column("article_id")))
        yield (a, s) if arrow else (a.to_pandas(), s.to_pandas())


def _analyze_batch(articles, sentences, lexicon, model, fmt: str):
    """Task: analyze one partition (Arrow tables or DataFrames in) and encode it for the output
    format. Returns (payload, rows, columns)."""
    from framing.analyze import analyze

    if isinstance(articles, pa.Table):
        articles, sentences = articles.to_pandas(), sentences.to_pandas()
    df = analyze(articles, sentences, lexicon=lexicon, model=model, progress=False)
    return encode_partition(df, fmt), len(df), list(df.columns)


def analyze_processed(processed_dir, out, *, fmt: str | None = None, lexicon=None, model=None,
                      engine: str = "pandas", client=None, workers: int | None = None, scheduler: str | None = None,
                      progress: bool | None = None) -> tuple[Path, int]:
    """Analyze a processed folder partition by partition into ``out`` (JSONL, CSV or Parquet),
    with the pandas engine (this process) or on Dask. Returns (path, sentences written)."""
    from tqdm.auto import tqdm

    from framing.loaded import load_lexicon

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    lexicon = lexicon or load_lexicon()
    n_groups = pq.ParquetFile(Path(processed_dir) / "articles.parquet").num_row_groups
    writer = AnalysisWriter(out, fmt)
    bar = tqdm(total=n_groups, unit=" partitions", desc=f"analyze ({engine})",
               disable=(None if progress is None else not progress), file=sys.stderr)
    try:
        if engine == "pandas":
            for a, s in partitions(processed_dir):
                writer.write_encoded(*_analyze_batch(a, s, lexicon, model, writer.fmt))
                bar.update(1)
        else:
            with contextlib.ExitStack() as stack:
                if client is None:
                    client = stack.enter_context(dask_client(scheduler=scheduler, workers=workers))
                lex_f = client.scatter(lexicon, broadcast=True)
                model_f = client.scatter(model, broadcast=True) if model is not None else None
                limit = 2 * _n_workers(client) + 1
                inflight: deque = deque()
                for a, s in partitions(processed_dir, arrow=True):  # Arrow tables travel cheaply
                    inflight.append(client.submit(_analyze_batch, a, s, lex_f, model_f, writer.fmt, pure=False))
                    while len(inflight) > limit:
                        writer.write_encoded(*inflight.popleft().result())
                        bar.update(1)
                while inflight:
                    writer.write_encoded(*inflight.popleft().result())
                    bar.update(1)
    finally:
        bar.close()
    path = writer.close()
    return path, writer.rows
