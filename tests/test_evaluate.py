"""Evaluation against gold: alignment across segmentations, matching, and the quality bar."""

from __future__ import annotations

import json

import pytest

from framing.learn.evaluate import evaluate_gold, locate, source_match, via_match


def test_locate_ignores_spacing_and_letter_variants():
    doc = "به گزارش خبرگزاری فارس، حجت الاسلام محمدرضا میرتاج‌الدینی اظهار داشت: یقین بدانید."
    span = locate("حجت الاسلام محمدرضا ميرتاج الديني اظهار داشت", doc)  # Arabic letters, a space for the ZWNJ
    assert span is not None and doc[span[0] : span[1]].startswith("حجت الاسلام")


def test_source_matching():
    assert source_match("سنتکام", "سنتکام") == (True, True)
    assert source_match("شهاب‌الدین چاوشی", "چاوشی") == (False, True)
    assert source_match("وزیر دفاع", "سخنگوی دولت") == (False, False)
    assert via_match(["خبرگزاری صدا و سیما", "روابط عمومی ارتش"], ["صدا و سیما", "روابط عمومی ارتش"])


def _tiny_gold(tmp_path):
    d = tmp_path / "gold"
    d.mkdir()
    doc = {"doc_id": "d1", "outlet": "Tabnak", "source": "test", "title": "پشتپرده همکاریهای جدید آمریکا و سوریه!",
           "text": "سنتکام نیز اعلام کرد که مقامات این مرکز از رئیس دولت موقت سوریه تشکر کردند. پایگاههای غیرقانونی نظامیان آمریکایی بارها مورد حمله قرار گرفته است."}
    units = [
        {"doc_id": "d1", "sent_id": 0, "text": doc["title"], "voice": "editorial", "source": None, "cue": None, "via": [], "loaded": [{"text": "پشتپرده", "category": "sensational", "voice": "outlet"}]},
        # one gold unit covering both sentences of ours would be unusual; here units match sentences
        {"doc_id": "d1", "sent_id": 1, "text": "سنتکام نیز اعلام کرد که مقامات این مرکز از رئیس دولت موقت سوریه تشکر کردند.", "voice": "attributed", "source": "سنتکام", "cue": "اعلام کرد", "via": [], "loaded": []},
        {"doc_id": "d1", "sent_id": 2, "text": "پایگاههای غیرقانونی نظامیان آمریکایی بارها مورد حمله قرار گرفته است.", "voice": "editorial", "source": None, "cue": None, "via": [], "loaded": [{"text": "غیرقانونی", "category": "illegitimacy", "voice": "outlet"}]},
    ]
    (d / "docs.jsonl").write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "gold.jsonl").write_text("\n".join(json.dumps(u, ensure_ascii=False) for u in units) + "\n", encoding="utf-8")
    return d


def test_evaluate_a_tiny_gold_set(tmp_path):
    ev = evaluate_gold(_tiny_gold(tmp_path))
    assert ev.voice["located"] == 3
    assert ev.voice["accuracy"] == 1.0 and ev.source["exact"] == 1.0 and ev.cue["accuracy"] == 1.0
    assert ev.loaded["recall"] == 1.0 and ev.loaded["voice_accuracy"] == 1.0
    assert "Macro-F1" in ev.to_markdown()


def test_bad_gold_is_a_clear_error(tmp_path):
    d = _tiny_gold(tmp_path)
    (d / "gold.jsonl").write_text('{"doc_id": "d1", "sent_id": 0, "text": "x", "voice": "opinion"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold.jsonl:1: unknown voice 'opinion'"):
        evaluate_gold(d)


def test_evaluate_command(tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "eval.md"
    assert main(["evaluate", "--gold", str(_tiny_gold(tmp_path)), "--out", str(out)]) == 0
    assert out.is_file() and json.loads(out.with_suffix(".json").read_text())["voice"]["accuracy"] == 1.0


@pytest.mark.shared
def test_quality_bar_on_the_shared_dev_set(gold_dir):
    """Issue bar: voice macro-F1 ≥ 0.85, attributed F1 ≥ 0.92, source partial match ≥ 0.85."""
    ev = evaluate_gold(gold_dir)
    assert ev.voice["located"] == ev.voice["n"] == 294
    assert ev.voice["macro_f1"] >= 0.85, ev.to_markdown(errors=0)
    assert ev.voice["per_class"]["attributed"]["f1"] >= 0.92
    assert ev.source["partial"] >= 0.85
