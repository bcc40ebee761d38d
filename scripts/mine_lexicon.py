"""Count every loaded-lexicon entry's hits (all its generated variants, guards applied) in the
shared corpora and write them into framing/resources/fa/loaded.tsv (column `hits`).

Also prints, for curation, the entries with no hits and the most frequent ones with a sample of
their contexts, so that a person can check that frequent entries are used in the loaded sense.

Run from the project root:  .venv/bin/python scripts/mine_lexicon.py [--contexts N]
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import sys

from framing.config import CORPORA_DIR, FA_RESOURCES_DIR
from framing.lexicon.loaded import load_lexicon
from framing.ingest.normalize import normalize
from framing.resources import update_tsv_column
from framing.ingest.segment import split_sentences


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contexts", type=int, default=0, help="print N contexts of the 40 most frequent entries")
    args = ap.parse_args()
    if not CORPORA_DIR.is_dir():
        print(f"needs {CORPORA_DIR}", file=sys.stderr)
        return 1
    lex = load_lexicon()
    hits: collections.Counter = collections.Counter()
    contexts: dict[str, list[str]] = collections.defaultdict(list)
    for f in sorted(glob.glob(str(CORPORA_DIR / "*" / "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            d = json.loads(line)
            text = normalize(d.get("text") or "\n".join(d.get("paragraphs") or []) or d.get("summary") or "")
            for sp in split_sentences(text):
                sent = text[sp.start : sp.end]
                for h in lex.find(sent):
                    hits[h.entry] += 1
                    if len(contexts[h.entry]) < args.contexts:
                        contexts[h.entry].append(sent[max(0, h.start - 50) : h.end + 50])
    path = FA_RESOURCES_DIR / "loaded.tsv"
    update_tsv_column(path, lambda rec: rec.update(hits=str(hits.get(normalize(rec["phrase"]).strip(), 0))))
    zero = [e for e in lex.entries if not hits.get(e)]
    print(f"{len(lex)} entries, {len(lex) - len(zero)} with hits, {sum(hits.values())} hits in all -> {path}")
    print("no hits:", " | ".join(zero))
    for entry, n in hits.most_common(40 if args.contexts else 0):
        print(f"\n{entry} ({lex.entries[entry].category}): {n}")
        for c in contexts[entry]:
            print("   …", c.replace("\n", " "), "…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
