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
# # 04 — Compare outlets
#
# Rates per outlet with 95% intervals from an article-level bootstrap; pairwise differences with
# permutation tests over articles, corrected for multiple comparisons within each measure;
# outlets with fewer than `min_articles` articles are flagged, never compared. Then the same
# story across outlets, and what republishers changed in the wire copy.

# %% tags=["parameters"]
processed_dir = "data/processed"
reports_dir = "reports"
outlets = []
date_from = None
date_to = None
min_articles = 10

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

from framing.analysis import read_analysis
from framing.compare import compare
from framing.compare.stories import group_stories, story_framing, within_story_effects
from framing.report import charts

analysis = read_analysis(Path(processed_dir) / "analysis.parquet")
articles = pd.read_parquet(Path(processed_dir) / "articles.parquet")
cmp = compare(analysis, outlets=outlets or None, min_articles=min_articles, date_from=date_from, date_to=date_to,
              n_boot=500, n_perm=1000)
m = cmp.metrics
m[m.measure.isin(["share_editorial", "loaded_outlet_per_1k", "loaded_source_per_1k"])].round(3)

# %%
figures = Path(reports_dir) / "figures" / "notebook"
display(Image(charts.voice_shares(m, figures / "voice_shares.png")))
display(Image(charts.loadedness(m, figures / "loadedness.png")))

# %% [markdown]
# Differences that hold up after correction:

# %%
cmp.held_up()

# %% [markdown]
# Who gets quoted, and how: the share of cues that distance (ادعا کرد) by source group.

# %%
display(Image(charts.quoted_groups(m, figures / "quoted_groups.png")))
cmp.sources.head(20)

# %% [markdown]
# The same story across outlets (title + lead similarity within a date window):

# %%
stories = group_stories(articles)
sf = story_framing(analysis, stories)
print(f"{stories.story_id.nunique()} stories; {sf.story_id.nunique()} covered by two or more outlets")
sf.head(20)

# %%
within_story_effects(analysis, stories)

# %% [markdown]
# Wire copy: the diffs are in `reports/wire_pairs.csv` and `reports/wire/*.html`.

# %%
wp = Path(reports_dir) / "wire_pairs.csv"
pd.read_csv(wp).head(15) if wp.is_file() else "run `make report` for the wire-copy diffs"
