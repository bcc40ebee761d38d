"""``make report``: ingest → analyze → compare → charts → notebooks → ``reports/``.

Each step records a key (a hash of its inputs: the data files, the code, the resources and
lexicon, the parameters it reads, the previous step's key) in ``<processed>/report_state.json``
and is skipped when its key and outputs are unchanged, so a second run with nothing changed
takes seconds. ``force=True`` reruns everything.

What lands in ``reports/`` (all generated, none committed):

* ``summary.md`` / ``index.html`` — the headline numbers with the input data hash, the lexicon
  version and the code version that produced them, and (``summary.md``) the versions of Python
  and the libraries and the lock file's hash; links to everything below;
* ``report_meta.json`` — the same, plus the inputs (data paths, every parameter) and a SHA-256 of
  every table: what ``framing report --check`` (:mod:`framing.report.check`) reruns and compares;
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
import re
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
from framing.resources import file_sha256

STATE_FILE = "report_state.json"
META_FILE = "report_meta.json"
# the tables of a report: what `framing report --check` compares (figures and pages are not tables)
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet", ".json")
NOT_TABLES = {META_FILE, STATE_FILE}
# the pages the front page links to, one row each (written by the compare step)
WIRE_PAGE_COLUMNS = ["page", "a_outlet", "a_id", "b_outlet", "b_id", "relation", "similarity", "changes"]
ARTICLE_PAGE_COLUMNS = ["page", "article_id", "outlet", "date", "title", "editorial_sentences", "loaded_score"]
NOTEBOOKS = ("01-ingest", "02-voice", "03-loaded-language", "04-compare-outlets", "05-extend-a-classifier")


def decider_name(spec) -> str:
    """The voice decider a report used, with the version of a shipped or trained model's file."""
    from framing.voice.models import RULE_MODELS, default_model_dir

    key = str(spec)
    if key in RULE_MODELS:
        return f"voice.rules.v{RULE_MODELS[key]}"
    path = default_model_dir() if key == "voice.evidence.v1" else Path(key)
    f = path / "model.skops" if path.is_dir() else path
    if not f.is_file():
        return key
    return f"{key} (model file sha256 {hashlib.sha256(f.read_bytes()).hexdigest()[:12]})"


def code_version() -> str:
    """framing's version plus a hash of its source files (changes with any code edit)."""
    from framing._version import __version__

    h = hashlib.sha256()
    for p in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def table_files(processed: Path, reports: Path) -> dict[str, Path]:
    """Every table of a report by a stable name: ``reports/…`` (the report folder, not its
    subfolders of pages and notebooks) and ``processed/…`` (the processed-data folder)."""
    out = {}
    for label, folder in (("processed", Path(processed)), ("reports", Path(reports))):
        for f in sorted(folder.iterdir()) if folder.is_dir() else []:
            if f.is_file() and f.suffix in TABLE_SUFFIXES and f.name not in NOT_TABLES and not f.name.endswith(".tmp"):
                out[f"{label}/{f.name}"] = f
    return out


def table_hashes(processed: Path, reports: Path) -> dict[str, str]:
    return {name: file_sha256(f) for name, f in table_files(processed, reports).items()}




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
    k_analyze = _key("analyze", k_ingest, lexicon.version, params["voice"], decider_name(params["voice"]["decider"]))
    analysis_path = processed / "analysis.parquet"

    def run_analyze():
        from framing.analysis import analyze, load_tables, write_sentences

        articles, sentences = load_tables([processed])
        df = analyze(articles, sentences, lexicon=lexicon, progress=progress, model=params["voice"]["decider"])
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
    from framing._version import environment_versions

    meta = {"data": [str(p) for p in paths], "data_hash": data_hash, "code_version": code,
            "resources_version": resources, "lexicon_version": lexicon.version,
            "lexicon_entries": len(lexicon.entries), "model": decider_name(params["voice"]["decider"]), "params": params["report"],
            "versions": environment_versions(),
            # what `framing report --check` needs to run the report again, and what it compares
            "inputs": {"data": [str(p) for p in paths], "cwd": str(Path.cwd()), "params": params,
                       "lexicon_extra": [str(x) for x in (lexicon_extra or [])],
                       "processed_dir": str(processed.resolve()), "notebooks": notebooks},
            "tables": table_hashes(processed, reports)}
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


TRUST_FILES = ("voice_corrected.csv", "voice_trust.json", "genre_by_outlet.csv")


