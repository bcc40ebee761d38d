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
# # 03 — Loaded language, and in whose voice
#
# Loaded phrases come from a lexicon kept as data (`framing/resources/fa/loaded.tsv`, with a
# category and a weight). Each hit says whether it is in the outlet's own voice or inside the
# words of a quoted source, so an outlet's own loadedness is measured apart from its sources'.

# %% tags=["parameters"]
processed_dir = "data/processed"
reports_dir = "reports"
outlets = []
date_from = None
date_to = None
min_articles = 10

# %%
import pandas as pd

from framing.compare.rates import load_analysis, naming_choices
from framing.lexicon import article_scores, load_lexicon

analysis = load_analysis(processed_dir, outlets=outlets, date_from=date_from, date_to=date_to)
lexicon = load_lexicon()
print(f"lexicon {lexicon.version}: {len(lexicon.entries)} entries")
hits = pd.DataFrame([{**h, "outlet": o} for o, hs in zip(analysis.outlet, analysis.loaded) for h in (hs if hs is not None else [])])
hits.groupby(["voice", "category"]).size().unstack(0, fill_value=0) if len(hits) else "no loaded phrases"

# %% [markdown]
# The most frequent phrases in the outlet's own voice:

# %%
hits[hits.voice == "outlet"].groupby(["text", "category"]).size().sort_values(ascending=False).head(20) if len(hits) else None

# %% [markdown]
# Per article: phrases per 1,000 tokens in each voice, and the outlet's editorial asides.

# %%
scores = article_scores(analysis)
scores.sort_values("loaded_outlet_per_1k", ascending=False).head(10)

# %% [markdown]
# The naming ledger: which label an outlet picks for a referent, in its own voice.

# %%
naming_choices(analysis).head(30)
