"""Run parameters: defaults, overridden by ``params.yaml`` at the project root, overridden by
command-line options. Unknown keys are an error (a typo should not be silently ignored).

Keys::

    data                        corpus folder or file for `make report`
    ingest.max_record_chars     records longer than this are quarantined (too_large)
    ingest.max_sentence_chars   sentences longer than this are cut at spaces (overlong)
    lexicon.extra               user lexicon TSV files merged into the packaged lexicon
    voice.editorial_threshold   evaluative score from which an outlet-voice sentence is editorial (the rules)
    voice.decider               who decides voice in `make report`: voice.evidence.v1 (shipped, learned),
                                rules (voice.rules.v2), voice.rules.v1, or a trained model's folder
    model.name / model.params   a registered model and its parameters (framing train)
    report.outlets              outlets to compare (default: all; pairwise tests: the top_outlets largest)
    report.date_from / date_to  ISO dates: keep articles dated within the range
    report.min_articles         outlets with fewer articles are flagged and not tested pairwise
    report.bootstrap            article-level bootstrap resamples for 95% intervals
    report.permutations         permutations per pairwise test
    report.correction           holm (family-wise) | bh (false discovery rate), within each measure
    report.top_outlets          how many of the largest outlets enter pairwise tests by default
    report.wire_pages / article_pages   how many wire-diff and annotated-article pages to write
    report.seed                 random seed of bootstrap and permutations
    stories.threshold           cosine similarity for same-story grouping (validated on FarExStance)
    stories.window_days         articles further apart in time never join a story
    stories.lead_chars          how much of each article (title + lead) identifies its story
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from framing.config import PARAMS_FILE

DEFAULTS: dict = {
    "data": "data/raw",
    "ingest": {"max_record_chars": 2_000_000, "max_sentence_chars": 1500},
    "lexicon": {"extra": []},
    "voice": {"editorial_threshold": 2.5, "decider": "voice.evidence.v1"},
    "model": {"name": "voice.evidence.v1", "params": {}},
    "report": {"outlets": [], "date_from": None, "date_to": None, "min_articles": 10, "seed": 0,
               "bootstrap": 1000, "permutations": 2000, "correction": "holm", "top_outlets": 8,
               "wire_pages": 20, "article_pages": 30},
    "stories": {"threshold": 0.3, "window_days": 3, "lead_chars": 800},
}


class ParamsError(ValueError):
    pass


def _merge(base: dict, over: dict, where: str) -> dict:
    out = copy.deepcopy(base)
    for k, v in (over or {}).items():
        if k not in base:
            raise ParamsError(f"{where}: unknown key {k!r} (known: {', '.join(sorted(base))})")
        if isinstance(base[k], dict) and k != "params":
            if not isinstance(v, dict):
                raise ParamsError(f"{where}: {k!r} must be a mapping")
            out[k] = _merge(base[k], v, f"{where}.{k}")
        else:
            out[k] = v
    return out


def load_params(path: str | Path | None = None) -> dict:
    """Defaults merged with ``params.yaml`` (or ``path``)."""
    path = Path(path) if path else PARAMS_FILE
    if not path.is_file():
        return copy.deepcopy(DEFAULTS)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: must be a mapping of keys")
    return _merge(DEFAULTS, data, str(path))
