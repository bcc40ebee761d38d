"""How far to trust the voice rates: the decider's measured errors, and rates corrected for them.

A decider makes errors at measured rates: on the gold documents (cross-validated, grouped by
document) it calls some editorial sentences report, some attributed ones editorial … An outlet's
observed shares of predicted voices are therefore mixtures. *Adjusted classify-and-count*
undoes the mixing: with ``M[i, j]`` the share of gold-``i`` sentences the decider calls ``j``,
the observed shares ``p`` satisfy ``p = Mᵀ q`` for the true shares ``q``; we solve for ``q``
(clipped to [0, 1] and renormalized).

Both ``p`` and ``M`` are estimates. The 95% interval of a corrected share comes from a bootstrap
that resamples the outlet's articles (for ``p``) and the gold documents (for ``M``) together, so
it carries the uncertainty of the correction as well as that of the sample.

The gold confusion counts per document travel with the decider: the shipped model's card
(``framing/resources/models/voice.evidence.v1/model_card.json``) holds them for the learned
decider and for the rules, measured on the same documents.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

VOICES = ["attributed", "report", "editorial"]


def decider_card(model_name: str | None) -> dict | None:
    """The gold evaluation behind the decider of an analysis (``model`` column): per-class
    precision and recall, the confusion matrix and per-document confusion counts."""
    from framing.voice.models import default_model_dir

    path = default_model_dir() / "model_card.json"
    if not model_name or not path.is_file():
        return None
    cv = json.loads(path.read_text(encoding="utf-8")).get("cross_validation") or {}
    name = str(model_name).split(" ")[0]
    if name == "voice.evidence.v1":
        ev = cv
    elif name == "voice.rules.v2":
        ev = cv.get("rules") or {}
    else:
        return None
    if not ev.get("doc_confusion"):
        return None
    return {"decider": name, "per_class": ev["per_class"], "confusion": ev["confusion"], "doc_confusion": ev["doc_confusion"],
            "folds": cv.get("folds"), "gold": None}


def _confusion_counts(doc_confusion: list[dict]) -> np.ndarray:
    """(documents, true, predicted) counts."""
    out = np.zeros((len(doc_confusion), 3, 3))
    for d, doc in enumerate(doc_confusion):
        for key, n in doc["counts"].items():
            t, p = key.split(">")
            out[d, VOICES.index(t), VOICES.index(p)] = n
    return out


def adjust(observed: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Adjusted classify-and-count: true shares from observed predicted shares (rows of
    ``observed``, columns in VOICES order) and a (true, predicted) count matrix."""
    m = counts / np.clip(counts.sum(axis=1, keepdims=True), 1e-12, None)
    q, *_ = np.linalg.lstsq(m.T, np.atleast_2d(observed).T, rcond=None)
    q = np.clip(q.T, 0, 1)
    return q / np.clip(q.sum(axis=1, keepdims=True), 1e-12, None)


def corrected_voice_shares(table: pd.DataFrame, doc_confusion: list[dict], *, n_boot: int = 1000, seed: int = 0,
                           ci: float = 0.95, min_articles: int = 10) -> pd.DataFrame:
    """Outlet × voice: the raw share of predicted voices with its article-bootstrap interval, and
    the share corrected for the decider's gold confusion with an interval from bootstrapping
    articles and gold documents together. ``table`` is :func:`framing.compare.rates.article_table`."""
    rng = np.random.default_rng(seed)
    docs = _confusion_counts(doc_confusion)
    alpha = (1 - ci) / 2
    rows = []
    for outlet, g in table.groupby("outlet", sort=True):
        num = g[[f"n_{v}" for v in VOICES]].to_numpy(dtype=float)
        if num.sum() == 0:
            continue
        raw = num.sum(axis=0) / num.sum()
        point = adjust(raw, docs.sum(axis=0))[0]
        raw_b = np.empty((n_boot, 3))
        cor_b = np.empty((n_boot, 3))
        for b in range(n_boot):
            w = rng.multinomial(len(g), np.full(len(g), 1 / len(g)))
            s = w @ num
            raw_b[b] = s / max(s.sum(), 1e-12)
            dw = rng.multinomial(len(docs), np.full(len(docs), 1 / len(docs)))
            cor_b[b] = adjust(raw_b[b], np.tensordot(dw, docs, axes=1))[0]
        for j, v in enumerate(VOICES):
            rows.append({
                "outlet": outlet, "voice": v, "articles": len(g), "sentences": int(num.sum()),
                "raw": raw[j], "raw_low": np.quantile(raw_b[:, j], alpha), "raw_high": np.quantile(raw_b[:, j], 1 - alpha),
                "corrected": point[j], "corrected_low": np.quantile(cor_b[:, j], alpha),
                "corrected_high": np.quantile(cor_b[:, j], 1 - alpha),
                "flag": "few_articles" if len(g) < min_articles else "",
            })
    return pd.DataFrame(rows)


def genre_by_outlet(analysis: pd.DataFrame) -> pd.DataFrame:
    """Articles per outlet and genre (``articles.parquet``'s genre, repeated in the analysis)."""
    if "genre" not in analysis:
        return pd.DataFrame(columns=["outlet", "genre", "articles"])
    first = analysis.groupby("article_id", sort=False)[["outlet", "genre"]].first()
    first["outlet"] = first["outlet"].fillna("unknown")
    first["genre"] = first["genre"].fillna("news")
    return first.groupby(["outlet", "genre"]).size().rename("articles").reset_index()
