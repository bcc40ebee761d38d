"""Public Persian news corpora, one command away: ``framing datasets list`` / ``fetch NAME``.

The registry is data (``framing/resources/datasets.yaml``): for each corpus what it is, its
outlets and period, the terms its authors state, and every upstream file's URL (pinned to a
commit), SHA-256 and size. ``fetch`` downloads each file once with pooch (a progress bar, the
hash checked before the file is kept) into ``data/external/downloads/<name>/``, then converts
the files into the JSON Lines that ``framing ingest`` reads, in ``data/external/<name>/`` —
the same file names, fields, record order and keys as the team's re-keyed copies in
``../shared/corpora/<name>/``, so labels kept in pointer form (``data/annotations/``) resolve
against either. Nothing here is committed (``data/external/`` is in ``.gitignore``).

Failure leaves nothing half-written: pooch streams into a temporary file and moves it into
place only when the hash matches (it deletes the temporary file on a wrong hash, a broken
connection or a full disk), and a conversion is written into a temporary folder that replaces
the old one only once it is complete. A second ``fetch`` after a failure starts that file
again; once a file is there, later fetches make no request at all.

Converters:

* ``json-array``: a JSON array of records (Fars News, the RSS sets), written one record per
  line, unchanged; several inputs are concatenated in the order listed.
* ``farexstance-xlsx``: FarExStance's spreadsheets (one row per claim–article pair: ``claim,
  content, stance, claim_id, news_id, evidence`` plus two unnamed index columns) become
  ``articles.jsonl`` — ``{news_id, outlet_guess, text}``, one record per distinct ``news_id`` in
  first-seen order, the text with every whitespace run made one space, ``outlet_guess`` from
  the opening «به گزارش …» credit — and ``claim_groups.json`` — ``{claim_id, claim, articles:
  [{news_id, stance, outlet_guess}]}`` by claim id, articles in first-seen order.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from framing import config
from framing.resources import file_sha256

REGISTRY_FILE = config.RESOURCES_DIR / "datasets.yaml"
MANIFEST = ".dataset.json"  # hidden: `framing ingest` skips it when it reads the folder
DOWNLOADS = "downloads"
# Bump when a converter's output changes: converted folders of an older version are rebuilt.
CONVERTER_VERSION = 1
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DatasetError(RuntimeError):
    """A dataset could not be fetched or converted; the message says what to do."""


@dataclass(frozen=True)
class DataFile:
    name: str
    url: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    what: str
    outlets: str
    period: str
    terms: str
    homepage: str
    convert: str
    outputs: dict[str, tuple[str, ...]]
    files: tuple[DataFile, ...]
    articles: tuple[str, ...] = ()  # the outputs that hold articles (what a report reads); the rest are side tables
    options: dict = field(default_factory=dict)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)


# -- the registry --------------------------------------------------------------------------------
def load_registry(path=None) -> dict[str, Dataset]:
    """Read and check a registry file (default: the packaged ``datasets.yaml``)."""
    path = Path(path) if path else REGISTRY_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DatasetError(f"cannot read the dataset registry {path}: {exc}") from exc
    if not isinstance(raw, dict) or not raw:
        raise DatasetError(f"{path}: the registry must map dataset names to entries")
    out = {}
    for name, entry in raw.items():
        where = f"{path}: dataset {name!r}"
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", str(name)) or name == DOWNLOADS:
            raise DatasetError(f"{where}: a name is lower-case letters, digits, '-', '_' or '.' (and not {DOWNLOADS!r})")
        if not isinstance(entry, dict):
            raise DatasetError(f"{where}: not a mapping")
        missing = [k for k in ("title", "what", "outlets", "period", "terms", "homepage", "convert", "outputs", "files")
                   if entry.get(k) in (None, "", [], {})]
        if missing:
            raise DatasetError(f"{where}: missing {', '.join(missing)}")
        files = []
        for i, f in enumerate(entry["files"], start=1):
            for k in ("name", "url", "sha256", "bytes"):
                if not f.get(k):
                    raise DatasetError(f"{where}: file {i} has no {k}")
            if not _SHA256.match(str(f["sha256"])):
                raise DatasetError(f"{where}: file {f['name']}: sha256 must be 64 lower-case hex digits")
            if not str(f["url"]).startswith(("https://", "http://")):
                raise DatasetError(f"{where}: file {f['name']}: url must be http(s)")
            if "/" in str(f["name"]) or str(f["name"]).startswith("."):
                raise DatasetError(f"{where}: file name {f['name']!r} must be a plain file name")
            files.append(DataFile(str(f["name"]), str(f["url"]), str(f["sha256"]), int(f["bytes"])))
        names = {f.name for f in files}
        outputs = {str(k): tuple(v) for k, v in entry["outputs"].items()}
        for out_name, inputs in outputs.items():
            unknown = [x for x in inputs if x not in names]
            if unknown:
                raise DatasetError(f"{where}: output {out_name} is made from {unknown}, which are not in its files")
            if "/" in out_name or out_name.startswith("."):
                raise DatasetError(f"{where}: output name {out_name!r} must be a plain file name")
        articles = tuple(entry.get("articles") or outputs)
        if not set(articles) <= set(outputs):
            raise DatasetError(f"{where}: articles {sorted(set(articles) - set(outputs))} are not among its outputs")
        if entry["convert"] not in CONVERTERS:
            raise DatasetError(f"{where}: unknown converter {entry['convert']!r} (known: {', '.join(CONVERTERS)})")
        known = {"title", "what", "outlets", "period", "terms", "homepage", "convert", "outputs", "files", "articles"}
        out[str(name)] = Dataset(str(name), str(entry["title"]), " ".join(str(entry["what"]).split()), str(entry["outlets"]),
                                 str(entry["period"]), str(entry["terms"]), str(entry["homepage"]), str(entry["convert"]),
                                 outputs, tuple(files), articles, {k: v for k, v in entry.items() if k not in known})
    return out


@functools.cache
def registry() -> dict[str, Dataset]:
    """The packaged registry (read once)."""
    return load_registry()


def get_dataset(name: str, reg: dict[str, Dataset] | None = None) -> Dataset:
    reg = registry() if reg is None else reg
    if name not in reg:
        raise DatasetError(f"unknown dataset {name!r}: the registry has {', '.join(sorted(reg))} (framing datasets list)")
    return reg[name]


def external_dir(root=None) -> Path:
    return Path(root) if root is not None else config.EXTERNAL_DIR


def dataset_dir(name: str, root=None) -> Path:
    """Where the converted corpus lives (what ``framing report NAME`` reads)."""
    return external_dir(root) / name


def downloads_dir(name: str, root=None) -> Path:
    """Where the upstream files are kept, exactly as downloaded."""
    return external_dir(root) / DOWNLOADS / name


# -- status --------------------------------------------------------------------------------------
def read_manifest(folder) -> dict | None:
    p = Path(folder) / MANIFEST
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def is_converted(ds: Dataset, root=None) -> bool:
    """The converted folder is complete and made from exactly the registry's files."""
    folder = dataset_dir(ds.name, root)
    m = read_manifest(folder)
    if not m or m.get("converter_version") != CONVERTER_VERSION or m.get("convert") != ds.convert:
        return False
    if m.get("files") != {f.name: f.sha256 for f in ds.files} or set(m.get("outputs", {})) != set(ds.outputs):
        return False
    return all((folder / n).is_file() and (folder / n).stat().st_size == o.get("bytes") for n, o in m["outputs"].items())


