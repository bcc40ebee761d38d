"""Command line: ``framing <command> ...`` (run ``framing --help``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing import __version__
from framing.config import PROCESSED_DIR, RAW_DIR, REPORTS_DIR


def _cmd_ingest(args) -> int:
    from framing.ingest import ingest

    result = ingest(
        args.paths,
        args.out,
        max_record_chars=args.max_record_chars,
        progress=args.progress,
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


def _cmd_report(args) -> int:
    from framing.ingest import ingest
    from framing.summary import write_summary

    result = ingest(args.paths, args.out, progress=args.progress)
    t = result.report["totals"]
    print(f"ingest: read {t['read']}, wrote {t['written']}, quarantined {t['quarantined']} -> {result.out_dir}")
    paths = write_summary(args.out, args.reports)
    for kind, path in paths.items():
        print(f"report: {kind} -> {path}")
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

    sp = sub.add_parser("ingest", help="read text/JSONL/JSON/CSV/TSV/Parquet/HTML into tidy tables")
    sp.add_argument("paths", nargs="*", default=[str(RAW_DIR)], help="files or folders (default: data/raw)")
    sp.add_argument("--out", default=str(PROCESSED_DIR), help="output folder (default: data/processed)")
    sp.add_argument("--max-record-chars", type=int, default=2_000_000, help="quarantine records longer than this")
    progress_flags(sp)
    sp.set_defaults(func=_cmd_ingest)

    sp = sub.add_parser("report", help="the main job: ingest + summary tables under reports/")
    sp.add_argument("paths", nargs="*", default=[str(RAW_DIR)], help="files or folders (default: data/raw)")
    sp.add_argument("--out", default=str(PROCESSED_DIR), help="processed-data folder (default: data/processed)")
    sp.add_argument("--reports", default=str(REPORTS_DIR), help="report folder (default: reports)")
    progress_flags(sp)
    sp.set_defaults(func=_cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
