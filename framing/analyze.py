"""Sentence-level analysis: voice, source, cue, via, loaded phrases — one row per sentence.

``framing.analyze(articles)`` takes what ``framing ingest`` produces (or any path it reads) and
returns the sentences DataFrame whose JSONL form is the stable contract::

    article_id, sent_id, part, text, voice, source, source_type, cue, cue_class, via,
    speaker, why, loaded, loaded_score, outlet, ...
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from framing.config import ARTICLES_FILE, SENTENCES_FILE
from framing.naming import sentence_names

CONTRACT_COLUMNS = [
    "article_id", "sent_id", "part", "text", "voice", "source", "source_type", "cue", "cue_class", "via",
]
EXTRA_COLUMNS = [
    "speaker", "source_phrase", "affiliation", "why", "attribution_kind", "content_start", "content_end", "editorial_score", "loaded", "loaded_score",
    "names", "tokens_outlet", "tokens_source",
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
    by_article: dict[str, list[dict]] = {}
    for rec in sents.sort_values(["article_id", "sent_id"], kind="stable").to_dict("records"):
        by_article.setdefault(rec["article_id"], []).append(rec)
    rows: list[dict] = []
    for art in tqdm(arts.itertuples(index=False), total=len(arts), desc="analyze", unit=" articles",
                    disable=(None if progress is None else not progress)):
        srecs = by_article.get(art.article_id)
        if srecs is None:
            continue
        for rec in srecs:  # pandas gives NaN for a missing flag
            if not isinstance(rec.get("boilerplate"), str):
                rec["boilerplate"] = None
        chain = list(art.chain) if art.chain is not None else []
        results = rules.label_article(srecs, chain=chain, lexicon=lexicon)
        maps = _offset_maps(art)
        for s, r in zip(srecs, results):
            regions = voice_regions(r, part=s["part"], text=s["text"])
            loaded = phrase_voices(s["text"], lexicon.find(s["text"]), r, part=s["part"], regions=regions)
            omap = maps.get(s["part"])
            if omap is not None and loaded:
                os_, oe = omap.spans([s["start"] + h["start"] for h in loaded], [s["start"] + h["end"] for h in loaded])
                for h, a, b in zip(loaded, os_, oe):
                    h["orig_start"], h["orig_end"] = int(a), int(b)
            n_source, n_outlet = _token_split(s["text"], regions)
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
                    "boilerplate": s["boilerplate"], "model": RULES_MODEL,
                }
            )
    out = pd.DataFrame(rows, columns=CONTRACT_COLUMNS + EXTRA_COLUMNS)
    from framing.affiliation import source_affiliations

    out["affiliation"] = source_affiliations(out)
    if model is not None:
        from framing.models import apply_model

        out = apply_model(model, out)
    return out


# naming categories a foreign source would not use: inside its words they are the outlet's
# translation choice («رژیم صهیونیستی» in a paraphrase of the Daily Mail, guidelines §2)
TRANSLATION_CHOICES = {"derogatory_naming", "honorific"}


def voice_regions(result, *, part: str = "body", text: str | None = None) -> list[tuple[int, int]]:
    """Spans of a sentence in the source's voice (guidelines §2): the content, and the paraphrase
    between the speaker's name and the verb («وی با بیان اینکه این رژیم … گفت»). Everything else
    is the outlet's: its own text, headlines that restate a claim, epithets it puts on a speaker."""
    regions = []
    if result.voice == "attributed" and (part != "title" or result.attribution_kind in {"verb", "colon", "frame", "document"}):
        if result.content_start >= 0:
            regions.append((result.content_start, max(result.content_end, result.content_start)))
        if result.attribution_kind == "verb" and result.source_end >= 0 and result.content_start > result.source_end:
            end = result.cue_start if result.source_end <= result.cue_start <= result.content_start else result.content_start
            regions.append((result.source_end, end))  # the paraphrase before the cue; the cue is the outlet's
    elif text is not None:
        from framing.voice import quote_spans

        regions.extend(quote_spans(text))  # words the outlet quotes («…») are not its own
        regions.extend(_paraphrase_spans(text))
    return regions


