"""The command line as users run it."""

from __future__ import annotations

import json
import subprocess
import sys

from framing.cli import main


def test_ingest_command(tmp_path, raw_dir, capsys):
    assert main(["ingest", str(raw_dir), "--out", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "read 8 records, wrote 8 articles, quarantined 0" in out
    report = json.loads((tmp_path / "ingest_report.json").read_text(encoding="utf-8"))
    assert report["totals"]["read"] == 8


def test_report_command_writes_a_summary(tmp_path, raw_dir, capsys):
    args = ["report", str(raw_dir), "--out", str(tmp_path / "p"), "--reports", str(tmp_path / "r"), "--no-progress",
            "--no-notebooks"]
    assert main(args) == 0
    md = (tmp_path / "r" / "summary.md").read_text(encoding="utf-8")
    assert "تابناک" in md and "records read 8, written 8, quarantined 0" in md
    assert (tmp_path / "r" / "summary_by_outlet.csv").stat().st_size > 0
    assert "ran ingest, analyze, compare" in capsys.readouterr().out
    assert main(args) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_compare_command(tmp_path, raw_dir, capsys):
    assert main(["compare", str(tmp_path / "nothing")]) == 1
    assert "analysis.parquet not found" in capsys.readouterr().err
    p = tmp_path / "p"
    assert main(["ingest", str(raw_dir), "--out", str(p), "--no-progress"]) == 0
    assert main(["analyze", str(p), "--format", "parquet", "--out", str(p / "analysis.parquet"), "--no-progress"]) == 0
    assert main(["compare", str(p), "--reports", str(tmp_path / "r"), "--min-articles", "1"]) == 0
    assert (tmp_path / "r" / "outlet_metrics.csv").is_file() and (tmp_path / "r" / "figures" / "loadedness.png").is_file()


def test_errors_are_one_clear_line(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("framing ingest: error: input path does not exist")


def test_console_script_is_installed():
    res = subprocess.run([sys.executable, "-m", "framing.cli", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.startswith("framing ")