def write_trust(analysis: pd.DataFrame, table: pd.DataFrame, reports: Path, rp: dict) -> None:
    """The decider's gold scores and the outlets' voice shares corrected for them (compare.trust),
    and the articles per outlet and genre."""
    from framing.compare.trust import (
        corrected_voice_shares,
        decider_card,
        genre_by_outlet,
    )

    genre_by_outlet(analysis).to_csv(reports / "genre_by_outlet.csv", index=False)
    for name in TRUST_FILES[:2]:
        (reports / name).unlink(missing_ok=True)
    card = decider_card(analysis["model"].iloc[0] if len(analysis) and "model" in analysis else None)
    if card is None:
        return
    corrected_voice_shares(table, card["doc_confusion"], n_boot=rp["bootstrap"], seed=rp["seed"],
                           min_articles=rp["min_articles"]).to_csv(reports / "voice_corrected.csv", index=False)
    trust = {k: card[k] for k in ("decider", "per_class", "confusion", "folds")}
    trust["documents"] = len(card["doc_confusion"])
    (reports / "voice_trust.json").write_text(json.dumps(trust, ensure_ascii=False, indent=2), encoding="utf-8")


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
    write_trust(analysis, cmp.articles, reports, rp)
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
        pages = []
        for k, pr in enumerate(top.itertuples(index=False), start=1):
            d = by_pair[(pr.a_id, pr.b_id)]
            (wire_dir / f"pair-{k:03d}.html").write_text(
                diff_html(d, a_label=f"{pr.a_outlet} ({pr.a_id})", b_label=f"{pr.b_outlet} ({pr.b_id})",
                          title=f"{pr.b_outlet} vs {pr.a_outlet} — {pr.relation}, similarity {pr.similarity}"),
                encoding="utf-8")
            pages.append({"page": f"wire/pair-{k:03d}.html", "a_outlet": pr.a_outlet, "a_id": pr.a_id,
                          "b_outlet": pr.b_outlet, "b_id": pr.b_id, "relation": pr.relation,
                          "similarity": pr.similarity, "changes": pr.changes})
        pd.DataFrame(pages, columns=WIRE_PAGE_COLUMNS).to_csv(reports / "wire_pages.csv", index=False)
    else:
        pd.DataFrame(columns=WIRE_PAGE_COLUMNS).to_csv(reports / "wire_pages.csv", index=False)
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
    written = write_article_views(analysis, articles, reports / "articles", article_ids=ids)
    meta = articles.set_index("article_id")
    rows = []
    for aid, path in zip([a for a in ids if (analysis["article_id"] == a).any()], written):
        a = meta.loc[aid] if aid in meta.index else {}
        title = a.get("title")
        if not (isinstance(title, str) and title.strip()):  # untitled (FarExStance): its opening words
            words = str(a.get("text") or "").split()
            title = " ".join(words[:12]) + (" …" if len(words) > 12 else "") if words else None
        rows.append({"page": f"articles/{path.name}", "article_id": aid, "outlet": a.get("outlet"), "date": a.get("date"),
                     "title": title, "editorial_sentences": int(per.loc[aid, "ed"]),
                     "loaded_score": round(float(per.loc[aid, "ld"]), 3)})
    pd.DataFrame(rows, columns=ARTICLE_PAGE_COLUMNS).to_csv(reports / "article_pages.csv", index=False)


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


# Labels for the front page (the CSV files keep the column names).
MEASURES = {
    "share_attributed": "share of sentences attributed to a source",
    "share_report": "share of sentences in plain report voice",
    "share_editorial": "share of sentences in the outlet's editorial voice",
    "loaded_outlet_per_1k": "loaded phrases per 1,000 tokens, outlet's voice",
    "loaded_source_per_1k": "loaded phrases per 1,000 tokens, quoted voices",
    "cue_distancing_share": "share of reporting verbs that distance (\"claimed\")",
    "cue_endorsing_share": "share of reporting verbs that endorse (\"stressed\")",
}
FIGURES = {  # in the order the front page shows them; others follow by name
    "voice_shares": "Whose voice: share of sentences by voice, per outlet (95% intervals over articles)",
    "loadedness": "Loaded phrases per 1,000 tokens: in the outlet's own voice and in the voices it quotes",
    "category_heatmap": "Loaded-language categories by outlet",
    "story_effects": "Outlet differences within the same stories (topic choice removed)",
    "quoted_groups": "Who gets quoted: sources by affiliation",
    "cue_distancing_by_group": "Distancing reporting verbs by who is speaking",
    "naming_ledger": "Naming choices: which label each outlet uses for a referent",
    "timeline": "Articles per month (Gregorian and Jalali months)",
}
# what can start Markdown inside a line: emphasis, code, links, tables, autolinks and HTML, entities
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")


