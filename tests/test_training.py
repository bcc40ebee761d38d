"""Training on gold: grouped cross-validation, model cards, the train command, and the quality
comparison on the shared dev set."""

from __future__ import annotations

import json

import pytest

import framing
from framing.cli import main


@pytest.fixture(scope="module")
def pseudo_gold(tmp_path_factory, raw_dir):
    """A small gold folder made from the embedded data (rule labels), for the mechanics."""
    d = tmp_path_factory.mktemp("gold")
    from framing.analysis.analyze import load_tables

    arts, sents = load_tables([raw_dir])
    df = framing.analyze(arts, sents, progress=False)
    with open(d / "docs.jsonl", "w", encoding="utf-8") as fh:
        for a in arts.itertuples():
            fh.write(json.dumps({"doc_id": a.article_id, "outlet": a.outlet, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")
    with open(d / "gold.jsonl", "w", encoding="utf-8") as fh:
        for r in df.itertuples():
            fh.write(json.dumps({"doc_id": r.article_id, "sent_id": r.sent_id, "text": r.text, "voice": r.voice,
                                 "source": r.source, "cue": r.cue, "via": list(r.via),
                                 "loaded": [{k: h[k] for k in ("text", "category", "voice")} for h in r.loaded]}, ensure_ascii=False) + "\n")
    return d


def test_cross_validation_is_grouped_and_reports_errors(pseudo_gold):
    from framing.learn.training import cross_validate, load_gold_units

    data = load_gold_units([pseudo_gold])
    res = cross_validate("voice.linear.v1", data, folds=4)
    assert res["grouped_by"] == "article" and res["folds"] == 4 and res["n"] == len(data)
    assert set(res["per_class"]) == {"attributed", "report", "editorial"}
    assert all({"gold", "predicted", "text", "confidence"} <= set(e) for e in res["worst_errors"])
    assert "leave_one_outlet_out" in res


def test_train_command_writes_model_and_card(pseudo_gold, tmp_path, capsys):
    out = tmp_path / "m"
    assert main(["train", "--model", "voice.linear.v1", "--gold", str(pseudo_gold), "--out", str(out), "--folds", "3"]) == 0
    card = json.loads((out / "model_card.json").read_text(encoding="utf-8"))
    assert card["model"] == "voice.linear.v1" and card["training_data"]["units"] > 40
    assert len(card["training_data"]["hash"]) == 16 and card["versions"]["scikit-learn"]
    assert card["cross_validation"]["macro_f1"] >= 0
    assert (out / "model.skops").is_file() and "Cross-validation" in (out / "model_card.md").read_text(encoding="utf-8")
    # the trained model analyses and evaluates
    assert main(["analyze", str(pseudo_gold / "docs.jsonl"), "--model", str(out), "--out", str(tmp_path / "a.jsonl"), "--no-progress"]) == 0
    assert main(["evaluate", "--gold", str(pseudo_gold), "--model", str(out), "--errors", "0"]) == 0


@pytest.mark.shared
@pytest.mark.slow
def test_learned_models_against_the_rules_on_dev(gold_dir):
    """The comparison the issue asks for (numbers go to the closing note): grouped CV on the dev
    gold plus the project's own annotations."""
    from framing.config import ANNOTATIONS_DIR
    from framing.learn.training import cross_validate, load_gold_units

    # the sets this comparison was written for (framing-2026-12 came later, labelled blind: the rules
    # are measured on it in the README, where they fall to 0.66 (v1) and 0.74 (v2))
    golds = [gold_dir, ANNOTATIONS_DIR / "framing-2026-11"]
    data = load_gold_units(golds)
    rules = cross_validate("voice.rules.v1", data, outlet_report=False)
    hybrid = cross_validate("voice.hybrid.v1", data, outlet_report=False)
    assert rules["macro_f1"] >= 0.85
    assert hybrid["per_class"]["attributed"]["f1"] >= 0.9  # learns the frequent class well; editorial needs data
