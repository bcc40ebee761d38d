"""framing benchmarks: ratios measured in one run on the same text (never absolute times).

    .venv/bin/python benchmarks/run.py            # or: make bench
    .venv/bin/python benchmarks/run.py --mb 1 --only lexicon,memory

The text is the shared corpora (``../shared/corpora``: FarExStance, Fars News, RSS 2020)
repeated under new record ids up to ``--mb`` million characters, so every copy is analysed
(copies of a text are flagged ``duplicate_of``, not dropped). Each line printed is a ratio
with its target:

1. ``analyze``: full pipeline (ingest: normalize, segment; analyze: voice, sources, loaded
   phrases, names) over hazm's own ``Normalizer().normalize`` + ``sent_tokenize`` +
   ``word_tokenize`` on the same texts — target ≤ 2.0;
2. ``lexicon``: loaded-phrase matching with a 10,000-entry lexicon over a 100-entry one —
   target ≤ 1.3;
3. ``dask``: ingest + analyze on a local Dask cluster (on twice the corpus), 1 worker over 2
   workers (speed-up) — target ≥ 1.6;
4. ``memory``: peak RSS of ingest + analyze (pandas engine, streaming) on 4× the corpus over
   1× — target ≤ 1.2.

Timings take the best of ``--repeat`` runs after a warm-up (for ``analyze``, hazm and framing
runs alternate); the machine's other load shows up as noise, which the ratios largely cancel.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"analyze": ("≤", 2.0), "lexicon": ("≤", 1.3), "dask": ("≥", 1.6), "memory": ("≤", 1.2)}


def corpus_texts() -> list[dict]:
    """Records from the shared corpora, in a fixed order."""
    from framing.config import CORPORA_DIR

    if not CORPORA_DIR.is_dir():
        sys.exit(f"benchmarks need the shared corpora at {CORPORA_DIR} (set FRAMING_SHARED)")
    out = []
    for rel, text_of in (("farexstance/articles.jsonl", lambda r: r.get("text")),
                         ("fars-news/articles.jsonl", lambda r: "\n".join(r.get("paragraphs") or [])),
                         ("rss-2020/hamshahri.jsonl", lambda r: r.get("summary")),
                         ("rss-2020/radiofarda.jsonl", lambda r: r.get("summary"))):
        with open(CORPORA_DIR / rel, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                t = text_of(r)
                if t and t.strip():
                    out.append({"title": r.get("title") or "", "text": t})
    return out


def build_corpus(path: Path, chars: int, base: list[dict] | None = None) -> int:
    """Write a JSONL corpus of about ``chars`` characters (the base repeated under new ids)."""
    base = base or corpus_texts()
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        k = 0
        while n < chars:
            r = base[k % len(base)]
            fh.write(json.dumps({"id": f"b{k}", "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n")
            n += len(r["text"]) + len(r["title"])
            k += 1
    return n


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_analyze(corpus: Path, repeat: int) -> dict:
    from hazm import Normalizer, WordTokenizer, sent_tokenize

    from framing.analysis.files import analyze_processed
    from framing.ingest.run import ingest

    texts = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    normalizer, tokenizer = Normalizer(), WordTokenizer()

    def hazm_only():
        for r in texts:
            for s in sent_tokenize(normalizer.normalize(r["title"] + "\n" + r["text"])):
                tokenizer.tokenize(s)

    tmp = Path(tempfile.mkdtemp(prefix="framing-bench-"))

    def full():
        ingest([corpus], tmp / "p", progress=False)
        analyze_processed(tmp / "p", tmp / "analysis.parquet", progress=False)

    # warm-up: hazm's word lists, framing's automata and lexicon
    small = tmp / "small.jsonl"
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in texts[:20]), encoding="utf-8")
    ingest([small], tmp / "w", progress=False)
    analyze_processed(tmp / "w", tmp / "w.parquet", progress=False)
    # interleaved (hazm, framing, hazm, framing …) so that a slow spell of a shared machine
    # touches both sides; the best of each
    pairs = [(best(hazm_only, 1), best(full, 1)) for _ in range(repeat)]
    t_hazm, t_full = min(p[0] for p in pairs), min(p[1] for p in pairs)
    t_ingest = best(lambda: ingest([corpus], tmp / "p", progress=False), 1)
    return {"ratio": t_full / t_hazm, "detail": f"framing {t_full:.1f} s (ingest {t_ingest:.1f} s) vs hazm {t_hazm:.1f} s"}


def bench_lexicon(corpus: Path, repeat: int) -> dict:
    import hazm

    from framing.ingest.run import ingest_tables
    from framing.lexicon.loaded import Entry, Lexicon, load_lexicon

    texts = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    tmp = Path(tempfile.mkdtemp(prefix="framing-bench-")) / "lex.jsonl"
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in texts), encoding="utf-8")
    _, sentences, _ = ingest_tables([tmp])
    sents = list(sentences["text"])
    packaged = load_lexicon()
    base = list(packaged.entries.values())[:100]
    # 10,000 entries: the same 100 plus 9,900 real Persian word pairs (consecutive entries of
    # hazm's word list, variants generated by the same rules) that news copy rarely contains —
    # so both lexicons find about the same phrases and the ratio isolates lexicon size from
    # the number of hits (whose handling costs the same per hit whatever the lexicon)
    words = sorted(w for w in hazm.WordTokenizer(join_verb_parts=False).words if len(w) > 3 and " " not in w)
    pairs = [f"{words[i]} {words[i + 1]}" for i in range(0, 2 * 9_900, 2)]
    small = Lexicon(base, packaged.guards)
    large = Lexicon(base + [Entry(p, "pejorative", "n", 1.0, origin="bench") for p in pairs], packaged.guards)
    for lx in (small, large):  # build the automata before timing
        lx.find(sents[0])

    def run(lx):
        return lambda: [lx._find(s) for _ in range(5) for s in sents]  # uncached: the matching itself

    t_small = best(run(small), repeat)
    t_large = best(run(large), repeat)
    hits_small = sum(len(small.find(s)) for s in sents)
    hits_large = sum(len(large.find(s)) for s in sents)
    return {"ratio": t_large / t_small,
            "detail": f"{len(large.entries):,} entries ({len(large.matcher):,} variants, {hits_large:,} hits) {t_large:.2f} s vs "
                      f"{len(small.entries)} entries ({len(small.matcher):,} variants, {hits_small:,} hits) {t_small:.2f} s "
                      f"on {len(sents):,} sentences"}


def _dask_run(corpus: Path, workers: int, tmp: Path) -> float:
    from framing.analysis.files import analyze_processed
    from framing.engine import dask_client
    from framing.ingest.run import ingest

    with dask_client(workers=workers) as client:
        client.run(lambda: __import__("framing.analysis.analyze") and None)  # import on every worker
        # warm the workers (hazm word lists, automata) on a small corpus first
        small = tmp / "small.jsonl"
        with open(corpus, encoding="utf-8") as fh, open(small, "w", encoding="utf-8") as out:
            for _, line in zip(range(4 * workers), fh):
                out.write(line)
        ingest([small], tmp / f"w{workers}", client=client, engine="dask", batch_size=1, progress=False)
        analyze_processed(tmp / f"w{workers}", tmp / f"w{workers}.parquet", engine="dask", client=client,
                          progress=False)
        t = time.perf_counter()
        ingest([corpus], tmp / f"d{workers}", client=client, engine="dask", progress=False)
        analyze_processed(tmp / f"d{workers}", tmp / f"d{workers}.parquet", engine="dask", client=client,
                          progress=False)
        return time.perf_counter() - t


def bench_dask(chars: int, repeat: int) -> dict:
    """On twice the corpus: a cluster pays off once the work dwarfs the per-batch overhead and
    the idle tail of the last batches."""
    tmp = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    corpus = tmp / "dask.jsonl"
    n = build_corpus(corpus, 2 * chars)
    t1 = min(_dask_run(corpus, 1, tmp) for _ in range(repeat))
    t2 = min(_dask_run(corpus, 2, tmp) for _ in range(repeat))
    return {"ratio": t1 / t2, "detail": f"{n / 1e6:.1f} M characters: 1 worker {t1:.1f} s, 2 workers {t2:.1f} s "
                                        f"({os.cpu_count()} cores, the driver included)"}


_RSS_CHILD = r"""
import resource, sys
from pathlib import Path
from framing.analysis.files import analyze_processed
from framing.ingest.run import ingest
corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
ingest([corpus], out, progress=False)
analyze_processed(out, out / "analysis.parquet", progress=False)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_memory(corpus: Path, chars: int, repeat: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    big = tmp / "x4.jsonl"
    build_corpus(big, 4 * chars)

    def peak(path: Path, name: str) -> int:
        res = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(path), str(tmp / name)], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        return int(res.stdout.strip().splitlines()[-1])

    one, four = peak(corpus, "x1"), peak(big, "x4")
    return {"ratio": four / one, "detail": f"peak RSS {one / 1024:.0f} MiB (1×) vs {four / 1024:.0f} MiB (4×)"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=3.0, help="corpus size in millions of characters (default 3)")
    ap.add_argument("--repeat", type=int, default=2, help="timing repeats, best taken (default 2)")
    ap.add_argument("--only", help="comma-separated subset: analyze,lexicon,dask,memory")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)
    which = args.only.split(",") if args.only else list(TARGETS)
    tmp = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    corpus = tmp / "corpus.jsonl"
    chars = build_corpus(corpus, int(args.mb * 1_000_000))
    print(f"corpus: {chars / 1e6:.1f} M characters from ../shared/corpora ({corpus})", flush=True)
    results = {}
    for name in which:
        t = time.perf_counter()
        if name == "analyze":
            r = bench_analyze(corpus, args.repeat)
        elif name == "lexicon":
            r = bench_lexicon(corpus, args.repeat)
        elif name == "dask":
            r = bench_dask(chars, args.repeat)
        elif name == "memory":
            r = bench_memory(corpus, chars, args.repeat)
        else:
            ap.error(f"unknown benchmark {name!r}")
        op, target = TARGETS[name]
        ok = r["ratio"] <= target if op == "≤" else r["ratio"] >= target
        r.update(target=f"{op} {target}", met=bool(ok), seconds=round(time.perf_counter() - t, 1))
        results[name] = r
        print(f"{name:8s} ratio {r['ratio']:.2f}  (target {op} {target}: {'met' if ok else 'NOT met'})  {r['detail']}",
              flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
