"""Score predictions against gold annotations in the guidelines' format.

Gold: ``docs.jsonl`` ``{doc_id, outlet, title, text}`` and ``gold.jsonl`` ``{doc_id, sent_id, text,
voice, source, cue, via, loaded}``. Segmentations differ, so every gold unit is located in the
normalized document and matched to the predicted sentences that overlap it; the predicted
label of a unit is the one covering most of its characters.

Voice: per-class precision/recall/F1, macro-F1, Cohen's κ, confusion matrix. Source: exact
and partial match (over all gold ``attributed`` units: a missed attribution counts as a miss).
Cue and via match. Loaded phrases: precision/recall with overlap matching, category agreement
and phrase-voice accuracy on matched phrases.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.ingest.normalize import normalize

LABELS = ["attributed", "report", "editorial"]
_SPACE = re.compile(r"[\s\u200c]+")
_TOKEN = re.compile(r"[^\s\u200c.,،؛:!؟?«»()\"'\-–—/]+")


def read_gold(gold_dir, *, missing: str = "error") -> tuple[pd.DataFrame, pd.DataFrame]:
    """``docs.jsonl`` and ``gold.jsonl`` of a gold folder; pointer-form labels are resolved
    against ../shared or data/external (see :func:`_resolve_pointers`; ``missing="skip"``
    leaves out, with a warning, documents whose corpus is in neither place)."""
    gold_dir = Path(gold_dir)
    docs_path, gold_path = gold_dir / "docs.jsonl", gold_dir / "gold.jsonl"
    for p in (docs_path, gold_path):
        if not p.is_file():
            raise FileNotFoundError(f"gold folder {gold_dir} must hold docs.jsonl and gold.jsonl (missing {p.name})")
    rows = []
    with open(gold_path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{gold_path}:{lineno}: invalid JSON ({exc.msg})") from exc
            needed = ("doc_id", "sent_id", "voice") + (() if "text_sha1" in rec else ("text",))
            for key in needed:
                if key not in rec:
                    raise ValueError(f"{gold_path}:{lineno}: missing field {key!r}")
            if rec["voice"] not in LABELS:
                raise ValueError(f"{gold_path}:{lineno}: unknown voice {rec['voice']!r} (use {LABELS})")
            rows.append(rec)
    docs = pd.read_json(docs_path, lines=True, dtype={"doc_id": str, "record_id": str})
    if "corpus" in docs and docs["corpus"].notna().any():
        docs, rows = _resolve_pointers(gold_dir, docs, rows, missing=missing)
    return docs, pd.DataFrame(rows)


def _pointer_key(value) -> str | None:
    """A pointer's ``record_id`` as a string, or None when the record had no id."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return None if s.lower() in {"", "nan", "none", "null"} else s


def corpus_locations(corpus: str, record_file=None) -> list[Path]:
    """Where a pointer's corpus file may be, in order: ``../shared`` (``corpora/<name>/<file>``),
    then the fetched copy in ``data/external/<name>/<file>`` (``framing datasets fetch <name>``)."""
    from framing import config

    rel = str(record_file) if isinstance(record_file, str) and record_file.strip() else str(corpus).removeprefix("corpora/")
    return [config.SHARED_DIR / str(corpus), config.EXTERNAL_DIR / rel]


def _record_text(rec: dict) -> tuple[str, str]:
    from framing.ingest.readers import canonical_fields

    rec = canonical_fields(rec)
    text = rec.get("text") or rec.get("summary")
    if isinstance(text, list):
        text = "\n".join(str(t).strip() for t in text if str(t).strip())
    return str(rec.get("title") or ""), str(text or "")


def _unit_sha1(title: str, text: str, u: dict) -> str:
    import hashlib

    original = title if u.get("part") == "title" else text
    unit = normalize(original[int(u["orig_start"]) : int(u["orig_end"])])
    return hashlib.sha1(unit.encode("utf-8")).hexdigest()[:12]