def status(ds: Dataset, root=None) -> str:
    if is_converted(ds, root):
        return "fetched"
    have = [f for f in ds.files if (downloads_dir(ds.name, root) / f.name).is_file()]
    if not have:
        return "not fetched"
    return "downloaded, not converted" if len(have) == len(ds.files) else f"{len(have)} of {len(ds.files)} files downloaded"


def describe(ds: Dataset) -> str:
    """The lines printed before a first download (and by ``framing datasets list``)."""
    return "\n".join([
        f"{ds.name}: {ds.title}",
        f"  what:    {ds.what}",
        f"  outlets: {ds.outlets}",
        f"  period:  {ds.period}",
        f"  size:    {len(ds.files)} file{'s' if len(ds.files) > 1 else ''}, {_mb(ds.bytes)}",
        f"  terms:   {ds.terms} (as stated by its authors; read them before you publish)",
        f"  source:  {ds.homepage}",
    ])


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


# -- fetching ------------------------------------------------------------------------------------
def fetch(name, *, root=None, reg: dict[str, Dataset] | None = None, progress: bool | None = None,
          force: bool = False, log=print) -> Path:
    """Download (once), verify and convert a registry dataset; returns its converted folder.

    Prints the dataset's terms before its first download. Raises :class:`DatasetError` with what
    to do on a wrong hash, a broken connection, a server error or a full disk; nothing
    half-written is left behind.
    """
    ds = name if isinstance(name, Dataset) else get_dataset(name, reg)
    out = dataset_dir(ds.name, root)
    if not force and is_converted(ds, root):
        log(f"{ds.name}: already fetched in {out}")
        return out
    download(ds, root=root, progress=progress, log=log)
    convert(ds, root=root, log=log)
    return out


