# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 — Extend: add a classifier and compare it to the rules
#
# A new model is one class and one `register` call: here a linear SVM-style learner (SGD with
# modified Huber loss, which also gives probabilities) on the same word, character and toolkit
# features as `voice.linear.v1`. Grouped cross-validation (by article) on the shared dev gold
# and the team's own labels compares it to the rule baseline; without ../shared, the team's
# labels resolve against the public corpora fetched into data/external/.

# %% tags=["parameters"]
processed_dir = "data/processed"
reports_dir = "reports"
outlets = []
date_from = None
date_to = None
min_articles = 10
folds = 5

# %%
from pathlib import Path

import pandas as pd
from sklearn.linear_model import SGDClassifier

from framing.config import ANNOTATIONS_DIR, GOLD_DEV_DIR
from framing.learn import cross_validate, load_gold_units
from framing.voice.models import LinearTextClassifier, register, registered


class SGDVoice(LinearTextClassifier):
    """Same features as voice.linear.v1, an SGD learner (modified Huber loss)."""

    def _classifier(self):
        return SGDClassifier(loss="modified_huber", class_weight=self.class_weight, alpha=1e-4,
                             max_iter=self.max_iter, random_state=self.random_state)


if "voice.sgd.v1" not in registered():
    register("voice.sgd.v1")(lambda: SGDVoice(name="voice.sgd.v1", calibration=None))

# Gold labels: the shared dev set (../shared) and the team's own labels. The team's labels are
# pointers into the public corpora: they resolve against ../shared/corpora or, on a machine
# without it, against the copies `framing datasets fetch farexstance fars-news rss-2020` puts in
# data/external/ (documents whose corpus is in neither place are left out, with a warning).
gold = [d for d in (GOLD_DEV_DIR, ANNOTATIONS_DIR / "framing-2026-11") if (d / "gold.jsonl").is_file()]
data = load_gold_units(gold, missing="skip") if gold else None
if data is not None and len(data) and data["voice"].nunique() > 1:
    print(f"gold: {len(data)} labelled sentences in {data['article_id'].nunique()} documents from "
          + ", ".join(sorted({Path(g).name for g in data["gold_dir"]})))
    results = {name: cross_validate(name, data, folds=folds, outlet_report=False)
               for name in ("voice.rules.v2", "voice.linear.v1", "voice.sgd.v1")}
    table = pd.DataFrame({n: {"macro_f1": r["macro_f1"], **{f"F1 {c}": v["f1"] for c, v in r["per_class"].items()}}
                          for n, r in results.items()}).T.round(3)
else:
    table = (f"no gold labels: neither {GOLD_DEV_DIR} nor the corpora the team's labels point at are here; "
             "run `framing datasets fetch farexstance fars-news rss-2020` to fetch the corpora")
table
