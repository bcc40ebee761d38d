"""Sentence-level analysis: voice, source, cue, via, loaded phrases — one row per sentence.

``framing.analyze(articles)`` takes what ``framing ingest`` produces (or any path it reads) and
returns the sentences DataFrame whose JSONL form is the stable contract::

    article_id, sent_id, part, text, voice, source, source_type, cue, cue_class, via,
    speaker, why, loaded, loaded_score, outlet, ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from framing.config import ARTICLES_FILE, SENTENCES_FILE
from framing.ingest.offsets import OffsetMap
from framing.ingest.run import ingest_tables
from framing.lexicon.loaded import load_lexicon
from framing.lexicon.naming import sentence_names
from framing.voice.affiliation import source_affiliations
from framing.voice.attribution import classify_source
from framing.voice.models import apply_model, resolve_model
from framing.voice.regions import phrase_voices, token_split, voice_regions
from framing.voice.rules import VoiceResult

CONTRACT_COLUMNS = [
    "article_id", "sent_id", "part", "text", "voice", "source", "source_type", "cue", "cue_class", "via",
]
EXTRA_COLUMNS = [
    "speaker", "source_phrase", "affiliation", "why", "attribution_kind", "content_start", "content_end", "editorial_score", "loaded", "loaded_score",
    "names", "tokens_outlet", "tokens_source",
    "outlet", "outlet_id", "date", "paragraph", "start", "end", "orig_start", "orig_end", "boilerplate", "model",
    "voice_rules", "voice_proba", "genre",
]


def load_tables(paths) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and sentences from a processed folder (``articles.parquet``) or raw inputs."""
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    processed = [p for p in paths if p.is_dir() and (p / ARTICLES_FILE).is_file() and (p / SENTENCES_FILE).is_file()]
    if processed and len(processed) == len(paths):
        a = pd.concat([pd.read_parquet(p / ARTICLES_FILE) for p in processed], ignore_index=True)
        s = pd.concat([pd.read_parquet(p / SENTENCES_FILE) for p in processed], ignore_index=True)
        return a, s
    a, s, _ = ingest_tables(paths, progress=False)
    return a, s


def _as_tables(articles, sentences) -> tuple[pd.DataFrame, pd.DataFrame]:
    if isinstance(articles, pd.DataFrame):
        if sentences is None:
            raise ValueError("analyze(articles_df) also needs the sentences DataFrame from ingest (sentences=...)")
        return articles, sentences
    if isinstance(articles, (str, Path)) or (isinstance(articles, Iterable) and not isinstance(articles, pd.DataFrame)):
        return load_tables(list(articles) if not isinstance(articles, (str, Path)) else [articles])
    raise TypeError(f"analyze() takes a DataFrame pair or paths, not {type(articles).__name__}")


