"""Gold documents as the analysis sees them, for deciders that read whole articles.

:func:`load_gold_corpus` ingests the documents of one or more gold folders with framing's own
segmentation and gives each of our sentences the voice of the gold unit covering most of it
(the two segmentations agree on 99% of the units of the shared gold). A decider is trained on
these sentences; it is evaluated through the whole pipeline (:func:`cross_validate_pipeline`):
each fold's model analyses the held-out documents, and the analysis is scored against the gold
units exactly as ``framing evaluate`` scores it (voice, source, cue, via, loaded phrases).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.analysis.analyze import analyze
from framing.learn.evaluate import (
    LABELS,
    align,
    gold_documents,
    locate,
    read_gold,
    score,
)

ARTICLE_COLUMNS = ["chain", "genre", "genre_evidence"]  # repeated on every sentence for the decider


@dataclass
class GoldCorpus:
    """Ingested gold documents: ``articles`` and ``sentences`` (our segmentation; ``voice`` is the
    projected gold label, None where no gold unit covers the sentence), and per gold folder the
    ``docs`` and ``units`` to score against."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    folders: list = field(default_factory=list)  # (gold_dir, docs, units, article ids)

    @property
    def labelled(self) -> pd.DataFrame:
        return self.sentences[self.sentences["voice"].notna()].reset_index(drop=True)

    def subset(self, article_ids) -> "GoldCorpus":
        keep = set(article_ids)
        folders = []
        for gold_dir, docs, units, ids in self.folders:
            mine = [a for a in ids if a in keep]
            if not mine:
                continue
            records = set(self.articles.loc[self.articles["article_id"].isin(mine), "record_id"])
            folders.append((gold_dir, docs[docs["doc_id"].isin(records)], units[units["doc_id"].isin(records)], mine))
        return GoldCorpus(self.articles[self.articles["article_id"].isin(keep)].reset_index(drop=True),
                          self.sentences[self.sentences["article_id"].isin(keep)].reset_index(drop=True), folders)


def _project(article, units: pd.DataFrame, sents: pd.DataFrame) -> list[str | None]:
    """The gold voice of each of our sentences: that of the gold unit covering most of it."""
    has_title = bool(str(article.title or "").strip())
    spans, cursor = [], 0
    for u in units.sort_values("sent_id").to_dict("records"):
        part = "title" if has_title and u["sent_id"] == 0 else "body"
        sp = locate(u["text"], article.title if part == "title" else article.text, cursor if part == "body" else 0)
        if sp is None:
            continue
        if part == "body":
            cursor = sp[1]
        spans.append((part, sp, u["voice"]))
    out = []
    for s in sents.itertuples():
        cover: Counter = Counter()
        for part, sp, voice in spans:
            if part == s.part:
                ov = min(sp[1], s.end) - max(sp[0], s.start)
                if ov > 0:
                    cover[voice] += ov
        out.append(cover.most_common(1)[0][0] if cover else None)
    return out


def load_gold_corpus(gold_dirs, *, missing: str = "error") -> GoldCorpus:
    arts, sents, folders = [], [], []
    for d in [gold_dirs] if isinstance(gold_dirs, (str, Path)) else gold_dirs:
        docs, units = read_gold(d, missing=missing)
        if units.empty:
            continue
        a, s = gold_documents(d, docs)
        s = s.sort_values(["article_id", "sent_id"], kind="stable").reset_index(drop=True)
        by_record = {r.record_id: r for r in a.itertuples()}
        voices = pd.Series(None, index=s.index, dtype=object)
        for doc_id, u in units.groupby("doc_id", sort=False):
            art = by_record.get(doc_id)
            if art is None:
                continue
            rows = s.index[s["article_id"] == art.article_id]
            voices.loc[rows] = _project(art, u, s.loc[rows])
        s = s.assign(voice=voices, gold_dir=str(d))
        meta = a.set_index("article_id")[[c for c in ARTICLE_COLUMNS + ["outlet"] if c in a.columns]]
        s = s.join(meta, on="article_id")
        arts.append(a)
        sents.append(s)
        folders.append((str(d), docs, units, list(a["article_id"])))
    if not arts:
        raise ValueError("no gold documents found (are the gold folders' corpora here?)")
    return GoldCorpus(pd.concat(arts, ignore_index=True), pd.concat(sents, ignore_index=True), folders)


