"""Classifiers researchers can train, evaluate and extend (scikit-learn).

* A **registry** of versioned names («voice.rules.v1», «voice.linear.v1», «loaded.linear.v1»):
  ``@register(name)`` on a factory, :func:`build` from a name and parameters (or from
  ``params.yaml`` ``model: {name, params}``). A fitted model records ``model_name_``.
* **Estimators** follow scikit-learn's rules: no logic in ``__init__``, learned attributes end in
  ``_``, ``fit`` returns ``self``; ``clone`` and ``get_params`` work. They take raw sentences (a
  list of strings) or the sentences DataFrame (``text``, ``part``, ``sent_id``, ``article_id``).
* **Persistence** with skops (``skops.io``) and an explicit list of trusted types: a file with
  anything else, or a plain pickle, is refused with a clear error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from framing.voice.sentences import as_frame

VOICES = ["attributed", "report", "editorial"]
_REGISTRY: dict[str, Callable[..., BaseEstimator]] = {}
_NAME_RE = re.compile(r"^[a-z_]+\.[a-z0-9_]+\.v\d+$")


# -- registry ---------------------------------------------------------------------------------------------
def register(name: str):
    """Register a model factory under a versioned name: ``task.kind.vN``."""
    if not _NAME_RE.match(name):
        raise ValueError(f"model names look like 'voice.linear.v1' (task.kind.vN), not {name!r}")

    def deco(factory):
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise ValueError(f"model name {name!r} is already registered")
        _REGISTRY[name] = factory
        return factory

    return deco


def registered() -> list[str]:
    return sorted(_REGISTRY)


def build(name: str, **params) -> BaseEstimator:
    """A fresh, unfitted estimator for a registered name."""
    if name not in _REGISTRY:
        raise KeyError(f"unknown model {name!r}; registered: {', '.join(registered())}")
    est = _REGISTRY[name]()
    if params:
        est.set_params(**params)
    return est


def build_from_params(params: dict | None = None) -> tuple[str, BaseEstimator]:
    """``model: {name, params}`` from ``params.yaml`` (or the given dict)."""
    if params is None:
        from framing.params import load_params

        params = load_params()
    m = params.get("model", params)
    return m["name"], build(m["name"], **(m.get("params") or {}))


# -- inputs ------------------------------------------------------------------------------------------------
# -- the toolkit's own features ------------------------------------------------------------------------------
# Features of a sentence depend on its text, part and position only: cached across the folds of
# cross-validation and calibration (the same sentences are transformed many times).
_FEATURE_CACHE: dict = {}


class ToolkitFeatures(TransformerMixin, BaseEstimator):
    """Cue hits by kind and class, quote marks, colon after a short name, credits, lexicon
    categories (count and weight), evaluative signals, position and part — as a dense matrix."""

    def fit(self, X, y=None):
        from framing.lexicon.loaded import CATEGORIES
        from framing.voice.cues import CLASSES, FRAME_KINDS, KINDS

        self.cue_kinds_ = sorted(KINDS | FRAME_KINDS)
        self.cue_classes_ = sorted(CLASSES)
        self.categories_ = list(CATEGORIES)
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "categories_")
        return np.array(
            [f"cue_kind={k}" for k in self.cue_kinds_]
            + [f"cue_class={c}" for c in self.cue_classes_]
            + ["cue_introduces", "quote_marks", "starts_with_quote", "ends_with_quote", "colon_name", "credit",
               "question", "exclamation", "evaluative_score", "first_person", "title", "position", "length",
               "attribution_found", "outlet_loaded_weight"]
            + [f"loaded={c}" for c in self.categories_]
            + [f"loaded_weight={c}" for c in self.categories_]
        )

    def transform(self, X):
        check_is_fitted(self, "categories_")
        df = as_frame(X)
        keys = list(zip(df["text"].astype(str), df["part"], df["position"].astype(float)))
        missing = [i for i, k in enumerate(keys) if k not in _FEATURE_CACHE]
        if missing:
            rows = self._compute(df.iloc[missing])
            for i, row in zip(missing, rows):
                if len(_FEATURE_CACHE) > 200_000:
                    _FEATURE_CACHE.clear()
                _FEATURE_CACHE[keys[i]] = row
        return np.vstack([_FEATURE_CACHE[k] for k in keys]) if keys else np.zeros((0, len(self.get_feature_names_out())))

    def _compute(self, df):
        from framing.ingest.credits import find_credits
        from framing.lexicon.loaded import load_lexicon
        from framing.voice.attribution import _AFTER_CUE, cue_hits
        from framing.voice.signals import FIRST_PERSON, evaluative_matcher

        lex = load_lexicon()
        kinds = {k: i for i, k in enumerate(self.cue_kinds_)}
        classes = {c: i for i, c in enumerate(self.cue_classes_)}
        cats = {c: i for i, c in enumerate(self.categories_)}
        nk, nc, ncat = len(kinds), len(classes), len(cats)
        base = nk + nc
        from framing.voice.attribution import find_attribution
        from framing.voice.signals import outlet_spans

        extra = 15
        out = np.zeros((len(df), base + extra + 2 * ncat), dtype=float)
        for i, (text, part, pos) in enumerate(zip(df["text"], df["part"], df["position"])):
            text = str(text)
            row = out[i]
            for h in cue_hits(text):
                c = h.payload
                if c.kind in kinds:
                    row[kinds[c.kind]] += 1
                if c.is_verb:
                    row[nk + classes[c.cls]] += 1
                    if _AFTER_CUE.match(text, h.end):
                        row[base] = 1
            stripped = text.strip()
            row[base + 1] = text.count("«") + text.count('"')
            row[base + 2] = float(stripped.startswith("«"))
            row[base + 3] = float(stripped.rstrip(".").endswith("»"))
            row[base + 4] = float(bool(re.match(r"^[^:：]{2,40}[:：]", stripped)) and len(stripped.split(":")[0].split()) <= 6)
            row[base + 5] = float(bool(find_credits(text)))
            row[base + 6] = float(stripped.rstrip(" »").endswith(("؟", "?")))
            row[base + 7] = float(stripped.rstrip(" »").endswith("!"))
            row[base + 8] = sum(h.payload[1] for h in evaluative_matcher().find(text))
            row[base + 9] = float(bool(FIRST_PERSON.search(text)))
            row[base + 10] = float(part == "title")
            row[base + 11] = float(pos)
            row[base + 12] = np.log1p(len(text.split()))
            att = find_attribution(text)
            row[base + 13] = float(att is not None)
            outside = outlet_spans(text)
            if att is not None and att.content_start >= 0:
                outside = [(a, min(b, att.source_end if att.source_end > 0 else att.content_start)) for a, b in outside]
            for h in lex.find(text):
                row[base + extra + cats[h.category]] += 1
                row[base + extra + ncat + cats[h.category]] += h.weight
                if any(a <= h.start and h.end <= b for a, b in outside):
                    row[base + 14] += h.weight
        return out


class RuleVoiceFeatures(TransformerMixin, BaseEstimator):
    """One-hot of the rule model's voice for each sentence (articles labelled in context)."""

    def fit(self, X, y=None):
        self.rules_ = RuleVoiceClassifier().fit(X)
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        check_is_fitted(self, "rules_")
        pred = self.rules_.predict(X)
        return (pred[:, None] == np.array(VOICES)[None, :]).astype(float)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"rules={v}" for v in VOICES])


