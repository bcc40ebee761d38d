"""`make report` end to end on the embedded data: every step, the notebooks executed with
papermill, figures written, versions stated, and a second run that skips everything."""

import json

import pytest

from framing.params import load_params
from framing.report.build import NOTEBOOKS, build_report


@pytest.fixture(scope="module")
def report(tmp_path_factory, raw_dir):
    base = tmp_path_factory.mktemp("report")
    res = build_report([raw_dir], processed_dir=base / "p", reports_dir=base / "r", log=lambda *_: None)
    return base, res


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
    assert meta["inputs"]["params"]["report"] == meta["params"] and meta["model"] == "voice.rules.v1"


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
