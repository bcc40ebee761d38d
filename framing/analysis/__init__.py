"""Step 2 — processed tables → one analysed row per sentence (the JSONL contract).

analyze (voice, source, cue, via, loaded phrases and their voice, names, affiliation) and files
(writing and reading the analysis; a processed folder partition by partition, pandas or Dask).
"""

from framing.analysis.analyze import (
           CONTRACT_COLUMNS,
           EXTRA_COLUMNS,
           analyze,
           load_tables,
)
from framing.analysis.files import (
           AnalysisWriter,
           analyze_processed,
           partitions,
           read_analysis,
           write_sentences,
)

__all__ = ["CONTRACT_COLUMNS", "EXTRA_COLUMNS", "AnalysisWriter", "analyze", "analyze_processed", "load_tables",
           "partitions", "read_analysis", "write_sentences"]
