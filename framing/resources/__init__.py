"""Package data: word lists, cue lists, lexicons and tables kept as versioned TSV/YAML files.

Every file under ``framing/resources/fa/`` is documented (origin of each entry) in
``framing/resources/fa/README.md``. TSV files have ``#`` comment lines, then a header row,
then one entry per line. Errors name the file and the line.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import yaml

from framing.config import RESOURCES_DIR


class ResourceError(ValueError):
    """A resource file is malformed (the message names the file and the line)."""


def resource_path(name: str, lang: str = "fa") -> Path:
    path = RESOURCES_DIR / lang / name if lang else RESOURCES_DIR / name
    if not path.is_file():
        raise ResourceError(f"resource file not found: {path}")
    return path


def read_tsv_file(path: str | Path, *, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Read a commented TSV file into a list of dicts (keys from the header row).

    Each row also gets ``_line`` (1-based line number) so that later validation can point at it.
    """
    path = Path(path)
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                missing = [c for c in required if c not in header]
                if missing:
                    raise ResourceError(f"{path}:{lineno}: header lacks column(s) {missing}; has {header}")
                continue
            if len(cells) > len(header):
                raise ResourceError(
                    f"{path}:{lineno}: {len(cells)} fields but the header has {len(header)} ({header})"
                )
            row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
            for col in required:
                if not row.get(col):
                    raise ResourceError(f"{path}:{lineno}: empty required field {col!r}")
            row["_line"] = str(lineno)
            rows.append(row)
    if header is None:
        raise ResourceError(f"{path}: no header row")
    return rows


@functools.cache
def read_tsv(name: str, lang: str = "fa", required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """Cached read of a packaged TSV resource."""
    return tuple(read_tsv_file(resource_path(name, lang), required=required))


@functools.cache
def read_yaml(name: str, lang: str = "fa"):
    path = resource_path(name, lang)
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:  # pragma: no cover - message passthrough
        raise ResourceError(f"{path}: {exc}") from exc


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (data files, downloads, report tables)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def resources_version(lang: str = "fa") -> str:
    """A short hash of every resource file: changes whenever a word list or lexicon changes."""
    h = hashlib.sha256()
    base = RESOURCES_DIR / lang
    # the language's files, and the language-independent tables beside them (fields.yaml, genre.yaml …)
    paths = sorted(base.rglob("*")) + sorted(p for p in RESOURCES_DIR.glob("*") if p.parent != base)
    for path in paths:
        if path.is_file() and path.suffix in {".tsv", ".yaml", ".yml", ".txt"}:
            h.update(path.relative_to(RESOURCES_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def update_tsv_column(path: str | Path, update) -> int:
    """Rewrite a commented TSV in place, keeping comments and column order: ``update(row)``
    gets each data row as a dict and changes it (used by the scripts that refresh corpus hit
    counts). Returns the number of data rows."""
    path = Path(path)
    out, header, n = [], None, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            out.append(line)
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        update(row)
        out.append("\t".join(row[h] for h in header))
        n += 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return n
