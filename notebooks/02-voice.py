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
# # 02 — Voice: whose claim is each sentence?
#
# Every sentence is `attributed` (a source's claim, with source and cue), `report` (the outlet
# states plain facts) or `editorial` (the outlet evaluates, labels, imputes motive). The `why`
# column says which rule decided. Labels follow `../shared/annotation/GUIDELINES.md`.

# %% tags=["parameters"]
processed_dir = "data/processed"
reports_dir = "reports"
outlets = []
date_from = None
date_to = None
min_articles = 10

# %%
from framing.compare import load_analysis
from framing.compare.summary import voice_summary
from framing.config import GOLD_DEV_DIR

analysis = load_analysis(processed_dir, outlets=outlets, date_from=date_from, date_to=date_to)
voice_summary(analysis)

# %% [markdown]
# The article with the most editorial sentences, sentence by sentence:

# %%
top = analysis.groupby("article_id")["voice"].apply(lambda v: (v == "editorial").sum()).idxmax()
cols = ["sent_id", "part", "voice", "source", "cue", "cue_class", "via", "why", "text"]
analysis.loc[analysis.article_id == top, cols]

# %% [markdown]
# Reporting verbs and their class (neutral گفت, distancing ادعا کرد, endorsing تأکید کرد):

# %%
att = analysis[analysis.voice == "attributed"]
att.groupby(["cue_class", "cue"]).size().sort_values(ascending=False).head(20)

# %% [markdown]
# How good is the voice decider? The shipped `voice.evidence.v1` was trained on the shared gold, so
# its honest score is its card's cross-validation (grouped by document, through the whole
# analysis); the rules are scored on the dev gold when it is present.

# %%
from framing.voice.models import default_model_dir

print((default_model_dir() / "model_card.md").read_text(encoding="utf-8").split("Errors:")[0])
if GOLD_DEV_DIR.is_dir():
    from framing.learn import evaluate_gold

    ev = evaluate_gold(GOLD_DEV_DIR, model="rules")
    print(ev.to_markdown(errors=5))
else:
    print(f"no gold labels at {GOLD_DEV_DIR}")
