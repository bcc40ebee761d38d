"""Count real usage of every reporting verb in the shared data and write it into the cue list.

* ``ud_ccomp``: how often the verb governs a reported clause (``ccomp``) or a quoted one
  (``parataxis``) in the UD Persian treebanks (../shared/corpora/ud-persian/*.conllu); compound
  verbs are matched through their ``compound:lvc`` dependents.
* ``corpus_hits``: hits of all the verb's generated forms (framing.voice.cues.verb_forms) in the
  normalized text of ../shared/corpora (farexstance, fars-news, rss-2020).

Run from the project root:  .venv/bin/python scripts/mine_cues.py  (rewrites the two columns of
framing/resources/fa/reporting_verbs.tsv in place; everything else in the file is kept).
"""

from __future__ import annotations

import collections
import glob
import json
import sys

from framing.config import CORPORA_DIR, FA_RESOURCES_DIR
from framing.voice.cues import verb_forms, verb_rows
from framing.lexicon.matcher import PhraseMatcher
from framing.ingest.normalize import normalize
from framing.resources import update_tsv_column


def ud_counts() -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for f in glob.glob(str(CORPORA_DIR / "ud-persian" / "*.conllu")):
        sent: list[list[str]] = []
        for line in open(f, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line:
                by_id = {t[0]: t for t in sent}
                for t in sent:
                    if t[7] in ("ccomp", "parataxis") and t[6] in by_id and by_id[t[6]][3] == "VERB":
                        h = by_id[t[6]]
                        parts = [x[1] for x in sent if x[6] == h[0] and x[7].startswith("compound")]
                        counts[normalize(" ".join(parts + [h[2].split("#")[0]]))] += 1
                sent = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "-" not in cols[0] and "." not in cols[0]:
                    sent.append(cols)
    return counts


def corpus_texts():
    for f in sorted(glob.glob(str(CORPORA_DIR / "*" / "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            d = json.loads(line)
            t = d.get("text") or "\n".join(d.get("paragraphs") or []) or d.get("summary") or ""
            yield normalize(t)


def main() -> int:
    if not CORPORA_DIR.is_dir():
        print(f"needs {CORPORA_DIR}", file=sys.stderr)
        return 1
    rows = verb_rows()
    ud = ud_counts()
    m = PhraseMatcher()
    for r in rows:
        for form in verb_forms(r):
            m.add(normalize(form), r["verb"])
    hits: collections.Counter = collections.Counter()
    for text in corpus_texts():
        for h in m.find(text):
            hits[h.payload] += 1
    path = FA_RESOURCES_DIR / "reporting_verbs.tsv"

    def counts(rec):
        rec["ud_ccomp"] = str(ud.get(normalize(rec["verb"]), 0))
        rec["corpus_hits"] = str(hits.get(rec["verb"], 0))

    update_tsv_column(path, counts)
    print(f"wrote counts for {len(rows)} verbs to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