class TextColumn(TransformerMixin, BaseEstimator):
    """Pick the ``text`` column (for the TF-IDF branches)."""

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        return as_frame(X)["text"].astype(str).values

    def get_feature_names_out(self, input_features=None):
        return np.array(["text"])


# -- estimators ----------------------------------------------------------------------------------------------
class RuleVoiceClassifier(ClassifierMixin, BaseEstimator):
    """The transparent rule model of :mod:`framing.voice.rules` as an estimator (the baseline).

    ``fit`` learns nothing but the classes; ``predict`` labels whole articles when the input has
    ``article_id`` (context matters: continuations, titles), single sentences otherwise; the
    article's ``chain`` and ``genre`` are used when the input has them. ``predict_proba`` is
    one-hot (rules are not probabilistic). ``version``: 1 (``voice.rules.v1``) or 2.
    """

    def __init__(self, editorial_threshold: float = 2.5, version: int = 2):
        self.editorial_threshold = editorial_threshold
        self.version = version

    def fit(self, X, y=None):
        self.classes_ = np.array(VOICES)
        self.n_features_in_ = 1
        self.model_name_ = f"voice.rules.v{self.version}"
        return self

    def predict(self, X):
        check_is_fitted(self, "classes_")
        from framing.voice.deciders import read_articles

        df = as_frame(X)
        _, decisions, order = read_articles(df, rules_version=self.version)
        pred = np.empty(len(df), dtype=object)
        pred[order] = [r.voice for r in decisions]
        return pred.astype(str)

    def predict_proba(self, X):
        pred = self.predict(X)
        return (pred[:, None] == self.classes_[None, :]).astype(float)