def _resolve_pointers(gold_dir, docs: pd.DataFrame, rows: list[dict], *, missing: str = "error"):
    """Restore the text of pointer-form gold (documents as corpus records, units as offsets)
    from ``../shared/corpora``, or else from the corpora fetched into ``data/external``.

    A record is found by its ``record_id`` when it has one (a converted file may order records
    differently), else at ``record_line``, else — the file was reordered — as the one record
    whose text reproduces every unit's hash. A unit whose text no longer matches its record is
    an error, never a silent drop. ``missing="skip"`` leaves out (and names, in a warning) the
    documents whose corpus file is in neither place; the default raises.
    """
    import json as _json
    import warnings

    units_of: dict[str, list[dict]] = {}
    for u in rows:
        if not ("text" in u and u.get("text")):
            units_of.setdefault(str(u["doc_id"]), []).append(u)
    files: dict[Path, list[dict]] = {}
    texts, absent = {}, {}
    for d in docs.itertuples():
        doc_id = str(d.doc_id)
        places = corpus_locations(d.corpus, getattr(d, "record_file", None))
        path = next((p for p in places if p.is_file()), None)
        if path is None:
            name = str(d.corpus).removeprefix("corpora/").split("/")[0]
            absent[doc_id] = (f"{gold_dir}: document {doc_id} points at {d.corpus}, which is neither in "
                              f"{places[0].parent} (../shared) nor in {places[1].parent}: run `framing datasets fetch {name}`")
            continue
        if path not in files:
            with open(path, encoding="utf-8") as fh:
                files[path] = [_json.loads(line) for line in fh if line.strip()]
        records = files[path]
        units = units_of.get(doc_id, [])

        def matches(i: int) -> bool:
            title, text = _record_text(records[i])
            return all(int(u["orig_end"]) <= len(title if u.get("part") == "title" else text)
                       and _unit_sha1(title, text, u) == u.get("text_sha1") for u in units)

        key = _pointer_key(getattr(d, "record_id", None))
        if key is not None:
            from framing.ingest.readers import canonical_fields

            candidates = [i for i, r in enumerate(records) if str(canonical_fields(r).get("id")) == key]
            if not candidates:
                raise ValueError(f"{gold_dir}: {path} has no record with id {key} for document {doc_id}")
        else:
            line = int(d.record_line)
            candidates = [line - 1] if 0 < line <= len(records) else []
        found = next((i for i in candidates if matches(i)), None)
        if found is None and key is None and units:
            found = next((i for i in range(len(records)) if i not in candidates and matches(i)), None)
        if found is None:
            where = f"record id {key}" if key is not None else f"line {d.record_line}"
            raise ValueError(f"{gold_dir}: document {doc_id} ({path}, {where}) no longer matches its record: "
                             f"the text hash of its labelled units differs (the corpus changed, or is another version)")
        texts[doc_id] = _record_text(records[found])
    if absent:
        if missing != "skip":
            raise FileNotFoundError(next(iter(absent.values())) + (f" ({len(absent)} documents in all)" if len(absent) > 1 else ""))
        warnings.warn(f"{gold_dir}: {len(absent)} of {len(docs)} documents left out, their corpus is not here: "
                      + "; ".join(sorted({m.split(': run ')[1] for m in absent.values()})), stacklevel=3)
        docs = docs[~docs["doc_id"].astype(str).isin(absent)]
        rows = [u for u in rows if str(u["doc_id"]) not in absent]
    docs = docs.assign(title=[texts[str(d)][0] for d in docs["doc_id"]], text=[texts[str(d)][1] for d in docs["doc_id"]])
    out = []
    for u in rows:
        if "text" in u and u.get("text"):
            out.append(u)
            continue
        title, text = texts[str(u["doc_id"])]
        original = title if u.get("part") == "title" else text
        out.append({**u, "text": normalize(original[int(u["orig_start"]) : int(u["orig_end"])])})
    return docs, out


def squash(s: str) -> tuple[str, list[int]]:
    """Text without spaces/ZWNJ and the map back to positions in ``s``."""
    out, idx = [], []
    for i, c in enumerate(s):
        if c in " \u200c\n\t":
            continue
        out.append(c)
        idx.append(i)
    return "".join(out), idx


