"""Annotation round trip: sample sentences to label, validate and merge labels, measure agreement.

* :func:`export_sample` — sentences for labelling, stratified by outlet and predicted voice,
  the most uncertain first, in the guidelines' columns (CSV or JSONL). The prediction is given
  in ``pred_*`` columns; ``voice`` is left empty so that annotators label independently.
* :func:`import_labels` — validates a labelled file (unknown label, missing column, a text that
  does not occur in the corpus: errors with line numbers) and merges it into a gold folder
  (``docs.jsonl`` + ``gold.jsonl``, the format of ``../shared/annotation/dev``).
* :func:`agreement` — Cohen's κ on voice and F1 on loaded phrases between two annotators.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

from framing.ingest.normalize import normalize
from framing.learn.evaluate import LABELS, overlaps, squash

COLUMNS = ["doc_id", "sent_id", "outlet", "text", "voice", "source", "cue", "via", "loaded", "notes",
           "pred_voice", "pred_source", "pred_cue", "uncertainty"]
LOADED_CATEGORIES = None  # filled lazily from framing.lexicon.loaded


class AnnotationError(ValueError):
    """A labelled file does not validate (the message lists file:line problems)."""


def uncertainty(analysis: pd.DataFrame, model=None) -> np.ndarray:
    """How unsure the prediction is: 1 - max probability with a model; for the rules, nearness
    of the editorial score to the threshold, and the softer decisions (continuations, headlines
    restating the body, credits to other outlets)."""
    if model is not None:
        return 1.0 - model.predict_proba(analysis).max(axis=1)
    from framing.voice.rules import EDITORIAL_THRESHOLD

    u = np.zeros(len(analysis))
    score = analysis["editorial_score"].fillna(0).to_numpy()
    outlet = analysis["voice"].isin(["report", "editorial"]).to_numpy()
    u = np.where(outlet, np.exp(-np.abs(score - EDITORIAL_THRESHOLD)), u)
    soft = analysis["attribution_kind"].isin(["continuation", "title_restates", "credit", "marker", "title_noun"]).to_numpy()
    return np.maximum(u, np.where(soft, 0.6, 0.1))


def export_sample(analysis: pd.DataFrame, out, *, n: int = 200, seed: int = 0, model=None, fmt: str | None = None) -> Path:
    """Write ``n`` sentences to label, balanced over outlets × predicted voices, uncertain first."""
    a = analysis[analysis["boilerplate"].isna()].copy()
    a["uncertainty"] = uncertainty(a, model).round(3)
    a["outlet"] = a["outlet"].fillna("(unknown)")
    rng = np.random.default_rng(seed)
    a["_tie"] = rng.random(len(a))
    strata = [g.sort_values(["uncertainty", "_tie"], ascending=[False, True]) for _, g in a.groupby(["outlet", "voice"])]
    picked, i = [], 0
    while len(picked) < n and any(i < len(g) for g in strata):  # round-robin over strata
        for g in strata:
            if i < len(g) and len(picked) < n:
                picked.append(g.iloc[i])
        i += 1
    sample = pd.DataFrame(picked)
    rows = pd.DataFrame({
        "doc_id": sample["article_id"], "sent_id": sample["sent_id"], "outlet": sample["outlet"], "text": sample["text"],
        "voice": "", "source": "", "cue": "", "via": "[]", "loaded": "[]", "notes": "",
        "pred_voice": sample["voice"], "pred_source": sample["source"], "pred_cue": sample["cue"],
        "uncertainty": sample["uncertainty"],
    })
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt = fmt or ("jsonl" if out.suffix == ".jsonl" else "csv")
    if fmt == "jsonl":
        with open(out, "w", encoding="utf-8") as fh:
            for rec in rows.to_dict("records"):
                rec["via"], rec["loaded"] = [], []
                fh.write(json.dumps({k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()}, ensure_ascii=False) + "\n")
    else:
        rows.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL)
    return out


def _read_labels(path: Path) -> list[tuple[int, dict]]:
    """(line number, record) of a CSV or JSONL label file."""
    if path.suffix == ".jsonl":
        out = []
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    out.append((lineno, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise AnnotationError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("doc_id", "sent_id", "text", "voice") if c not in (reader.fieldnames or [])]
        if missing:
            raise AnnotationError(f"{path}:1: missing column(s) {', '.join(missing)}")
        rows = []
        for rec in reader:
            rows.append((reader.line_num, rec))
        return rows


def _as_list(value, where: str) -> list:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, list):
        return value
    try:
        v = json.loads(value)
    except (json.JSONDecodeError, TypeError) as exc:
        raise AnnotationError(f"{where}: not a JSON list: {value!r}") from exc
    if not isinstance(v, list):
        raise AnnotationError(f"{where}: not a JSON list: {value!r}")
    return v


def validate_labels(path, articles: pd.DataFrame) -> list[dict]:
    """Check every labelled row; raise :class:`AnnotationError` listing all problems."""
    from framing.lexicon.loaded import CATEGORIES

    path = Path(path)
    problems, good = [], []
    texts = {str(a.record_id or a.article_id): (a.title or "") + "\n" + (a.text or "") for a in articles.itertuples()}
    texts.update({str(a.article_id): (a.title or "") + "\n" + (a.text or "") for a in articles.itertuples()})
    squashed = {k: squash(v)[0] for k, v in texts.items()}
    for lineno, rec in _read_labels(path):
        where = f"{path}:{lineno}"
        for col in ("doc_id", "sent_id", "text", "voice"):
            if col not in rec:
                problems.append(f"{where}: missing column {col!r}")
        if any(p.startswith(where) for p in problems):
            continue
        voice = str(rec["voice"] or "").strip()
        if not voice:
            continue  # not labelled (yet): skipped, not an error
        if voice not in LABELS:
            problems.append(f"{where}: unknown voice {voice!r} (use one of {', '.join(LABELS)})")
            continue
        doc = str(rec["doc_id"])
        if doc not in squashed:
            problems.append(f"{where}: doc_id {doc!r} is not in the corpus")
            continue
        if squash(normalize(str(rec["text"])))[0] not in squashed[doc]:
            problems.append(f"{where}: the text does not occur in document {doc!r} (edited by mistake?)")
            continue
        try:
            loaded = _as_list(rec.get("loaded"), where)
            via = _as_list(rec.get("via"), where)
        except AnnotationError as exc:
            problems.append(str(exc))
            continue
        for ph in loaded:
            if not isinstance(ph, dict) or ph.get("category") not in CATEGORIES or ph.get("voice") not in {"outlet", "source"}:
                problems.append(f"{where}: loaded phrase {ph!r} needs text, a category of the guidelines and voice outlet|source")
        try:
            sent_id = int(rec["sent_id"])
        except (TypeError, ValueError):
            problems.append(f"{where}: sent_id must be an integer, not {rec['sent_id']!r}")
            continue
        good.append({"doc_id": doc, "sent_id": sent_id, "text": str(rec["text"]), "voice": voice,
                     "source": (rec.get("source") or None), "cue": (rec.get("cue") or None), "via": via,
                     "loaded": loaded, "adjudication": "framing-annotate", "notes": rec.get("notes") or ""})
    if problems:
        raise AnnotationError(f"{len(problems)} problem(s) in {path}:\n" + "\n".join(problems[:50]))
    return good


def _under_shared(path) -> str | None:
    from framing.config import SHARED_DIR

    try:
        return Path(path).resolve().relative_to(SHARED_DIR).as_posix()
    except ValueError:
        return None


def import_labels(path, corpus_paths, out_dir, *, pointers: bool | None = None) -> dict:
    """Validate ``path`` against the corpus and merge it into ``out_dir`` (gold format).

    ``pointers`` (default: when the corpus lies under ``../shared``): third-party text is not
    copied — documents are stored as a pointer to their corpus record and units as character
    offsets into it with a hash of their text; :func:`framing.learn.evaluate.read_gold` restores
    the text from ``../shared`` and checks the hash.
    """
    from framing.analysis.analyze import load_tables

    articles, _ = load_tables(corpus_paths)
    units = validate_labels(path, articles)
    if pointers is None:
        pointers = all(_under_shared(p) for p in corpus_paths)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gold_path, docs_path = out_dir / "gold.jsonl", out_dir / "docs.jsonl"
    existing = {}
    if gold_path.is_file():
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                u = json.loads(line)
                existing[(u["doc_id"], u["sent_id"])] = u
    for u in units:
        existing[(u["doc_id"], u["sent_id"])] = u  # a later label replaces an earlier one
    docs = {}
    if docs_path.is_file():
        for line in docs_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                docs[d["doc_id"]] = d
    by_id = {str(a.record_id or a.article_id): a for a in articles.itertuples()}
    by_id.update({str(a.article_id): a for a in articles.itertuples()})
    for doc_id in {u["doc_id"] for u in units}:
        a = by_id[doc_id]
        if pointers:
            corpus = _record_path(corpus_paths, str(a.source_file))
            docs[doc_id] = {"doc_id": doc_id, "outlet": a.outlet if isinstance(a.outlet, str) else "unknown", "corpus": _under_shared(corpus),
                            "record_file": str(a.source_file), "record_line": int(a.source_line),
                            "record_id": str(a.record_id or "")}
        else:
            docs.setdefault(doc_id, {"doc_id": doc_id, "outlet": a.outlet if isinstance(a.outlet, str) else "unknown", "source": str(a.source_file),
                                     "title": a.original_title or "", "text": a.original_text})
    if pointers:
        for u in units:
            _to_pointer(u, by_id[u["doc_id"]])
    with open(gold_path, "w", encoding="utf-8") as fh:
        for key in sorted(existing, key=lambda k: (str(k[0]), int(k[1]))):
            fh.write(json.dumps(existing[key], ensure_ascii=False) + "\n")
    with open(docs_path, "w", encoding="utf-8") as fh:
        for doc_id in sorted(docs):
            fh.write(json.dumps(docs[doc_id], ensure_ascii=False) + "\n")
    return {"imported": len(units), "units": len(existing), "documents": len(docs), "out": str(out_dir)}


def _record_path(corpus_paths, source_file: str) -> Path:
    """The file a record came from (ingest names it relative to the input folder)."""
    for p in map(Path, corpus_paths):
        if p.is_file() and f"{p.resolve().parent.name}/{p.name}" == source_file:
            return p
        if p.is_dir() and (p.parent / source_file).is_file():
            return p.parent / source_file
    raise AnnotationError(f"cannot find the corpus file of {source_file} among {', '.join(map(str, corpus_paths))}")


def _to_pointer(unit: dict, article) -> None:
    """Replace a unit's text by offsets into the original record and a hash of its text."""
    import hashlib

    from framing.ingest.offsets import OffsetMap
    from framing.learn.evaluate import locate

    for part, text, offsets in (("body", article.text, article.text_offsets), ("title", article.title, article.title_offsets)):
        span = locate(unit["text"], text or "")
        if span is not None and (part == "body" or int(unit["sent_id"]) == 0):
            os_, oe = OffsetMap.from_list(offsets).span(*span)
            unit.update(part=part, orig_start=int(os_), orig_end=int(oe))
            break
    else:
        raise AnnotationError(f"unit {unit['doc_id']}#{unit['sent_id']} not found in its document")
    unit["text_sha1"] = hashlib.sha1(normalize(unit.pop("text")).encode("utf-8")).hexdigest()[:12]


