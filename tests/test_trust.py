"""How far to trust the voice rates: adjusted classify-and-count, intervals that carry the
correction's uncertainty, genres per outlet."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.compare.trust import VOICES, adjust, corrected_voice_shares, genre_by_outlet


def _docs(matrix, n_docs=20):
    """Gold confusion counts spread over n_docs documents (true voice -> predicted voice)."""
    out = []
    for d in range(n_docs):
        out.append({"doc": f"d{d}", "counts": {f"{t}>{p}": int(matrix[i][j] // n_docs + (d < matrix[i][j] % n_docs))
                                               for i, t in enumerate(VOICES) for j, p in enumerate(VOICES)}})
    return out


def test_adjusted_classify_and_count_recovers_the_true_shares():
    counts = np.array([[80, 10, 10], [5, 85, 10], [10, 30, 60]], dtype=float)  # rows: gold, columns: predicted
    m = counts / counts.sum(axis=1, keepdims=True)
    true = np.array([0.5, 0.3, 0.2])
    observed = m.T @ true  # what a decider with these errors would report
    assert not np.allclose(observed, true)
    assert np.allclose(adjust(observed, counts)[0], true, atol=1e-9)


def test_a_perfect_decider_needs_no_correction():
    q = adjust(np.array([0.6, 0.3, 0.1]), np.diag([50.0, 40.0, 10.0]))[0]
    assert np.allclose(q, [0.6, 0.3, 0.1])


def test_corrected_shares_have_intervals_that_include_the_corrections_uncertainty():
    rng = np.random.default_rng(1)
    table = pd.DataFrame({"outlet": ["ایرنا"] * 30, "n_attributed": rng.integers(3, 9, 30),
                          "n_report": rng.integers(1, 5, 30), "n_editorial": rng.integers(0, 3, 30)})
    confusion = [[180, 10, 10], [5, 85, 10], [10, 30, 60]]
    out = corrected_voice_shares(table, _docs(confusion), n_boot=300, seed=0)
    assert set(out.voice) == set(VOICES) and len(out) == 3
    assert np.isclose(out.raw.sum(), 1) and np.isclose(out.corrected.sum(), 1)
    for r in out.itertuples():
        assert r.raw_low <= r.raw <= r.raw_high and r.corrected_low <= r.corrected <= r.corrected_high
    by = out.set_index("voice")
    raw = by.loc[VOICES, "raw"].to_numpy()
    assert np.allclose(by.loc[VOICES, "corrected"].to_numpy(), adjust(raw, np.array(confusion, dtype=float))[0])
    ed = by.loc["editorial"]
    # the corrected interval is wider than the raw one: the gold confusion is an estimate too
    assert ed.corrected_high - ed.corrected_low > ed.raw_high - ed.raw_low


def test_genres_per_outlet():
    a = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "outlet": ["کیهان", "کیهان", "کیهان", None],
                      "genre": ["commentary", "commentary", "news", None]})
    g = genre_by_outlet(a).set_index(["outlet", "genre"])["articles"].to_dict()
    assert g == {("کیهان", "commentary"): 1, ("کیهان", "news"): 1, ("unknown", "news"): 1}
