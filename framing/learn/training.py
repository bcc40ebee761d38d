"""Train and evaluate registered models on gold annotations: grouped cross-validation, a
leave-one-outlet-out report, confusion matrices, the worst errors, and a model card."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd

from framing.voice.models import VOICES, build, save_model, task_of

LOADED_LABELS = ["no", "yes"]


def load_gold_units(gold_dirs, *, missing: str = "error") -> pd.DataFrame:
    """Gold units of one or more folders (``docs.jsonl`` + ``gold.jsonl``) as training rows:
    text, part, sent_id, position, article_id (= doc_id), outlet, voice, outlet_loaded.
    ``missing="skip"``: pointer-form documents whose corpus is not here are left out, with a warning."""
    from framing.ingest.normalize import normalize
    from framing.learn.evaluate import read_gold

    frames = []
    for d in [gold_dirs] if isinstance(gold_dirs, (str, Path)) else gold_dirs:
        docs, gold = read_gold(d, missing=missing)
        if gold.empty:  # every document skipped (its corpus is not here)
            continue
        has_title = {r.doc_id: bool(str(r.title or "").strip()) for r in docs.itertuples()}
        outlet = {r.doc_id: r.outlet for r in docs.itertuples()}
        g = gold.copy()
        g["article_id"] = g["doc_id"].astype(str)
        g["text"] = g["text"].map(normalize)
        g["part"] = [("title" if has_title.get(doc) and sid == 0 else "body") for doc, sid in zip(g["doc_id"], g["sent_id"])]
        g["outlet"] = g["doc_id"].map(outlet).fillna("unknown")
        g["outlet_loaded"] = g["loaded"].map(lambda ls: "yes" if any(x.get("voice") == "outlet" for x in (ls or [])) else "no")
        g["gold_dir"] = str(d)
        frames.append(g)
    if not frames:
        return pd.DataFrame(columns=["doc_id", "sent_id", "text", "voice", "article_id", "part", "outlet",
                                     "outlet_loaded", "gold_dir", "position", "boilerplate"])
    df = pd.concat(frames, ignore_index=True)
    size = df.groupby("article_id")["sent_id"].transform("max").clip(lower=1)
    df["position"] = df["sent_id"] / size
    df["boilerplate"] = None
    return df


def target_column(name: str) -> str:
    return "outlet_loaded" if task_of(name) == "loaded" else "voice"


def data_hash(df: pd.DataFrame, target: str) -> str:
    h = hashlib.sha256()
    for t, y, a in zip(df["text"], df[target], df["article_id"]):
        h.update(f"{a}\t{t}\t{y}\n".encode("utf-8"))
    return h.hexdigest()[:16]


def _scores(y_true, y_pred, labels) -> dict:
    from sklearn.metrics import (
        cohen_kappa_score,
        confusion_matrix,
        precision_recall_fscore_support,
    )

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    return {
        "n": int(len(y_true)),
        "accuracy": float(np.mean(np.asarray(y_true) == np.asarray(y_pred))),
        "macro_f1": float(f.mean()),
        "kappa": float(cohen_kappa_score(y_true, y_pred, labels=labels)) if len(set(y_true)) > 1 else float("nan"),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])} for i, lab in enumerate(labels)},
        "confusion": {g: {pp: int(cm[i][j]) for j, pp in enumerate(labels)} for i, g in enumerate(labels)},
    }


def cross_validate(name: str, data: pd.DataFrame, *, folds: int = 5, params: dict | None = None,
                   outlet_report: bool = True, n_errors: int = 15, estimator=None) -> dict:
    """Grouped (by article) cross-validation; out-of-fold predictions give every score."""
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    target = target_column(name)
    labels = LOADED_LABELS if target == "outlet_loaded" else VOICES
    est = estimator if estimator is not None else build(name, **(params or {}))
    y = data[target].to_numpy().astype(str)
    groups = data["article_id"].to_numpy()
    n_groups = len(set(groups))
    k = max(2, min(folds, n_groups))
    oof = np.empty(len(data), dtype=object)
    conf = np.zeros(len(data))
    for train, test in GroupKFold(n_splits=k).split(data, y, groups):
        m = clone(est).fit(data.iloc[train], y[train])
        oof[test] = m.predict(data.iloc[test])
        conf[test] = m.predict_proba(data.iloc[test]).max(axis=1)
    result = {"model": name, "target": target, "folds": k, "grouped_by": "article", **_scores(y, oof.astype(str), labels)}
    wrong = np.flatnonzero(oof.astype(str) != y)
    worst = sorted(wrong, key=lambda i: -conf[i])[:n_errors]
    result["worst_errors"] = [
        {"article_id": str(data["article_id"].iloc[i]), "sent_id": int(data["sent_id"].iloc[i]), "gold": y[i],
         "predicted": str(oof[i]), "confidence": round(float(conf[i]), 3), "text": str(data["text"].iloc[i])[:300]}
        for i in worst
    ]
    if outlet_report and "outlet" in data:
        outlets = data["outlet"].fillna("unknown").to_numpy()
        per = {}
        if len(set(outlets)) > 1:
            for train, test in LeaveOneGroupOut().split(data, y, outlets):
                if len(set(y[train])) < 2:
                    continue
                m = clone(est).fit(data.iloc[train], y[train])
                pred = m.predict(data.iloc[test]).astype(str)
                per[str(outlets[test][0])] = {"n": int(len(test)), "accuracy": float(np.mean(pred == y[test])),
                                               "macro_f1": _scores(y[test], pred, labels)["macro_f1"]}
        result["leave_one_outlet_out"] = per
    return result


def _versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for pkg in ("framing", "scikit-learn", "numpy", "scipy", "pandas", "hazm", "skops"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    return out


def train(name: str, gold_dirs, out_dir, *, params: dict | None = None, cv: bool = True, folds: int = 5,
          evaluate_on=None, log=None) -> dict:
    """Fit ``name`` on all the gold, save ``model.skops`` and ``model_card.json``/``.md``.

    A decider that reads whole articles (``voice.evidence.v1``) trains on framing's own sentences
    of the gold documents (labels projected from the gold units), is cross-validated through the
    whole analysis (grouped by document) and, with ``evaluate_on``, scored on other gold folders
    (e.g. trained on train, scored on dev)."""
    from framing.lexicon.loaded import load_lexicon
    from framing.resources import resources_version

    gold_dirs = [gold_dirs] if isinstance(gold_dirs, (str, Path)) else list(gold_dirs)
    est = build(name, **(params or {}))
    whole_articles = name in ARTICLE_MODELS
    if whole_articles:
        from framing.learn.goldcorpus import load_gold_corpus
        from framing.voice.deciders import feature_matrix

        corpus = load_gold_corpus(gold_dirs)
        data = corpus.labelled
        target = "voice"
        features = feature_matrix(data, rules_version=est.rules_version)  # once, for the folds and the fit
        scores = _pipeline_scores(est, corpus, folds, log, features) if cv else None
    else:
        data = load_gold_units(gold_dirs)
        target = target_column(name)
        scores = cross_validate(name, data, folds=folds, params=params) if cv else None
    t0 = dt.datetime.now()
    est.fit(data, data[target].to_numpy().astype(str), **({"features": features} if whole_articles else {}))
    fit_seconds = (dt.datetime.now() - t0).total_seconds()
    held_out = {}
    for d in [evaluate_on] if isinstance(evaluate_on, (str, Path)) else (evaluate_on or []):
        from framing.learn.evaluate import evaluate_gold
        from framing.learn.goldcorpus import evaluation_summary

        held_out[str(d)] = evaluation_summary(evaluate_gold(d, model=est, held_out=False).summary())
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_model(est, out_dir / "model.skops")
    outlets = data["outlet"].fillna("unknown") if "outlet" in data else pd.Series(["unknown"])
    card = {
        "model": name,
        "target": target,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "training_data": {
            "gold": [str(d) for d in gold_dirs], "hash": data_hash(data, target),
            "units" if not whole_articles else "sentences": int(len(data)),
            "articles": int(data["article_id"].nunique()), "outlets": sorted(map(str, outlets.unique())),
            "labels": {str(k): int(v) for k, v in data[target].value_counts().items()},
        },
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in est.get_params().items()},
        "fit_seconds": round(fit_seconds, 2),
        "cross_validation": scores,
        "held_out": held_out or None,
        "lexicon_version": load_lexicon().version,
        "resources_version": resources_version(),
        "versions": _versions(),
    }
    (out_dir / "model_card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "model_card.md").write_text(card_markdown(card), encoding="utf-8")
    return card


ARTICLE_MODELS = {"voice.evidence.v1"}  # deciders that read whole articles (trained on framing's own sentences)


def _pipeline_scores(est, corpus, folds: int, log, features=None) -> dict:
    """The card's cross-validation of a whole-article decider: through the analysis, grouped by
    document, with the rules scored on the same documents for comparison."""
    from framing.analysis.analyze import analyze
    from framing.learn.goldcorpus import (
        cross_validate_pipeline,
        doc_confusion,
        evaluation_summary,
        score_corpus,
    )

    res = cross_validate_pipeline(est, corpus, folds=folds, log=log, features=features)
    rules_ev, rules_units = score_corpus(corpus, analyze(corpus.articles, corpus.sentences, model="rules", progress=False))
    units = res["units"]
    wrong = units[units["voice"] != units["pred_voice"].fillna("report")]
    return {
        "folds": res["folds"], "grouped_by": "document", "through": "the whole analysis (framing evaluate's scores)",
        **evaluation_summary(res["evaluation"]),
        "rules": {**evaluation_summary(rules_ev.summary()), "doc_confusion": doc_confusion(rules_units)},
        "doc_confusion": res["doc_confusion"],
        "worst_errors": [{"doc": str(r.doc_id), "sent_id": int(r.sent_id), "gold": r.voice, "predicted": r.pred_voice,
                          "text": str(r.text)[:200]} for r in wrong.head(15).itertuples()],
    }


def _class_table(per_class: dict) -> list[str]:
    lines = ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for lab, c in per_class.items():
        lines.append(f"| {lab} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
    return lines


def card_markdown(card: dict) -> str:
    td = card["training_data"]
    size = f"{td['units']} units" if "units" in td else f"{td['sentences']} sentences"
    lines = [f"# Model card: {card['model']}", "",
             f"Target `{card['target']}`; trained {card['created']} in {card['fit_seconds']} s on {size} "
             f"from {td['articles']} articles ({', '.join(td['gold'])}; data hash `{td['hash']}`).", "",
             f"Labels: {td['labels']}. Outlets: {', '.join(td['outlets'])}.", "",
             f"Lexicon `{card['lexicon_version']}`, resources `{card['resources_version']}`; versions: "
             + ", ".join(f"{k} {v}" for k, v in card["versions"].items()), ""]
    cv = card.get("cross_validation")
    if cv:
        grouped = cv.get("grouped_by", "article")
        through = f", through {cv['through']}" if cv.get("through") else ""
        lines += [f"## Cross-validation ({cv['folds']} folds grouped by {grouped}{through})", "",
                  f"Macro-F1 **{cv['macro_f1']:.3f}**, accuracy {cv['accuracy']:.3f}, κ {cv['kappa']:.3f}"
                  + (f"; source partial match {cv['source_partial']:.3f}." if "source_partial" in cv else "."), ""]
        lines += _class_table(cv["per_class"])
        if cv.get("rules"):
            r = cv["rules"]
            lines += ["", f"The rules (`voice.rules.v2`) on the same documents: macro-F1 {r['macro_f1']:.3f}, source partial "
                      f"{r['source_partial']:.3f}.", ""] + _class_table(r["per_class"])
        if cv.get("leave_one_outlet_out"):
            lines += ["", "Leave one outlet out:", "", "| held-out outlet | units | accuracy | macro-F1 |", "|---|---|---|---|"]
            for o, r in cv["leave_one_outlet_out"].items():
                lines.append(f"| {o} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} |")
        lines += ["", "Errors:" if "confidence" not in (cv["worst_errors"] or [{}])[0] else "Most confident errors:", ""]
        for e in cv["worst_errors"]:
            conf = f" ({e['confidence']})" if "confidence" in e else ""
            lines.append(f"- gold **{e['gold']}**, predicted **{e['predicted']}**{conf}: {e['text'][:160]}")
    for d, ev in (card.get("held_out") or {}).items():
        lines += ["", f"## Held out: {d}", "", f"Macro-F1 **{ev['macro_f1']:.3f}**, source partial {ev['source_partial']:.3f}.", ""]
        lines += _class_table(ev["per_class"])
    return "\n".join(lines) + "\n"