def _paraphrase_spans(text: str) -> list[tuple[int, int]]:
    """«با این استدلال که …»: a paraphrased claim inside an event sentence, up to the comma."""
    from framing.attribution import cue_hits

    out = []
    for h in cue_hits(text):
        if h.payload.kind == "paraphrase":
            comma = re.search(r"[،,]", text[h.end :])
            out.append((h.end, h.end + comma.start() if comma else len(text)))
    return out


def phrase_voices(text: str, hits, result, *, part: str = "body", regions=None) -> list[dict]:
    """Loaded phrases with whose voice they are in: ``source`` inside :func:`voice_regions`,
    ``outlet`` otherwise — including the regime vocabulary the outlet puts in the mouth of a
    foreign source (a translation choice)."""
    regions = voice_regions(result, part=part) if regions is None else regions
    foreign = _is_foreign(result.speaker or result.source)
    out = []
    for h in hits:
        inside = any(a <= h.start and h.end <= b for a, b in regions)
        if inside and foreign and h.category in TRANSLATION_CHOICES:
            inside = False
        out.append({"text": h.text, "category": h.category, "voice": "source" if inside else "outlet",
                    "start": h.start, "end": h.end, "weight": h.weight})
    return out


_TOKEN_CLASS = r"[^\s\u200c.,،؛:!؟?«»()\[\]\"'\-–—/|]"
_TOKEN = re.compile(_TOKEN_CLASS + "+")
_TOKEN_CHAR = re.compile(_TOKEN_CLASS)


def _token_split(text: str, regions) -> tuple[int, int]:
    """(tokens in the source's voice, tokens in the outlet's voice). A token counts for the
    source when it lies wholly inside a region; counted in C over each merged region, less a
    token cut by the region's edge."""
    total = len(_TOKEN.findall(text))
    if not regions:
        return 0, total
    merged: list[list[int]] = []
    for a, b in sorted(regions):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    n, is_tok = len(text), _TOKEN_CHAR.match
    src = 0
    for a, b in merged:
        a, b = max(a, 0), min(b, n)
        if a >= b:
            continue
        k = len(_TOKEN.findall(text, a, b))
        if k and 0 < a and is_tok(text, a - 1) and is_tok(text, a):  # a token runs across the start
            k -= 1
        if k and b < n and is_tok(text, b - 1) and is_tok(text, b):  # … or across the end
            k -= 1
        src += k
    return src, total - src


def _offset_maps(art) -> dict:
    from framing.offsets import OffsetMap

    maps = {}
    for part, col in (("body", "text_offsets"), ("title", "title_offsets")):
        flat = getattr(art, col, None)
        if flat is not None and len(flat) >= 2:
            maps[part] = OffsetMap.from_list(flat)
    return maps


@functools.lru_cache(maxsize=1 << 14)
def _is_foreign(name) -> bool:
    if not name:
        return False
    from framing.outlets import registry

    reg = registry()
    outlet = reg.lookup(name) or reg.lookup(" ".join(str(name).split()[1:]))
    return outlet is not None and outlet.scope == "foreign"


def write_sentences(df: pd.DataFrame, path, *, fmt: str | None = None) -> Path:
    """Write the analysis as JSONL (the stable contract), CSV or Parquet (list-of-dict columns
    ``loaded`` and ``names`` as JSON text in CSV and Parquet; see :class:`framing.engine.AnalysisWriter`)."""
    from framing.engine import AnalysisWriter

    writer = AnalysisWriter(path, fmt)
    writer.write(df)
    return writer.close()


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


def read_analysis(path) -> pd.DataFrame:
    """Read an analysis written by :func:`write_sentences` (JSONL, CSV or Parquet) back with
    its list columns (``via``, ``loaded``, ``names``) as Python lists."""
    path = Path(path)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype={"article_id": str})
    df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype={"article_id": str})
    for col in ("via", "loaded", "names"):
        if col in df and len(df) and isinstance(df[col].iloc[0], str):
            df[col] = df[col].map(json.loads)
    if "via" in df:
        df["via"] = df["via"].map(lambda v: list(v) if v is not None else [])
    if "boilerplate" in df:
        df["boilerplate"] = df["boilerplate"].where(df["boilerplate"].map(lambda v: isinstance(v, str)), None)
    return df