def _cached(path: Path, f: DataFile) -> bool:
    import pooch

    return path.is_file() and path.stat().st_size == f.bytes and pooch.file_hash(str(path), alg="sha256") == f.sha256


def download(ds: Dataset, *, root=None, progress: bool | None = None, log=print) -> list[Path]:
    """Each upstream file into ``downloads/<name>/``, verified; a file already there is not requested."""
    folder = downloads_dir(ds.name, root)
    paths = [folder / f.name for f in ds.files]
    todo = [f for f, p in zip(ds.files, paths) if not _cached(p, f)]
    if todo:
        log(describe(ds))
        log(f"  downloading {len(todo)} file{'s' if len(todo) > 1 else ''} ({_mb(sum(f.bytes for f in todo))}) into {folder}")
    for f in todo:
        _download_one(ds, f, folder, progress)
    return paths


def _download_one(ds: Dataset, f: DataFile, folder: Path, progress: bool | None) -> Path:
    import pooch
    import requests
    from tqdm.auto import tqdm

    again = f"run `framing datasets fetch {ds.name}` again"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, folder, ds, f.bytes) from exc
    pooch.get_logger().setLevel("WARNING")  # we say what we download ourselves
    bar = tqdm(total=f.bytes, unit="B", unit_scale=True, unit_divisor=1024, desc=f"{ds.name}/{f.name}",
               disable=(None if progress is None else not progress), file=sys.stderr, leave=True)
    try:
        pooch.retrieve(f.url, known_hash=f"sha256:{f.sha256}", fname=f.name, path=folder,
                       downloader=pooch.HTTPDownloader(progressbar=bar, timeout=60))
    except ValueError as exc:
        if "hash" not in str(exc).lower():
            raise
        raise DatasetError(
            f"{ds.name}/{f.name}: the file served at {f.url} is not the one the registry pins "
            f"(SHA-256 {f.sha256}); nothing was kept. The upstream file may have changed or the download been "
            f"altered on the way: {again} later, and if it persists, check the URL and hash in "
            f"framing/resources/datasets.yaml against the authors' repository. ({exc})") from exc
    except requests.exceptions.HTTPError as exc:
        raise DatasetError(f"{ds.name}/{f.name}: the server refused {f.url} ({exc}); nothing was kept. "
                           f"If the file moved, update its URL in framing/resources/datasets.yaml; else {again}.") from exc
    except requests.exceptions.RequestException as exc:
        what = ("broke off in the middle of the file"
                if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError))
                else "timed out" if isinstance(exc, requests.exceptions.Timeout) else "failed")
        raise DatasetError(f"{ds.name}/{f.name}: the download from {f.url} {what} ({type(exc).__name__}: {exc}); "
                           f"no partial file was kept. Check the connection (this machine must reach "
                           f"{f.url.split('/')[2]}) and {again}: it starts that file anew.") from exc
    except OSError as exc:
        raise _os_error(exc, folder, ds, f.bytes) from exc
    finally:
        bar.close()
    return folder / f.name


def _os_error(exc: OSError, folder: Path, ds: Dataset, need: int) -> DatasetError:
    if exc.errno == errno.ENOSPC:
        return DatasetError(
            f"{ds.name}: the disk is full while writing in {folder} (about {_mb(need)} needed there, plus room for "
            f"the converted copy); nothing half-written was kept. Free some space, or set FRAMING_EXTERNAL to a "
            f"folder on a disk with room, then run `framing datasets fetch {ds.name}` again.")
    return DatasetError(f"{ds.name}: cannot write in {folder}: {exc}")


