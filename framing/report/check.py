"""``framing report --check``: does a finished report come out the same when it is made again?

The report's ``report_meta.json`` records its inputs (data paths, all parameters, extra lexicons,
the working folder the paths are relative to), the versions that made it and a SHA-256 of every
table. :func:`check_report` runs the whole pipeline again on those inputs into a temporary folder
(notebooks are not run: they write figures, not tables) and compares every table — CSV, JSONL and
JSON byte for byte; Parquet value for value when the bytes differ, because a Parquet file also
stores the name and version of the library that wrote it, which says nothing about its contents.
It also says what changed since the report was made: the data, the code, the lexicon, or the
versions of Python and the libraries.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from framing.report.build import META_FILE, build_report, table_files


class CheckError(ValueError):
    """The folder is not a finished report that can be checked."""


@dataclass
class CheckResult:
    identical: list[str] = field(default_factory=list)
    same_values: list[str] = field(default_factory=list)  # Parquet: same values, other file bytes
    differ: dict[str, str] = field(default_factory=dict)  # table -> what differs
    changed: list[str] = field(default_factory=list)  # inputs or environment that are not as recorded

    @property
    def ok(self) -> bool:
        return not self.differ


@contextmanager
def _cwd(path: str | None):
    old = os.getcwd()
    if path and Path(path).is_dir():
        os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _first_difference(a: Path, b: Path) -> str:
    """Where two text tables first differ: «line 12: …» (or the sizes, for binary files)."""
    if a.suffix == ".parquet":
        return _parquet_difference(a, b) or "the Parquet files differ"
    la = a.read_text(encoding="utf-8", errors="replace").splitlines()
    lb = b.read_text(encoding="utf-8", errors="replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb), start=1):
        if x != y:
            return f"line {i}: report has {x[:120]!r}, rerun gives {y[:120]!r}"
    return f"the report has {len(la)} lines, the rerun {len(lb)}"


def _parquet_difference(a: Path, b: Path) -> str | None:
    """``None`` when two Parquet files hold the same columns and values (metadata aside)."""
    import pyarrow.parquet as pq

    ta, tb = pq.read_table(a), pq.read_table(b)
    if ta.schema.remove_metadata() != tb.schema.remove_metadata():
        return f"columns differ: {ta.schema.names} vs {tb.schema.names}"
    if ta.num_rows != tb.num_rows:
        return f"the report has {ta.num_rows} rows, the rerun {tb.num_rows}"
    for name in ta.schema.names:
        if not ta[name].equals(tb[name]):
            ca, cb = ta[name].to_pylist(), tb[name].to_pylist()
            row = next(i for i, (x, y) in enumerate(zip(ca, cb)) if x != y)
            return f"column {name!r}, row {row + 1}: report has {str(ca[row])[:80]!r}, rerun gives {str(cb[row])[:80]!r}"
    return None


def _changes(meta: dict, again: dict) -> list[str]:
    """What is not as it was when the report was made (each one can explain a difference)."""
    out = []
    for key, what in (("data_hash", "the data"), ("code_version", "the code"), ("resources_version", "the resources"),
                      ("lexicon_version", "the lexicon")):
        if meta.get(key) != again.get(key):
            out.append(f"{what} changed: recorded {meta.get(key)}, now {again.get(key)}")
    rec, now = meta.get("versions") or {}, again.get("versions") or {}
    for k in sorted(set(rec) | set(now)):
        if k == "lock":
            continue
        if rec.get(k) != now.get(k):
            out.append(f"{k}: recorded {rec.get(k)}, running {now.get(k)}")
    lr, ln = rec.get("lock") or {}, now.get("lock") or {}
    if lr.get("sha256") != ln.get("sha256"):
        out.append(f"requirements.lock: recorded sha256 {str(lr.get('sha256'))[:16]}, now {str(ln.get('sha256'))[:16]}")
    if ln and not ln.get("installed_as_locked"):
        out.append("the running environment is not what requirements.lock pins: " + ", ".join(ln.get("differences", [])[:5]))
    return out


def check_report(reports_dir, *, log=print, progress: bool | None = False) -> CheckResult:
    """Rerun the report in ``reports_dir`` from its recorded inputs and compare every table."""
    reports = Path(reports_dir)
    meta_path = reports / META_FILE
    if not meta_path.is_file():
        raise CheckError(f"{reports} is not a finished report: no {META_FILE} (run `framing report` first)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    inputs = meta.get("inputs")
    if not inputs or "tables" not in meta:
        raise CheckError(f"{meta_path} records no inputs to rerun (made by an older framing: run `framing report --force`)")
    processed = Path(inputs["processed_dir"])
    original = table_files(processed, reports)
    result = CheckResult()
    for name, digest in meta["tables"].items():
        f = original.get(name)
        if f is None:
            result.differ[name] = "missing from the report's folders"
    with tempfile.TemporaryDirectory(prefix="framing-check-") as tmp, _cwd(inputs.get("cwd")):
        log(f"check: rerunning {', '.join(inputs['data'])} into a temporary folder (notebooks not run: they make figures)")
        build_report(inputs["data"], processed_dir=Path(tmp) / "processed", reports_dir=Path(tmp) / "reports",
                     params=inputs["params"], lexicon_extra=inputs.get("lexicon_extra") or (), notebooks=False,
                     force=True, progress=progress, log=lambda *_: None)
        again = json.loads((Path(tmp) / "reports" / META_FILE).read_text(encoding="utf-8"))
        rerun = table_files(Path(tmp) / "processed", Path(tmp) / "reports")
        result.changed = _changes(meta, again)
        for name in sorted(set(original) | set(rerun) | set(meta["tables"])):
            a, b = original.get(name), rerun.get(name)
            if name in result.differ:
                continue
            if a is None or b is None:
                result.differ[name] = "only in the rerun" if a is None else "not made by the rerun"
                continue
            if a.read_bytes() == b.read_bytes():
                if meta["tables"].get(name) not in (None, again["tables"].get(name)):
                    result.differ[name] = "the same as the rerun, but not the table the report recorded (its SHA-256 differs)"
                else:
                    result.identical.append(name)
            elif a.suffix == ".parquet" and _parquet_difference(a, b) is None:
                result.same_values.append(name)
            else:
                result.differ[name] = _first_difference(a, b)
    return result


def print_check(result: CheckResult, reports_dir, out=print) -> None:
    for name in result.identical:
        out(f"  identical     {name}")
    for name in result.same_values:
        out(f"  same values   {name} (Parquet bytes differ only in the writer's metadata)")
    for name, why in sorted(result.differ.items()):
        out(f"  DIFFERS       {name}: {why}")
    for c in result.changed:
        out(f"  changed since the report: {c}")
    n = len(result.identical) + len(result.same_values)
    if result.ok:
        out(f"check: {reports_dir}: all {n} tables come out identical")
    else:
        out(f"check: {reports_dir}: {len(result.differ)} of {n + len(result.differ)} tables differ")