def locate(unit: str, text: str, cursor: int = 0) -> tuple[int, int] | None:
    """Span of a gold unit inside the normalized document text (spacing-insensitive)."""
    u = normalize(unit).strip()
    if not u:
        return None
    i = text.find(u, cursor)
    if i < 0:
        i = text.find(u)
    if i >= 0:
        return i, i + len(u)
    su, _ = squash(u)
    st, idx = squash(text)
    j = st.find(su)
    if j < 0 and len(su) > 40:  # the unit was cut differently at its ends: anchor on its middle
        mid = su[len(su) // 4 : 3 * len(su) // 4]
        k = st.find(mid)
        if k >= 0:
            j = max(0, k - len(su) // 4)
            return idx[j], idx[min(len(idx) - 1, j + len(su) - 1)] + 1
    if j < 0:
        return None
    return idx[j], idx[j + len(su) - 1] + 1


def _norm_key(s) -> str:
    if s is None or (isinstance(s, float) and s != s):
        return ""
    return _SPACE.sub(" ", normalize(str(s))).strip().strip("«»\"'")


def source_match(gold, pred) -> tuple[bool, bool]:
    """(exact, partial): partial when one contains the other or they share a content word."""
    g, p = _norm_key(gold), _norm_key(pred)
    if not g or not p:
        return False, False
    if g == p:
        return True, True
    gs, ps = g.replace(" ", ""), p.replace(" ", "")
    if gs in ps or ps in gs:
        return False, True
    stop = {"و", "این", "آن", "در", "از", "به", "با", "که", "را"}
    gt = {t for t in _TOKEN.findall(g) if t not in stop and len(t) > 1}
    pt = {t for t in _TOKEN.findall(p) if t not in stop and len(t) > 1}
    return False, bool(gt & pt)


def cue_match(gold, pred) -> bool:
    g, p = _norm_key(gold), _norm_key(pred)
    if not g and not p:
        return True
    if not g or not p:
        return False
    return g == p or g.replace(" ", "") in p.replace(" ", "") or p.replace(" ", "") in g.replace(" ", "")


def via_match(gold, pred) -> bool:
    from framing.ingest.credits import credit_key

    def names(v):  # a unit with no predicted sentence has NaN, not a list
        return [] if v is None or isinstance(v, float) else list(v)

    g = [credit_key(x) for x in names(gold)]
    p = [credit_key(x) for x in names(pred)]
    return g == p


@dataclass
class Evaluation:
    units: pd.DataFrame
    voice: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    cue: dict = field(default_factory=dict)
    via: dict = field(default_factory=dict)
    loaded: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {"voice": self.voice, "source": self.source, "cue": self.cue, "via": self.via, "loaded": self.loaded}

    def errors(self, n: int = 20) -> pd.DataFrame:
        wrong = self.units[self.units.voice != self.units.pred_voice]
        return wrong[["doc_id", "sent_id", "voice", "pred_voice", "text", "pred_why"]].head(n)

    def to_markdown(self, *, errors: int = 15) -> str:
        v = self.voice
        lines = ["# Voice evaluation", "", f"Units: {len(self.units)} (located in the documents: {v['located']}).", ""]
        lines += ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for lab in LABELS:
            c = v["per_class"][lab]
            lines.append(f"| {lab} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
        lines += ["", f"Macro-F1 **{v['macro_f1']:.3f}**, accuracy {v['accuracy']:.3f}, Cohen's κ {v['kappa']:.3f}.", ""]
        lines += ["Confusion matrix (rows gold, columns predicted):", "", "| gold \\ pred | " + " | ".join(LABELS) + " |",
                  "|---|" + "---|" * len(LABELS)]
        for lab in LABELS:
            lines.append(f"| {lab} | " + " | ".join(str(v["confusion"][lab][p]) for p in LABELS) + " |")
        s = self.source
        lines += ["", f"Source (over {s['n']} gold attributed units; source or resolved speaker): exact {s['exact']:.3f}, "
                  f"partial {s['partial']:.3f} (source as written only: exact {s['exact_as_written']:.3f}, "
                  f"partial {s['partial_as_written']:.3f}).",
                  f"Cue match {self.cue['accuracy']:.3f} (n={self.cue['n']}); via match {self.via['accuracy']:.3f} (n={self.via['n']}).", ""]
        if self.loaded:
            lo = self.loaded
            lines += [f"Loaded phrases: precision {lo['precision']:.3f}, recall {lo['recall']:.3f}, F1 {lo['f1']:.3f} "
                      f"(gold {lo['gold']}, predicted {lo['predicted']}); category agreement {lo['category_agreement']:.3f}, "
                      f"voice accuracy {lo['voice_accuracy']:.3f} on {lo['matched']} matched phrases.", ""]
            if "held_out" in lo:
                h = lo["held_out"]
                lines += [f"Held out (lexicon without the {h['entries_left_out']} entries suggested by this gold set): "
                          f"precision {h['precision']:.3f}, recall {h['recall']:.3f}, F1 {h['f1']:.3f}; category agreement "
                          f"{h['category_agreement']:.3f}, voice accuracy {h['voice_accuracy']:.3f}.", ""]
        if errors:
            lines += ["## Voice errors", ""]
            for r in self.units[self.units.voice != self.units.pred_voice].head(errors).itertuples():
                lines.append(f"- `{r.doc_id}` #{r.sent_id}: gold **{r.voice}**, predicted **{r.pred_voice}** — {r.text[:140]}")
                lines.append(f"  - why: {getattr(r, 'pred_why', '')}")
        return "\n".join(lines) + "\n"


def align(pred: pd.DataFrame, docs: pd.DataFrame, gold: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Attach to every gold unit the predicted sentence(s) covering it."""
    art = articles.set_index("record_id")
    out = []
    pred_by_article = {aid: g for aid, g in pred.groupby("article_id")}
    for doc_id, units in gold.groupby("doc_id", sort=False):
        if doc_id not in art.index:
            for u in units.to_dict("records"):
                out.append({**u, "pred_voice": None, "located": False})
            continue
        a = art.loc[doc_id]
        if isinstance(a, pd.DataFrame):
            a = a.iloc[0]
        p = pred_by_article.get(a.article_id)
        has_title = bool(str(a.title or "").strip())
        cursor = 0
        for u in units.sort_values("sent_id").to_dict("records"):
            part = "title" if (has_title and u["sent_id"] == 0) else "body"
            text = a.title if part == "title" else a.text
            span = locate(u["text"], text, cursor if part == "body" else 0)
            rec = {**u, "located": span is not None, "pred_voice": None}
            if span is not None and p is not None:
                if part == "body":
                    cursor = span[1]
                cand = p[p.part == part]
                best = None
                cover = Counter()
                for r in cand.itertuples():
                    ov = min(span[1], r.end) - max(span[0], r.start)
                    if ov > 0:
                        cover[r.voice] += ov
                        if best is None or ov > best[0]:
                            best = (ov, r)
                if best is not None:
                    r = best[1]
                    # attribution anywhere in the unit wins over a bigger unattributed piece when
                    # the unit is one claim cut in two by our splitter
                    voice = cover.most_common(1)[0][0]
                    rec.update(pred_voice=voice, pred_source=r.source, pred_speaker=r.speaker, pred_cue=r.cue, pred_via=list(r.via) if r.via is not None else [],
                               pred_why=r.why, pred_loaded=_loaded_in(cand, span))
            out.append(rec)
    return pd.DataFrame(out)


def _loaded_in(cand: pd.DataFrame, span) -> list[dict]:
    out = []
    for r in cand.itertuples():
        for h in r.loaded or []:
            s, e = r.start + h["start"], r.start + h["end"]
            if s < span[1] and e > span[0]:
                out.append(h)
    return out


def overlaps(a: str, b: str) -> bool:
    sa, sb = _norm_key(a).replace(" ", ""), _norm_key(b).replace(" ", "")
    if not sa or not sb:
        return False
    if sa in sb or sb in sa:
        return True
    ta, tb = set(_TOKEN.findall(_norm_key(a))), set(_TOKEN.findall(_norm_key(b)))
    return len(ta & tb) >= max(1, min(len(ta), len(tb)) // 2)


def score(units: pd.DataFrame) -> Evaluation:
    from sklearn.metrics import (
        cohen_kappa_score,
        confusion_matrix,
        precision_recall_fscore_support,
    )

    ev = Evaluation(units)
    u = units.copy()
    u["pred_voice"] = u["pred_voice"].fillna("report")
    p, r, f, s = precision_recall_fscore_support(u.voice, u.pred_voice, labels=LABELS, zero_division=0)
    cm = confusion_matrix(u.voice, u.pred_voice, labels=LABELS)
    ev.voice = {
        "n": len(u), "located": int(units.located.sum()),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])} for i, lab in enumerate(LABELS)},
        "macro_f1": float(f.mean()), "accuracy": float((u.voice == u.pred_voice).mean()),
        "kappa": float(cohen_kappa_score(u.voice, u.pred_voice, labels=LABELS)),
        "confusion": {g: {pp: int(cm[i][j]) for j, pp in enumerate(LABELS)} for i, g in enumerate(LABELS)},
    }
    att = u[u.voice == "attributed"]
    ex = pa_ = ex_w = pa_w = 0
    cues = []
    for row in att.itertuples():
        if row.pred_voice == "attributed":
            e_w, p_w = source_match(row.source, getattr(row, "pred_source", None))
            e_s, p_s = source_match(row.source, getattr(row, "pred_speaker", None))
        else:
            e_w = p_w = e_s = p_s = False
        ex_w += e_w
        pa_w += p_w
        ex += e_w or e_s
        pa_ += p_w or p_s
        if row.pred_voice == "attributed":
            cues.append(cue_match(row.cue, getattr(row, "pred_cue", None)))
    n_att = max(1, len(att))
    # gold resolves «وی» to the name in some units and keeps it in others: a unit matches when
    # the source as written or the resolved speaker matches (both are in the output)
    ev.source = {"n": len(att), "exact": ex / n_att, "partial": pa_ / n_att,
                 "exact_as_written": ex_w / n_att, "partial_as_written": pa_w / n_att}
    ev.cue = {"n": len(cues), "accuracy": sum(cues) / max(1, len(cues))}
    vias = [via_match(row.via, getattr(row, "pred_via", [])) for row in u.itertuples() if isinstance(getattr(row, "pred_via", None), list) or row.via]
    ev.via = {"n": len(vias), "accuracy": sum(vias) / max(1, len(vias))}
    ev.loaded = _score_loaded(u)
    return ev


def _score_loaded(u: pd.DataFrame) -> dict:
    gold_n = pred_n = tp_p = tp_r = cat_ok = voice_ok = matched = 0
    for row in u.itertuples():
        gold = list(row.loaded) if isinstance(row.loaded, list) else []
        pred = getattr(row, "pred_loaded", None)
        pred = pred if isinstance(pred, list) else []
        gold_n += len(gold)
        pred_n += len(pred)
        for g in gold:
            m = next((p for p in pred if overlaps(g["text"], p["text"])), None)
            if m is not None:
                tp_r += 1
                matched += 1
                cat_ok += m["category"] == g["category"]
                voice_ok += m["voice"] == g["voice"]
        for p in pred:
            if any(overlaps(g["text"], p["text"]) for g in gold):
                tp_p += 1
    prec = tp_p / pred_n if pred_n else 0.0
    rec = tp_r / gold_n if gold_n else 0.0
    return {
        "gold": gold_n, "predicted": pred_n, "precision": prec, "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "matched": matched,
        "category_agreement": cat_ok / matched if matched else 0.0, "voice_accuracy": voice_ok / matched if matched else 0.0,
    }


def gold_documents(gold_dir, docs: pd.DataFrame):
    """Ingest a gold folder's documents (text restored from ../shared for pointer-form gold)."""
    import tempfile

    from framing.ingest.run import ingest_tables

    if "corpus" not in docs or not docs["corpus"].notna().any():
        a, s, _ = ingest_tables([Path(gold_dir) / "docs.jsonl"], progress=False)
        return a, s
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for d in docs.itertuples():
                fh.write(json.dumps({"doc_id": d.doc_id, "outlet": d.outlet, "title": d.title, "text": d.text}, ensure_ascii=False) + "\n")
        a, s, _ = ingest_tables([path], progress=False)
    return a, s


def evaluate_gold(gold_dir, *, model=None, predictions: pd.DataFrame | None = None, lexicon=None,
                  held_out: bool = True) -> Evaluation:
    """Run the analysis on ``gold_dir/docs.jsonl`` and score it against ``gold_dir/gold.jsonl``.

    With ``held_out`` (default), the loaded-phrase scores are also computed with a lexicon that
    leaves out the entries whose origin is ``dev`` (suggested by this very gold set): an honest
    estimate of how the lexicon does on text it was not tuned on.
    """
    from framing.analysis.analyze import analyze

    docs, gold = read_gold(gold_dir)
    articles, sentences = gold_documents(gold_dir, docs)
    pred = predictions if predictions is not None else analyze(articles, sentences, model=model, lexicon=lexicon, progress=False)
    ev = score(align(pred, docs, gold, articles))
    if held_out and predictions is None:
        from framing.lexicon.loaded import load_lexicon

        base = lexicon or load_lexicon()
        reduced = base.without(origin="dev")
        if len(reduced) < len(base):
            pred2 = analyze(articles, sentences, model=model, lexicon=reduced, progress=False)
            ev.loaded["held_out"] = _score_loaded(align(pred2, docs, gold, articles).assign(
                pred_voice=lambda d: d.pred_voice.fillna("report")))
            ev.loaded["held_out"]["entries_left_out"] = len(base) - len(reduced)
    return ev
