"""Wire-copy diff: what an outlet added to, cut from or changed in the copy it republished.

:func:`find_pairs` finds republished pairs — the same text at two outlets — within story
groups; a pair is ``cites`` when one article's credit chain names the other's outlet («به
گزارش X به نقل از ایسنا» and the ISNA original) and ``parallel`` when both copy a common
source (a press release, a third agency): then neither is the original and the diff reads
"what B has that A has not".

:func:`diff_pair` aligns the two articles sentence by sentence (character n-gram similarity,
monotonic alignment by dynamic programming, then a pass for moved sentences) and reports each
sentence as ``same``, ``changed``, ``added``, ``removed`` or ``moved``, with what changed in
framing terms: a reporting verb swapped (گفت → ادعا کرد), an attribution dropped (the same
content now in the outlet's voice), loaded phrases and epithets added, naming labels changed.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

_NORM = re.compile(r"[\s\u200c.,،؛:!؟?«»()\[\]\"'\-–—]+")
_TOKEN = re.compile(r"[^\s\u200c.,،؛:!؟?«»()\[\]\"']+")


def _key(text: str) -> str:
    return _NORM.sub(" ", text or "").strip()


def sentence_similarity(a_texts: list[str], b_texts: list[str]) -> np.ndarray:
    """Cosine similarity of character 2–4-grams, (len(a), len(b))."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not a_texts or not b_texts:
        return np.zeros((len(a_texts), len(b_texts)))
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    X = vec.fit_transform([_key(t) for t in a_texts + b_texts])
    return (X[: len(a_texts)] @ X[len(a_texts) :].T).toarray()


