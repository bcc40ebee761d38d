"""Same story across outlets: group articles that report the same event or claim.

Articles are compared by TF-IDF over character n-grams (3–5, within words) of the title and
the lead (the first ``lead_chars`` characters: the lead is what identifies a story; later
paragraphs drift into background). Two articles dated more than ``window_days`` apart never
join; undated articles are compared with everything. Groups are average-linkage clusters at a
cosine-similarity ``threshold``: a group's articles are, on average, that similar to each
other, which stops the chaining that single-link grouping suffers from (one article bridging
two stories).

Scale: average-linkage clusters at threshold t always lie inside the connected components of
the graph of pairs with similarity ≥ t, so the graph is built sparsely (rows in chunks,
pairs limited to the date window) and clustering runs per component. A component larger than
``max_component`` articles is split by raising its threshold in steps of 0.05 (an
approximation, logged in the result's ``split_threshold``).

Validation against ``../shared/corpora/farexstance/claim_groups.json`` (articles about the same
claim; stance «unrelated» excluded) is :func:`validate_claim_groups`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components

DEFAULTS = {"threshold": 0.3, "window_days": 3, "lead_chars": 800, "max_component": 3000}


def story_texts(articles: pd.DataFrame, *, lead_chars: int = 800) -> pd.Series:
    title = articles["title"].fillna("") if "title" in articles else ""
    return (title + " " + articles["text"].fillna("").str[:lead_chars]).str.strip()


def _vectors(texts: pd.Series):
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_df = 2 if len(texts) >= 50 else 1
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=min_df, dtype=np.float32)
    try:
        return vec.fit_transform(texts)
    except ValueError:  # every text empty
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def _days(articles: pd.DataFrame) -> np.ndarray:
    d = pd.to_datetime(articles["date"], errors="coerce") if "date" in articles else pd.Series(pd.NaT, index=articles.index)
    days = (d - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    return days


def similarity_graph(X, days: np.ndarray, *, threshold: float, window_days: float | None, chunk: int = 1000):
    """Sparse upper-triangular matrix of pair similarities ≥ threshold within the date window."""
    n = X.shape[0]
    rows, cols, vals = [], [], []
    XT = X.T.tocsc()
    for s in range(0, n, chunk):
        block = (X[s : s + chunk] @ XT).toarray()
        e = s + block.shape[0]
        block[:, : e] = np.where(np.arange(e)[None, :] > np.arange(s, e)[:, None], block[:, :e], 0.0)
        if window_days is not None:
            d0 = days[s:e][:, None]
            far = np.abs(d0 - days[None, :]) > window_days  # NaN compares False: undated pairs stay
            block[far] = 0.0
        r, c = np.nonzero(block >= threshold)
        rows.append(r + s)
        cols.append(c)
        vals.append(block[r, c])
    r = np.concatenate(rows) if rows else np.array([], int)
    c = np.concatenate(cols) if cols else np.array([], int)
    v = np.concatenate(vals) if vals else np.array([], float)
    return sparse.coo_matrix((v, (r, c)), shape=(n, n)).tocsr()


def _average_linkage(X, idx: np.ndarray, days: np.ndarray, threshold: float, window_days) -> np.ndarray:
    """Average-linkage labels (0..k-1) for the articles ``idx``."""
    if len(idx) == 1:
        return np.zeros(1, dtype=int)
    sub = X[idx]
    sim = (sub @ sub.T).toarray().astype(float)
    if window_days is not None:
        d = days[idx]
        sim[np.abs(d[:, None] - d[None, :]) > window_days] = 0.0
    dist = np.clip(1.0 - sim, 0.0, None)
    iu = np.triu_indices(len(idx), 1)
    z = linkage(dist[iu], method="average")
    return fcluster(z, t=1.0 - threshold, criterion="distance") - 1


def group_stories(
    articles: pd.DataFrame,
    *,
    threshold: float = DEFAULTS["threshold"],
    window_days: float | None = DEFAULTS["window_days"],
    lead_chars: int = DEFAULTS["lead_chars"],
    max_component: int = DEFAULTS["max_component"],
) -> pd.DataFrame:
    """One row per article: ``article_id, story_id, story_size, story_outlets, split_threshold``.

    ``story_id`` is ``s<k>`` for groups of two or more articles and ``None`` for an article
    alone; ``story_outlets`` counts the distinct outlets in the group.
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    arts = articles.reset_index(drop=True)
    n = len(arts)
    out = pd.DataFrame({"article_id": arts["article_id"], "story_id": None, "story_size": 1, "story_outlets": 1,
                        "split_threshold": np.nan})
    if n == 0:
        return out
    X = _vectors(story_texts(arts, lead_chars=lead_chars))
    days = _days(arts)
    graph = similarity_graph(X, days, threshold=threshold, window_days=window_days)
    labels = np.full(n, -1)
    next_label = 0
    pending = [(np.arange(n), threshold, graph)]
    while pending:
        idx, t, g = pending.pop()
        ncomp, comp = connected_components(g, directed=False)
        for k in range(ncomp):
            members = idx[comp == k]
            if len(members) > max_component and t < 0.95:
                sub = g[comp == k][:, comp == k]
                sub = sub.multiply(sub >= t + 0.05).tocsr()
                out.loc[members, "split_threshold"] = t + 0.05
                pending.append((members, t + 0.05, sub))
                continue
            lab = _average_linkage(X, members, days, t, window_days)
            labels[members] = lab + next_label
            next_label += int(lab.max()) + 1
    out["_label"] = labels
    sizes = out.groupby("_label")["_label"].transform("size")
    outlet = arts["outlet"].fillna("(unknown)") if "outlet" in arts else pd.Series("(unknown)", index=arts.index)
    out["story_size"] = sizes.astype(int)
    out["story_outlets"] = outlet.groupby(out["_label"]).transform("nunique").astype(int)
    # stable ids: groups numbered by their first article's position
    firsts = out[sizes > 1].groupby("_label").head(1)
    ids = {lab: f"s{i + 1}" for i, lab in enumerate(firsts["_label"])}
    out["story_id"] = out["_label"].map(ids)
    return out.drop(columns="_label")


