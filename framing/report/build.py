"""``make report``: ingest → analyze → compare → charts → notebooks → ``reports/``.

Each step records a key (a hash of its inputs: the data files, the code, the resources and
lexicon, the parameters it reads, the previous step's key) in ``<processed>/report_state.json``
and is skipped when its key and outputs are unchanged, so a second run with nothing changed
takes seconds. ``force=True`` reruns everything.

What lands in ``reports/`` (all generated, none committed):

* ``summary.md`` / ``index.html`` — the headline numbers with the input data hash, the lexicon
  version and the code version that produced them; links to everything below;
* tables: ``summary_by_outlet.csv``, ``voice_by_outlet.csv``, ``loaded_by_outlet.csv``,
  ``naming_ledger.csv``, ``outlet_metrics.csv`` (rates with 95% intervals),
  ``pairwise_tests.csv`` (permutation tests, corrected), ``top_sources.csv``, ``stories.csv``,
  ``story_framing.csv``, ``story_effects.csv``, ``wire_pairs.csv``, ``wire_diff.csv``;
* ``figures/*.png``; ``articles/*.html`` (annotated article views); ``wire/*.html`` (diffs);
* ``notebooks/*.ipynb`` and ``.html`` — the notebooks executed with papermill.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.config import (
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    PROCESSED_DIR,
    PROJECT_ROOT,
    REPORTS_DIR,
)

STATE_FILE = "report_state.json"
NOTEBOOKS = ("01-ingest", "02-voice", "03-loaded-language", "04-compare-outlets", "05-extend-a-classifier")


def code_version() -> str:
    """framing's version plus a hash of its source files (changes with any code edit)."""
    from framing._version import __version__

    h = hashlib.sha256()
    for p in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def _key(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(json.dumps(p, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()[:16]


@dataclass
class ReportResult:
    reports_dir: Path
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0


class _State:
    def __init__(self, path: Path, force: bool):
        self.path = path
        self.data = {} if force or not path.is_file() else json.loads(path.read_text(encoding="utf-8"))

    def fresh(self, step: str, key: str, outputs: list[Path]) -> bool:
        return self.data.get(step) == key and all(p.exists() for p in outputs)

    def done(self, step: str, key: str) -> None:
        self.data[step] = key
        self.path.write_text(json.dumps(self.data, indent=2) + "\n", encoding="utf-8")


def build_report(
    paths=None,
    *,
    processed_dir=PROCESSED_DIR,
    reports_dir=REPORTS_DIR,
    params: dict | None = None,
    lexicon_extra=(),
    notebooks: bool = True,
    force: bool = False,
    progress: bool | None = None,
    log=print,
) -> ReportResult:
    """Run the whole pipeline (see the module doc). ``paths`` default to ``params['data']``."""
    from framing.ingest.datasets import resolve_paths
    from framing.ingest.run import ingest, input_fingerprint
    from framing.lexicon.loaded import load_lexicon
    from framing.params import load_params
    from framing.resources import resources_version

    t0 = time.perf_counter()
    params = params or load_params()
    if not paths:  # params.yaml `data`: a path relative to the project root, or a dataset name
        d = Path(params["data"])
        paths = [d if d.is_absolute() or not (PROJECT_ROOT / d).exists() else PROJECT_ROOT / d]
    # a dataset name (framing datasets list) becomes its folder in data/external, fetched when missing
    paths, datasets = resolve_paths(paths, progress=progress, log=log)
    processed, reports = Path(processed_dir), Path(reports_dir)
    processed.mkdir(parents=True, exist_ok=True)
    reports.mkdir(parents=True, exist_ok=True)
    state = _State(processed / STATE_FILE, force)
    res = ReportResult(reports)
    code = code_version()
    resources = resources_version()
    data_hash = input_fingerprint(paths)
    lexicon = load_lexicon(extra=list(params["lexicon"]["extra"]) + list(lexicon_extra or []))

    def step(name, key, outputs, fn):
        if state.fresh(name, key, outputs):
            res.skipped.append(name)
            log(f"report: {name} unchanged, skipped")
            return
        t = time.perf_counter()
        fn()
        state.done(name, key)
        res.ran.append(name)
        log(f"report: {name} done in {time.perf_counter() - t:.1f} s")

    # 1. ingest
    k_ingest = _key("ingest", data_hash, [str(p) for p in paths], code, resources, params["ingest"])

    def run_ingest():
        r = ingest(paths, processed, max_record_chars=params["ingest"]["max_record_chars"],
                   max_sentence_chars=params["ingest"]["max_sentence_chars"], progress=progress)
        t = r.report["totals"]
        log(f"ingest: read {t['read']}, wrote {t['written']}, quarantined {t['quarantined']}")

    step("ingest", k_ingest, [processed / "articles.parquet", processed / "sentences.parquet"], run_ingest)

    # 2. analyze
    k_analyze = _key("analyze", k_ingest, lexicon.version, params["voice"])
    analysis_path = processed / "analysis.parquet"

    def run_analyze():
        from framing.analysis import analyze, load_tables, write_sentences

        articles, sentences = load_tables([processed])
        df = analyze(articles, sentences, lexicon=lexicon, progress=progress)
        write_sentences(df, analysis_path, fmt="parquet")
        log(f"analyze: {len(df)} sentences in {df.article_id.nunique()} articles")

    step("analyze", k_analyze, [analysis_path], run_analyze)

    # 3. compare, stories, wire diffs, charts, article views
    k_compare = _key("compare", k_analyze, params["report"], params["stories"])
    compare_outputs = [reports / n for n in ("outlet_metrics.csv", "pairwise_tests.csv", "stories.csv", "wire_pairs.csv")]
    compare_outputs.append(reports / "figures" / "voice_shares.png")

    def run_compare():
        compare_step(processed, reports, params, paths, log)

    step("compare", k_compare, compare_outputs, run_compare)

    # 4. notebooks
    if notebooks:
        nb_hash = _key([(p.name, p.read_bytes().hex()) for p in sorted(NOTEBOOKS_DIR.glob("*.py"))])
        k_nb = _key("notebooks", k_compare, nb_hash)
        nb_outputs = [reports / "notebooks" / f"{n}.html" for n in NOTEBOOKS if (NOTEBOOKS_DIR / f"{n}.py").is_file()]

        def run_notebooks():
            execute_notebooks(processed, reports, params, log=log)

        step("notebooks", k_nb, nb_outputs, run_notebooks)

    # 5. summary (cheap; always rewritten so it states this run's versions)
    meta = {"data": [str(p) for p in paths], "data_hash": data_hash, "code_version": code,
            "resources_version": resources, "lexicon_version": lexicon.version,
            "lexicon_entries": len(lexicon.entries), "params": params["report"]}
    if datasets:
        meta["datasets"] = datasets
    res.paths.update(write_report_summary(processed, reports, meta))
    res.seconds = time.perf_counter() - t0
    return res


def _claim_groups_file(paths) -> Path | None:
    """FarExStance's claim groups among the data paths: given, in a given folder (or one below
    it), or beside a given file."""
    for p in paths:
        p = Path(p)
        for cand in ([p, p.parent / "claim_groups.json"] if p.is_file() else [p / "claim_groups.json", *p.glob("*/claim_groups.json")]):
            if cand.name == "claim_groups.json" and cand.is_file():
                return cand
    return None


def compare_step(processed: Path, reports: Path, params: dict, paths, log) -> None:
    from framing.analysis.files import read_analysis
    from framing.compare.rates import compare
    from framing.compare.stories import (
        group_stories,
        story_framing,
        validate_claim_groups,
        within_story_effects,
    )
    from framing.compare.summary import write_summary
    from framing.compare.wirediff import diff_pairs, find_pairs
    from framing.report import charts
    from framing.report.htmlview import diff_html, write_article_views

    rp, sp = params["report"], params["stories"]
    analysis = read_analysis(processed / "analysis.parquet")
    articles = pd.read_parquet(processed / "articles.parquet")
    write_summary(processed, reports, articles=articles, analysis=analysis)
    cmp = compare(analysis, outlets=rp["outlets"] or None, min_articles=rp["min_articles"], n_boot=rp["bootstrap"],
                  n_perm=rp["permutations"], seed=rp["seed"], correction=rp["correction"], top_outlets=rp["top_outlets"],
                  date_from=rp["date_from"], date_to=rp["date_to"])
    cmp.write(reports)
    log(f"compare: {cmp.articles['outlet'].nunique()} outlets, {len(cmp.pairwise)} pairwise tests, "
        f"{int(cmp.pairwise['significant'].sum()) if len(cmp.pairwise) else 0} hold up after correction")
    stories = group_stories(articles, threshold=sp["threshold"], window_days=sp["window_days"], lead_chars=sp["lead_chars"])
    stories.to_csv(reports / "stories.csv", index=False)
    framing_by_story = story_framing(analysis, stories)
    framing_by_story.to_csv(reports / "story_framing.csv", index=False)
    effects = within_story_effects(analysis, stories, n_boot=rp["bootstrap"], seed=rp["seed"], framing=framing_by_story)
    effects.to_csv(reports / "story_effects.csv", index=False)
    cg = _claim_groups_file(paths)
    if cg is not None:
        v = validate_claim_groups(stories, articles, cg)
        (reports / "story_validation.json").write_text(json.dumps({"claim_groups": str(cg), **v}, indent=2), encoding="utf-8")
        log(f"stories: validated on {cg}: purity {v['purity']}, recall {v['recall']}, pair F1 {v['pair_f1']}")
    pairs = find_pairs(articles, stories)
    summary, detail = diff_pairs(analysis, pairs)
    (summary if len(summary) else pairs).to_csv(reports / "wire_pairs.csv", index=False)
    detail.to_json(reports / "wire_diff.jsonl", orient="records", lines=True, force_ascii=False)
    wire_dir = reports / "wire"
    wire_dir.mkdir(exist_ok=True)
    for p in wire_dir.glob("*.html"):  # pages of an earlier run
        p.unlink()
    if len(summary):
        by_pair = {key: g.drop(columns=["a_id", "b_id"]) for key, g in detail.groupby(["a_id", "b_id"], sort=False)}
        interesting = summary.assign(changes=summary["cue_swaps"] + summary["attributions_dropped"] + summary["epithets_added"]
                                     + summary["loaded_added"] + summary["sentences_added"])
        top = interesting.sort_values(["relation", "changes"], ascending=[True, False]).head(rp["wire_pages"])
        for k, pr in enumerate(top.itertuples(index=False), start=1):
            d = by_pair[(pr.a_id, pr.b_id)]
            (wire_dir / f"pair-{k:03d}.html").write_text(
                diff_html(d, a_label=f"{pr.a_outlet} ({pr.a_id})", b_label=f"{pr.b_outlet} ({pr.b_id})",
                          title=f"{pr.b_outlet} vs {pr.a_outlet} — {pr.relation}, similarity {pr.similarity}"),
                encoding="utf-8")
    fig = reports / "figures"
    charts.voice_shares(cmp.metrics, fig / "voice_shares.png")
    charts.loadedness(cmp.metrics, fig / "loadedness.png")
    charts.category_heatmap(cmp.metrics, fig / "category_heatmap.png")
    charts.naming_table(cmp.naming, fig / "naming_ledger.png")
    charts.timeline(cmp.articles, fig / "timeline.png")
    charts.quoted_groups(cmp.metrics, fig / "quoted_groups.png")
    charts.cue_by_group(cmp.metrics, fig / "cue_distancing_by_group.png")
    charts.story_effects(effects, fig / "story_effects.png")
    # annotated views: the articles with the most editorial sentences and loaded phrases
    per = analysis.groupby("article_id").agg(ed=("voice", lambda v: (v == "editorial").sum()), ld=("loaded_score", "sum"))
    ids = list(per.sort_values(["ed", "ld"], ascending=False).index[: rp["article_pages"]])
    for p in (reports / "articles").glob("*.html"):
        p.unlink()
    write_article_views(analysis, articles, reports / "articles", article_ids=ids)


def execute_notebooks(processed: Path, reports: Path, params: dict, *, log=print, names=NOTEBOOKS,
                      kernel_name: str = "python3", timeout: int = 1200) -> list[Path]:
    """Convert each ``notebooks/NN-*.py`` (jupytext py:percent) to ``.ipynb``, execute it with
    papermill (parameters: folders, outlets, date range) and export HTML next to it."""
    import jupytext
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter

    out_dir = reports / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    rp = params["report"]
    parameters = {"processed_dir": str(Path(processed).resolve()), "reports_dir": str(Path(reports).resolve()),
                  "outlets": list(rp["outlets"] or []), "date_from": rp["date_from"], "date_to": rp["date_to"],
                  "min_articles": rp["min_articles"]}
    written = []
    for name in names:
        src = NOTEBOOKS_DIR / f"{name}.py"
        if not src.is_file():
            continue
        nb = jupytext.read(src)
        nb.metadata["kernelspec"] = {"name": kernel_name, "display_name": "Python 3", "language": "python"}
        raw = out_dir / f"{name}.source.ipynb"
        nbformat.write(nb, raw)
        executed = out_dir / f"{name}.ipynb"
        t = time.perf_counter()
        pm.execute_notebook(str(raw), str(executed), parameters=parameters, kernel_name=kernel_name,
                            cwd=str(PROJECT_ROOT), progress_bar=False, log_output=False, execution_timeout=timeout)
        raw.unlink()
        body, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(executed, as_version=4))
        html_path = out_dir / f"{name}.html"
        html_path.write_text(body, encoding="utf-8")
        written.append(html_path)
        log(f"notebook: {name} executed in {time.perf_counter() - t:.1f} s")
    return written


def _fmt(v, digits=3):
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{v:.{digits}f}"


def write_report_summary(processed: Path, reports: Path, meta: dict) -> dict[str, Path]:
    """``summary.md`` and ``index.html`` from what the steps wrote."""
    from framing.report.htmlview import esc, html_page

    lines = ["# framing report", "",
             f"- data: {', '.join(meta['data'])} (input hash `{meta['data_hash']}`)",
             f"- code version: `{meta['code_version']}`; resources `{meta['resources_version']}`; "
             f"lexicon `{meta['lexicon_version']}` ({meta['lexicon_entries']} entries)",
             f"- comparison settings: minimum {meta['params']['min_articles']} articles per outlet, "
             f"{meta['params']['bootstrap']} bootstrap resamples of articles, {meta['params']['permutations']} permutations, "
             f"{meta['params']['correction']} correction", ""]
    ing = processed / "ingest_report.json"
    if ing.is_file():
        t = json.loads(ing.read_text(encoding="utf-8"))
        tot = t["totals"]
        codes = ", ".join(f"{k} {v}" for k, v in t.get("quarantine_codes", {}).items())
        lines += [f"Records read {tot['read']}, written {tot['written']}, quarantined {tot['quarantined']}"
                  + (f" ({codes}; see `{processed.name}/quarantine.jsonl`)" if tot["quarantined"] else "")
                  + ". Corpus tables by outlet: `corpus.md`.", ""]
    metrics_p = reports / "outlet_metrics.csv"
    if metrics_p.is_file():
        m = pd.read_csv(metrics_p)
        key = ["share_attributed", "share_editorial", "loaded_outlet_per_1k", "loaded_source_per_1k", "cue_distancing_share"]
        sub = m[m.measure.isin(key)].copy()
        sub["cell"] = [(f"{_fmt(v)} [{_fmt(lo)}, {_fmt(hi)}]" if pd.notna(lo) else (_fmt(v) or "n/a"))
                       + (" ⚑" if isinstance(f, str) and f == "few_articles" else "")
                       for v, lo, hi, f in zip(sub.value, sub.ci_low, sub.ci_high, sub.flag)]
        wide = sub.pivot(index="outlet", columns="measure", values="cell").reindex(columns=key)
        arts = m.groupby("outlet")["articles"].first()
        wide.insert(0, "articles", arts.reindex(wide.index))
        wide = wide.sort_values("articles", ascending=False).head(20)
        lines += ["## Outlets (value [95% interval]; ⚑ = too few articles to compare)", "",
                  _md_table(wide.reset_index()), ""]
    pw_p = reports / "pairwise_tests.csv"
    if pw_p.is_file():
        pw = pd.read_csv(pw_p)
        held = pw[pw["significant"] == True]  # noqa: E712
        lines += ["## Differences that hold up (permutation test over articles, corrected within each measure)", ""]
        if len(held):
            held = held.assign(difference=held["difference"].round(3), p_adjusted=held["p_adjusted"].round(4))
            lines += [_md_table(held[["measure", "outlet_a", "outlet_b", "difference", "p_adjusted"]]), ""]
        else:
            lines += [f"None of {len(pw)} pairwise tests is significant after correction.", ""]
    sv = reports / "story_validation.json"
    if sv.is_file():
        v = json.loads(sv.read_text(encoding="utf-8"))
        lines += ["## Same-story grouping validated on FarExStance claim groups", "",
                  f"purity {v['purity']}, recall {v['recall']}; pairwise precision {v['pair_precision']}, "
                  f"recall {v['pair_recall']}, F1 {v['pair_f1']} ({v['articles']} articles, {v['claims']} claims).", ""]
    wp = reports / "wire_pairs.csv"
    if wp.is_file():
        w = pd.read_csv(wp)
        if len(w) and "cue_swaps" in w:
            lines += ["## Wire copy", "",
                      f"{len(w)} republished pairs ({(w.relation == 'cites').sum()} citing, {(w.relation == 'parallel').sum()} parallel copies): "
                      f"{int(w.sentences_added.sum())} sentences added, {int(w.sentences_removed.sum())} removed, "
                      f"{int(w.sentences_changed.sum())} changed; {int(w.cue_swaps.sum())} reporting verbs swapped, "
                      f"{int(w.attributions_dropped.sum())} attributions dropped, {int(w.epithets_added.sum())} epithets and "
                      f"{int(w.loaded_added.sum())} loaded phrases added. Pages: `wire/`.", ""]
    figs = sorted((reports / "figures").glob("*.png"))
    if figs:
        lines += ["## Figures", ""] + [f"![{f.stem}](figures/{f.name})" for f in figs] + [""]
    nbs = sorted((reports / "notebooks").glob("*.html"))
    if nbs:
        lines += ["## Notebooks (executed)", ""] + [f"- [{n.stem}](notebooks/{n.name})" for n in nbs] + [""]
    corpus = reports / "summary_by_outlet.csv"
    if corpus.is_file():
        lines += ["Corpus tables: `summary_by_outlet.csv`, `voice_by_outlet.csv`, `loaded_by_outlet.csv`, "
                  "`naming_ledger.csv`; per-article: `articles_loaded.jsonl`; annotated articles: `articles/`.", ""]
    md = reports / "summary.md"
    md.write_text("\n".join(lines), encoding="utf-8")
    (reports / "report_meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    # index.html: the same content as links and images (all text escaped)
    items = [f"<li>{esc(x)}</li>" for x in lines[2:5]]
    body = ["<h1>framing report</h1>", "<ul>" + "".join(items) + "</ul>"]
    for title, folder, pattern in (("Figures", "figures", "*.png"), ("Notebooks", "notebooks", "*.html"),
                                   ("Annotated articles", "articles", "*.html"), ("Wire-copy diffs", "wire", "*.html")):
        files = sorted((reports / folder).glob(pattern))
        if not files:
            continue
        body.append(f"<h2>{esc(title)}</h2>")
        if pattern == "*.png":
            body += [f'<figure><img src="{esc(folder)}/{esc(f.name)}" style="max-width:100%"><figcaption>{esc(f.stem)}</figcaption></figure>'
                     for f in files]
        else:
            body.append("<ul>" + "".join(f'<li><a href="{esc(folder)}/{esc(f.name)}">{esc(f.stem)}</a></li>' for f in files) + "</ul>")
    body.append("<h2>Tables</h2><ul>" + "".join(f'<li><a href="{esc(f.name)}">{esc(f.name)}</a></li>'
                                                 for f in sorted(reports.glob("*.csv"))) + "</ul>")
    index = reports / "index.html"
    index.write_text(html_page("framing report", "\n".join(body)).replace('dir="rtl"', 'dir="ltr"'), encoding="utf-8")
    return {"markdown": md, "html": index}


def _md_table(df: pd.DataFrame) -> str:
    try:
        return df.to_markdown(index=False)
    except ImportError:
        return df.to_string(index=False)
