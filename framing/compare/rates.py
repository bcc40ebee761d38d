"""Compare outlets: rates with article-level bootstrap intervals and permutation tests.

Every measure is a ratio of sums over articles (sentences in a voice / sentences, loaded
phrases in the outlet's voice / its tokens × 1,000, distancing cues / cues for a source group …).
Articles are the unit of resampling: sentences of one article are not independent, so the
95% interval of a rate comes from a cluster bootstrap that redraws whole articles, and the
difference between two outlets is tested by permuting outlet labels over articles. Pairwise
p-values are corrected for multiple comparisons within each measure (Holm by default,
Benjamini–Hochberg on request). Outlets with fewer than ``min_articles`` articles get rates
and intervals but are flagged and left out of the pairwise tests.

Entry points: :func:`article_table` (one row per article: the counts every measure needs),
:func:`outlet_metrics` (long table: outlet × measure with interval), :func:`pairwise_tests`,
:func:`top_sources`, :func:`naming_choices`, and :func:`compare` which does all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing.lexicon.loaded import CATEGORIES
from framing.voice.affiliation import ALL_GROUPS

VOICES = ("attributed", "report", "editorial")
CUE_CLASSES = ("neutral", "distancing", "endorsing")
UNKNOWN_OUTLET = "(unknown)"


@dataclass(frozen=True)
class Measure:
    """A rate: sum(numerator) / sum(denominator) × scale over an outlet's articles."""

    name: str
    numerator: str
    denominator: str
    family: str
    label: str
    scale: float = 1.0


def _measures(groups=ALL_GROUPS, categories=CATEGORIES, referents=()) -> list[Measure]:
    m = [Measure(f"share_{v}", f"n_{v}", "n_sentences", "voice", f"share of sentences: {v}") for v in VOICES]
    m += [
        Measure("loaded_outlet_per_1k", "loaded_outlet", "tokens_outlet", "loaded",
                "loaded phrases per 1,000 tokens, outlet's voice", 1000.0),
        Measure("loaded_source_per_1k", "loaded_source", "tokens_source", "loaded",
                "loaded phrases per 1,000 tokens, quoted voices", 1000.0),
    ]
    m += [Measure(f"category_{c}_per_1k", f"loaded_outlet_{c}", "tokens_outlet", "category",
                  f"{c} phrases per 1,000 outlet tokens", 1000.0) for c in categories]
    m += [Measure(f"cue_{k}_share", f"cue_{k}", "n_cues", "cue", f"share of reporting cues: {k}") for k in CUE_CLASSES]
    m += [Measure(f"quoted_{g}_share", f"att_{g}", "n_attributed", "quoted", f"share of attributed sentences: {g}")
          for g in groups]
    for g in groups:
        for k in ("distancing", "endorsing"):
            m.append(Measure(f"cue_{k}_share:{g}", f"cue_{g}_{k}", f"cues_{g}", "cue_by_group",
                             f"share of cues for {g} sources that are {k}"))
    m += [Measure(f"naming_loaded_share:{r}", f"name_{r}_loaded", f"name_{r}", "naming",
                  f"share of outlet-voice mentions of {r} with a loaded label") for r in referents]
    return m


# measures tested pairwise by default (the headline comparisons)
PAIRWISE_DEFAULT = (
    "share_attributed", "share_report", "share_editorial", "loaded_outlet_per_1k", "loaded_source_per_1k",
    "cue_distancing_share", "cue_endorsing_share",
)