def md_escape(text) -> str:
    """Text as literal Markdown (for titles and outlet names taken from the data)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text) -> str:
    """A code span (nothing inside is interpreted, so nothing is escaped; back-ticks become quotes)."""
    return f"`{str(text).replace('`', chr(39))}`"


def md_table(header: list[str], rows: list[list], align: str = "") -> str:
    """A pipe table; every cell escaped. ``align``: one letter per column, ``l`` (text: aligned where its
    script starts, so Persian to the right) or ``r`` (numbers)."""
    align = align or "l" * len(header)
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |",
             "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"]
    lines += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _versions(meta: dict) -> list[str]:
    """Every version the run recorded: ours first, then whatever else report_meta.json holds
    (a ``*_version`` key, or a mapping of package versions)."""
    out = [f"code {md_code(meta['code_version'])}", f"resources {md_code(meta['resources_version'])}",
           f"lexicon {md_code(meta['lexicon_version'])} ({meta['lexicon_entries']} entries)"]
    skip = {"data", "data_hash", "code_version", "resources_version", "lexicon_version", "lexicon_entries", "params",
            "datasets", "counts"}
    for k, v in meta.items():
        if k in skip:
            continue
        label = k.replace("_version", "").replace("_", " ")
        if isinstance(v, dict) and v and all(isinstance(x, (str, int, float)) for x in v.values()) and (
                "version" in k or "package" in k or "librar" in k or "environment" in k):
            out.append(f"{md_escape(label)}: " + ", ".join(f"{md_escape(n)} {md_code(x)}" for n, x in v.items()))
        elif isinstance(v, (str, int, float)) and ("version" in k or "hash" in k or "lock" in k):
            out.append(f"{md_escape(label)} {md_code(v)}")
    return out


def _counts(processed: Path, reports: Path, meta: dict) -> list[str]:
    lines = []
    ing = processed / "ingest_report.json"
    if ing.is_file():
        t = json.loads(ing.read_text(encoding="utf-8"))
        tot = t["totals"]
        codes = ", ".join(f"{k} {v}" for k, v in t.get("quarantine_codes", {}).items())
        lines.append(f"records read {tot['read']}, written {tot['written']}, quarantined {tot['quarantined']}"
                     + (f" ({codes}; see `{processed.name}/quarantine.jsonl`)" if tot["quarantined"] else ""))
    art_p, sent_p = processed / "articles.parquet", processed / "sentences.parquet"
    if art_p.is_file():
        import pyarrow.parquet as pq

        arts = pd.read_parquet(art_p, columns=["outlet", "date"])
        n_sent = pq.ParquetFile(sent_p).metadata.num_rows if sent_p.is_file() else None
        dates = pd.to_datetime(arts["date"], errors="coerce").dropna()
        span = f", dated {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
        unknown = int(arts["outlet"].isna().sum())
        lines.append(f"{len(arts)} articles" + (f", {n_sent} sentences" if n_sent is not None else "")
                     + f", {arts['outlet'].nunique()} named outlets" + (f" ({unknown} articles name none)" if unknown else "")
                     + span)
    m_p = reports / "outlet_metrics.csv"
    if m_p.is_file():
        m = pd.read_csv(m_p)
        per = m.groupby("outlet")["flag"].apply(lambda f: (f == "few_articles").any())
        lines.append(f"{int((~per).sum())} of {len(per)} outlets (unnamed ones as one) have at least "
                     f"{meta['params']['min_articles']} articles and are compared; the others are flagged ⚑")
    return lines


def _data_lines(meta: dict) -> list[str]:
    lines = []
    datasets = meta.get("datasets") or {}
    for name, d in datasets.items():
        link = f"[{md_escape(d.get('homepage'))}]({d.get('homepage')})" if d.get("homepage") else ""
        lines.append(f"dataset **{md_escape(name)}**: {md_escape(d.get('title'))}, from {link}; terms as its authors "
                     f"state them: {md_escape(d.get('terms'))}")
        lines += [f"upstream {md_code(f['name'])}, SHA-256 {md_code(f['sha256'])}" for f in d.get("files", [])]
    lines.append("data: " + ", ".join(md_code(p) for p in meta["data"]) + f" (input hash {md_code(meta['data_hash'])})")
    return lines


def _trust_lines(reports: Path) -> list[str]:
    """How far to trust the voice rates: the decider's precision and recall on gold, and the
    editorial and attributed shares raw and corrected for its measured errors; genres."""
    lines = []
    trust, corr = reports / "voice_trust.json", reports / "voice_corrected.csv"
    if trust.is_file():
        t = json.loads(trust.read_text(encoding="utf-8"))
        lines += ["## How far to trust the voice rates", "",
                  f"Voice is decided by {md_code(t['decider'])}. On the gold documents of its model card "
                  f"({t.get('documents') or 'all'} documents, cross-validated in {t.get('folds') or 5} folds grouped by "
                  f"document: it never scored a document it was trained on) it scores:", "",
                  md_table(["voice", "precision", "recall", "gold sentences", "called so"],
                           [[v, f"{c['precision']:.2f}", f"{c['recall']:.2f}", c["support"],
                             sum(t["confusion"][g][v] for g in t["confusion"])]
                            for v, c in t["per_class"].items()], "lrrrr"), ""]
    if corr.is_file():
        c = pd.read_csv(corr)
        c = c[c["voice"].isin(["editorial", "attributed"])]
        if len(c):
            def cell(v, lo, hi):
                return f"{v:.3f} [{lo:.3f}, {hi:.3f}]"
            wide = {}
            for r in c.itertuples():
                w = wide.setdefault(r.outlet, {"articles": r.articles, "flag": r.flag})
                w[f"{r.voice}_raw"] = cell(r.raw, r.raw_low, r.raw_high)
                w[f"{r.voice}_corrected"] = cell(r.corrected, r.corrected_low, r.corrected_high)
            order = sorted(wide, key=lambda o: -wide[o]["articles"])[:20]
            lines += ["Shares of each outlet's sentences as the decider labels them (raw) and corrected for its measured "
                      "errors (adjusted classify-and-count from the gold confusion matrix); the corrected intervals "
                      "resample the outlet's articles and the gold documents together. ⚑ = too few articles. All "
                      "outlets: `voice_corrected.csv`.", "",
                      md_table(["outlet", "articles", "editorial (raw)", "editorial (corrected)", "attributed (raw)",
                                "attributed (corrected)"],
                               [[o + (" ⚑" if wide[o]["flag"] else ""), wide[o]["articles"], wide[o].get("editorial_raw", ""),
                                 wide[o].get("editorial_corrected", ""), wide[o].get("attributed_raw", ""),
                                 wide[o].get("attributed_corrected", "")] for o in order], "lrrrrr"), ""]
    gp = reports / "genre_by_outlet.csv"
    if gp.is_file():
        g = pd.read_csv(gp)
        if len(g):
            wide = g.pivot_table(index="outlet", columns="genre", values="articles", aggfunc="sum", fill_value=0)
            wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index[:15]]
            lines += ["Genres (`genre_by_outlet.csv`; the evidence per article is in `articles.parquet`):", "",
                      md_table(["outlet", *wide.columns], [[o, *map(int, r)] for o, r in wide.iterrows()],
                               "l" + "r" * len(wide.columns)), ""]
    return lines


def write_report_summary(processed: Path, reports: Path, meta: dict) -> dict[str, Path]:
    """``summary.md``, ``report_meta.json`` and ``index.html`` (the Markdown rendered by
    markdown-it-py, raw HTML in it escaped) from what the steps wrote. The page opens on its
    findings: what was analysed, the differences that hold up, the outlets with intervals; then
    the figures, the wire-copy diffs and a link to every annotated article."""
    p = meta["params"]
    lines = ["# framing report", "", "## What was analysed", ""]
    lines += [f"- {x}" for x in _data_lines(meta) + _counts(processed, reports, meta)]
    lines += ["- versions: " + "; ".join(_versions(meta)), *_version_lines(meta),
              f"- comparison: outlets with at least {p['min_articles']} articles; {p['bootstrap']} bootstrap resamples "
              f"of articles for the 95% intervals; {p['permutations']} permutations per test; {p['correction']} "
              f"correction within each measure", ""]

    lines += ["## Differences that hold up", ""]
    pw_p = reports / "pairwise_tests.csv"
    pw = pd.read_csv(pw_p) if pw_p.is_file() else pd.DataFrame()
    if len(pw):
        held = pw[pw["significant"] == True].sort_values("p_adjusted")  # noqa: E712
        lines += [f"{len(held)} of {len(pw)} pairwise differences {'holds' if len(held) == 1 else 'hold'} up after "
                  f"correction (permutation tests over whole articles).", ""]
        if len(held):
            rows = [[MEASURES.get(r.measure, r.measure), r.outlet_a, r.outlet_b, f"{r.difference:+.3f}",
                     f"{r.p_adjusted:.4f}", f"{r.articles_a} / {r.articles_b}"] for r in held.itertuples()]
            lines += [md_table(["measure", "outlet A", "outlet B", "difference (A − B)", "p (corrected)", "articles"],
                               rows, "lllrrr"), ""]
    else:
        lines += [f"No pairwise test ran: fewer than two outlets have {p['min_articles']} articles or more. "
                  "Analyse a larger corpus, e.g. `make report DATA=farexstance` (fetched on first use).", ""]

    m_p = reports / "outlet_metrics.csv"
    if m_p.is_file():
        m = pd.read_csv(m_p)
        key = [k for k in ("share_attributed", "share_editorial", "loaded_outlet_per_1k", "loaded_source_per_1k",
                           "cue_distancing_share") if k in set(m.measure)]
        sub = m[m.measure.isin(key)].copy()
        sub["cell"] = [(f"{_fmt(v)} [{_fmt(lo)}, {_fmt(hi)}]" if pd.notna(lo) else (_fmt(v) or "n/a"))
                       + (" ⚑" if isinstance(f, str) and f == "few_articles" else "")
                       for v, lo, hi, f in zip(sub.value, sub.ci_low, sub.ci_high, sub.flag)]
        wide = sub.pivot(index="outlet", columns="measure", values="cell").reindex(columns=key)
        arts = m.groupby("outlet")["articles"].first()
        wide.insert(0, "articles", arts.reindex(wide.index))
        wide = wide.sort_values("articles", ascending=False)
        shown = wide.head(20)
        lines += ["## Outlets", "",
                  "Value [95% interval]; ⚑ = too few articles to compare. "
                  + (f"The {len(shown)} largest of {len(wide)} outlets; all of them in `outlet_metrics.csv`."
                     if len(wide) > len(shown) else "All outlets; the numbers are in `outlet_metrics.csv`."), "",
                  md_table(["outlet", "articles", *[MEASURES.get(k, k) for k in key]],
                           [[o, int(r["articles"]), *[r[k] if isinstance(r[k], str) else "" for k in key]]
                            for o, r in shown.iterrows()], "lr" + "r" * len(key)), ""]

    lines += _trust_lines(reports)

    sv = reports / "story_validation.json"
    if sv.is_file():
        v = json.loads(sv.read_text(encoding="utf-8"))
        lines += ["## Same story across outlets", "",
                  f"Story grouping checked against FarExStance's claim groups: purity {v['purity']}, recall {v['recall']}; "
                  f"pairwise precision {v['pair_precision']}, recall {v['pair_recall']}, F1 {v['pair_f1']} "
                  f"({v['articles']} articles, {v['claims']} claims). Tables: `stories.csv`, `story_framing.csv`, "
                  "`story_effects.csv`.", ""]

    figs = sorted((reports / "figures").glob("*.png"), key=lambda f: (list(FIGURES).index(f.stem) if f.stem in FIGURES
                                                                       else len(FIGURES), f.stem))
    if figs:
        lines += ["## Figures", ""]
        for f in figs:
            lines += [f"### {md_escape(FIGURES.get(f.stem, f.stem.replace('_', ' ')))}", "",
                      f"![{md_escape(f.stem.replace('_', ' '))}](figures/{f.name})", ""]

    wp = reports / "wire_pairs.csv"
    if wp.is_file():
        w = pd.read_csv(wp)
        lines += ["## Wire copy: what republishers changed", ""]
        if len(w) and "cue_swaps" in w:
            lines += [f"{len(w)} republished pairs ({(w.relation == 'cites').sum()} citing, {(w.relation == 'parallel').sum()} "
                      f"parallel copies): {int(w.sentences_added.sum())} sentences added, {int(w.sentences_removed.sum())} "
                      f"removed, {int(w.sentences_changed.sum())} changed; {int(w.cue_swaps.sum())} reporting verbs swapped, "
                      f"{int(w.attributions_dropped.sum())} attributions dropped, {int(w.epithets_added.sum())} epithets and "
                      f"{int(w.loaded_added.sum())} loaded phrases added. Tables: `wire_pairs.csv`, `wire_diff.jsonl`.", ""]
        else:
            lines += ["No republished pair found.", ""]
        lines += _page_links(reports, "wire_pages.csv", "wire",
                             lambda r: f"{r['page'].split('/')[-1].removesuffix('.html')}: {r['b_outlet']} vs {r['a_outlet']} "
                                       f"({r['relation']}, similarity {r['similarity']}, {r['changes']} framing changes)")

    lines += ["## Annotated articles", ""]
    lines += _page_links(reports, "article_pages.csv", "articles",
                         lambda r: f"{r['outlet'] if isinstance(r['outlet'], str) else '(unknown outlet)'} — "
                                   f"{r['title'] if isinstance(r['title'], str) and r['title'].strip() else r['article_id']} "
                                   f"({r['editorial_sentences']} editorial sentences)")
    nbs = sorted((reports / "notebooks").glob("*.html"))
    if nbs:
        lines += ["## Notebooks (executed)", ""] + [f"- [{md_escape(n.stem)}](notebooks/{n.name})" for n in nbs] + [""]
    tables = sorted(x.name for x in reports.glob("*.csv"))
    if tables:
        lines += ["## Tables", "", ", ".join(f"[{md_escape(t)}]({t})" for t in tables)
                  + "; per article: `articles_loaded.jsonl`; by outlet: `corpus.md`; this page: `summary.md`, "
                  "`report_meta.json`.", ""]
    md = reports / "summary.md"
    text = "\n".join(lines)
    md.write_text(text, encoding="utf-8")
    (reports / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    index = reports / "index.html"
    index.write_text(render_markdown_page(text, title="framing report"), encoding="utf-8")
    return {"markdown": md, "html": index}


def _version_lines(meta: dict) -> list[str]:
    """The environment that made the report, and how to check it (summary.md)."""
    v = meta.get("versions") or {}
    if not v:
        return []
    pkgs = ", ".join(f"{k} {val}" for k, val in v.items() if k not in {"python", "lock", "framing"})
    lock = v.get("lock")
    if lock is None:
        lock_text = "no requirements.lock beside the code"
    else:
        lock_text = f"{lock['file']} sha256 `{lock['sha256'][:16]}`"
        lock_text += ", every locked version installed" if lock["installed_as_locked"] else \
            f"; installed versions differ from it: {', '.join(lock['differences'][:5])}"
    return [f"- made with Python {v.get('python')}, {pkgs}; {lock_text}; voice model `{meta.get('model')}`",
            f"- {len(meta.get('tables', {}))} tables (hashes in `report_meta.json`); "
            "`framing report --check` reruns these inputs and says whether every table comes out identical"]


def _page_links(reports: Path, table: str, folder: str, label) -> list[str]:
    """One Markdown list item per page in ``folder`` (labels from ``table`` where it has the page)."""
    files = sorted((reports / folder).glob("*.html"))
    if not files:
        return [f"No pages in `{folder}/`.", ""]
    labels = {}
    t = reports / table
    if t.is_file():  # the table's order (most telling first), then any page it does not list
        df = pd.read_csv(t, dtype=str, keep_default_na=False).replace("", None)
        labels = {r["page"]: label(r) for r in df.to_dict("records")}
    order = {page: i for i, page in enumerate(labels)}
    files.sort(key=lambda f: (order.get(f"{folder}/{f.name}", len(order)), f.name))
    return [f"- [{md_escape(labels.get(f'{folder}/{f.name}', f.stem))}]({folder}/{f.name})" for f in files] + [""]


INDEX_CSS = """
body { font-family: "DejaVu Sans", Vazirmatn, Tahoma, sans-serif; max-width: 72rem; line-height: 1.6; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; } h3 { font-size: 1rem; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
td, th { unicode-bidi: plaintext; } td { white-space: nowrap; } table { width: auto; }
code { background: #f4f4f4; padding: 0 .2rem; border-radius: 3px; font-size: .85em; }
"""


def render_markdown_page(markdown: str, *, title: str) -> str:
    """A standalone HTML page (left to right, no script, no external resource) from Markdown,
    rendered by markdown-it-py with raw HTML escaped."""
    from markdown_it import MarkdownIt

    from framing.report.htmlview import html_page

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return html_page(title, body, lang="en", direction="ltr", extra_css=INDEX_CSS)
