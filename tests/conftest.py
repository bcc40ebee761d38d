"""Shared fixtures. Tests that need ../shared (real corpora, gold annotations) are skipped with a
clear reason when it is absent, so the suite also runs on a bare clone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("FRAMING_HOME", str(ROOT))

from framing.config import CORPORA_DIR, GOLD_DEV_DIR, SHARED_DIR  # noqa: E402

RAW = ROOT / "data" / "raw"
SEED = RAW / "000_0008ca096ddcc2a4.txt"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (the shared research data beside the checkout); not present here")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED_DIR)


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    return _need(CORPORA_DIR)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return _need(GOLD_DEV_DIR)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def normalizer():
    from framing.ingest.normalize import get_normalizer

    n = get_normalizer()
    n.words  # load hazm once per test session
    return n


@pytest.fixture(scope="session")
def raw_tables():
    """Articles and sentence analysis of the embedded default data (data/raw)."""
    from framing.analysis.analyze import analyze
    from framing.ingest.run import ingest_tables

    articles, sentences, _ = ingest_tables([RAW])
    return articles, analyze(articles, sentences, progress=False)


@pytest.fixture(scope="session")
def raw_report(tmp_path_factory):
    """`make report` on the embedded data, notebooks included, once per session: (base, result);
    the processed tables in base/p, the report in base/r."""
    from framing.report.build import build_report

    base = tmp_path_factory.mktemp("report")
    res = build_report([RAW], processed_dir=base / "p", reports_dir=base / "r", log=lambda *_: None)
    return base, res


@pytest.fixture(scope="session")
def farexstance(tmp_path_factory, corpora_dir):
    """FarExStance ingested and analysed once per session: (processed folder, articles, analysis)."""
    import pandas as pd

    from framing.analysis import analyze, load_tables, write_sentences
    from framing.ingest.run import ingest

    out = tmp_path_factory.mktemp("farexstance")
    ingest([corpora_dir / "farexstance" / "articles.jsonl"], out, progress=False)
    articles, sentences = load_tables([out])
    analysis = analyze(articles, sentences, progress=False)
    write_sentences(analysis, out / "analysis.parquet", fmt="parquet")
    return out, pd.read_parquet(out / "articles.parquet"), analysis
