"""The annotation round trip: export, import (with validation errors by line), agreement."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import framing
from framing.learn.annotate import (
    AnnotationError,
    agreement,
    export_sample,
    import_labels,
)


@pytest.fixture(scope="module")
def analysis(raw_dir):
    return framing.analyze([raw_dir], progress=False)


def test_export_is_stratified_and_uncertain_first(analysis, tmp_path):
    out = export_sample(analysis, tmp_path / "to_label.csv", n=12, seed=1)
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert len(rows) == 12
    assert {"doc_id", "sent_id", "text", "voice", "source", "cue", "via", "loaded", "pred_voice", "uncertainty"} <= set(rows[0])
    assert all(r["voice"] == "" for r in rows)  # left empty: annotators label independently
    assert len({r["outlet"] for r in rows}) >= 4 and len({r["pred_voice"] for r in rows}) == 3
    # within a stratum, the most uncertain comes first
    df = pd.DataFrame(rows).astype({"uncertainty": float})
    for _, g in df.groupby(["outlet", "pred_voice"], sort=False):
        assert list(g.uncertainty) == sorted(g.uncertainty, reverse=True)


def _labelled(analysis, tmp_path, edit=None):
    out = export_sample(analysis, tmp_path / "l.csv", n=6, seed=0)
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    for r in rows:
        r["voice"] = r["pred_voice"]
    if edit:
        edit(rows)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out


def test_import_merges_into_a_gold_folder(analysis, tmp_path, raw_dir):
    f = _labelled(analysis, tmp_path)
    res = import_labels(f, [raw_dir], tmp_path / "gold")
    assert res["imported"] == 6 and res["units"] == 6
    res = import_labels(f, [raw_dir], tmp_path / "gold")  # importing again replaces, never duplicates
    assert res["units"] == 6
    from framing.learn.evaluate import read_gold

    docs, gold = read_gold(tmp_path / "gold")
    assert len(gold) == 6 and set(gold.doc_id) <= set(docs.doc_id)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda rows: rows[0].update(voice="opinion"), r"l\.csv:2: unknown voice 'opinion'"),
        (lambda rows: rows[1].update(text=rows[1]["text"] + " و این جمله‌ای ساختگی است"), r"l\.csv:3: the text does not occur"),
        (lambda rows: rows[2].update(doc_id="nope"), r"l\.csv:4: doc_id 'nope' is not in the corpus"),
        (lambda rows: rows[3].update(loaded='[{"text": "x", "category": "bad", "voice": "outlet"}]'), r"l\.csv:5: loaded phrase"),
    ],
)
def test_import_validation_errors_name_the_line(analysis, tmp_path, raw_dir, edit, message):
    f = _labelled(analysis, tmp_path, edit)
    with pytest.raises(AnnotationError, match=message):
        import_labels(f, [raw_dir], tmp_path / "gold")


def test_missing_column_is_an_error(tmp_path, raw_dir):
    f = tmp_path / "bad.csv"
    f.write_text("doc_id,text\nx,y\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad\.csv:1: missing column\(s\) sent_id, voice"):
        import_labels(f, [raw_dir], tmp_path / "gold")


def test_agreement(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    units = [("d", i, v) for i, v in enumerate(["attributed", "report", "editorial", "attributed", "report"])]
    a.write_text("\n".join(json.dumps({"doc_id": d, "sent_id": i, "text": "t", "voice": v,
                                        "loaded": [{"text": "رژیم صهیونیستی", "category": "derogatory_naming", "voice": "outlet"}]})
                           for d, i, v in units), encoding="utf-8")
    flipped = [(d, i, "report" if i == 0 else v) for d, i, v in units]
    b.write_text("\n".join(json.dumps({"doc_id": d, "sent_id": i, "text": "t", "voice": v,
                                        "loaded": [{"text": "رژیم صهیونیستی", "category": "derogatory_naming", "voice": "outlet"}]})
                           for d, i, v in flipped), encoding="utf-8")
    res = agreement(a, b)
    assert res["units"] == 5 and 0.6 < res["voice_kappa"] < 1 and res["loaded_f1"] == 1.0


@pytest.mark.shared
def test_project_annotations_resolve_from_shared(shared_dir):
    """data/annotations stores pointers (corpus record + offsets + text hash), not third-party text."""
    from framing.config import ANNOTATIONS_DIR
    from framing.learn.evaluate import read_gold

    folder = ANNOTATIONS_DIR / "framing-2026-11"
    raw = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("text" not in u and "text_sha1" in u for u in raw)
    docs, gold = read_gold(folder)
    assert len(gold) == len(raw) and gold.text.str.len().min() > 0


@pytest.mark.shared
def test_double_annotated_set_resolves_and_its_agreement_is_what_its_readme_says(shared_dir):
    """framing-2026-12: 22 documents labelled blind by two annotators per batch, then adjudicated;
    pointer form only, and κ recomputed from the annotators' own files."""
    from framing.config import ANNOTATIONS_DIR
    from framing.learn.evaluate import read_gold

    folder = ANNOTATIONS_DIR / "framing-2026-12"
    raw = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("text" not in u and "text_sha1" in u for u in raw)
    assert {u["adjudication"] for u in raw} == {"agreed", "adjudicated"}
    docs, gold = read_gold(folder)
    assert (len(docs), len(gold)) == (22, 290) and gold.text.str.len().min() > 0
    assert gold.voice.value_counts().to_dict() == {"attributed": 184, "report": 71, "editorial": 35}
    a = agreement(folder / "annotators" / "A1.jsonl", folder / "annotators" / "A2.jsonl")
    b = agreement(folder / "annotators" / "B1.jsonl", folder / "annotators" / "B2.jsonl")
    assert (a["units"], b["units"]) == (167, 123)
    assert round(a["voice_kappa"], 2) == 0.99 and round(b["voice_kappa"], 2) == 0.91


@pytest.mark.shared
def test_blind_held_out_set_resolves_and_stays_out_of_training(shared_dir):
    """framing-2026-12b: 34 documents in three batches, labelled blind by two annotators per batch and
    adjudicated after every rule and model of 2026-12-02 was fixed — a held-out set: never trained
    on, never read for rules."""
    from framing.config import ANNOTATIONS_DIR, PROJECT_ROOT
    from framing.learn.evaluate import read_gold

    folder = ANNOTATIONS_DIR / "framing-2026-12b"
    raw = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("text" not in u and "text_sha1" in u for u in raw)
    docs, gold = read_gold(folder)
    assert (len(docs), len(gold)) == (34, 358) and gold.text.str.len().min() > 0
    assert gold.voice.value_counts().to_dict() == {"attributed": 242, "report": 104, "editorial": 12}
    assert sum(u["adjudication"] == "adjudicated" for u in raw) == 49
    kappas = {k: agreement(folder / "annotators" / f"{k}1.jsonl", folder / "annotators" / f"{k}2.jsonl") for k in "ABC"}
    assert [kappas[k]["units"] for k in "ABC"] == [166, 122, 70]
    assert [round(kappas[k]["voice_kappa"], 2) for k in "ABC"] == [0.92, 0.94, 0.94]
    # held out: the shipped model's training data and `make model` do not include it
    card = json.loads((PROJECT_ROOT / "framing/resources/models/voice.evidence.v1/model_card.json").read_text(encoding="utf-8"))
    assert not any("framing-2026-12b" in g for g in card["training_data"]["gold"])
    assert "framing-2026-12b" not in (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