# -- converting ----------------------------------------------------------------------------------
def convert(ds: Dataset, *, root=None, log=print) -> Path:
    """Convert the downloaded files into ``<root>/<name>/``, replacing an older conversion only
    once the new one is complete."""
    src = downloads_dir(ds.name, root)
    out = dataset_dir(ds.name, root)
    missing = [f.name for f in ds.files if not (src / f.name).is_file()]
    if missing:
        raise DatasetError(f"{ds.name}: {', '.join(missing)} not downloaded yet: run `framing datasets fetch {ds.name}`")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{ds.name}.converting-", dir=out.parent))
    try:
        stats = CONVERTERS[ds.convert](ds, src, tmp)
        outputs = {}
        for name in ds.outputs:
            p = tmp / name
            outputs[name] = {"bytes": p.stat().st_size, "sha256": file_sha256(p), **stats.get(name, {})}
        from framing._version import __version__

        manifest = {"name": ds.name, "title": ds.title, "terms": ds.terms, "homepage": ds.homepage,
                    "convert": ds.convert, "converter_version": CONVERTER_VERSION, "framing_version": __version__,
                    "files": {f.name: f.sha256 for f in ds.files}, "urls": {f.name: f.url for f in ds.files},
                    "outputs": outputs}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        old = None
        if out.exists():
            old = out.parent / f".{ds.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise _os_error(exc, out.parent, ds, ds.bytes) from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    summary = ", ".join(f"{n} ({o.get('records', '?')} records)" for n, o in outputs.items())
    log(f"{ds.name}: converted into {out}: {summary}")
    return out




def convert_json_array(ds: Dataset, src: Path, out: Path) -> dict:
    """Each input is a JSON array of objects; each object becomes one line, unchanged."""
    stats = {}
    for out_name, inputs in ds.outputs.items():
        n = 0
        with open(out / out_name, "w", encoding="utf-8", newline="\n") as fh:
            for name in inputs:
                path = src / name
                try:
                    data = json.loads(path.read_bytes())
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise DatasetError(f"{ds.name}: {path} is not valid JSON ({exc}); delete it and fetch again") from exc
                if not isinstance(data, list):
                    raise DatasetError(f"{ds.name}: {path} holds a JSON {type(data).__name__}, not the array of records expected")
                for i, rec in enumerate(data, start=1):
                    if not isinstance(rec, dict):
                        raise DatasetError(f"{ds.name}: {path}: item {i} is a {type(rec).__name__}, not a record")
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    n += 1
        stats[out_name] = {"records": n}
    return stats


# FarExStance ---------------------------------------------------------------------------------------
_FAREX_COLUMNS = ("claim", "content", "stance", "claim_id", "news_id")
_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
_CREDIT = re.compile(r"به\s+گزارش\s+")
_CLAUSE_END = re.compile(r"[،,؛;:.]|\s[-–—]\s")


@functools.cache
def _outlet_pattern(table: tuple[tuple[str, str | None], ...]) -> re.Pattern:
    names = sorted({" ".join(k.translate(_ARABIC_LETTERS).split()) for k, _ in table}, key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w\u200c])({alts})(?![\w\u200c])")


def opening_credit_outlet(content: str, table: dict[str, str | None]) -> str | None:
    """The outlet named by the credit «به گزارش …» in the article's opening line, as the label
    ``table`` gives it (``None`` when there is no such credit or it names no listed outlet).

    Only the first non-empty line counts and only the credit's own clause (up to the first
    «،», «؛», «:» or period, at most 12 words): «به گزارش اقتصادآنلاین به نقل از ایسنا، …» names
    ISNA. At each position the longest listed name wins, and a name listed without a label
    («خلیج فارس») is passed over.
    """
    first = next((ln for ln in str(content).splitlines() if ln.strip()), "")
    text = " ".join(first.translate(_ARABIC_LETTERS).split())
    m = _CREDIT.search(text)
    if not m:
        return None
    clause = text[m.end():]
    end = _CLAUSE_END.search(clause)
    clause = " ".join((clause[: end.start()] if end else clause).split()[:12])
    labels = {" ".join(k.translate(_ARABIC_LETTERS).split()): v for k, v in table.items()}
    for hit in _outlet_pattern(tuple(sorted(table.items(), key=lambda kv: kv[0]))).finditer(clause):
        label = labels.get(" ".join(hit.group(1).split()))
        if label:
            return label
    return None


def _int(value, what: str, where: str) -> int:
    try:
        f = float(str(value).strip())
    except ValueError:
        raise DatasetError(f"{where}: {what} {value!r} is not a number") from None
    if f != int(f):
        raise DatasetError(f"{where}: {what} {value!r} is not a whole number")
    return int(f)


