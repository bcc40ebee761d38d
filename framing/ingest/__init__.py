"""Step 1 — raw files → ``articles.parquet``, ``sentences.parquet``, the ingest report and quarantine.

readers (one per input format) and decoding → article (one record → one article: normalize,
offsets, outlets and credits, dates, segment) → run (a whole run: duplicates, quarantine,
streaming Parquet, pandas or Dask). datasets: public corpora fetched on request (registry,
download, verification, conversion into what the readers read) in data/external/.
"""

from framing.ingest.run import IngestError, IngestResult, ingest, ingest_tables

__all__ = ["IngestError", "IngestResult", "ingest", "ingest_tables"]
