"""Charts for reports (matplotlib, PNG).

Persian labels are passed as plain strings: matplotlib ≥ 3.11 shapes Arabic-script text and
lays it out right to left by itself (do not reshape or reverse them beforehand). The font is
DejaVu Sans, bundled with matplotlib, which covers Persian letters, digits and ZWNJ.

Every function takes the tables of :mod:`framing.compare.rates` / :mod:`framing.compare.stories` and a path,
writes one PNG and returns the path. Outlets flagged for too few articles are drawn hatched
and labelled ``(n=…)`` so that nobody reads them as comparable.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from framing.compare.rates import UNKNOWN_OUTLET  # noqa: E402

FONT = "DejaVu Sans"
VOICE_COLORS = {"attributed": "#4C78A8", "report": "#9D9D9D", "editorial": "#E45756"}
VOICE_LABELS = {"attributed": "attributed (نقل‌قول)", "report": "report (گزارش)", "editorial": "editorial (نظر رسانه)"}
DPI = 130


def _setup():
    plt.rcParams.update({"font.family": FONT, "font.size": 10, "axes.titlesize": 12, "figure.dpi": DPI,
                         "axes.spines.top": False, "axes.spines.right": False})


def _save(fig, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def _outlet_order(metrics: pd.DataFrame, *, max_outlets: int, include_unknown: bool = False) -> list[str]:
    arts = metrics.groupby("outlet")["articles"].first().sort_values(ascending=False)
    if not include_unknown:
        arts = arts[arts.index != UNKNOWN_OUTLET]
    return list(arts.index[:max_outlets])


def _label(outlet: str, metrics: pd.DataFrame) -> str:
    row = metrics[metrics.outlet == outlet].iloc[0]
    return f"{outlet} (n={int(row['articles'])})"


def _family_grid(metrics: pd.DataFrame, outlets: list[str], family: str, pattern: str, *,
                 min_denominator: float = 0) -> pd.DataFrame | None:
    """Outlet × key table of one measure family (the key is the measure name with ``pattern``
    removed); values whose base is under ``min_denominator`` are blank. None when empty."""
    sub = metrics[(metrics.family == family) & metrics.outlet.isin(outlets)]
    if sub.empty:
        return None
    sub = sub.assign(key=sub["measure"].str.replace(pattern, "", regex=True),
                     value=sub["value"].where(sub["denominator"] >= min_denominator))
    return sub.pivot(index="outlet", columns="key", values="value").reindex(outlets)


def _outlet_heatmap(fig, ax, grid: pd.DataFrame, metrics: pd.DataFrame, *, cmap: str, cell: str, colorbar: str,
                    rotation: int, vmin: float | None = None, skip_zero: bool = False) -> None:
    """Outlet rows × key columns as a heatmap with each cell's value written in it (``cell``
    is its format; white on dark cells); ``skip_zero`` leaves zero cells unwritten."""
    values = grid.to_numpy(float)
    im = ax.imshow(values, aspect="auto", cmap=cmap, vmin=vmin)
    ax.set_yticks(range(len(grid.index)), [_label(o, metrics) for o in grid.index])
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=rotation, ha="right")
    top = np.nanmax(values) if np.isfinite(values).any() else 0.0
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = values[i, j]
            if np.isfinite(v) and not (skip_zero and v <= 0):
                color = "white" if v > top * 0.6 else "black"
                ax.text(j, i, cell.format(v), ha="center", va="center", fontsize=7, color=color)
    fig.colorbar(im, ax=ax, label=colorbar, shrink=0.8)


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_axis_off()


def voice_shares(metrics: pd.DataFrame, path, *, max_outlets: int = 12, title: str | None = None) -> Path:
    """Share of sentences by voice per outlet, with 95% cluster-bootstrap intervals."""
    _setup()
    outlets = _outlet_order(metrics, max_outlets=max_outlets)
    fig, ax = plt.subplots(figsize=(8, 0.55 * max(len(outlets), 2) + 1.6))
    if not outlets:
        _empty(ax, "no outlet to compare")
        return _save(fig, path)
    y = np.arange(len(outlets))
    h = 0.26
    for k, voice in enumerate(("attributed", "report", "editorial")):
        sub = metrics[metrics.measure == f"share_{voice}"].set_index("outlet").reindex(outlets)
        vals = sub["value"].to_numpy(float)
        err = np.vstack([vals - sub["ci_low"].to_numpy(float), sub["ci_high"].to_numpy(float) - vals])
        err = np.nan_to_num(np.clip(err, 0, None))
        flagged = (sub["flag"] == "few_articles").to_numpy()
        bars = ax.barh(y + (k - 1) * h, vals, height=h, color=VOICE_COLORS[voice], label=VOICE_LABELS[voice],
                       xerr=err, error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333"})
        for bar, f in zip(bars, flagged):
            if f:
                bar.set_hatch("///")
                bar.set_alpha(0.55)
    ax.set_yticks(y, [_label(o, metrics) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of sentences (95% interval, articles resampled)")
    ax.set_title(title or "Whose voice? Sentences by voice per outlet")
    from matplotlib.patches import Patch

    handles = [Patch(color=VOICE_COLORS[v], label=VOICE_LABELS[v]) for v in ("attributed", "report", "editorial")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)  # never over a bar
    _note_flagged(fig, metrics, outlets)
    return _save(fig, path)


def _note_flagged(fig, metrics, outlets) -> None:
    flagged = metrics[(metrics.outlet.isin(outlets)) & (metrics.flag == "few_articles")]["outlet"].unique()
    if len(flagged):
        fig.text(0.01, -0.02, "hatched: too few articles to compare (" + "، ".join(flagged) + ")", fontsize=7, color="#555")


def loadedness(metrics: pd.DataFrame, path, *, max_outlets: int = 12) -> Path:
    """Loaded phrases per 1,000 tokens in the outlet's own voice vs in quoted voices."""
    _setup()
    outlets = _outlet_order(metrics, max_outlets=max_outlets)
    fig, ax = plt.subplots(figsize=(8, 0.5 * max(len(outlets), 2) + 1.6))
    if not outlets:
        _empty(ax, "no outlet to compare")
        return _save(fig, path)
    y = np.arange(len(outlets))
    for measure, color, label, dy in (("loaded_outlet_per_1k", "#E45756", "outlet's own voice (صدای رسانه)", -0.12),
                                      ("loaded_source_per_1k", "#4C78A8", "quoted voices (صدای منابع)", 0.12)):
        sub = metrics[metrics.measure == measure].set_index("outlet").reindex(outlets)
        vals = sub["value"].to_numpy(float)
        err = np.nan_to_num(np.clip(np.vstack([vals - sub["ci_low"].to_numpy(float),
                                               sub["ci_high"].to_numpy(float) - vals]), 0, None))
        ax.errorbar(vals, y + dy, xerr=err, fmt="o", color=color, label=label, capsize=2, elinewidth=0.9, markersize=5)
    ax.set_yticks(y, [_label(o, metrics) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel("loaded phrases per 1,000 tokens of that voice (95% interval)")
    ax.set_title("Loaded language: the outlet's own words vs the words it quotes")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    _note_flagged(fig, metrics, outlets)
    return _save(fig, path)


def category_heatmap(metrics: pd.DataFrame, path, *, max_outlets: int = 12) -> Path:
    """Outlet × lexicon category: outlet-voice phrases per 1,000 outlet tokens."""
    _setup()
    outlets = _outlet_order(metrics, max_outlets=max_outlets)
    grid = _family_grid(metrics, outlets, "category", r"^category_|_per_1k$")
    fig, ax = plt.subplots(figsize=(10, 0.45 * max(len(outlets), 2) + 2.2))
    if grid is None:
        _empty(ax, "no loaded phrases")
        return _save(fig, path)
    grid = grid.loc[:, grid.sum(axis=0) > 0] if (grid.sum(axis=0) > 0).any() else grid
    _outlet_heatmap(fig, ax, grid, metrics, cmap="OrRd", cell="{:.1f}", colorbar="per 1,000 outlet-voice tokens",
                    rotation=40, skip_zero=True)
    ax.set_title("Category profile of the outlet's own loaded language")
    return _save(fig, path)


def naming_table(naming: pd.DataFrame, path, *, max_outlets: int = 10, max_labels: int = 18) -> Path:
    """Naming ledger as a heatmap: each label's share of its referent's outlet-voice mentions."""
    _setup()
    if naming.empty:
        fig, ax = plt.subplots(figsize=(10, 3))
        _empty(ax, "no ledger names found")
        return _save(fig, path)
    top = naming.groupby("outlet")["count"].sum().sort_values(ascending=False)
    outlets = [o for o in top.index if o != UNKNOWN_OUTLET][:max_outlets] or list(top.index[:max_outlets])
    n = naming[naming.outlet.isin(outlets)]
    labels = n.groupby(["referent", "label"])["count"].sum().sort_values(ascending=False).head(max_labels)
    labels = labels.sort_index()
    fig, ax = plt.subplots(figsize=(10, 0.42 * max(len(labels), 3) + 2))
    grid = np.full((len(labels), len(outlets)), np.nan)
    counts = np.zeros_like(grid)
    for i, (ref, lab) in enumerate(labels.index):
        for j, o in enumerate(outlets):
            row = n[(n.referent == ref) & (n.label == lab) & (n.outlet == o)]
            if len(row):
                grid[i, j] = row["share"].iloc[0]
                counts[i, j] = row["count"].iloc[0]
    im = ax.imshow(grid, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_yticks(range(len(labels)), [f"{lab}  [{ref}]" for ref, lab in labels.index])
    ax.set_xticks(range(len(outlets)), outlets, rotation=30, ha="right")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            if np.isfinite(grid[i, j]):
                ax.text(j, i, f"{grid[i, j]:.0%}\n({int(counts[i, j])})", ha="center", va="center", fontsize=6.5,
                        color="white" if grid[i, j] > 0.6 else "black")
    fig.colorbar(im, ax=ax, label="share of the referent's mentions (outlet voice)", shrink=0.7)
    ax.set_title("Naming ledger: which label each outlet uses in its own voice")
    return _save(fig, path)


def _jalali_label(ts: pd.Timestamp) -> str:
    from persiantools.jdatetime import JalaliDate

    j = JalaliDate(ts.date())
    months = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    return f"{months[j.month - 1]} {str(j.year).translate(digits)}"


def timeline(articles: pd.DataFrame, path, *, max_outlets: int = 6, min_articles: int = 3) -> Path:
    """Articles and editorial share by month (by quarter or year for long spans); x labels in
    Gregorian and Jalali (the Jalali month in which the period starts).

    ``articles`` is :func:`framing.compare.article_table` output (``date``, ``outlet``,
    ``n_editorial``, ``n_sentences``). A share from fewer than ``min_articles`` articles is drawn
    hollow: one article's editorial paragraph is not a trend."""
    _setup()
    d = pd.to_datetime(articles["date"], errors="coerce")
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    if d.notna().sum() == 0:
        _empty(ax1, "no dated articles")
        ax2.set_axis_off()
        return _save(fig, path)
    span = (d.max().year - d.min().year) * 12 + d.max().month - d.min().month + 1
    freq, unit = ("M", "month") if span <= 48 else (("Q", "quarter") if span <= 240 else ("Y", "year"))
    a = articles.assign(month=d.dt.to_period(freq)).dropna(subset=["month"])
    months = pd.period_range(a["month"].min(), a["month"].max(), freq=freq)
    top = [o for o in a["outlet"].value_counts().index if o != UNKNOWN_OUTLET][:max_outlets]
    x = np.arange(len(months))
    for o in top:
        s = a[a.outlet == o].groupby("month").size().reindex(months, fill_value=0)
        ax1.plot(x, s.to_numpy(), marker="o", markersize=3, label=o)
        g = a[a.outlet == o].groupby("month")[["n_editorial", "n_sentences"]].sum().reindex(months)
        share = (g["n_editorial"] / g["n_sentences"]).to_numpy(float)
        line, = ax2.plot(x, share, marker="o", markersize=3, label=o)
        few = s.to_numpy() < min_articles  # a share from one or two articles: drawn hollow
        ax2.plot(x[few], share[few], linestyle="none", marker="o", markersize=5, markerfacecolor="white",
                 markeredgecolor=line.get_color())
    ax1.set_ylabel("articles")
    ax1.legend(fontsize=8, frameon=False, ncol=3)
    ax1.set_title(f"Coverage and editorial share by {unit}")
    ax2.set_ylabel("editorial share of sentences")
    ax2.set_title(f"hollow: fewer than {min_articles} articles in the {unit}", fontsize=8, loc="right")
    step = max(1, len(months) // 12)
    ticks = x[::step]
    ax2.set_xticks(ticks, [f"{months[i].start_time.strftime('%Y-%m')}\n{_jalali_label(months[i].start_time)}" for i in ticks],
                   fontsize=7)
    return _save(fig, path)


def quoted_groups(metrics: pd.DataFrame, path, *, max_outlets: int = 12) -> Path:
    """Who gets quoted: attributed sentences by source group per outlet (stacked shares)."""
    _setup()
    outlets = _outlet_order(metrics, max_outlets=max_outlets)
    grid = _family_grid(metrics, outlets, "quoted", r"^quoted_|_share$")
    fig, ax = plt.subplots(figsize=(9, 0.5 * max(len(outlets), 2) + 2))
    if grid is None:
        _empty(ax, "no attributed sentences")
        return _save(fig, path)
    grid = grid.fillna(0)
    grid = grid.loc[:, grid.sum(axis=0) > 0]
    order = grid.sum(axis=0).sort_values(ascending=False).index
    left = np.zeros(len(outlets))
    cmap = plt.get_cmap("tab20")
    for k, g in enumerate(order):
        ax.barh(range(len(outlets)), grid[g].to_numpy(), left=left, color=cmap(k % 20), label=g, height=0.7)
        left += grid[g].to_numpy()
    ax.set_yticks(range(len(outlets)), [_label(o, metrics) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributed sentences")
    ax.set_title("Who gets quoted: source groups per outlet")
    ax.legend(fontsize=7, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    return _save(fig, path)


def cue_by_group(metrics: pd.DataFrame, path, *, max_outlets: int = 8, kind: str = "distancing",
                 min_cues: int = 20) -> Path:
    """Share of reporting cues that distance (ادعا کرد) or endorse (تأکید کرد), by source group
    and outlet; cells with fewer than ``min_cues`` cues are left blank."""
    _setup()
    outlets = _outlet_order(metrics, max_outlets=max_outlets)
    grid = _family_grid(metrics[metrics.measure.str.startswith(f"cue_{kind}_share:")], outlets, "cue_by_group",
                        r"^[^:]*:", min_denominator=min_cues)
    fig, ax = plt.subplots(figsize=(10, 0.45 * max(len(outlets), 2) + 2.2))
    if grid is None:
        _empty(ax, "no reporting cues")
        return _save(fig, path)
    grid = grid.loc[:, grid.notna().any(axis=0)]
    if grid.empty:
        _empty(ax, f"no group with {min_cues}+ cues")
        return _save(fig, path)
    _outlet_heatmap(fig, ax, grid, metrics, cmap="Purples", cell="{:.0%}", colorbar=f"share of cues that are {kind}",
                    rotation=35, vmin=0)
    ax.set_title(f"Reporting verbs by source group: {kind} ({'ادعا کرد، مدعی شد' if kind == 'distancing' else 'تأکید کرد، فاش کرد'})")
    return _save(fig, path)


def story_effects(effects: pd.DataFrame, path, *, measure_label: str = "editorial share") -> Path:
    """Story-adjusted outlet effects with intervals (same events, different framing)."""
    _setup()
    e = effects[effects.outlet != UNKNOWN_OUTLET].head(12)
    fig, ax = plt.subplots(figsize=(8, 0.45 * max(len(e), 2) + 1.6))
    if e.empty:
        _empty(ax, "no story covered by two outlets")
        return _save(fig, path)
    y = np.arange(len(e))
    vals = e["effect"].to_numpy(float)
    err = np.nan_to_num(np.clip(np.vstack([vals - e["ci_low"].to_numpy(float), e["ci_high"].to_numpy(float) - vals]), 0, None))
    colors = ["#bbb" if f else "#E45756" for f in e["flag"]]
    ax.errorbar(vals, y, xerr=err, fmt="none", ecolor="#444", capsize=2, elinewidth=0.9)
    ax.scatter(vals, y, c=colors, zorder=3)
    ax.axvline(0, color="#888", lw=0.8)
    ax.set_yticks(y, [f"{o} (n={s})" for o, s in zip(e["outlet"], e["stories"])])
    ax.invert_yaxis()
    ax.set_xlabel(f"{measure_label} minus the story's mean across outlets\n(n = shared stories; 95% interval over stories; grey: fewer than 5)")
    ax.set_title("Same story, different outlet: story-adjusted differences")
    return _save(fig, path)
