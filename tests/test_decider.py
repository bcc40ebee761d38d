"""The learned voice decider shipped with the package (voice.evidence.v1): it loads safely, its
card states how it was trained and how it scores, `framing analyze` uses it with no training
step, and its calibrated probabilities travel in every output format."""

from __future__ import annotations

import json

import numpy as np
import pytest

import framing
from framing.voice.models import DEFAULT_MODEL, default_model, default_model_dir, load_model, resolve_model


@pytest.fixture(scope="module")
def card():
    return json.loads((default_model_dir() / "model_card.json").read_text(encoding="utf-8"))


def test_the_shipped_model_is_small_and_loads_with_trusted_types_only():
    path = default_model_dir() / "model.skops"
    assert path.is_file(), "the package ships voice.evidence.v1 (make model)"
    assert path.stat().st_size < 10 * 2**20  # a few MB at most
    model = load_model(path)
    assert model.model_name_ == DEFAULT_MODEL and list(model.classes_) == ["attributed", "report", "editorial"]
    assert (default_model_dir() / "model_card.md").is_file()


def test_its_card_states_data_scores_and_the_rules_on_the_same_documents(card):
    td = card["training_data"]
    assert td["articles"] == 182 and set(td["labels"]) == {"attributed", "report", "editorial"}
    assert any(g.endswith("annotation/train") for g in td["gold"]) and any(g.endswith("annotation/dev") for g in td["gold"])
    assert any(g.endswith("framing-2026-12") for g in td["gold"])
    cv = card["cross_validation"]
    assert cv["grouped_by"] == "document" and cv["folds"] == 5
    assert set(cv["per_class"]) == {"attributed", "report", "editorial"} and "source_partial" in cv
    assert cv["macro_f1"] > cv["rules"]["macro_f1"]  # it beats the rules on documents it did not see
    # per-document confusion counts: what the report bootstraps to correct its rates
    assert len(cv["doc_confusion"]) == 182 and len(cv["rules"]["doc_confusion"]) == 182
    assert sum(sum(d["counts"].values()) for d in cv["doc_confusion"]) == cv["units"]


def test_analyze_uses_it_by_default_and_keeps_the_rules_voice_alongside(seed_path):
    df = framing.analyze([seed_path], progress=False)
    assert (df.model == DEFAULT_MODEL).all()
    assert {"voice_rules", "voice_proba"} <= set(df.columns)
    proba = np.array([[p[v] for v in ("attributed", "report", "editorial")] for p in df.voice_proba])
    assert np.allclose(proba.sum(axis=1), 1, atol=1e-3)
    # the same decision through the estimator's own API, on the ingested sentences with their article's chain and genre
    from framing.analysis.analyze import load_tables

    arts, sents = load_tables([seed_path])
    X = sents.merge(arts[["article_id", "chain", "genre", "genre_evidence"]], on="article_id").sort_values("sent_id")
    assert list(default_model().predict(X)) == list(df.sort_values("sent_id").voice)


def test_the_decision_keeps_the_rules_editorial_only_where_it_judges_an_act():
    """keep_rules_editorial: True keeps every editorial of the rules, "judged" only those resting on
    a phrase that judges an act or a presence (rule 6: «غیرقانونی», «سرقت»), False none."""
    from framing.voice.deciders import ACT_JUDGING, EvidenceVoiceClassifier
    from framing.voice.features import FEATURE_NAMES

    m = EvidenceVoiceClassifier()
    m.classes_ = np.array(["attributed", "report", "editorial"])
    m.class_prior_ = np.array([0.6, 0.25, 0.15])
    proba = np.array([[0.1, 0.8, 0.1]] * 3)  # the learned part says report three times
    rules = ["editorial", "editorial", "report"]
    F = np.zeros((3, len(FEATURE_NAMES)))
    F[0, FEATURE_NAMES.index(f"loaded={ACT_JUDGING[0]}")] = 1  # «پایگاه‌های غیرقانونی»
    F[2, FEATURE_NAMES.index(f"loaded={ACT_JUDGING[1]}")] = 1  # judged, but the rules did not say editorial
    for keep, want in [(True, ["editorial", "editorial", "report"]), ("judged", ["editorial", "report", "report"]),
                       (False, ["report", "report", "report"])]:
        assert list(m.set_params(keep_rules_editorial=keep).decide(proba, rules, F)) == want
    with pytest.raises(ValueError, match="needs the features"):
        m.set_params(keep_rules_editorial="judged").decide(proba, rules)


