"""Command line: ``framing <command> ...`` (run ``framing --help``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing._version import __version__
from framing.config import PROCESSED_DIR, RAW_DIR, REPORTS_DIR
from framing.ingest.datasets import DatasetError


def _cmd_ingest(args) -> int:
    from framing.ingest.run import ingest

    result = ingest(
        args.paths,
        args.out,
        max_record_chars=args.max_record_chars,
        progress=args.progress,
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        batch_size=args.partition,
    )
    t = result.report["totals"]
    print(
        f"ingest: read {t['read']} records, wrote {t['written']} articles, quarantined {t['quarantined']}"
        f" -> {result.out_dir}"
    )
    if t["quarantined"]:
        codes = ", ".join(f"{k} {v}" for k, v in result.report["quarantine_codes"].items())
        print(f"  quarantine ({codes}): see {result.out_dir / 'quarantine.jsonl'}")
    for s in result.report["skipped_files"]:
        print(f"  skipped {s['file']}: {s['reason']}")
    return 0


def _cmd_datasets(args) -> int:
    from framing.ingest import datasets

    reg = datasets.registry()
    if args.action == "list":
        for ds in reg.values():
            print(datasets.describe(ds))
            print(f"  status:  {datasets.status(ds)} ({datasets.dataset_dir(ds.name)})")
            print()
        print("framing datasets fetch NAME downloads one (once, verified) and converts it for `framing report NAME`.")
        return 0
    for name in args.names:
        datasets.get_dataset(name, reg)  # an unknown name fails before anything is downloaded
    for name in args.names:
        folder = datasets.fetch(name, reg=reg, progress=args.progress, force=args.force)
        print(f"{name}: ready in {folder} (framing report {name}, or make report DATA={name})")
    return 0


def _cmd_report(args) -> int:
    from framing.params import load_params
    from framing.report.build import build_report

    if args.check is not None:
        from framing.report.check import check_report, print_check

        if args.paths:
            raise ValueError("--check reruns a finished report's own recorded inputs: give it the report folder, not data paths")
        folder = args.check or args.reports
        result = check_report(folder, progress=args.progress)
        print_check(result, folder)
        return 0 if result.ok else 1

    params = load_params()
    res = build_report(args.paths or None, processed_dir=args.out, reports_dir=args.reports, params=params,
                       lexicon_extra=args.lexicon or (), notebooks=args.notebooks, force=args.force,
                       progress=args.progress)
    done = f"ran {', '.join(res.ran)}" if res.ran else "nothing changed"
    print(f"report: {done} in {res.seconds:.1f} s -> {res.paths['markdown']} and {res.paths['html']}")
    return 0


def _cmd_compare(args) -> int:
    from framing.params import load_params
    from framing.report.build import compare_step

    params = load_params()
    if args.min_articles is not None:
        params["report"]["min_articles"] = args.min_articles
    if args.outlets:
        params["report"]["outlets"] = args.outlets
    processed = Path(args.processed)
    if not (processed / "analysis.parquet").is_file():
        raise FileNotFoundError(f"{processed / 'analysis.parquet'} not found: run `framing analyze --format parquet "
                                f"--out {processed / 'analysis.parquet'}` (or `make report`) first")
    compare_step(processed, Path(args.reports), params, [], print)
    print(f"compare: tables and figures -> {args.reports}")
    return 0


def _lexicon(args):
    from framing.lexicon.loaded import load_lexicon
    from framing.params import load_params

    extra = list(load_params()["lexicon"]["extra"]) + list(getattr(args, "lexicon", None) or [])
    return load_lexicon(extra=extra)


def _cmd_analyze(args) -> int:
    import contextlib
    import tempfile

    from framing.analysis.files import analyze_processed

    from framing.voice.models import resolve_model

    model = resolve_model(args.model)  # the shipped decider by default; `rules`; a trained model's folder
    paths = [Path(p) for p in args.paths]
    processed = len(paths) == 1 and (paths[0] / "articles.parquet").is_file() and (paths[0] / "sentences.parquet").is_file()
    out = args.out or str(Path(PROCESSED_DIR) / f"analysis.{args.format}")
    with contextlib.ExitStack() as stack:
        client = None
        if args.engine == "dask":
            from framing.engine import dask_client

            client = stack.enter_context(dask_client(scheduler=args.scheduler, workers=args.workers))
        folder = paths[0]
        if not processed:  # raw inputs: ingest them first (streaming, same engine), into a temporary folder
            from framing.ingest.run import ingest

            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="framing-")))
            ingest(paths, folder, progress=args.progress, engine=args.engine, client=client, batch_size=args.partition)
        target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="framing-out-"))) / f"analysis.{args.format}" \
            if out == "-" else Path(out)
        path, n = analyze_processed(folder, target, fmt=args.format, lexicon=_lexicon(args), model=model,
                                    engine=args.engine, client=client, progress=args.progress)
        if out == "-":
            if args.format != "jsonl":
                raise ValueError("--out - writes JSONL to stdout; use --format jsonl")
            sys.stdout.write(path.read_text(encoding="utf-8"))
            return 0
    from framing.analysis.files import read_analysis

    counts = read_analysis(path)["voice"].value_counts().to_dict() if n else {}
    print(f"analyze: {n} sentences ({', '.join(f'{k} {v}' for k, v in counts.items())}) -> {path}")
    return 0


def _cmd_evaluate(args) -> int:
    import json

    from framing.learn.evaluate import evaluate_gold

    from framing.voice.models import resolve_model

    ev = evaluate_gold(args.gold, model=resolve_model(args.model))
    md = ev.to_markdown(errors=args.errors)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(md, encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps(ev.summary(), ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"evaluate: report -> {out}")
    print(md)
    return 0


def _cmd_train(args) -> int:
    from framing.learn.training import train
    from framing.voice.models import build_from_params

    name = args.model
    params = {}
    if name is None:
        name, est = build_from_params()
        from framing.params import load_params

        params = load_params()["model"].get("params") or {}
    out = args.out or str(Path("models") / name)
    card = train(name, args.gold, out, params=params, cv=not args.no_cv, folds=args.folds, evaluate_on=args.evaluate,
                 log=(lambda m: print(f"train: {m}", file=sys.stderr)))
    cv = card.get("cross_validation")
    score = f"; grouped CV macro-F1 {cv['macro_f1']:.3f}" if cv else ""
    for d, ev in (card.get("held_out") or {}).items():
        score += f"; on {d}: macro-F1 {ev['macro_f1']:.3f}"
    td = card["training_data"]
    size = f"{td['units']} units" if "units" in td else f"{td['sentences']} sentences"
    print(f"train: {name} on {size} in {card['fit_seconds']} s{score} -> {out}")
    print(f"  model card: {Path(out) / 'model_card.md'}")
    return 0


def _cmd_models(args) -> int:
    from framing.voice.models import _REGISTRY, registered

    for name in registered():
        doc = (_REGISTRY[name].__doc__ or "").strip().splitlines()
        print(f"{name:22s} {doc[0] if doc else ''}")
    return 0


def _cmd_annotate(args) -> int:
    from framing.learn import annotate

    if args.action == "export":
        from framing.analysis.analyze import analyze, load_tables

        articles, sentences = load_tables(args.paths)
        model = None
        if args.model:
            from framing.voice.models import load_model

            model = load_model(args.model)
        df = analyze(articles, sentences, progress=args.progress)
        out = annotate.export_sample(df, args.out, n=args.n, seed=args.seed, model=model)
        print(f"annotate: {args.n} sentences to label -> {out} (fill the `voice`, `source`, `cue`, `loaded` columns)")
    elif args.action == "import":
        res = annotate.import_labels(args.file, args.corpus, args.out)
        print(f"annotate: imported {res['imported']} labels; {res['units']} units in {res['documents']} documents -> {res['out']}")
    else:
        res = annotate.agreement(args.a, args.b)
        print(f"agreement on {res['units']} units: voice κ {res['voice_kappa']:.3f} (raw {res['voice_agreement']:.3f}); "
              f"loaded-phrase F1 {res['loaded_f1']:.3f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="framing",
        description="Measure how Persian-language outlets frame the news.",
    )
    p.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def progress_flags(sp):
        g = sp.add_mutually_exclusive_group()
        g.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show a progress bar")
        g.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")

    def engine_flags(sp):
        sp.add_argument("--engine", choices=["pandas", "dask"], default="pandas",
                        help="pandas: this process, streaming (default); dask: a Dask cluster")
        sp.add_argument("--workers", type=int, help="dask: size of the local cluster (default: one per core)")
        sp.add_argument("--scheduler", metavar="ADDRESS", help="dask: connect to an existing cluster (tcp://host:8786)")
        sp.add_argument("--partition", type=int, default=100, help="records per partition (default 100)")

    sp = sub.add_parser("ingest", help="read text/JSONL/JSON/CSV/TSV/Parquet/HTML into tidy tables")
    sp.add_argument("paths", nargs="*", default=[str(RAW_DIR)], help="files or folders (default: data/raw)")
    sp.add_argument("--out", default=str(PROCESSED_DIR), help="output folder (default: data/processed)")
    sp.add_argument("--max-record-chars", type=int, default=2_000_000, help="quarantine records longer than this")
    engine_flags(sp)
    progress_flags(sp)
    sp.set_defaults(func=_cmd_ingest)

    sp = sub.add_parser("analyze", help="voice, source, cue, via and loaded phrases for every sentence")
    sp.add_argument("paths", nargs="*", default=[str(RAW_DIR)], help="anything `framing ingest` reads, or a processed folder")
    sp.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl", help="output format (default jsonl)")
    sp.add_argument("--out", help="output file (default data/processed/analysis.FORMAT; - for stdout JSONL)")
    sp.add_argument("--model", help="the voice decider: rules (voice.rules.v2), voice.rules.v1, or a trained model folder (default: voice.evidence.v1, trained on the shared gold and shipped with framing)")
    sp.add_argument("--lexicon", action="append", metavar="TSV", help="a user lexicon to merge (repeatable)")
    engine_flags(sp)
    progress_flags(sp)
    sp.set_defaults(func=_cmd_analyze)

    sp = sub.add_parser("evaluate", help="score the analysis against gold annotations (guidelines format)")
    sp.add_argument("--gold", required=True, help="folder with docs.jsonl and gold.jsonl")
    sp.add_argument("--model", help="the voice decider: rules (voice.rules.v2), voice.rules.v1, or a trained model folder (default: voice.evidence.v1, trained on the shared gold and shipped with framing)")
    sp.add_argument("--out", help="write the report (Markdown) and its numbers (.json) here")
    sp.add_argument("--errors", type=int, default=20, help="how many voice errors to list (default 20)")
    sp.set_defaults(func=_cmd_evaluate)

    sp = sub.add_parser("train", help="train a registered model on gold annotations (grouped CV, model card)")
    sp.add_argument("--model", help="registered name, e.g. voice.linear.v1 (default: params.yaml model.name)")
    sp.add_argument("--gold", action="append", required=True, help="gold folder(s) with docs.jsonl and gold.jsonl (repeatable)")
    sp.add_argument("--out", help="output folder (default models/NAME)")
    sp.add_argument("--folds", type=int, default=5, help="cross-validation folds, grouped by article")
    sp.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    sp.add_argument("--evaluate", action="append", metavar="DIR",
                    help="also score the trained model on these gold folders (e.g. dev when training on train)")
    sp.set_defaults(func=_cmd_train)

    sp = sub.add_parser("models", help="list the registered models")
    sp.set_defaults(func=_cmd_models)

    sp = sub.add_parser("annotate", help="export sentences to label, import labels, measure agreement")
    asub = sp.add_subparsers(dest="action", required=True)
    ap = asub.add_parser("export", help="sample sentences for labelling (stratified, uncertain first)")
    ap.add_argument("paths", nargs="*", default=[str(RAW_DIR)])
    ap.add_argument("--out", required=True, help="CSV or JSONL file to write")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", help="rank uncertainty with a trained model instead of the rules")
    progress_flags(ap)
    ap = asub.add_parser("import", help="validate a labelled file and merge it into a gold folder")
    ap.add_argument("file")
    ap.add_argument("--corpus", nargs="+", required=True, help="the corpus the sentences came from")
    ap.add_argument("--out", default="data/annotations", help="gold folder to merge into (default data/annotations)")
    ap = asub.add_parser("agreement", help="Cohen's κ (voice) and F1 (loaded phrases) between two label files")
    ap.add_argument("a")
    ap.add_argument("b")
    sp.set_defaults(func=_cmd_annotate)

    sp = sub.add_parser("datasets", help="public Persian news corpora: list them, fetch one into data/external/")
    dsub = sp.add_subparsers(dest="action", required=True)
    dp = dsub.add_parser("list", help="what each corpus is, its outlets, period, size and terms; fetched or not")
    dp = dsub.add_parser("fetch", help="download (once, hash-verified) and convert for `framing report NAME`")
    dp.add_argument("names", nargs="+", metavar="NAME", help="registry name(s): see `framing datasets list`")
    dp.add_argument("--force", action="store_true", help="convert again even if the converted copy is up to date")
    progress_flags(dp)
    sp.set_defaults(func=_cmd_datasets)

    sp = sub.add_parser("report", help="the main job: ingest → analyze → compare → notebooks → reports/")
    sp.add_argument("paths", nargs="*", help="files or folders, or dataset names fetched when missing (framing datasets "
                                             "list); default: `data` in params.yaml, i.e. data/raw")
    sp.add_argument("--out", default=str(PROCESSED_DIR), help="processed-data folder (default: data/processed)")
    sp.add_argument("--reports", default=str(REPORTS_DIR), help="report folder (default: reports)")
    sp.add_argument("--lexicon", action="append", metavar="TSV", help="a user lexicon to merge (repeatable)")
    sp.add_argument("--no-notebooks", dest="notebooks", action="store_false", help="skip executing the notebooks")
    sp.add_argument("--force", action="store_true", help="rerun every step even if its inputs did not change")
    sp.add_argument("--check", nargs="?", const="", metavar="REPORTS_DIR",
                    help="rerun a finished report's recorded inputs (default folder: --reports) and say whether every "
                         "table comes out identical; exit 1 when one differs")
    progress_flags(sp)
    sp.set_defaults(func=_cmd_report)

    sp = sub.add_parser("compare", help="outlet comparison, stories, wire diffs and charts of an analysed corpus")
    sp.add_argument("processed", nargs="?", default=str(PROCESSED_DIR), help="folder with analysis.parquet")
    sp.add_argument("--reports", default=str(REPORTS_DIR), help="output folder (default: reports)")
    sp.add_argument("--outlets", nargs="+", help="outlets to compare (default: params.yaml report.outlets, or all)")
    sp.add_argument("--min-articles", type=int, help="flag outlets with fewer articles (default: params.yaml)")
    sp.set_defaults(func=_cmd_compare)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, OSError, DatasetError) as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