def article_table(analysis: pd.DataFrame) -> pd.DataFrame:
    """One row per article with the counts the measures need (boilerplate sentences left out).

    Columns: ``article_id, outlet, date, n_sentences, n_<voice>, tokens_outlet, tokens_source,
    loaded_outlet, loaded_source, loaded_outlet_<category>, n_cues, cue_<class>, n_attributed,
    att_<group>, cues_<group>, cue_<group>_<class>, name_<referent>, name_<referent>_loaded``.
    """
    a = analysis[analysis["boilerplate"].isna()] if "boilerplate" in analysis else analysis
    a = a.reset_index(drop=True)
    key = a["article_id"]
    index = pd.Index(key.unique(), name="article_id")
    first = a.groupby("article_id", sort=False).first().reindex(index)
    cols: dict[str, pd.Series] = {
        "outlet": first["outlet"].where(first["outlet"].notna(), UNKNOWN_OUTLET).astype(str),
        "date": first["date"] if "date" in first else pd.Series(None, index=index),
        "n_sentences": a.groupby("article_id", sort=False).size().reindex(index),
    }

    def per_article(series_or_mask) -> pd.Series:
        return series_or_mask.groupby(key, sort=False).sum().reindex(index, fill_value=0).astype("int64")

    def count_rows(df: pd.DataFrame) -> pd.Series:
        return df.groupby("article_id").size().reindex(index, fill_value=0).astype("int64")

    for v in VOICES:
        cols[f"n_{v}"] = per_article(a["voice"] == v)
    for col in ("tokens_outlet", "tokens_source"):
        cols[col] = per_article(a[col])
    # loaded phrases, by voice and (outlet voice) by category
    rows = [(aid, h["voice"], h["category"]) for aid, hs in zip(a["article_id"], a["loaded"])
            for h in (hs if hs is not None else [])]
    lp = pd.DataFrame(rows, columns=["article_id", "voice", "category"])
    for v in ("outlet", "source"):
        cols[f"loaded_{v}"] = count_rows(lp[lp.voice == v])
    for c in CATEGORIES:
        cols[f"loaded_outlet_{c}"] = count_rows(lp[(lp.voice == "outlet") & (lp.category == c)])
    # reporting cues, overall and by the quoted source's group
    att = a["voice"] == "attributed"
    has_cue = att & a["cue_class"].isin(CUE_CLASSES)
    cols["n_cues"] = per_article(has_cue)
    for k in CUE_CLASSES:
        cols[f"cue_{k}"] = per_article(has_cue & (a["cue_class"] == k))
    groups = a["affiliation"] if "affiliation" in a else pd.Series(pd.NA, index=a.index)
    for g in ALL_GROUPS:
        cols[f"att_{g}"] = per_article(att & (groups == g))
        cols[f"cues_{g}"] = per_article(has_cue & (groups == g))
        for k in ("distancing", "endorsing"):
            cols[f"cue_{g}_{k}"] = per_article(has_cue & (groups == g) & (a["cue_class"] == k))
    # naming: outlet-voice mentions of each referent, and how many with a loaded label
    nrows = [(aid, n["referent"], n["stance"] == "loaded") for aid, ns in zip(a["article_id"], a["names"])
             for n in (ns if ns is not None else []) if n.get("voice") == "outlet"]
    nm = pd.DataFrame(nrows, columns=["article_id", "referent", "loaded"])
    for r in sorted(nm["referent"].unique()):
        sub = nm[nm.referent == r]
        cols[f"name_{r}"] = count_rows(sub)
        cols[f"name_{r}_loaded"] = count_rows(sub[sub.loaded])
    out = pd.DataFrame({k: v.to_numpy() for k, v in cols.items()}, index=index)
    return out.reset_index()


def referents_of(table: pd.DataFrame) -> list[str]:
    return sorted(c[5:] for c in table.columns if c.startswith("name_") and not c.endswith("_loaded"))


def measures_for(table: pd.DataFrame) -> list[Measure]:
    return [m for m in _measures(referents=referents_of(table)) if m.numerator in table and m.denominator in table]


def select(df: pd.DataFrame, *, outlets=None, date_from: str | None = None, date_to: str | None = None) -> pd.DataFrame:
    """Rows (articles or sentences) of the given outlets and dated within [date_from, date_to]
    (ISO dates; with a range, undated rows are left out). No filter given: ``df`` unchanged."""
    keep = pd.Series(True, index=df.index)
    if outlets:
        keep &= df["outlet"].isin(list(outlets))
    if date_from or date_to:
        d = pd.to_datetime(df["date"], errors="coerce")
        keep &= d.notna()
        if date_from:
            keep &= d >= pd.Timestamp(date_from)
        if date_to:
            keep &= d <= pd.Timestamp(date_to)
    return df[keep]


