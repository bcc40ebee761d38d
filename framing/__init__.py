"""framing: measure how Persian-language news outlets frame the news.

    >>> import framing
    >>> df = framing.analyze(["data/raw"])           # ingest + voice + loaded phrases
    >>> framing.ingest(["data/raw"], "data/processed")  # tidy tables on disk
"""

__version__ = "0.1.0"

# The submodules framing.ingest and framing.analyze share their names with these functions:
# importing them here binds the package attributes to the functions once and for all.
from framing.ingest import ingest  # noqa: E402
from framing.analyze import analyze  # noqa: E402

__all__ = ["__version__", "analyze", "ingest"]
