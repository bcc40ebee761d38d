"""Step 1 — raw files → ``articles.parquet``, ``sentences.parquet``, the ingest report and quarantine.

readers (one per input format) and decoding → article (one record → one article: normalize,
offsets, outlets and credits, dates, segment) → run (a whole run: duplicates, quarantine,
streaming Parquet, pandas or Dask).
"""

from framing.ingest.run import IngestError, IngestResult, ingest, ingest_tables

__all__ = ["IngestError", "IngestResult", "ingest", "ingest_tables"]
