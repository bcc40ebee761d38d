"""Sentences as the classifiers take them: raw strings, a Series, or the analysis DataFrame."""

from __future__ import annotations

import pandas as pd


def as_frame(X) -> pd.DataFrame:
    """Sentences as a DataFrame with ``text``, ``part``, ``position``, ``article_id``."""
    if isinstance(X, pd.DataFrame):
        df = X.copy()
    elif isinstance(X, pd.Series):
        df = pd.DataFrame({"text": X.astype(str).values})
    else:
        df = pd.DataFrame({"text": [str(x) for x in X]})
    if "text" not in df:
        raise ValueError("sentences need a 'text' column")
    df = df.reset_index(drop=True)
    if "part" not in df:
        df["part"] = "body"
    if "article_id" not in df:
        df["article_id"] = [f"s{i}" for i in range(len(df))]
    if "sent_id" not in df:
        df["sent_id"] = df.groupby("article_id").cumcount()
    if "position" not in df:
        size = df.groupby("article_id")["sent_id"].transform("max").clip(lower=1)
        df["position"] = (df["sent_id"] / size).astype(float)
    if "boilerplate" not in df:
        df["boilerplate"] = None
    return df