def read_farexstance_rows(path: Path, ds_name: str = "farexstance"):
    """Rows of one FarExStance spreadsheet as dicts of the named columns (the unnamed index
    columns are dropped), with their row number."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException on a bad file
        raise DatasetError(f"{ds_name}: {path} is not a readable .xlsx file ({type(exc).__name__}: {exc}); "
                           f"delete it and fetch again") from exc
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        missing = [c for c in _FAREX_COLUMNS if c not in header]
        if missing:
            raise DatasetError(f"{ds_name}: {path} lacks the column(s) {missing}; its header is {header}")
        idx = {c: header.index(c) for c in (*_FAREX_COLUMNS, "evidence") if c in header}
        for rowno, row in enumerate(rows, start=2):
            if row is None or all(v is None for v in row):
                continue
            yield rowno, {c: (row[i] if i < len(row) else None) for c, i in idx.items()}
    finally:
        wb.close()


def convert_farexstance(ds: Dataset, src: Path, out: Path) -> dict:
    table = dict(ds.options.get("outlet_guess") or {})
    articles: dict[int, dict] = {}
    claims: dict[int, dict] = {}
    skipped = conflicts = 0
    inputs = list(dict.fromkeys(x for v in ds.outputs.values() for x in v))
    for name in inputs:
        path = src / name
        for rowno, r in read_farexstance_rows(path, ds.name):
            where = f"{ds.name}: {path.name} row {rowno}"
            content = r.get("content")
            if r.get("news_id") in (None, "") or not isinstance(content, str) or not content.strip():
                skipped += 1
                continue
            nid = _int(r["news_id"], "news_id", where)
            text = " ".join(content.split())
            if nid not in articles:
                articles[nid] = {"news_id": nid, "outlet_guess": opening_credit_outlet(content, table), "text": text}
            elif articles[nid]["text"] != text:
                conflicts += 1  # the first text of a news_id is kept
            if r.get("claim_id") in (None, ""):
                continue
            cid = _int(r["claim_id"], "claim_id", where)
            claim = claims.setdefault(cid, {"claim_id": cid, "claim": " ".join(str(r.get("claim") or "").split()),
                                            "articles": {}})
            stance = _int(r["stance"], "stance", where)
            if stance not in (0, 1, 2, 3):
                raise DatasetError(f"{where}: stance {stance} is not 0-3 (disagree, agree, discuss, unrelated)")
            claim["articles"].setdefault(nid, stance)
    if not articles:
        raise DatasetError(f"{ds.name}: no article found in {', '.join(inputs)}")
    with open(out / "articles.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for rec in articles.values():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    groups = [{"claim_id": c["claim_id"], "claim": c["claim"],
               "articles": [{"news_id": nid, "stance": st, "outlet_guess": articles[nid]["outlet_guess"]}
                            for nid, st in c["articles"].items()]}
              for c in sorted(claims.values(), key=lambda c: c["claim_id"])]
    (out / "claim_groups.json").write_text(json.dumps(groups, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"articles.jsonl": {"records": len(articles), "rows_without_article": skipped, "text_conflicts": conflicts},
            "claim_groups.json": {"records": len(groups)}}


CONVERTERS = {"json-array": convert_json_array, "farexstance-xlsx": convert_farexstance}


# -- names as data paths -------------------------------------------------------------------------
def resolve_paths(paths, *, root=None, reg: dict[str, Dataset] | None = None, progress: bool | None = None,
                  log=print) -> tuple[list[Path], dict[str, dict]]:
    """Data arguments as paths: an existing path stays as it is (a path wins over a name); a
    registry name becomes the article files of its converted folder (side tables such as
    ``claim_groups.json`` stay beside them), fetched first when missing. Returns (paths,
    {name: provenance}) for every fetched dataset among them, named or given by its path."""
    reg = registry() if reg is None else reg
    out, used = [], {}
    for p in paths:
        path = Path(p)
        if path.exists():
            out.append(path)
            folder = path if path.is_dir() else path.parent
        elif str(p) in reg:
            ds = reg[str(p)]
            folder = fetch(ds, root=root, progress=progress, log=log)
            out += [folder / name for name in ds.articles]
        else:
            raise FileNotFoundError(f"no such data path: {p} (give a file or folder, or a dataset name: "
                                    f"{', '.join(sorted(reg))}; set `data` in params.yaml or DATA=... for make report)")
        m = read_manifest(folder)
        if m and m.get("name"):
            used[m["name"]] = provenance(m, folder)
    return out, used


def provenance(manifest: dict, folder) -> dict:
    """What a report says about a fetched dataset: where it came from, its terms, the hashes."""
    return {"name": manifest.get("name"), "title": manifest.get("title"), "homepage": manifest.get("homepage"),
            "terms": manifest.get("terms"), "folder": str(folder),
            "files": [{"name": n, "url": (manifest.get("urls") or {}).get(n), "sha256": h}
                      for n, h in (manifest.get("files") or {}).items()]}