def align(a_texts: list[str], b_texts: list[str], *, min_sim: float = 0.5) -> list[tuple[int | None, int | None, float]]:
    """Monotonic sentence alignment maximizing total similarity (pairs below ``min_sim`` never
    align), then unaligned sentences paired across the order when similar enough (moves).
    Returns ``(i, j, similarity)`` with ``None`` for a sentence on one side only, in B's order."""
    sim = sentence_similarity(a_texts, b_texts)
    n, m = sim.shape
    score = np.zeros((n + 1, m + 1))
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 1 diag, 2 up (skip a), 3 left (skip b)
    move[1:, 0], move[0, 1:] = 2, 3
    for i in range(1, n + 1):
        row_sim = sim[i - 1]
        for j in range(1, m + 1):
            best, how = score[i - 1, j], 2
            if score[i, j - 1] > best:
                best, how = score[i, j - 1], 3
            s = row_sim[j - 1]
            if s >= min_sim and score[i - 1, j - 1] + s > best:
                best, how = score[i - 1, j - 1] + s, 1
            score[i, j], move[i, j] = best, how
    pairs: list[tuple[int | None, int | None, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        how = move[i, j]
        if how == 1:
            pairs.append((i - 1, j - 1, float(sim[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif how == 2:
            pairs.append((i - 1, None, 0.0))
            i -= 1
        else:
            pairs.append((None, j - 1, 0.0))
            j -= 1
    pairs.reverse()
    # moved: a removed and an added sentence that match out of order
    removed = [p[0] for p in pairs if p[1] is None]
    added = [p[1] for p in pairs if p[0] is None]
    moved: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for jb in added:
        cands = [(sim[ia, jb], ia) for ia in removed if ia not in used]
        if cands:
            s, ia = max(cands)
            if s >= min_sim:
                moved[jb] = (ia, float(s))
                used.add(ia)
    out = []
    for ia, jb, s in pairs:
        if ia is None and jb in moved:
            out.append((moved[jb][0], jb, -moved[jb][1]))  # negative similarity marks a move
        elif jb is None and ia in used:
            continue
        else:
            out.append((ia, jb, s))
    return out


def _cue_lemma(cue) -> str | None:
    if not isinstance(cue, str) or not cue.strip():
        return None
    from framing.voice.attribution import cue_hits

    hits = cue_hits(cue)
    return hits[0].payload.lemma if hits else cue


def _phrases(loaded) -> list[dict]:
    return list(loaded) if loaded is not None else []


def diff_pair(a: pd.DataFrame, b: pd.DataFrame, *, min_sim: float = 0.5) -> pd.DataFrame:
    """Sentence-level diff of two analysed articles (rows of ``framing.analysis.analyze`` output, one
    article each; boilerplate sentences are left out). One row per aligned unit."""
    a = a[a["boilerplate"].isna()].sort_values("sent_id").reset_index(drop=True)
    b = b[b["boilerplate"].isna()].sort_values("sent_id").reset_index(drop=True)
    rows = []
    for ia, jb, s in align(list(a["text"]), list(b["text"]), min_sim=min_sim):
        ra = a.iloc[ia] if ia is not None else None
        rb = b.iloc[jb] if jb is not None else None
        if ra is None:
            op = "added"
        elif rb is None:
            op = "removed"
        elif s < 0:
            op = "moved"
        else:
            op = "same" if _key(ra["text"]) == _key(rb["text"]) else "changed"
        row = {
            "op": op, "similarity": round(abs(s), 3),
            "a_sent_id": int(ra["sent_id"]) if ra is not None else None,
            "b_sent_id": int(rb["sent_id"]) if rb is not None else None,
            "a_text": ra["text"] if ra is not None else None, "b_text": rb["text"] if rb is not None else None,
            "a_voice": ra["voice"] if ra is not None else None, "b_voice": rb["voice"] if rb is not None else None,
            "a_cue": ra["cue"] if ra is not None else None, "b_cue": rb["cue"] if rb is not None else None,
            "cue_swap": None, "attribution_dropped": False, "attribution_added": False,
            "words_added": "", "words_removed": "", "loaded_added": [], "loaded_removed": [], "epithets_added": [],
            "names_changed": [],
        }
        la = _phrases(ra["loaded"]) if ra is not None else []
        lb = _phrases(rb["loaded"]) if rb is not None else []
        if ra is not None and rb is not None:
            ta, tb = _TOKEN.findall(ra["text"]), _TOKEN.findall(rb["text"])
            sm = difflib.SequenceMatcher(a=ta, b=tb, autojunk=False)
            ins, dels = [], []
            inserted_spans = []
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag in {"insert", "replace"}:
                    ins.append(" ".join(tb[j1:j2]))
                    inserted_spans.append(" ".join(tb[j1:j2]))
                if tag in {"delete", "replace"}:
                    dels.append(" ".join(ta[i1:i2]))
            row["words_added"], row["words_removed"] = " | ".join(ins), " | ".join(dels)
            a_key, b_key = _key(ra["text"]), _key(rb["text"])
            row["loaded_added"] = [h["text"] for h in lb if _key(h["text"]) not in a_key]
            row["loaded_removed"] = [h["text"] for h in la if _key(h["text"]) not in b_key]
            inserted = " ".join(inserted_spans)
            row["epithets_added"] = [h["text"] for h in lb if h["voice"] == "outlet" and _key(h["text"]) not in a_key
                                     and any(tok in inserted for tok in _TOKEN.findall(h["text"]))]
            # a voice or verb difference between identical sentences comes from their context
            # (a neighbour that changed), not from an edit of this sentence: report edits only
            na = {(n["referent"], n["label"]) for n in (ra["names"] if ra["names"] is not None else [])}
            nb = {(n["referent"], n["label"]) for n in (rb["names"] if rb["names"] is not None else [])}
            for ref in {r for r, _ in na} & {r for r, _ in nb}:
                la_ = sorted(lab for r, lab in na if r == ref)
                lb_ = sorted(lab for r, lab in nb if r == ref)
                if la_ != lb_:
                    row["names_changed"].append(f"{ref}: {'/'.join(la_)} → {'/'.join(lb_)}")
            edited = op in {"changed", "moved"}
            if edited and ra["voice"] == "attributed" and rb["voice"] == "attributed":
                ca, cb = _cue_lemma(ra["cue"]), _cue_lemma(rb["cue"])
                if ca and cb and ca != cb:
                    row["cue_swap"] = f"{ca} → {cb}"
            row["attribution_dropped"] = edited and ra["voice"] == "attributed" and rb["voice"] != "attributed"
            row["attribution_added"] = edited and ra["voice"] != "attributed" and rb["voice"] == "attributed"
        elif rb is not None:
            row["loaded_added"] = [h["text"] for h in lb]
        else:
            row["loaded_removed"] = [h["text"] for h in la]
        rows.append(row)
    return pd.DataFrame(rows)


def summarize_diff(diff: pd.DataFrame) -> dict:
    """Counts of a :func:`diff_pair` table: sentences by op, verb swaps, attributions dropped,
    loaded phrases and epithets added, editorial sentences added."""
    ops = diff["op"].value_counts()
    added = diff[diff["op"] == "added"]
    return {
        **{f"sentences_{k}": int(ops.get(k, 0)) for k in ("same", "changed", "added", "removed", "moved")},
        "cue_swaps": int(diff["cue_swap"].notna().sum()),
        "attributions_dropped": int(diff["attribution_dropped"].sum()),
        "attributions_added": int(diff["attribution_added"].sum()),
        "loaded_added": int(diff["loaded_added"].map(len).sum()),
        "epithets_added": int(diff["epithets_added"].map(len).sum()),
        "names_changed": int(diff["names_changed"].map(len).sum()),
        "editorial_added": int((added["b_voice"] == "editorial").sum()),
    }


def find_pairs(articles: pd.DataFrame, stories: pd.DataFrame | None = None, *, min_similarity: float = 0.5,
               cite_similarity: float = 0.3, max_chars: int = 3000) -> pd.DataFrame:
    """Republished pairs: two articles from different (known) outlets whose texts are at least
    ``min_similarity`` alike (character n-gram TF-IDF cosine on the first ``max_chars``
    characters), or ``cite_similarity`` alike when one credits the other's outlet (a
    republisher that rewrote more of the copy). With ``stories`` (from :func:`framing.compare.stories.group_stories`) only articles of
    the same story are compared, which keeps the search linear in practice.

    Columns: ``a_id, b_id, a_outlet, b_outlet, similarity, relation`` where ``a`` is the
    original when ``relation == "cites"`` (b's credit chain names a's outlet); for ``parallel``
    copies ``a`` is the wire agency when exactly one of them is one.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from framing.ingest.outlets import registry

    arts = articles[articles["outlet"].notna()].reset_index(drop=True)
    if stories is not None:
        sid = dict(zip(stories["article_id"], stories["story_id"]))
        arts = arts[arts["article_id"].map(sid).notna()].reset_index(drop=True)
        groups = arts.groupby(arts["article_id"].map(sid)).indices
    else:
        groups = {"all": np.arange(len(arts))}
    cols = ["a_id", "b_id", "a_outlet", "b_outlet", "similarity", "relation"]
    if len(arts) < 2:
        return pd.DataFrame(columns=cols)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32)
    X = vec.fit_transform(arts["text"].fillna("").str[:max_chars])
    reg = registry()

    def is_agency(name):
        o = reg.lookup(name)
        return o is not None and o.kind == "agency"

    rows = []
    for idx in groups.values():
        if len(idx) < 2:
            continue
        S = (X[idx] @ X[idx].T).toarray()
        for p in range(len(idx)):
            for q in range(p + 1, len(idx)):
                if S[p, q] < min(min_similarity, cite_similarity):
                    continue
                i, j = idx[p], idx[q]
                oa, ob = arts.at[i, "outlet"], arts.at[j, "outlet"]
                if oa == ob:
                    continue
                ca = list(arts.at[i, "chain"]) if arts.at[i, "chain"] is not None else []
                cb = list(arts.at[j, "chain"]) if arts.at[j, "chain"] is not None else []
                cites = oa in cb[1:] or ob in ca[1:]
                if S[p, q] < (cite_similarity if cites else min_similarity):
                    continue
                relation = "parallel"
                if oa in cb[1:]:
                    relation = "cites"
                elif ob in ca[1:]:
                    relation, i, j, oa, ob = "cites", j, i, ob, oa
                elif is_agency(ob) and not is_agency(oa):
                    i, j, oa, ob = j, i, ob, oa
                rows.append({"a_id": arts.at[i, "article_id"], "b_id": arts.at[j, "article_id"], "a_outlet": oa,
                             "b_outlet": ob, "similarity": round(float(S[p, q]), 3), "relation": relation})
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["relation", "similarity"], ascending=[True, False]).reset_index(drop=True)


def diff_pairs(analysis: pd.DataFrame, pairs: pd.DataFrame, *, min_sim: float = 0.5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Diff every pair: (one summary row per pair, all sentence rows with the pair's ids)."""
    by_article = {aid: g for aid, g in analysis.groupby("article_id", sort=False)}
    summaries, details = [], []
    for pr in pairs.itertuples(index=False):
        a, b = by_article.get(pr.a_id), by_article.get(pr.b_id)
        if a is None or b is None:
            continue
        d = diff_pair(a, b, min_sim=min_sim)
        summaries.append({**pr._asdict(), **summarize_diff(d)})
        details.append(d.assign(a_id=pr.a_id, b_id=pr.b_id))
    summary = pd.DataFrame(summaries)
    detail = pd.concat(details, ignore_index=True) if details else pd.DataFrame()
    return summary, detail