class LinearTextClassifier(ClassifierMixin, BaseEstimator):
    """TF-IDF word (1–2) and character (2–5, within words) n-grams plus :class:`ToolkitFeatures`,
    into a linear model; probabilities calibrated by cross-validation (``calibration``)."""

    def __init__(self, name: str = "voice.linear.v1", C: float = 4.0, class_weight: str | None = "balanced",
                 word_ngrams: tuple = (1, 2), char_ngrams: tuple = (2, 5), min_df: int = 2,
                 calibration: str | None = "sigmoid", cv: int = 2, toolkit_features: bool = True,
                 decision: str = "argmax", rule_features: bool = False, max_iter: int = 500,
                 tol: float = 1e-2, random_state: int = 0):
        self.name = name
        self.decision = decision
        self.rule_features = rule_features
        self.tol = tol
        self.C = C
        self.class_weight = class_weight
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.calibration = calibration
        self.cv = cv
        self.toolkit_features = toolkit_features
        self.max_iter = max_iter
        self.random_state = random_state

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.preprocessing import StandardScaler

        branches = [
            ("words", Pipeline([("text", TextColumn()), ("tfidf", TfidfVectorizer(
                ngram_range=tuple(self.word_ngrams), min_df=self.min_df, sublinear_tf=True,
                token_pattern=r"(?u)[^\s\u200c.,،؛:!؟?«»()\"'\-–—/]+"))])),
            ("chars", Pipeline([("text", TextColumn()), ("tfidf", TfidfVectorizer(
                analyzer="char_wb", ngram_range=tuple(self.char_ngrams), min_df=self.min_df, sublinear_tf=True))])),
        ]
        if self.toolkit_features:
            branches.append(("toolkit", Pipeline([("features", ToolkitFeatures()), ("scale", StandardScaler())])))
        if self.rule_features:
            branches.append(("rules", RuleVoiceFeatures()))
        return Pipeline([("features", FeatureUnion(branches)), ("clf", self._classifier())])

    def _classifier(self):
        """The linear model on top of the features. Subclasses override this one method to try
        another learner with the same features (see notebooks/05-extend-a-classifier.py)."""
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, tol=self.tol,
                                  random_state=self.random_state)

    def fit(self, X, y):
        from sklearn.calibration import CalibratedClassifierCV

        df = as_frame(X)
        y = np.asarray(y).astype(str)
        if len(df) != len(y):
            raise ValueError(f"X has {len(df)} sentences but y has {len(y)} labels")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("need at least two classes to train")
        counts = np.bincount(np.searchsorted(self.classes_, y))
        folds = int(min(self.cv, counts.min())) if self.calibration else 0
        pipe = self._pipeline()
        if self.calibration and folds >= 2:
            # one model on all the data, calibrated on out-of-fold scores (ensemble=False)
            self.model_ = CalibratedClassifierCV(pipe, method=self.calibration, cv=folds, ensemble=False).fit(df, y)
        else:
            self.model_ = pipe.fit(df, y)
        self.class_prior_ = counts / counts.sum()
        self.n_features_in_ = 1
        self.model_name_ = self.name
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "model_")
        return self.model_.predict_proba(as_frame(X))

    def predict(self, X):
        """The most probable class; with ``decision='balanced'`` probabilities are divided by the
        class priors first, so that a rare class (editorial) is not drowned by calibration."""
        proba = self.predict_proba(X)
        if self.decision == "balanced":
            proba = proba / self.class_prior_[None, :]
        return self.model_.classes_[proba.argmax(axis=1)]


@register("voice.rules.v1")
def _voice_rules_v1():
    """The rule model as first released (no genre, open quotations, own columns or commentaries)."""
    return RuleVoiceClassifier(version=1)


@register("voice.rules.v2")
def _voice_rules():
    """The transparent rule model of framing.voice.rules (the baseline; nothing to learn)."""
    return RuleVoiceClassifier(version=2)


@register("voice.evidence.v1")
def _voice_evidence():
    """Voice from the evidence of whole articles (features, neighbours, genre, the rules' decision)
    and text n-grams: boosted trees and logistic regression, calibrated (framing.voice.deciders)."""
    from framing.voice.deciders import EvidenceVoiceClassifier

    return EvidenceVoiceClassifier()


@register("voice.linear.v1")
def _voice_linear():
    """Voice from TF-IDF word/char n-grams + toolkit features, logistic regression, calibrated."""
    return LinearTextClassifier()


