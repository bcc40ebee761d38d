"""params.yaml: defaults, overrides, and clear errors for typos."""

from __future__ import annotations

import pytest

from framing.params import DEFAULTS, ParamsError, load_params


def test_missing_file_gives_defaults(tmp_path):
    assert load_params(tmp_path / "none.yaml") == DEFAULTS


def test_overrides_merge(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("lexicon:\n  extra: [my.tsv]\nvoice:\n  editorial_threshold: 3\n", encoding="utf-8")
    p = load_params(f)
    assert p["lexicon"]["extra"] == ["my.tsv"] and p["voice"]["editorial_threshold"] == 3
    assert p["ingest"] == DEFAULTS["ingest"]


def test_typo_is_an_error(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("lexicon:\n  extras: [my.tsv]\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="unknown key 'extras'"):
        load_params(f)


def test_project_params_file_is_valid():
    load_params()
