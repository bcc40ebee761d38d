"""Step 3 — the analysis → outlet comparisons: rates with intervals and tests (rates), the same
story across outlets (stories), what a republisher changed in the wire copy (wirediff), corpus
and voice summaries (summary)."""

from framing.compare.rates import Comparison, compare, load_analysis, select

__all__ = ["Comparison", "compare", "load_analysis", "select"]
