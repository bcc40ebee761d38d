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