def score_corpus(corpus: GoldCorpus, pred: pd.DataFrame):
    """Score an analysis of ``corpus`` against its gold units (all folders together): an
    :class:`framing.learn.evaluate.Evaluation` and the aligned units."""
    aligned = [align(pred, docs, units, corpus.articles) for _, docs, units, _ in corpus.folders]
    units = pd.concat(aligned, ignore_index=True)
    return score(units), units


def doc_confusion(units: pd.DataFrame) -> list[dict]:
    """Per gold document, how many units of each gold voice got each predicted voice (the
    report bootstraps over documents to carry the decider's error into its corrected rates)."""
    u = units.assign(pred_voice=units["pred_voice"].fillna("report"))
    out = []
    for doc, g in u.groupby("doc_id", sort=True):
        counts = Counter(zip(g["voice"], g["pred_voice"]))
        out.append({"doc": str(doc), "counts": {f"{t}>{p}": int(counts.get((t, p), 0)) for t in LABELS for p in LABELS}})
    return out


def cross_validate_pipeline(estimator, corpus: GoldCorpus, *, folds: int = 5, log=None, features=None) -> dict:
    """Grouped (by document) cross-validation of a decider through the whole analysis: each fold's
    model is fitted on the other documents' sentences and analyses the held-out documents.
    ``features``: :func:`framing.voice.deciders.feature_matrix` of ``corpus.labelled``, computed
    once for all folds (else here)."""
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold

    from framing.voice.deciders import feature_matrix

    data = corpus.labelled
    if features is None:
        features = feature_matrix(data, rules_version=estimator.rules_version)
    ids = corpus.articles["article_id"].to_numpy()
    k = max(2, min(folds, len(ids)))
    preds = []
    for i, (tr, te) in enumerate(GroupKFold(n_splits=k).split(ids, groups=ids)):
        train_ids, test_ids = set(ids[tr]), set(ids[te])
        rows = data["article_id"].isin(train_ids).to_numpy()
        model = clone(estimator).fit(data[rows], data.loc[rows, "voice"].to_numpy(), features=features[rows])
        held = corpus.subset(test_ids)
        preds.append(analyze(held.articles, held.sentences, model=model, progress=False))
        if log:
            log(f"fold {i + 1}/{k}: trained on {int(rows.sum())} sentences, analysed {len(test_ids)} documents")
    pred = pd.concat(preds, ignore_index=True)
    ev, units = score_corpus(corpus, pred)
    return {"folds": k, "grouped_by": "document", "evaluation": ev.summary(), "doc_confusion": doc_confusion(units),
            "units": units, "predictions": pred}


def evaluation_summary(ev: dict) -> dict:
    """The headline numbers of an evaluation summary (for model cards and notes)."""
    v, s = ev["voice"], ev["source"]
    out = {"units": v["n"], "macro_f1": round(v["macro_f1"], 3), "accuracy": round(v["accuracy"], 3),
           "kappa": round(v["kappa"], 3),
           "per_class": {k: {m: (round(c[m], 3) if m != "support" else c[m]) for m in ("precision", "recall", "f1", "support")}
                         for k, c in v["per_class"].items()},
           "confusion": v["confusion"], "source_exact": round(s["exact"], 3), "source_partial": round(s["partial"], 3)}
    if ev.get("loaded"):
        lo = ev["loaded"]
        out["loaded"] = {"precision": round(lo["precision"], 3), "recall": round(lo["recall"], 3), "gold": lo["gold"],
                         "predicted": lo["predicted"], "voice_accuracy": round(lo["voice_accuracy"], 3)}
    return out

