"""How framing-2026-12b's documents were chosen (batch 1; batch 2: ``--batch 2``, at random whatever the
genre; batch 3: ``--batch 3``, Fars News commentary; each batch excludes the ones imported before
it, so a batch re-run after later ones were imported draws anew) (kept for the record; run from the project root
with .venv/bin/python): a fixed seed, per corpus some articles whose genre is commentary,
interview or speech and the rest news, 5-20 body sentences, at most two per outlet (four for
Fars News), none from an existing gold set (by record id or by a shared sentence). Writes the
units the annotators labelled (framing's own segmentation, boilerplate left out) to OUT."""
import collections
import json
import random
import sys
from pathlib import Path

from framing.config import ANNOTATIONS_DIR, SHARED_DIR
from framing.ingest.normalize import normalize
from framing.ingest.run import ingest_tables
from framing.learn.evaluate import read_gold

SH = Path(SHARED_DIR)
OUT = Path("units.jsonl")
BATCH = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else 1
GOLD_SETS = [SH / "annotation/train", SH / "annotation/dev", ANNOTATIONS_DIR / "framing-2026-12", ANNOTATIONS_DIR / "framing-2026-11"]
if BATCH >= 2:
    GOLD_SETS.append(ANNOTATIONS_DIR / "framing-2026-12b")  # the batches before
gold_texts, gold_ids = set(), set()
for d in GOLD_SETS:
    docs, units = read_gold(d, missing="skip")
    gold_ids |= set(map(str, docs.doc_id)) | set(map(str, docs.get("record_id", docs.doc_id)))
    gold_texts |= {normalize(t)[:60] for t in units.text if isinstance(t, str) and len(t) > 40}
print("gold docs", len(gold_ids), "texts", len(gold_texts))
rng = random.Random(20261202 + BATCH - 1)
# batch 1: per corpus (opinion genres, news); batch 2: whatever the genre
# batch 3: Fars News opinion pieces only (commentary first), for the editorial sentences the first two lacked
DRAWS = {1: ((SH / "corpora/farexstance/articles.jsonl", 6, 5), (SH / "corpora/fars-news/articles.jsonl", 2, 2)),
         2: ((SH / "corpora/farexstance/articles.jsonl", 0, 9), (SH / "corpora/fars-news/articles.jsonl", 0, 4)),
         3: ((SH / "corpora/fars-news/articles.jsonl", 8, 0),)}[BATCH]
picked = []
for corpus, n_op, n_news in DRAWS:
    arts, sents, _ = ingest_tables([corpus], progress=False)
    by = {a: g.sort_values("sent_id") for a, g in sents.groupby("article_id")}
    cands = collections.defaultdict(list)
    reasons = collections.Counter()
    for a in arts.itertuples():
        rid = str(a.record_id) if isinstance(a.record_id, str) and a.record_id else str(a.article_id)
        if rid in gold_ids:
            continue
        g = by.get(a.article_id)
        if g is None:
            continue
        body = g[(g.part == "body") & g.boilerplate.isna()]
        if not (5 <= len(body) <= 20) or body.text.str.len().max() > 900:
            continue
        if any(normalize(t)[:60] in gold_texts for t in g.text if len(t) > 40):
            continue
        reasons["ok"] += 1
        kind = "opinion" if a.genre in ("commentary", "interview", "speech") and BATCH in (1, 3) else "news"
        if BATCH == 3 and a.genre != "commentary":
            kind = "news"  # commentary only: the batch is for editorial sentences
        cands[kind].append((a, g))
    print(corpus.name, len(arts), {k: len(v) for k, v in cands.items()})
    per_outlet = collections.Counter()
    for kind, n in (("opinion", n_op), ("news", n_news)):
        if n == 0:
            continue
        pool = cands[kind][:]
        rng.shuffle(pool)
        k = 0
        for a, g in pool:
            outlet = a.outlet if isinstance(a.outlet, str) else "?"
            if per_outlet[outlet] >= (8 if BATCH == 3 else 4 if outlet == "فارس" else 2) and outlet != "?":
                continue
            per_outlet[outlet] += 1
            picked.append((corpus, a, g, kind))
            k += 1
            if k == n:
                break
out = open(OUT, "w", encoding="utf-8")
n = 0
for corpus, a, g, kind in picked:
    rid = str(a.record_id) if isinstance(a.record_id, str) and a.record_id else str(a.article_id)
    for s in g.itertuples():
        if isinstance(s.boilerplate, str) and s.boilerplate:
            continue
        out.write(json.dumps({"doc_id": rid, "sent_id": int(s.sent_id), "part": s.part, "paragraph": int(s.paragraph), "text": s.text}, ensure_ascii=False) + "\n")
        n += 1
    print(corpus.parent.name, rid, a.outlet, a.genre, kind, len(g))
out.close()
print("units", n)