def load_analysis(processed_dir, *, outlets=None, date_from: str | None = None, date_to: str | None = None,
                  name: str = "analysis.parquet") -> pd.DataFrame:
    """The analysis of a processed folder, restricted to outlets and a date range (what the
    notebooks' parameters select)."""
    from pathlib import Path

    from framing.analysis.files import read_analysis

    return select(read_analysis(Path(processed_dir) / name), outlets=outlets, date_from=date_from, date_to=date_to)


def _bootstrap(num: np.ndarray, den: np.ndarray, *, n_boot: int, rng, chunk_cells: int = 4_000_000) -> np.ndarray:
    """Bootstrap sums over articles: (n_boot, m) ratios from resampling rows of num/den (n, m)."""
    n = num.shape[0]
    out = np.empty((n_boot, num.shape[1]))
    step = max(1, chunk_cells // max(n, 1))
    for s in range(0, n_boot, step):
        b = min(step, n_boot - s)
        w = rng.multinomial(n, np.full(n, 1.0 / n), size=b).astype(float)  # how often each article is drawn
        with np.errstate(invalid="ignore", divide="ignore"):
            out[s : s + b] = (w @ num) / (w @ den)
    return out


def outlet_metrics(
    table: pd.DataFrame,
    *,
    measures: list[Measure] | None = None,
    min_articles: int = 10,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    outlets: list[str] | None = None,
) -> pd.DataFrame:
    """Outlet × measure: ``value`` with a cluster-bootstrap ``ci_low``/``ci_high``.

    ``articles`` is the outlet's article count, ``denominator`` the measure's base (sentences,
    tokens, cues …); ``flag`` says ``few_articles`` below ``min_articles`` and ``no_data`` when
    the base is zero. Intervals use percentiles of ``n_boot`` resamples of whole articles.
    """
    measures = measures if measures is not None else measures_for(table)
    if outlets:
        table = table[table["outlet"].isin(outlets)]
    rng = np.random.default_rng(seed)
    alpha = (1 - ci) / 2
    rows = []
    for outlet, g in table.groupby("outlet", sort=True):
        num = g[[m.numerator for m in measures]].to_numpy(dtype=float)
        den = g[[m.denominator for m in measures]].to_numpy(dtype=float)
        boots = _bootstrap(num, den, n_boot=n_boot, rng=rng) if len(g) > 1 and n_boot else None
        tot_n, tot_d = num.sum(0), den.sum(0)
        for j, m in enumerate(measures):
            value = tot_n[j] / tot_d[j] * m.scale if tot_d[j] else np.nan
            lo = hi = np.nan
            if boots is not None and tot_d[j]:
                col = boots[:, j]
                col = col[np.isfinite(col)]
                if len(col):
                    lo, hi = (np.quantile(col, [alpha, 1 - alpha]) * m.scale).tolist()
            flag = "no_data" if not tot_d[j] else ("few_articles" if len(g) < min_articles else "")
            rows.append({"outlet": outlet, "measure": m.name, "family": m.family, "value": value,
                         "ci_low": lo, "ci_high": hi, "articles": len(g), "numerator": tot_n[j],
                         "denominator": tot_d[j], "flag": flag})
    return pd.DataFrame(rows)


def holm(p: np.ndarray) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (family-wise error)."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    order = np.argsort(p)
    adj = np.empty(n)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (n - rank) * p[i]))
        adj[i] = running
    return adj


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate)."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    order = np.argsort(p)[::-1]
    adj = np.empty(n)
    running = 1.0
    for k, i in enumerate(order):
        rank = n - k
        running = min(running, p[i] * n / rank)
        adj[i] = running
    return adj


