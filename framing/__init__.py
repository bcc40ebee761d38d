"""framing: measure how Persian-language news outlets frame the news.

    >>> import framing
    >>> df = framing.analyze(["data/raw"])           # ingest + voice + loaded phrases
    >>> framing.ingest(["data/raw"], "data/processed")  # tidy tables on disk

The package is the pipeline (``ARCHITECTURE.md``): ``ingest`` → ``lexicon`` and ``voice`` →
``analysis`` → ``learn`` → ``compare`` → ``report``.
"""

from framing._version import __version__
from framing.analysis.analyze import analyze  # noqa: E402

# ``framing.ingest`` is also the name of the ingest step's folder: importing the function here
# binds the package attribute to the function once and for all (``from framing.ingest.run import
# …`` keeps working: submodules are found through ``sys.modules``).
from framing.ingest.run import ingest  # noqa: E402

__all__ = ["__version__", "analyze", "ingest"]
