"""First summary tables of an ingested corpus (per outlet: articles, sentences, dates, chains)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from framing.config import ARTICLES_FILE, INGEST_REPORT_FILE, SENTENCES_FILE


def corpus_summary(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet (``(unknown)`` for articles without one)."""
    a = articles.copy()
    a["outlet"] = a["outlet"].fillna("(unknown)")
    body = sentences[sentences["part"] == "body"]
    per_article = body.groupby("article_id").agg(
        sentences=("sent_id", "size"), boilerplate=("boilerplate", lambda s: s.notna().sum())
    )
    a = a.join(per_article, on="article_id")
    a["has_chain"] = a["credit"].notna()
    a["wire_chain"] = a["chain"].map(lambda c: len(c) > 1 if c is not None else False)
    g = a.groupby("outlet", dropna=False)
    out = pd.DataFrame(
        {
            "articles": g.size(),
            "sentences": g["sentences"].sum().astype("int64"),
            "boilerplate_sentences": g["boilerplate"].sum().astype("int64"),
            "characters": g["n_chars"].sum(),
            "first_date": g["date"].min(),
            "last_date": g["date"].max(),
            "dated_share": g["date"].apply(lambda s: s.notna().mean()).round(3),
            "credit_share": g["has_chain"].mean().round(3),
            "republished_share": g["wire_chain"].mean().round(3),
        }
    )
    return out.sort_values("articles", ascending=False)


def voice_summary(analysis: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: sentences by voice (counts and shares), boilerplate excluded."""
    a = analysis[analysis["boilerplate"].isna()].copy()
    a["outlet"] = a["outlet"].fillna("(unknown)")
    counts = a.pivot_table(index="outlet", columns="voice", values="sent_id", aggfunc="count", fill_value=0)
    for v in ("attributed", "report", "editorial"):
        if v not in counts:
            counts[v] = 0
    counts = counts[["attributed", "report", "editorial"]]
    shares = counts.div(counts.sum(axis=1), axis=0).round(3).add_suffix("_share")
    return counts.join(shares).sort_values("attributed", ascending=False)


def write_summary(processed_dir, reports_dir, *, articles: pd.DataFrame | None = None,
                  analysis: pd.DataFrame | None = None) -> dict[str, Path]:
    """``corpus.md`` and the per-outlet tables. ``articles`` / ``analysis``: the tables when the
    caller has them already (else read from ``processed_dir``); the analysis has a row per
    sentence, so it also stands in for ``sentences.parquet``."""
    processed_dir, reports_dir = Path(processed_dir), Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    if analysis is None and (processed_dir / "analysis.parquet").is_file():
        from framing.analysis.files import read_analysis

        analysis = read_analysis(processed_dir / "analysis.parquet")
    if articles is None:
        articles = pd.read_parquet(processed_dir / ARTICLES_FILE)
    sentences = analysis if analysis is not None else pd.read_parquet(processed_dir / SENTENCES_FILE)
    report = json.loads((processed_dir / INGEST_REPORT_FILE).read_text(encoding="utf-8"))
    table = corpus_summary(articles, sentences)
    csv_path = reports_dir / "summary_by_outlet.csv"
    table.to_csv(csv_path)
    t = report["totals"]
    lines = [
        "# Corpus summary",
        "",
        f"Input: {', '.join(report['inputs'])} (hash {report['input_hash']}); framing {report['framing_version']}, "
        f"resources {report['resources_version']}.",
        "",
        f"Records read {t['read']}, written {t['written']}, quarantined {t['quarantined']}"
        + (f" ({', '.join(f'{k}: {v}' for k, v in report['quarantine_codes'].items())})" if t["quarantined"] else "")
        + ".",
        "",
        table.to_markdown() if _has_tabulate() else table.to_string(),
        "",
    ]
    if analysis is not None:
        from framing.lexicon.loaded import article_scores
        from framing.lexicon.naming import ledger

        voices = voice_summary(analysis)
        voices.to_csv(reports_dir / "voice_by_outlet.csv")
        lines += ["## Voice by outlet", "", voices.to_markdown() if _has_tabulate() else voices.to_string(), ""]
        scores = article_scores(analysis)
        scores.to_json(reports_dir / "articles_loaded.jsonl", orient="records", lines=True, force_ascii=False)
        per_outlet = scores.groupby(scores["outlet"].fillna("(unknown)")).agg(
            articles=("article_id", "size"), tokens_outlet=("tokens_outlet", "sum"), tokens_source=("tokens_source", "sum"),
            loaded_outlet=("loaded_outlet", "sum"), loaded_source=("loaded_source", "sum"),
            editorial_sentences=("editorial_sentences", "sum"))
        per_outlet["loaded_outlet_per_1k"] = (1000 * per_outlet.loaded_outlet / per_outlet.tokens_outlet.clip(lower=1)).round(2)
        per_outlet["loaded_source_per_1k"] = (1000 * per_outlet.loaded_source / per_outlet.tokens_source.clip(lower=1)).round(2)
        per_outlet.to_csv(reports_dir / "loaded_by_outlet.csv")
        lines += ["## Loaded language by outlet (per 1,000 tokens of each voice)", "",
                  per_outlet.to_markdown() if _has_tabulate() else per_outlet.to_string(), ""]
        names = ledger(analysis)
        names.to_csv(reports_dir / "naming_ledger.csv", index=False)
    md_path = reports_dir / "corpus.md"
    md_path.write_text("\n".join(lines), encoding="utf-8")
    return {"csv": csv_path, "markdown": md_path}


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401

        return True
    except ImportError:
        return False