def test_rules_on_request(seed_path):
    assert resolve_model("rules") == 2 and resolve_model("voice.rules.v1") == 1
    df = framing.analyze([seed_path], model="rules", progress=False)
    assert (df.model == "voice.rules.v2").all() and df.voice_proba.isna().all()
    assert (df.voice == df.voice_rules).all()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_voice_proba_in_every_output_format(seed_path, tmp_path, fmt):
    from framing.analysis import read_analysis, write_sentences

    df = framing.analyze([seed_path], progress=False)
    back = read_analysis(write_sentences(df, tmp_path / f"analysis.{fmt}", fmt=fmt))
    assert [p == q for p, q in zip(back.voice_proba, df.voice_proba)] == [True] * len(df)
    rules = framing.analyze([seed_path], model="rules", progress=False)
    back = read_analysis(write_sentences(rules, tmp_path / f"rules.{fmt}", fmt=fmt))
    assert all(p is None or p != p for p in back.voice_proba)  # no learned decider: no probabilities


def test_where_the_decider_overrules_the_rules_the_output_says_so():
    from framing.analysis.analyze import overridden
    from framing.voice.rules import VoiceResult

    r = VoiceResult("report", via=["ایرنا"], why=["outlet voice, no evaluative signal"], context_speaker="ظریف")
    a = overridden(r, "attributed", {"attributed": 0.8, "report": 0.15, "editorial": 0.05}, DEFAULT_MODEL, "متن")
    assert (a.voice, a.source, a.attribution_kind, a.via) == ("attributed", "ظریف", "continuation", ["ایرنا"])
    assert any("p=0.80" in w and "rules: report" in w for w in a.why)
    b = overridden(VoiceResult("attributed", "ظریف", "named", "ظریف", "گفت", "neutral"), "editorial",
                   {"attributed": 0.2, "report": 0.1, "editorial": 0.7}, DEFAULT_MODEL, "متن")
    assert (b.voice, b.source, b.cue) == ("editorial", None, None)


@pytest.fixture(scope="module")
def seed(seed_path):
    df = framing.analyze([seed_path], progress=False)
    return {r.sent_id: r for r in df.itertuples()}


def test_the_seed_with_the_learned_decider(seed):
    """What the seed article must show whoever decides: the wire statements attributed to Damascus
    and CENTCOM with the Tabnak ← IRNA chain, the outlet's own paragraphs editorial, their loaded
    words in the outlet's voice, the meeting a plain report."""
    assert (seed[2].voice, seed[2].source, seed[2].cue) == ("attributed", "دفتر ریاست دولت موقت سوریه", "اعلام کرد")
    assert (seed[3].voice, list(seed[3].via)) == ("attributed", ["تابناک", "ایرنا"])
    assert (seed[4].voice, seed[4].source) == ("attributed", "سنتکام")
    assert seed[5].voice == seed[7].voice == "attributed"
    assert seed[1].voice == seed[11].voice == "report"
    assert seed[8].voice == seed[9].voice == seed[10].voice == "editorial"
    outlet_words = {h["text"] for s in (8, 10) for h in seed[s].loaded if h["voice"] == "outlet"}
    assert {"بازوی آمریکا", "غیرقانونی", "سرقت نفت", "کشتار مردم"} <= outlet_words


@pytest.mark.xfail(strict=True, reason="known error of voice.evidence.v1: it calls the seed's civil-war background "
                   "editorial (p≈0.5, the rules say report); strict, so a model that gets it right fails this xfail")
def test_the_seeds_civil_war_background_is_a_report(seed):
    assert seed[6].voice == "report"
