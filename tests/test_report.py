"""`make report` end to end on the embedded data: every step, the notebooks executed with
papermill, figures written, versions stated, and a second run that skips everything."""

import json

import pytest

from framing.params import load_params
from framing.report.build import NOTEBOOKS, build_report


@pytest.fixture(scope="module")
def report(raw_report):
    return raw_report


def test_all_steps_run_and_notebooks_execute(report):
    base, res = report
    assert res.ran == ["ingest", "analyze", "compare", "notebooks"]
    r = base / "r"
    for name in NOTEBOOKS:
        nb = json.loads((r / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{name}: {errors}"
        injected = [c for c in nb["cells"] if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
        assert injected and str(base / "p") in "".join(injected[0]["source"])  # papermill passed our folders
        assert (r / "notebooks" / f"{name}.html").stat().st_size > 10_000


def test_figures_tables_and_pages_exist(report):
    base, _ = report
    r = base / "r"
    figs = sorted((r / "figures").glob("*.png"))
    assert {f.stem for f in figs} >= {"voice_shares", "loadedness", "category_heatmap", "naming_ledger", "timeline",
                                     "quoted_groups", "cue_distancing_by_group", "story_effects"}
    assert all(f.stat().st_size > 5000 for f in figs)
    for t in ("outlet_metrics.csv", "pairwise_tests.csv", "top_sources.csv", "stories.csv", "story_framing.csv",
              "wire_pairs.csv", "summary_by_outlet.csv", "naming_ledger.csv"):
        assert (r / t).is_file(), t
    assert len(list((r / "articles").glob("*.html"))) == 8
    assert len(list((r / "wire").glob("*.html"))) == 1  # the seed against its IRNA copy
    index = (r / "index.html").read_text(encoding="utf-8")
    assert "figures/voice_shares.png" in index and "notebooks/04-compare-outlets.html" in index


def test_summary_states_data_hash_lexicon_and_code_versions(report):
    base, _ = report
    md = (base / "r" / "summary.md").read_text(encoding="utf-8")
    meta = json.loads((base / "r" / "report_meta.json").read_text(encoding="utf-8"))
    assert meta["data_hash"] in md and meta["lexicon_version"] in md and meta["code_version"] in md
    assert "⚑" in md  # one article per outlet: every outlet is flagged, none compared
    assert "1 republished pairs (1 citing" in md


def test_second_run_skips_and_a_parameter_change_reruns_only_what_depends_on_it(report, raw_dir):
    base, _ = report
    again = build_report([raw_dir], processed_dir=base / "p", reports_dir=base / "r", log=lambda *_: None)
    assert again.ran == [] and again.skipped == ["ingest", "analyze", "compare", "notebooks"]
    params = load_params()
    params["report"]["min_articles"] = 1
    changed = build_report([raw_dir], processed_dir=base / "p", reports_dir=base / "r", params=params,
                           notebooks=False, log=lambda *_: None)
    assert changed.ran == ["compare"] and changed.skipped == ["ingest", "analyze"]


def test_missing_data_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such data path"):
        build_report([tmp_path / "nope"], processed_dir=tmp_path / "p", reports_dir=tmp_path / "r")


# -- the versions a report states, and `framing report --check` --------------------------------------------------
def test_report_states_the_versions_that_made_it(report):
    import hashlib
    import importlib.metadata as md

    from framing.config import LOCK_FILE

    base, _ = report
    meta = json.loads((base / "r" / "report_meta.json").read_text(encoding="utf-8"))
    v = meta["versions"]
    for pkg in ("hazm", "pandas", "scikit-learn", "matplotlib", "pyarrow"):
        assert v[pkg] == md.version(pkg)
    import platform

    assert v["python"] == platform.python_version()
    assert v["lock"]["sha256"] == hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()
    md_text = (base / "r" / "summary.md").read_text(encoding="utf-8")
    assert f"hazm {v['hazm']}" in md_text and f"pandas {v['pandas']}" in md_text and v["lock"]["sha256"][:16] in md_text
    assert f"Python {v['python']}" in md_text and "framing report --check" in md_text
    # every table has its hash; the inputs are there to run it again
    assert {"reports/outlet_metrics.csv", "processed/articles.parquet", "processed/analysis.parquet"} <= set(meta["tables"])
    assert meta["inputs"]["params"]["report"] == meta["params"] and meta["model"].startswith("voice.evidence.v1 (model file sha256 ")


def test_check_says_an_unchanged_rerun_is_identical(report):
    from framing.report.check import check_report

    base, _ = report
    res = check_report(base / "r", log=lambda *_: None)
    meta = json.loads((base / "r" / "report_meta.json").read_text(encoding="utf-8"))
    assert res.ok and not res.differ and not res.changed, (res.differ, res.changed)
    assert sorted(res.identical) == sorted(meta["tables"])


def test_check_finds_a_tampered_table_and_says_what_changed(report, tmp_path, capsys):
    import shutil

    import pyarrow.parquet as pq

    from framing.cli import main

    base, _ = report
    r, p = tmp_path / "r", tmp_path / "p"
    shutil.copytree(base / "r", r)
    shutil.copytree(base / "p", p)
    meta = json.loads((r / "report_meta.json").read_text(encoding="utf-8"))
    meta["inputs"]["processed_dir"] = str(p)
    meta["versions"]["pandas"] = "0.0.1"  # as if the report had been made with another pandas
    (r / "report_meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    csv_lines = (r / "outlet_metrics.csv").read_text(encoding="utf-8").splitlines()
    csv_lines[2] = csv_lines[2].replace(",", ",9", 1)
    (r / "outlet_metrics.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")
    # the same values written again by another writer setting: not a difference in the table
    pq.write_table(pq.read_table(p / "articles.parquet"), p / "articles.parquet", compression="gzip")
    assert main(["report", "--check", str(r)]) == 1
    out = capsys.readouterr().out
    assert "DIFFERS       reports/outlet_metrics.csv: line 3:" in out
    assert "same values   processed/articles.parquet" in out
    assert "identical     reports/pairwise_tests.csv" in out
    assert "pandas: recorded 0.0.1, running" in out
    assert f"1 of {len(meta['tables'])} tables differ" in out


def test_check_refuses_a_folder_that_is_not_a_report(tmp_path, capsys):
    from framing.cli import main

    assert main(["report", "--check", str(tmp_path)]) == 1
    assert "is not a finished report: no report_meta.json" in capsys.readouterr().err


# -- the front page --------------------------------------------------------------------------------
def _text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)


def test_front_page_opens_on_its_findings_then_figures_wire_diffs_and_every_article(report):
    import re

    base, _ = report
    r = base / "r"
    index = (r / "index.html").read_text(encoding="utf-8")
    h2 = re.findall(r"<h2>(.*?)</h2>", index)
    assert h2[:7] == ["What was analysed", "Differences that hold up", "Outlets", "How far to trust the voice rates",
                      "Figures", "Wire copy: what republishers changed", "Annotated articles"]
    text = _text(index)
    assert "`" not in text and not re.search(r"^\s*- ", text, re.M)  # Markdown rendered: no literal «- » nor back-ticks
    assert "<li>" in index and "<code>" in index and "<table>" in index
    meta = json.loads((r / "report_meta.json").read_text(encoding="utf-8"))
    for key in ("data_hash", "code_version", "lexicon_version", "resources_version"):
        assert f"<code>{meta[key]}</code>" in index
    assert "records read 8, written 8, quarantined 0" in text and "8 articles, 51 sentences, 8 named outlets" in text
    trust = json.loads((r / "voice_trust.json").read_text(encoding="utf-8"))
    assert trust["documents"] == 182 and f"model card ({trust['documents']} documents, cross-validated" in text
    links = set(re.findall(r'href="([^"]+)"', index))
    for folder in ("articles", "wire", "notebooks"):
        pages = {f"{folder}/{p.name}" for p in (r / folder).glob("*.html")}
        assert pages and pages <= links, f"{folder}: not linked {sorted(pages - links)}"
    assert all((r / link).is_file() for link in links if not link.startswith(("http://", "https://")))
    srcs = re.findall(r'src="([^"]+)"', index)
    assert len(srcs) == 8 and all(s.startswith("figures/") and (r / s).is_file() for s in srcs)
    assert "<script" not in index and "http" not in "".join(srcs) and "@import" not in index
    assert index.index("What was analysed") < index.index("<img") < index.index('href="wire/') < index.index('href="articles/')
    pages = (r / "article_pages.csv").read_text(encoding="utf-8")
    assert "تابناک" in pages and "تابناک" in text  # each article listed by outlet and title


def _tiny_report(tmp_path, outlets, meta_extra=None, tests=True):
    import pandas as pd

    from framing.report.build import write_report_summary

    r = tmp_path / "r"
    r.mkdir()
    rows = []
    for i, o in enumerate(outlets):
        for measure, v in (("share_attributed", 0.5 + i / 10), ("share_editorial", 0.05)):
            rows.append({"outlet": o, "measure": measure, "family": "voice", "value": v, "ci_low": v - 0.1,
                         "ci_high": v + 0.1, "articles": 30 - i, "numerator": 1, "denominator": 2, "flag": None})
    pd.DataFrame(rows).to_csv(r / "outlet_metrics.csv", index=False)
    pd.DataFrame([{"measure": "share_attributed", "outlet_a": outlets[0], "outlet_b": outlets[1], "difference": -0.1,
                   "p_value": 0.001, "articles_a": 30, "articles_b": 29, "p_adjusted": 0.002, "significant": True,
                   "correction": "holm"}][: 1 if tests else 0],
                 columns=["measure", "outlet_a", "outlet_b", "difference", "p_value", "articles_a", "articles_b",
                          "p_adjusted", "significant", "correction"]).to_csv(r / "pairwise_tests.csv", index=False)
    meta = {"data": [str(tmp_path / "corpus")], "data_hash": "d1", "code_version": "0.1.0+abc", "resources_version": "r1",
            "lexicon_version": "l1", "lexicon_entries": 3,
            "params": {"min_articles": 10, "bootstrap": 10, "permutations": 10, "correction": "holm"}, **(meta_extra or {})}
    write_report_summary(tmp_path / "p", r, meta)
    return (r / "summary.md").read_text(encoding="utf-8"), (r / "index.html").read_text(encoding="utf-8")


def test_text_from_the_data_is_escaped_on_the_front_page(tmp_path):
    md, index = _tiny_report(tmp_path, ["<script>alert(1)</script>", "کیهان | *ویژه*", "[خبر](javascript:alert(1))"])
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "کیهان | *ویژه*" in _text(index) and "<em>" not in index  # a pipe or a star in a name stays text
    assert 'href="javascript' not in index and "[خبر](javascript:alert(1))" in _text(index)
    assert index.count("<tr>") == 1 + 1 + 1 + 3  # the two tables keep their rows: header + 1, header + 3


def test_front_page_shows_every_version_the_run_recorded(tmp_path):
    extra = {"python_version": "3.12.4", "lock_hash": "9f2c", "packages": {"pandas": "2.2.3", "hazm": "0.10.0"},
             "datasets": {"farexstance": {"name": "farexstance", "title": "FarExStance", "homepage": "https://example.org/x",
                                          "terms": "research use", "files": [{"name": "dev.xlsx", "sha256": "ab" * 32}]}}}
    md, index = _tiny_report(tmp_path, ["ایرنا", "فارس"], extra)
    text = _text(index)
    for s in ("python 3.12.4", "lock hash 9f2c", "packages: pandas 2.2.3, hazm 0.10.0", "code 0.1.0+abc", "lexicon l1",
              "dataset farexstance: FarExStance", "terms as its authors state them: research use", "ab" * 32):
        assert s in text, s
    assert "1 of 1 pairwise differences holds up" in text and "ایرنا" in text


def test_readme_gallery_shows_three_small_figures_of_a_real_run():
    import re
    from pathlib import Path

    from PIL import Image

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]+\]\((docs/gallery/[^)]+\.png)\)", readme)
    assert len(shown) == 3, shown
    total = 0
    for rel in shown:
        path = root / rel
        assert path.is_file(), f"{rel}: run `make gallery`"
        with Image.open(path) as im:
            assert im.width <= 900 and im.height >= 300
        total += path.stat().st_size
    assert total < 500_000
    assert "gallery:" in (root / "Makefile").read_text(encoding="utf-8")


def test_a_report_with_nothing_to_compare_says_what_to_do(tmp_path):
    md, index = _tiny_report(tmp_path, ["ایرنا", "فارس"], tests=False)
    text = _text(index)
    assert "No pairwise test ran: fewer than two outlets have 10 articles or more" in text
    assert "make report DATA=farexstance" in text  # the first run on the embedded data points at a real corpus
