"""Sentence-level analysis: voice, source, cue, via, loaded phrases — one row per sentence.

``framing.analyze(articles)`` takes what ``framing ingest`` produces (or any path it reads) and
returns the sentences DataFrame whose JSONL form is the stable contract::

    article_id, sent_id, part, text, voice, source, source_type, cue, cue_class, via,
    speaker, why, loaded, loaded_score, outlet, ...
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from framing.config import ARTICLES_FILE, SENTENCES_FILE

CONTRACT_COLUMNS = [
    "article_id", "sent_id", "part", "text", "voice", "source", "source_type", "cue", "cue_class", "via",
]
EXTRA_COLUMNS = [
    "speaker", "why", "attribution_kind", "content_start", "content_end", "editorial_score", "loaded", "loaded_score",
    "outlet", "outlet_id", "date", "paragraph", "start", "end", "orig_start", "orig_end", "boilerplate", "model",
]
RULES_MODEL = "voice.rules.v1"


def load_tables(paths) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and sentences from a processed folder (``articles.parquet``) or raw inputs."""
    paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
    processed = [p for p in paths if p.is_dir() and (p / ARTICLES_FILE).is_file() and (p / SENTENCES_FILE).is_file()]
    if processed and len(processed) == len(paths):
        a = pd.concat([pd.read_parquet(p / ARTICLES_FILE) for p in processed], ignore_index=True)
        s = pd.concat([pd.read_parquet(p / SENTENCES_FILE) for p in processed], ignore_index=True)
        return a, s
    from framing.ingest import ingest_tables

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

    ``model``: None for the rule model (``voice.rules.v1``), or a fitted estimator from
    :mod:`framing.models` (its ``predict`` gives the voice; sources and cues still come from
    the rules, which the estimator cannot produce).
    """
    from tqdm.auto import tqdm

    from framing.loaded import load_lexicon
    from framing.voice import default_rules

    arts, sents = _as_tables(articles, sentences)
    lexicon = lexicon or load_lexicon()
    rules = default_rules()
    by_article = {aid: g for aid, g in sents.groupby("article_id", sort=False)}
    rows: list[dict] = []
    for art in tqdm(arts.itertuples(index=False), total=len(arts), desc="analyze", unit=" articles",
                    disable=(None if progress is None else not progress)):
        g = by_article.get(art.article_id)
        if g is None:
            continue
        srecs = g.sort_values("sent_id").to_dict("records")
        for rec in srecs:  # pandas gives NaN for a missing flag
            if not isinstance(rec.get("boilerplate"), str):
                rec["boilerplate"] = None
        chain = list(art.chain) if art.chain is not None else []
        results = rules.label_article(srecs, chain=chain, lexicon=lexicon)
        for s, r in zip(srecs, results):
            loaded = phrase_voices(s["text"], lexicon.find(s["text"]), r)
            rows.append(
                {
                    "article_id": s["article_id"], "sent_id": int(s["sent_id"]), "part": s["part"], "text": s["text"],
                    "voice": r.voice, "source": r.source, "source_type": r.source_type, "cue": r.cue,
                    "cue_class": r.cue_class, "via": r.via, "speaker": r.speaker, "why": "; ".join(r.why),
                    "attribution_kind": r.attribution_kind, "content_start": r.content_start, "content_end": r.content_end,
                    "editorial_score": r.editorial_score, "loaded": loaded,
                    "loaded_score": round(sum(h["weight"] for h in loaded), 3),
                    "outlet": art.outlet, "outlet_id": art.outlet_id, "date": art.date,
                    "paragraph": int(s["paragraph"]), "start": int(s["start"]), "end": int(s["end"]),
                    "orig_start": int(s["orig_start"]), "orig_end": int(s["orig_end"]),
                    "boilerplate": s["boilerplate"], "model": RULES_MODEL,
                }
            )
    out = pd.DataFrame(rows, columns=CONTRACT_COLUMNS + EXTRA_COLUMNS)
    if model is not None:
        from framing.models import apply_model

        out = apply_model(model, out)
    return out


def phrase_voices(text: str, hits, result) -> list[dict]:
    """Loaded phrases with whose voice they are in: ``source`` inside the attributed content,
    ``outlet`` otherwise (headlines, the outlet's text, epithets it puts on a speaker)."""
    out = []
    for h in hits:
        inside = (
            result.voice == "attributed"
            and result.content_start >= 0
            and result.content_start <= h.start
            and h.end <= max(result.content_end, result.content_start)
        )
        out.append({"text": h.text, "category": h.category, "voice": "source" if inside else "outlet",
                    "start": h.start, "end": h.end, "weight": h.weight})
    return out


def write_sentences(df: pd.DataFrame, path, *, fmt: str | None = None) -> Path:
    """Write the analysis as JSONL (the stable contract), CSV or Parquet."""
    path = Path(path)
    fmt = fmt or {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}.get(path.suffix, "jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for rec in df.to_dict("records"):
                fh.write(json.dumps(_jsonable(rec), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        flat = df.copy()
        for col in ("via", "loaded"):
            flat[col] = flat[col].map(lambda v: json.dumps(_jsonable(v), ensure_ascii=False))
        flat.to_csv(path, index=False)
    elif fmt == "parquet":
        flat = df.copy()
        flat["loaded"] = flat["loaded"].map(lambda v: json.dumps(_jsonable(v), ensure_ascii=False))
        flat.to_parquet(path, index=False)
    else:
        raise ValueError(f"unknown format {fmt!r}: use jsonl, csv or parquet")
    return path


def _jsonable(v):
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if hasattr(v, "tolist"):
        return _jsonable(v.tolist())
    if isinstance(v, float) and v != v:
        return None
    return v