def agreement(path_a, path_b) -> dict:
    """Cohen's κ on voice over the units both labelled, F1 on loaded phrases (overlap match)."""
    from sklearn.metrics import cohen_kappa_score

    def load(p):
        p = Path(p)
        recs = {}
        for lineno, rec in _read_labels(p):
            if str(rec.get("voice") or "").strip():
                recs[(str(rec["doc_id"]), int(rec["sent_id"]))] = rec
        return recs

    a, b = load(path_a), load(path_b)
    keys = sorted(set(a) & set(b))
    if not keys:
        raise AnnotationError(f"{path_a} and {path_b} share no labelled (doc_id, sent_id) units")
    va = [str(a[k]["voice"]).strip() for k in keys]
    vb = [str(b[k]["voice"]).strip() for k in keys]
    tp = na = nb = 0
    for k in keys:
        la = _as_list(a[k].get("loaded"), str(path_a))
        lb = _as_list(b[k].get("loaded"), str(path_b))
        na += len(la)
        nb += len(lb)
        tp += sum(1 for x in la if any(overlaps(x["text"], y["text"]) for y in lb))
    p = tp / nb if nb else 0.0
    r = tp / na if na else 0.0
    return {"units": len(keys), "voice_kappa": float(cohen_kappa_score(va, vb, labels=LABELS)),
            "voice_agreement": float(np.mean(np.array(va) == np.array(vb))),
            "loaded_f1": 2 * p * r / (p + r) if p + r else 0.0, "loaded_a": na, "loaded_b": nb}