def analyze(articles, sentences: pd.DataFrame | None = None, *, model=None, lexicon=None, progress: bool | None = None) -> pd.DataFrame:
    """Label every sentence. ``articles``: the articles DataFrame (with ``sentences``) or paths.

    ``model``: None for the decider shipped with the package (``voice.evidence.v1``, trained on
    the shared gold; the rules when the package has none), ``"rules"`` (``voice.rules.v2``) or
    ``"voice.rules.v1"`` for the rules alone, a trained model's folder, or a fitted estimator from
    :mod:`framing.voice.models`. Sources, cues and credit chains always come from the evidence;
    a learned decider sets ``voice`` and ``voice_proba`` (its calibrated probabilities).
    """
    from tqdm.auto import tqdm

    from framing.voice.deciders import EvidenceVoiceClassifier, read_article

    arts, sents = _as_tables(articles, sentences)
    lexicon = lexicon or load_lexicon()
    model = resolve_model(model)
    rules_version = model if isinstance(model, int) else 2
    decider = model if isinstance(model, EvidenceVoiceClassifier) else None
    by_article: dict[str, list[dict]] = {}
    for rec in sents.sort_values(["article_id", "sent_id"], kind="stable").to_dict("records"):
        by_article.setdefault(rec["article_id"], []).append(rec)
    read = []  # (article, sentences, rule decisions)
    features = []
    for art in tqdm(arts.itertuples(index=False), total=len(arts), desc="analyze", unit=" articles",
                    disable=(None if progress is None else not progress)):
        srecs = by_article.get(art.article_id)
        if srecs is None:
            continue
        evidence, results, F = read_article(srecs, chain=art.chain, genre=getattr(art, "genre", None),
                                            genre_evidence=getattr(art, "genre_evidence", None), lexicon=lexicon,
                                            rules_version=rules_version, features=decider is not None)
        if F is not None:
            features.append(F)
        read.append((art, srecs, results, evidence))
    proba = labels = None
    if decider is not None and read:
        texts = [s["text"] for _, srecs, _, _ in read for s in srecs]
        features = np.vstack(features)
        proba = decider.proba_from_features(features, texts)
        labels = decider.decide(proba, [r.voice for _, _, results, _ in read for r in results], features)
    name = getattr(decider, "model_name_", None) or f"voice.rules.v{rules_version}"
    rows: list[dict] = []
    k = 0
    for art, srecs, results, evidence in read:
        maps = _offset_maps(art)
        for s, r, ev in zip(srecs, results, evidence):
            rules_voice = r.voice
            p = None
            if decider is not None:
                p = {str(v): round(float(x), 4) for v, x in zip(decider.classes_, proba[k])}
                r = overridden(r, str(labels[k]), p, name, s["text"])
            k += 1
            regions = voice_regions(r, part=s["part"], text=s["text"])
            # the evidence found the loaded phrases of every sentence but boilerplate
            hits = ev.loaded if ev.boilerplate is None else lexicon.find(s["text"])
            loaded = phrase_voices(s["text"], hits, r, part=s["part"], regions=regions)
            omap = maps.get(s["part"])
            if omap is not None and loaded:
                os_, oe = omap.spans([s["start"] + h["start"] for h in loaded], [s["start"] + h["end"] for h in loaded])
                for h, a, b in zip(loaded, os_, oe):
                    h["orig_start"], h["orig_end"] = int(a), int(b)
            n_source, n_outlet = token_split(s["text"], regions)
            rows.append(
                {
                    "article_id": s["article_id"], "sent_id": int(s["sent_id"]), "part": s["part"], "text": s["text"],
                    "voice": r.voice, "source": r.source, "source_type": r.source_type, "cue": r.cue,
                    "cue_class": r.cue_class, "via": r.via, "speaker": r.speaker,
                    "source_phrase": r.source_np if r.voice == "attributed" else None, "affiliation": None, "why": "; ".join(r.why),
                    "attribution_kind": r.attribution_kind, "content_start": r.content_start, "content_end": r.content_end,
                    "editorial_score": r.editorial_score, "loaded": loaded,
                    "loaded_score": round(sum(h["weight"] for h in loaded), 3),
                    "names": sentence_names(s["text"], regions),
                    "tokens_outlet": n_outlet, "tokens_source": n_source,
                    "outlet": art.outlet, "outlet_id": art.outlet_id, "date": art.date,
                    "paragraph": int(s["paragraph"]), "start": int(s["start"]), "end": int(s["end"]),
                    "orig_start": int(s["orig_start"]), "orig_end": int(s["orig_end"]),
                    "boilerplate": s["boilerplate"], "model": name, "voice_rules": rules_voice, "voice_proba": p,
                    "genre": getattr(art, "genre", None),
                }
            )
    out = pd.DataFrame(rows, columns=CONTRACT_COLUMNS + EXTRA_COLUMNS)
    out["affiliation"] = source_affiliations(out)
    if not isinstance(model, int) and decider is None:  # an estimator of framing.voice.models (voice.linear.v1 …)
        out = apply_model(model, out)
    return out


def overridden(r: VoiceResult, label: str, proba: dict, name: str, text: str) -> VoiceResult:
    """The rules' result of a sentence with a learned decider's voice. A sentence the decider calls
    attributed where the rules did not continues the statement the reading had open (its speaker);
    one it takes out of attribution keeps no source or cue."""
    if label == r.voice:
        return r
    why = r.why + [f"{name}: {label} (p={proba[label]:.2f}; rules: {r.voice})"]
    if label == "attributed":
        src = r.context_speaker
        return VoiceResult("attributed", src, classify_source(src) if src else None, src, None, None, r.via,
                           why + ([f"continues the statement of {src}"] if src else []), 0, len(text), "continuation",
                           editorial_score=r.editorial_score, context_speaker=src)
    if r.voice == "attributed":
        return VoiceResult(label, via=r.via, why=why, editorial_score=r.editorial_score, context_speaker=r.context_speaker)
    return replace(r, voice=label, why=why)


def _offset_maps(art) -> dict:
    maps = {}
    for part, col in (("body", "text_offsets"), ("title", "title_offsets")):
        flat = getattr(art, col, None)
        if flat is not None and len(flat) >= 2:
            maps[part] = OffsetMap.from_list(flat)
    return maps


