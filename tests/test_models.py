"""Classifiers: every registered estimator honours scikit-learn's contract; persistence is safe."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import framing
from framing.voice.models import build, load_model, register, registered, save_model


@pytest.fixture(scope="module")
def training(raw_dir):
    """The embedded data's sentences, labelled by the rules (pseudo-labels: all three voices)."""
    df = framing.analyze([raw_dir], progress=False)
    df = df[df.boilerplate.isna()].reset_index(drop=True)
    assert set(df.voice) == {"attributed", "report", "editorial"}
    return df


def labels_for(name, df):
    if name.startswith("loaded."):
        return np.where(df.loaded.map(lambda hs: any(h["voice"] == "outlet" for h in hs)), "yes", "no")
    return df.voice.to_numpy()


@pytest.mark.parametrize("name", registered())
def test_registered_estimator_contract(name, training, tmp_path):
    est = build(name)
    params = est.get_params()
    assert clone(est).get_params().keys() == params.keys()  # clone and get_params work
    with pytest.raises(NotFittedError):
        est.predict(training)
    y = labels_for(name, training)
    assert est.fit(training, y) is est  # fit returns self
    assert est.model_name_ == name  # a fitted model records which model made it
    pred = est.predict(training)
    proba = est.predict_proba(training)
    assert pred.shape == (len(training),) and set(pred) <= set(est.classes_)
    assert proba.shape == (len(training), len(est.classes_)) and np.allclose(proba.sum(axis=1), 1)
    # raw sentences work too
    assert est.predict(list(training.text[:3])).shape == (3,)
    # persistence round trip through skops
    path = save_model(est, tmp_path / "model.skops")
    again = load_model(path)
    assert (again.predict(training) == pred).all()
    assert again.get_params() == est.get_params()


def test_no_logic_in_init():
    from framing.voice.models import LinearTextClassifier

    est = LinearTextClassifier(C=0.5, word_ngrams=(1, 3))
    assert est.C == 0.5 and est.word_ngrams == (1, 3) and not hasattr(est, "model_")


def test_registry_names_are_versioned():
    assert {"voice.rules.v1", "voice.linear.v1", "voice.hybrid.v1", "loaded.linear.v1"} <= set(registered())
    with pytest.raises(ValueError, match="task.kind.vN"):
        register("my_model")
    with pytest.raises(KeyError, match="unknown model"):
        build("voice.nope.v1")


def test_build_from_params():
    from framing.voice.models import build_from_params

    name, est = build_from_params({"model": {"name": "voice.linear.v1", "params": {"C": 0.25}}})
    assert name == "voice.linear.v1" and est.C == 0.25


def test_plain_pickles_are_refused(tmp_path, training):
    est = build("voice.rules.v1").fit(training)
    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps(est))
    with pytest.raises(ValueError, match="not a skops file; pickles"):
        load_model(path)


def test_untrusted_types_are_refused(tmp_path):
    import collections

    import skops.io as sio

    path = tmp_path / "model.skops"
    sio.dump({"weights": collections.Counter(a=1)}, path)
    with pytest.raises(ValueError, match="outside the trusted list"):
        load_model(path)


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="framing train"):
        load_model(tmp_path / "nothing")


def test_analyze_with_a_model_keeps_the_rules_alongside(training, raw_dir):
    est = build("voice.linear.v1").fit(training, training.voice.to_numpy())
    df = framing.analyze([raw_dir], model=est, progress=False)
    assert {"voice_rules", "p_attributed", "p_report", "p_editorial"} <= set(df.columns)
    assert (df.model == "voice.linear.v1").all()