def _permutation_p(num_a, den_a, num_b, den_b, *, n_perm: int, rng, chunk_cells: int = 4_000_000):
    """Two-sided permutation p-values for ratio(a) − ratio(b), one per measure column."""
    num = np.vstack([num_a, num_b])
    den = np.vstack([den_a, den_b])
    na, n = len(num_a), len(num)
    with np.errstate(invalid="ignore", divide="ignore"):
        obs = num_a.sum(0) / den_a.sum(0) - num_b.sum(0) / den_b.sum(0)
    tot_n, tot_d = num.sum(0), den.sum(0)
    extreme = np.zeros(num.shape[1])
    done = 0
    step = max(1, chunk_cells // n)
    while done < n_perm:
        b = min(step, n_perm - done)
        keys = rng.random((b, n))
        mask = (np.argsort(keys, axis=1) < na).astype(float)  # a random set of na articles per row
        sa_n, sa_d = mask @ num, mask @ den
        with np.errstate(invalid="ignore", divide="ignore"):
            diff = sa_n / sa_d - (tot_n - sa_n) / (tot_d - sa_d)
        extreme += (np.abs(np.nan_to_num(diff, nan=0.0)) >= np.abs(obs) - 1e-12).sum(0)
        done += b
    return obs, (extreme + 1) / (n_perm + 1)


def pairwise_tests(
    table: pd.DataFrame,
    *,
    measures: list[Measure] | None = None,
    outlets: list[str] | None = None,
    min_articles: int = 10,
    n_perm: int = 2000,
    seed: int = 0,
    correction: str = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Every pair of outlets with at least ``min_articles`` articles, per measure: the difference
    (a − b), a permutation p-value over articles, and the p-value adjusted within the measure."""
    if correction not in {"holm", "bh"}:
        raise ValueError(f"correction must be 'holm' or 'bh', not {correction!r}")
    if measures is None:
        measures = [m for m in measures_for(table) if m.name in PAIRWISE_DEFAULT]
    counts = table["outlet"].value_counts()
    eligible = [o for o in (outlets or counts.index) if counts.get(o, 0) >= min_articles and o != UNKNOWN_OUTLET]
    rng = np.random.default_rng(seed)
    rows = []
    cols_n = [m.numerator for m in measures]
    cols_d = [m.denominator for m in measures]
    data = {o: (table.loc[table.outlet == o, cols_n].to_numpy(float), table.loc[table.outlet == o, cols_d].to_numpy(float))
            for o in eligible}
    for i, a in enumerate(eligible):
        for b in eligible[i + 1 :]:
            obs, p = _permutation_p(*data[a], *data[b], n_perm=n_perm, rng=rng)
            for j, m in enumerate(measures):
                rows.append({"measure": m.name, "outlet_a": a, "outlet_b": b, "difference": obs[j] * m.scale,
                             "p_value": p[j], "articles_a": len(data[a][0]), "articles_b": len(data[b][0])})
    df = pd.DataFrame(rows, columns=["measure", "outlet_a", "outlet_b", "difference", "p_value", "articles_a", "articles_b"])
    if df.empty:
        df["p_adjusted"] = []
        df["significant"] = []
        return df
    adjust = holm if correction == "holm" else benjamini_hochberg
    df["p_adjusted"] = np.nan
    for _, idx in df.groupby("measure").groups.items():
        ok = df.loc[idx, "difference"].notna()
        sel = idx[ok.to_numpy()]
        if len(sel):
            df.loc[sel, "p_adjusted"] = adjust(df.loc[sel, "p_value"].to_numpy())
    df["significant"] = df["p_adjusted"] < alpha
    df["correction"] = correction
    return df


def top_sources(analysis: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The most quoted speakers per outlet: attributed sentences, articles, affiliation group."""
    a = analysis[(analysis["voice"] == "attributed") & analysis["boilerplate"].isna()].copy()
    a["outlet"] = a["outlet"].where(a["outlet"].notna(), UNKNOWN_OUTLET)
    a["who"] = a["speaker"].where(a["speaker"].notna(), a["source"])
    a = a[a["who"].notna() & ~a["source_type"].isin(["pronoun"]) | a["speaker"].notna()]
    a = a[a["who"].notna()]
    g = a.groupby(["outlet", "who"]).agg(sentences=("sent_id", "size"), articles=("article_id", "nunique"),
                                          affiliation=("affiliation", lambda s: s.mode().iat[0] if s.notna().any() else None))
    g = g.reset_index().sort_values(["outlet", "sentences"], ascending=[True, False])
    return g.groupby("outlet").head(n).reset_index(drop=True)


def naming_choices(analysis: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × referent × label in the outlet's own voice: mentions and share of the
    referent's mentions (the naming ledger, outlet voice only)."""
    from framing.lexicon.naming import ledger

    led = ledger(analysis)
    return led[led["voice"] == "outlet"].reset_index(drop=True)


def group_cue_profile(metrics: pd.DataFrame) -> pd.DataFrame:
    """Distancing and endorsing shares of cues by source group, wide (outlet × group)."""
    m = metrics[metrics["family"] == "cue_by_group"].copy()
    m[["kind", "group"]] = m["measure"].str.extract(r"cue_(\w+)_share:(\w+)")
    return m[["outlet", "group", "kind", "value", "ci_low", "ci_high", "denominator", "flag"]]


@dataclass
class Comparison:
    """Everything :func:`compare` computes, as tables."""

    articles: pd.DataFrame
    metrics: pd.DataFrame
    pairwise: pd.DataFrame
    sources: pd.DataFrame
    naming: pd.DataFrame
    params: dict = field(default_factory=dict)

    def held_up(self) -> pd.DataFrame:
        """The pairwise differences that stay significant after correction."""
        return self.pairwise[self.pairwise["significant"].astype(bool)].sort_values(["measure", "p_adjusted"])

    def write(self, out_dir) -> dict:
        from pathlib import Path

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            "article_counts": out / "article_counts.parquet",
            "outlet_metrics": out / "outlet_metrics.csv",
            "pairwise_tests": out / "pairwise_tests.csv",
            "top_sources": out / "top_sources.csv",
            "naming_choices": out / "naming_choices.csv",
        }
        self.articles.to_parquet(paths["article_counts"], index=False)
        self.metrics.to_csv(paths["outlet_metrics"], index=False)
        self.pairwise.to_csv(paths["pairwise_tests"], index=False)
        self.sources.to_csv(paths["top_sources"], index=False)
        self.naming.to_csv(paths["naming_choices"], index=False)
        return paths


def compare(
    analysis: pd.DataFrame,
    *,
    outlets: list[str] | None = None,
    min_articles: int = 10,
    n_boot: int = 1000,
    n_perm: int = 2000,
    seed: int = 0,
    correction: str = "holm",
    top_outlets: int = 8,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Comparison:
    """Outlet comparison of an analysis (see the module doc).

    ``outlets`` limits the comparison (default: every outlet for rates, the ``top_outlets``
    largest with at least ``min_articles`` articles for pairwise tests). ``date_from`` /
    ``date_to`` (ISO dates) keep articles dated within the range; undated articles are kept
    only when no range is given.
    """
    a = select(analysis, date_from=date_from, date_to=date_to)
    table = article_table(a)
    if outlets:
        table = table[table["outlet"].isin(outlets)]
    metrics = outlet_metrics(table, min_articles=min_articles, n_boot=n_boot, seed=seed)
    counts = table["outlet"].value_counts()
    big = [o for o in counts.index if counts[o] >= min_articles and o != UNKNOWN_OUTLET][:top_outlets]
    pairwise = pairwise_tests(table, outlets=outlets or big, min_articles=min_articles, n_perm=n_perm, seed=seed,
                              correction=correction)
    return Comparison(table, metrics, pairwise, top_sources(a), naming_choices(a),
                      params={"min_articles": min_articles, "n_boot": n_boot, "n_perm": n_perm, "seed": seed,
                              "correction": correction, "outlets": outlets or big,
                              "date_from": date_from, "date_to": date_to})