@register("voice.hybrid.v1")
def _voice_hybrid():
    """voice.linear.v1 plus the rule model's decision as a feature: learns where the rules err."""
    return LinearTextClassifier(name="voice.hybrid.v1", rule_features=True)


@register("loaded.linear.v1")
def _loaded_linear():
    """Does the sentence contain loaded language in the outlet's own voice? (yes / no)"""
    return LinearTextClassifier(name="loaded.linear.v1", C=2.0, decision="balanced")


TASKS = {"voice": "voice", "loaded": "outlet_loaded"}


def task_of(name: str) -> str:
    return name.split(".", 1)[0]


# -- persistence ----------------------------------------------------------------------------------------------
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "framing.voice.models.", "framing.voice.deciders.", "builtins.")
# the decider `framing analyze` uses unless told otherwise: trained on the shared gold, shipped with the package
DEFAULT_MODEL = "voice.evidence.v1"
RULE_MODELS = {"rules": 2, "voice.rules.v2": 2, "voice.rules.v1": 1}


def save_model(model, path) -> Path:
    import zipfile

    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)  # its schema is JSON: a tenth compressed
    return path


def load_model(path):
    """Load a model saved by :func:`save_model` (a ``.skops`` file or a folder holding
    ``model.skops``). Types outside scikit-learn, NumPy, SciPy and framing are refused, and so
    are plain pickles: loading one could run arbitrary code."""
    import zipfile

    import skops.io as sio

    path = Path(path)
    if path.is_dir():
        path = path / "model.skops"
    if not path.is_file():
        raise FileNotFoundError(f"no model at {path} (train one with `framing train`)")
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path} is not a skops file; pickles and other formats are refused (they can run code when loaded)")
    untrusted = sio.get_untrusted_types(file=path)
    bad = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if bad:
        raise ValueError(f"{path} contains types outside the trusted list, refused: {', '.join(sorted(bad))}")
    return sio.load(path, trusted=untrusted)


def apply_model(model, analysis: pd.DataFrame) -> pd.DataFrame:
    """Replace the rule voices of an analysis with a trained voice model's predictions (and its
    class probabilities); sources, cues and loaded phrases stay the rules' (the model does not
    produce them). A loaded model adds ``outlet_loaded`` and its probability instead."""
    name = getattr(model, "model_name_", "model")
    out = analysis.copy()
    proba = model.predict_proba(out)
    classes = list(model.classes_)
    pred = np.asarray(model.predict(out)).astype(str)
    if task_of(name) == "loaded":
        out["outlet_loaded"] = pred
        out["outlet_loaded_proba"] = proba[:, classes.index("yes")] if "yes" in classes else proba.max(axis=1)
        return out
    out["voice_rules"] = out["voice"]
    out["voice"] = pred
    for c, col in zip(classes, proba.T):
        out[f"p_{c}"] = col
    out["model"] = name
    changed = out["voice"] != out["voice_rules"]
    out.loc[changed & (out["voice"] != "attributed"), ["source", "source_type", "cue", "cue_class", "speaker"]] = None
    out.loc[changed, "why"] = out.loc[changed, "why"].map(lambda w: f"{name} overrides the rules ({w})")
    if "affiliation" in out.columns:
        from framing.voice.affiliation import source_affiliations

        out.loc[changed & (out["voice"] != "attributed"), "source_phrase"] = None
        out["affiliation"] = source_affiliations(out)
    return out


def default_model_dir() -> Path:
    from framing.config import RESOURCES_DIR

    return RESOURCES_DIR / "models" / DEFAULT_MODEL


_DEFAULT = {}


def default_model():
    """The shipped ``voice.evidence.v1`` (loaded once per process), or None when the package was
    built without it (then the rules decide, and analysis says so in ``model``)."""
    if "model" not in _DEFAULT:
        path = default_model_dir() / "model.skops"
        _DEFAULT["model"] = load_model(path) if path.is_file() else None
    return _DEFAULT["model"]


def resolve_model(spec):
    """What ``framing analyze --model`` names: None (the shipped default), ``rules`` or a rule
    model's registered name (-> an int, the rules' version), a model folder or ``.skops`` file, or a
    fitted estimator."""
    if spec is None:
        return default_model() or RULE_MODELS["rules"]
    if isinstance(spec, (str, Path)):
        key = str(spec)
        if key in RULE_MODELS:
            return RULE_MODELS[key]
        if key == DEFAULT_MODEL:
            model = default_model()
            if model is None:
                raise FileNotFoundError(f"the package has no trained {DEFAULT_MODEL} ({default_model_dir()}); "
                                        "train it with `make model`")
            return model
        return load_model(spec)
    return spec
