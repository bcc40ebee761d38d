"""Analysis files: write and read the analysis (JSONL — the stable contract —, CSV, Parquet),
and analyse a processed folder partition by partition, in this process or on Dask.

Ingest writes ``articles.parquet`` and ``sentences.parquet`` in aligned row groups (row group *i*
of the sentences holds the sentences of row group *i* of the articles); :func:`analyze_processed`
reads them back one pair at a time and appends each partition's rows to the output, so peak
memory depends on the partition, not on the corpus. On Dask the workers analyse and encode the
partitions (:func:`framing.engine.in_order`); this process only reads and writes, and the file
is byte-for-byte the one the pandas engine writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from framing.analysis.analyze import CONTRACT_COLUMNS, EXTRA_COLUMNS, analyze
from framing.config import ARTICLES_FILE, SENTENCES_FILE
from framing.engine import DEFAULT_PARTITION, check_engine, client_for, in_order
from framing.lexicon.loaded import load_lexicon


def write_sentences(df: pd.DataFrame, path, *, fmt: str | None = None) -> Path:
    """Write the analysis as JSONL (the stable contract), CSV or Parquet (list-of-dict columns
    ``loaded`` and ``names`` as JSON text in CSV and Parquet; see :class:`AnalysisWriter`)."""
    writer = AnalysisWriter(path, fmt)
    writer.write(df)
    return writer.close()


def _jsonable(v):
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if hasattr(v, "tolist"):
        return _jsonable(v.tolist())
    if isinstance(v, float) and v != v:
        return None
    return v


def read_analysis(path) -> pd.DataFrame:
    """Read an analysis written by :func:`write_sentences` (JSONL, CSV or Parquet) back with
    its list columns (``via``, ``loaded``, ``names``) as Python lists and ``voice_proba`` as a dict."""
    path = Path(path)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype={"article_id": str}, precise_float=True)
    df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype={"article_id": str})
    for col in ("via", *JSON_COLUMNS):
        if col in df and len(df) and df[col].map(lambda v: isinstance(v, str)).any():
            df[col] = df[col].map(lambda v: json.loads(v) if isinstance(v, str) else v)
    if "via" in df:
        df["via"] = df["via"].map(lambda v: list(v) if v is not None else [])
    if "boilerplate" in df:
        df["boilerplate"] = df["boilerplate"].where(df["boilerplate"].map(lambda v: isinstance(v, str)), None)
    return df


# -- streaming ----------------------------------------------------------------------------------------------
JSON_COLUMNS = ("loaded", "names", "voice_proba")  # lists and dicts: stored as JSON text in Parquet and CSV
OPTIONAL_JSON = ("voice_proba",)
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
        if f.name in OPTIONAL_JSON:  # a dict or nothing (no learned decider: null)
            arrays.append(pa.array([None if v is None or (isinstance(v, float) and v != v) else _json_text(v) for v in col],
                                   type=pa.string()))
        elif f.name in JSON_COLUMNS:
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

    check_engine(engine)
    lexicon = lexicon or load_lexicon()
    n_groups = pq.ParquetFile(Path(processed_dir) / ARTICLES_FILE).num_row_groups
    writer = AnalysisWriter(out, fmt)
    bar = tqdm(total=n_groups, unit=" partitions", desc=f"analyze ({engine})",
               disable=(None if progress is None else not progress), file=sys.stderr)
    try:
        if engine == "pandas":
            for a, s in partitions(processed_dir):
                writer.write_encoded(*_analyze_batch(a, s, lexicon, model, writer.fmt))
                bar.update(1)
        else:
            with client_for(client, scheduler=scheduler, workers=workers) as client:
                lex_f = client.scatter(lexicon, broadcast=True)
                model_f = client.scatter(model, broadcast=True) if model is not None else None
                jobs = ((None, part) for part in partitions(processed_dir, arrow=True))  # Arrow tables travel cheaply
                for _, encoded in in_order(client, _analyze_batch, jobs, lex_f, model_f, writer.fmt):
                    writer.write_encoded(*encoded)
                    bar.update(1)
    finally:
        bar.close()
    path = writer.close()
    return path, writer.rows
