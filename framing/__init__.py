"""framing: measure how Persian-language news outlets frame the news."""

__version__ = "0.1.0"


def analyze(*args, **kwargs):
    """Label every sentence's voice, source, cue and loaded phrases (see framing.analyze)."""
    from framing.analyze import analyze as _analyze

    return _analyze(*args, **kwargs)


def ingest(*args, **kwargs):
    """Ingest files into tidy tables (see framing.ingest)."""
    from framing.ingest import ingest as _ingest

    return _ingest(*args, **kwargs)