def claim_groups(path) -> dict[str, set[int]]:
    """``../shared/corpora/farexstance/claim_groups.json`` as ``{claim_id: {news_id, ...}}`` for
    articles that agree, disagree or discuss the claim (stance 3, unrelated, is left out), and
    the set of every article listed (``"_universe"``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    groups: dict[str, set[int]] = {"_universe": set()}
    for c in data:
        for a in c["articles"]:
            groups["_universe"].add(int(a["news_id"]))
            if a["stance"] != 3:
                groups.setdefault(str(c["claim_id"]), set()).add(int(a["news_id"]))
    return groups


def validate_claim_groups(stories: pd.DataFrame, articles: pd.DataFrame, path) -> dict:
    """Score a grouping against FarExStance claim groups.

    Pairwise precision / recall / F1 over article pairs (a pair is gold when both articles
    address a common claim), purity (share of each predicted group's articles that address its
    main claim, weighted by size) and recall in the clustering sense (inverse purity: share of
    each claim's articles found in its best predicted group). Only articles listed in the claim
    file count; an article may address several claims.
    """
    import itertools

    gold = claim_groups(path)
    universe = gold.pop("_universe")
    rid = articles.set_index("article_id")["record_id"]
    nid = stories["article_id"].map(rid)
    nid = pd.to_numeric(nid, errors="coerce")
    keep = nid.isin(universe)
    s = stories[keep].assign(news_id=nid[keep].astype(int))
    label = dict(zip(s["news_id"], s["story_id"].where(s["story_id"].notna(), "solo:" + s["article_id"])))
    member_of: dict[int, set[str]] = {}
    for cid, members in gold.items():
        for m in members:
            member_of.setdefault(m, set()).add(cid)
    gold_pairs = set()
    for members in gold.values():
        ms = sorted(m for m in members if m in label)
        gold_pairs.update(itertools.combinations(ms, 2))
    pred_groups: dict[str, list[int]] = {}
    for m, lab in label.items():
        pred_groups.setdefault(lab, []).append(m)
    pred_pairs = set()
    for ms in pred_groups.values():
        pred_pairs.update(itertools.combinations(sorted(ms), 2))
    tp = len(gold_pairs & pred_pairs)
    p = tp / len(pred_pairs) if pred_pairs else 0.0
    r = tp / len(gold_pairs) if gold_pairs else 0.0
    # purity over predicted groups of 2+ (singletons are trivially pure)
    num = den = 0
    for ms in pred_groups.values():
        if len(ms) < 2:
            continue
        counts: dict[str, int] = {}
        for m in ms:
            for cid in member_of.get(m, ()):
                counts[cid] = counts.get(cid, 0) + 1
        num += max(counts.values()) if counts else 0
        den += len(ms)
    purity = num / den if den else float("nan")
    inv_num = inv_den = 0
    for members in gold.values():
        ms = [m for m in members if m in label]
        if len(ms) < 2:
            continue
        best = pd.Series([label[m] for m in ms]).value_counts().iloc[0]
        inv_num += best
        inv_den += len(ms)
    recall_cluster = inv_num / inv_den if inv_den else float("nan")
    return {
        "articles": len(label), "claims": sum(1 for v in gold.values() if len(v) >= 2),
        "predicted_groups": sum(1 for v in pred_groups.values() if len(v) >= 2),
        "pair_precision": round(p, 3), "pair_recall": round(r, 3),
        "pair_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "purity": round(float(purity), 3), "recall": round(float(recall_cluster), 3),
    }


def story_framing(analysis: pd.DataFrame, stories: pd.DataFrame, *, min_outlets: int = 2) -> pd.DataFrame:
    """Per story (with at least ``min_outlets`` outlets) × outlet: how each outlet framed it —
    sentences, voice shares, outlet-voice loaded phrases per 1,000 tokens, editorial asides
    and the source groups it quoted."""
    from framing.compare.rates import article_table

    t = article_table(analysis).merge(stories[["article_id", "story_id", "story_outlets"]], on="article_id")
    t = t[t["story_id"].notna() & (t["story_outlets"] >= min_outlets)]
    if t.empty:
        return pd.DataFrame(columns=["story_id", "outlet", "articles", "sentences", "share_attributed", "share_report",
                                     "share_editorial", "loaded_outlet_per_1k", "quoted_groups"])
    att_cols = [c for c in t.columns if c.startswith("att_")]
    g = t.groupby(["story_id", "outlet"])
    agg = g[["n_sentences", "n_attributed", "n_report", "n_editorial", "loaded_outlet", "tokens_outlet", *att_cols]].sum()
    out = pd.DataFrame({
        "articles": g.size(),
        "sentences": agg["n_sentences"],
        "share_attributed": (agg["n_attributed"] / agg["n_sentences"]).round(3),
        "share_report": (agg["n_report"] / agg["n_sentences"]).round(3),
        "share_editorial": (agg["n_editorial"] / agg["n_sentences"]).round(3),
        "loaded_outlet_per_1k": (1000 * agg["loaded_outlet"] / agg["tokens_outlet"].clip(lower=1)).round(2),
        "quoted_groups": agg[att_cols].apply(
            lambda r: ", ".join(f"{c[4:]} {int(v)}" for c, v in r.sort_values(ascending=False).items() if v > 0), axis=1),
    })
    return out.reset_index()


def within_story_effects(analysis: pd.DataFrame, stories: pd.DataFrame, *, measure: str = "share_editorial",
                         n_boot: int = 1000, seed: int = 0, min_stories: int = 5,
                         framing: pd.DataFrame | None = None) -> pd.DataFrame:
    """Story-adjusted outlet differences: for each outlet, the mean over shared stories of its
    ``measure`` minus the story's mean across outlets — comparing outlets on the *same* events,
    so that topic choice does not masquerade as framing. Interval: bootstrap over stories.
    ``framing``: :func:`story_framing` of the same inputs, when already computed."""
    sf = story_framing(analysis, stories) if framing is None else framing
    if sf.empty:
        return pd.DataFrame(columns=["outlet", "stories", "effect", "ci_low", "ci_high", "flag"])
    sf = sf.assign(dev=sf[measure] - sf.groupby("story_id")[measure].transform("mean"))
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, g in sf.groupby("outlet"):
        d = g["dev"].to_numpy(float)
        lo = hi = np.nan
        if len(d) > 1:
            boots = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(1)
            lo, hi = np.quantile(boots, [0.025, 0.975])
        rows.append({"outlet": outlet, "stories": len(d), "effect": d.mean(), "ci_low": lo, "ci_high": hi,
                     "flag": "" if len(d) >= min_stories else "few_stories"})
    return pd.DataFrame(rows).sort_values("stories", ascending=False).reset_index(drop=True)
