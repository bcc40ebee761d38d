"""Hostile input: records far over the size limit cost no memory (a bomb ten times larger runs in
the same memory, measured in a subprocess), fields of the wrong type are quarantined with their
name and type, and property-based tests over every reader — random bytes, truncated files, mixed
encodings, random JSON shapes — find no crash, ``read == written + quarantined`` and every
problem naming its file and line."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import subprocess
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.ingest import jsonstream, readers, streams
from framing.ingest.decoding import line_decoder
from framing.ingest.readers import QUARANTINE_CODES, Problem, RawRecord, read_file
from framing.ingest.run import ingest, ingest_tables
from framing.ingest.streams import raw_limit

ROOT = Path(__file__).resolve().parents[1]
# real sentences of the seed article (data/raw) and its IRNA copy
SENTS = [
    "سنتکام نیز اعلام کرد که مقامات این مرکز فرماندهی از رئیس دولت موقت سوریه تشکر کردند.",
    "وزارت دفاع آمریکا اعلام کرد که قصد دارد تعداد نیروهای خود در سوریه را کاهش دهد.",
    "به گزارش تابناک به نقل از ایرنا، دفتر ریاست دولت موقت سوریه در بیانیه‌ای اعلام کرد.",
    "این بیانیه افزود که دو طرف درباره همکاری‌های امنیتی گفت‌وگو کردند.",
]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def persian(request) -> list[str]:
    """Sentences from the FarExStance articles when ../shared is there, else the seed's."""
    from framing.config import CORPORA_DIR

    f = CORPORA_DIR / "farexstance" / "articles.jsonl"
    if not f.is_file():
        return SENTS
    out = []
    with open(f, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            out += [s.strip() + "." for s in text.split(".") if 40 < len(s.strip()) < 200]
            if len(out) >= 40:
                break
    return out


@contextmanager
def small_chunks(module, name: str, size: int):
    """Read in tiny pieces, so that every boundary case (a value, an escape, a quote, a line end cut
    across two reads) comes up in small examples."""
    old = getattr(module, name)
    setattr(module, name, size)
    try:
        yield
    finally:
        setattr(module, name, old)


def items_of(path: Path, **kw) -> list:
    return list(read_file(path, name=path.name, **kw))


def assert_well_formed(items: list, name: str) -> None:
    """Every item names the file and a line; problems carry a known code and say why."""
    for it in items:
        assert isinstance(it, (RawRecord, Problem)), it
        assert it.source_file == name
        assert isinstance(it.line, int) and it.line >= 1, it
        if isinstance(it, Problem):
            assert it.code in QUARANTINE_CODES and it.reason and len(it.raw) <= 100_000


# -- records over the limit, one format after the other -------------------------------------------------------
def gz_bomb(path: Path, prefix: bytes, n_mb: int, suffix: bytes, fill: bytes = "ب".encode()) -> None:
    """``prefix`` + n_mb MiB of one Persian letter + ``suffix``, gzip-compressed in a few KiB: the
    same compressed MiB written n times (gzip members concatenate)."""
    block = gzip.compress(fill * ((1 << 20) // len(fill)), compresslevel=9)
    with open(path, "wb") as fh:
        fh.write(gzip.compress(prefix))
        for _ in range(n_mb):
            fh.write(block)
        fh.write(gzip.compress(suffix))


def make_bombs(folder: Path, n_mb: int, sents: list[str]) -> None:
    """One bomb per format, each followed (where the format has more than one record) by a good
    record: the reader must skip the bomb and read on."""
    folder.mkdir(parents=True, exist_ok=True)
    good = [json.dumps({"text": s}, ensure_ascii=False).encode() for s in sents]
    gz_bomb(folder / "bomb.jsonl.gz", b'{"text": "', n_mb, b'"}\n' + good[0] + b"\n")
    gz_bomb(folder / "bomb.json.gz", b'[{"text": "', n_mb, b'"},\n' + good[1] + b"]\n")
    gz_bomb(folder / "bomb.csv.gz", b'id,text\n1,"', n_mb, f'"\n2,"{sents[2]}"\n'.encode())
    gz_bomb(folder / "bomb.tsv.gz", b"id\ttext\n1\t", n_mb, f"\n2\t{sents[3]}\n".encode())
    gz_bomb(folder / "bomb.txt.gz", "عنوان\n".encode(), n_mb, b"\n")
    gz_bomb(folder / "bomb.html.gz", b"<html><body><p>", n_mb, b"</p></body></html>")


def test_every_reader_skips_a_record_over_the_limit_and_reads_on(tmp_path, persian):
    make_bombs(tmp_path / "in", 2, persian)
    res = ingest([tmp_path / "in"], tmp_path / "out", max_record_chars=50_000, progress=False)
    t = res.report["totals"]
    assert t == {"read": 10, "written": 4, "quarantined": 6}
    q = {(Path(x["file"]).name, x["line"], x["code"]) for x in res.report["quarantine"]}
    assert q == {("bomb.jsonl.gz", 1, "too_large"), ("bomb.json.gz", 1, "too_large"), ("bomb.csv.gz", 2, "too_large"),
                 ("bomb.tsv.gz", 2, "too_large"), ("bomb.txt.gz", 1, "too_large"), ("bomb.html.gz", 1, "too_large")}
    for x in res.report["quarantine"]:
        assert f"over the reader's limit of {raw_limit(50_000):,}" in x["reason"] and "max_record_chars" in x["reason"]
        assert f"line {x['line']}" in x["reason"] or f"item {x['line']}" in x["reason"] or x["line"] == 1
    import pandas as pd

    a = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    assert sorted(a.source_line) == [2, 2, 3, 3]  # the records after each bomb
    assert sorted(a.original_text) == sorted(persian[:4])


def test_record_just_over_the_character_limit_is_still_measured_in_characters(tmp_path):
    """Under the reader's cap (six per character), a record is read and measured exactly."""
    f = tmp_path / "c.jsonl"
    text = (SENTS[0] + " ") * 40  # ~3,500 characters
    f.write_text(json.dumps({"text": text}, ensure_ascii=True) + "\n", encoding="utf-8")  # \uXXXX: 6 bytes a letter
    res = ingest([f], tmp_path / "o", max_record_chars=len(text) - 10, progress=False)
    (q,) = res.report["quarantine"]
    assert q["code"] == "too_large" and f"{len(text):,} characters" in q["reason"]
    ok = ingest([f], tmp_path / "o2", max_record_chars=len(text) + 10, progress=False)
    assert ok.report["totals"]["written"] == 1  # escaped JSON, 6 bytes a letter, is not cut by the reader


BOMB_SCRIPT = textwrap.dedent("""
    import json, resource, sys
    from framing.ingest.run import ingest
    out = {}
    for label, folder in (("small", sys.argv[1]), ("large", sys.argv[2])):
        res = ingest([folder], sys.argv[3] + "/" + label, max_record_chars=int(sys.argv[4]), progress=False)
        out[label] = {"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "totals": res.report["totals"],
                      "codes": res.report["quarantine_codes"]}
    print(json.dumps(out))
""")


@pytest.mark.slow
def test_a_bomb_ten_times_larger_runs_in_the_same_memory(tmp_path, persian):
    """Ingest every format's bomb (4 MiB of one line / field / item / file, decompressed) in a
    subprocess, then the same bombs ten times larger (40 MiB) in the same process: the peak RSS
    after the large ones grows by less than a tenth of what the records grew. (The code before
    this test held each such record whole, several times over: +280 MiB for the large ones.)"""
    small, large = tmp_path / "x1", tmp_path / "x10"
    make_bombs(small, 4, persian)
    make_bombs(large, 40, persian)
    assert sum(f.stat().st_size for f in large.iterdir()) < 2_000_000  # gzip: tiny on disk
    res = subprocess.run([sys.executable, "-c", BOMB_SCRIPT, str(small), str(large), str(tmp_path), "100000"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    got = json.loads(res.stdout.strip().splitlines()[-1])
    for label in ("small", "large"):
        assert got[label]["totals"] == {"read": 10, "written": 4, "quarantined": 6}, got
        assert got[label]["codes"] == {"too_large": 6}
    grew_kib = got["large"]["peak_kib"] - got["small"]["peak_kib"]
    records_grew_kib = (40 - 4) * 1024
    assert grew_kib < 0.1 * records_grew_kib, got
    assert got["large"]["peak_kib"] < 1.05 * got["small"]["peak_kib"], got


def test_parquet_row_group_holding_a_record_over_the_limit_is_skipped_unread(tmp_path):
    """pyarrow reads a page whole, so a Parquet row over the cap cannot be skipped by itself: a row
    group with more bytes than its rows may hold is quarantined row by row, the others are read."""
    f = tmp_path / "big.parquet"
    with pq.ParquetWriter(f, pa.schema([("text", pa.string())])) as w:
        w.write_table(pa.table({"text": [SENTS[0]]}))
        w.write_table(pa.table({"text": [SENTS[1], "ب" * 2_000_000]}))  # one row group, 4 MB uncompressed
        w.write_table(pa.table({"text": [SENTS[2]]}))
    items = items_of(f, max_record_chars=50_000)
    assert_well_formed(items, f.name)
    assert _as_tuples(items) == [("record", 1, {"text": SENTS[0]}), ("too_large", 2), ("too_large", 3),
                                 ("record", 4, {"text": SENTS[2]})]
    assert "row group 2 (rows 2-3)" in items[1].reason
    assert len(items_of(f)) == 4 and all(isinstance(i, RawRecord) for i in items_of(f))  # the default limit reads it


def test_truncated_gzip_keeps_the_records_before_the_break(tmp_path):
    body = "".join(json.dumps({"news_id": i, "text": s}, ensure_ascii=False) + "\n" for i, s in enumerate(SENTS * 50))
    full = gzip.compress(body.encode("utf-8"))
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(full[: len(full) * 2 // 3])
    items = items_of(f)
    assert_well_formed(items, f.name)
    *records, last = items
    assert records and all(isinstance(r, RawRecord) for r in records)
    assert isinstance(last, Problem) and last.code == "unreadable" and "corrupt or cut short" in last.reason
    assert last.line == records[-1].line + 1 or last.line == records[-1].line
    assert f"at line {last.line}" in last.reason
    res = ingest([f], tmp_path / "o", progress=False)
    t = res.report["totals"]
    assert t["read"] == len(items) and t["read"] == t["written"] + t["quarantined"]


def test_not_gzip_at_all(tmp_path):
    f = tmp_path / "fake.csv.gz"
    f.write_text("id,text\n1,متن\n", encoding="utf-8")
    (p,) = items_of(f)
    assert p.code == "unreadable" and p.line == 1 and "BadGzipFile" in p.reason


# -- wrong types --------------------------------------------------------------------------------------------
def test_fields_of_the_wrong_type_are_quarantined_with_name_and_type(tmp_path):
    f = tmp_path / "types.jsonl"
    recs = [
        {"text": {"a": 1}},
        {"body": [SENTS[0], 1, {"b": 2}]},
        {"text": SENTS[1], "title": {"fa": "عنوان"}},
        {"paragraphs": [{"p": SENTS[0]}, {"p": SENTS[1]}]},
        {"text": SENTS[2], "id": True},
        {"text": [SENTS[0], None, SENTS[1]], "id": 17, "date": 1404},  # a list of strings; numbers are fine
        {"text": SENTS[3], "tags": [{"x": 1}]},  # not one of our fields: kept in `extra`
    ]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    res = ingest([f], tmp_path / "o", progress=False)
    assert res.report["totals"] == {"read": 7, "written": 2, "quarantined": 5}
    q = {x["line"]: (x["code"], x["reason"]) for x in res.report["quarantine"]}
    assert q[1] == ("bad_field_type", "field 'text' is dict, expected text (line 1)")
    assert q[2] == ("bad_field_type", "field 'body' is a list holding dict, expected text (line 2)")
    assert q[3][1].startswith("field 'title' is dict")
    assert q[4][1].startswith("field 'paragraphs' is a list holding dict")
    assert q[5][1].startswith("field 'id' is bool")
    import pandas as pd

    a = pd.read_parquet(tmp_path / "o" / "articles.parquet")
    assert "{" not in "".join(a.text) and "۱" not in "".join(a.text)


def test_parquet_struct_column_is_the_wrong_type(tmp_path):
    f = tmp_path / "s.parquet"
    pq.write_table(pa.table({"text": [{"a": 1}, {"a": 2}], "title": ["الف", "ب"]}), f)
    res = ingest([f], tmp_path / "o", progress=False)
    assert res.report["quarantine_codes"] == {"bad_field_type": 2}
    assert res.report["quarantine"][0]["reason"].startswith("field 'text' is dict")


# -- property-based: every reader ---------------------------------------------------------------------------
SUFFIXES = [".txt", ".jsonl", ".json", ".csv", ".tsv", ".parquet", ".html",
            ".jsonl.gz", ".json.gz", ".csv.gz", ".txt.gz", ".tsv.gz", ".html.gz"]


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES), gz=st.booleans())
def test_random_bytes_never_crash_a_reader(data, suffix, gz):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / f"x{suffix}"
        f.write_bytes(gzip.compress(data) if gz and suffix.endswith(".gz") else data)
        items = items_of(f, max_record_chars=200)
        assert_well_formed(items, f.name)  # (a CSV header alone, or `[]`, holds no record at all)


def _text(alphabet: str, max_size: int):
    return st.text(alphabet=alphabet, max_size=max_size)


PERSIAN = "سنتکامیزعلرد «»،؛؟" + "\u200c" + "۰۱۲"
_TO_CP1256 = str.maketrans({"ی": "ي", "ک": "ك", "۰": "0", "۱": "1", "۲": "2"})


@FUZZ
@given(records=st.lists(st.fixed_dictionaries({"text": _text(PERSIAN, 60)}), max_size=6),
       suffix=st.sampled_from([".jsonl", ".json", ".csv", ".tsv"]), cut=st.integers(0, 10_000),
       gz=st.booleans())
def test_truncated_files_never_crash_and_keep_what_came_before(records, suffix, cut, gz):
    if suffix == ".jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif suffix == ".json":
        body = json.dumps(records, ensure_ascii=False, indent=1)
    else:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="\t" if suffix == ".tsv" else ",")
        w.writerow(["text"])
        w.writerows([[r["text"]] for r in records])
        body = buf.getvalue()
    data = body.encode("utf-8")
    with tempfile.TemporaryDirectory() as d:
        if gz:
            data = gzip.compress(data)
            suffix += ".gz"
        data = data[: min(cut, len(data))]
        f = Path(d) / f"cut{suffix}"
        f.write_bytes(data)
        items = items_of(f)
        assert_well_formed(items, f.name)
    got = [it for it in items if isinstance(it, RawRecord)]
    if not all(it.encoding in ("utf-8", "utf-8-sig") for it in got):
        return  # cut inside a letter: no longer UTF-8 (read as Windows-1256, or quarantined): nothing to compare
    # what was read is what was written, in order (a cut row may be read short, never invented)
    got = [next(iter(it.fields.values()), None) for it in got]
    texts = [r["text"] for r in records]
    if ".csv" in suffix or ".tsv" in suffix:
        texts = [t for t in texts if t.strip()]  # a row with nothing in it is no record
    assert got[:-1] == texts[: max(0, len(got) - 1)]
    if got:
        assert texts[len(got) - 1].startswith(got[-1])


def _csv_oracle(text: str, delimiter: str, cap: int) -> list:
    """What the reader must give for ``text``: the csv module over the whole text (as the reader did
    before it streamed), with every record whose lines take more than ``cap`` characters too_large."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
    n = 0

    def counting():
        nonlocal n
        for line in lines:
            n += 1
            yield line

    csv.field_size_limit(1 << 30)
    reader = csv.reader(counting(), delimiter=delimiter)
    out, header = [], None
    while True:
        start = n + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            out.append(("malformed_row", start))
            break
        if sum(len(x) for x in lines[start - 1 : n]) > cap:
            out.append(("too_large", start))
            if header is None:
                return out
            continue
        if not any(c.strip() for c in row):
            continue
        if header is None:
            header = [h.strip().lstrip("\ufeff") for h in row]
            continue
        if len(row) != len(header):
            out.append(("malformed_row", start))
            continue
        out.append(("record", start, dict(zip(header, row))))
    if header is None and not out:
        out.append(("empty_file", 1))
    return out


def _as_tuples(items) -> list:
    return [("record", it.line, it.fields) if isinstance(it, RawRecord) else (it.code, it.line) for it in items]


@settings(max_examples=300, deadline=None)
@given(header=st.sampled_from(["", "a,b\r\n", "a\tb\n", '"a",b\r', "text\n"]), body=_text('"",,\n\r\tab ب', 120),
       delimiter=st.sampled_from([",", "\t"]), cap=st.integers(4, 60), chunk=st.integers(1, 8))
def test_csv_reader_agrees_with_the_csv_module_and_resumes_after_a_record_too_large(header, body, delimiter, cap, chunk):
    """The streaming CSV/TSV reader gives exactly what the csv module gives over the whole text;
    a record over the cap is skipped to its true end (quotes, escaped quotes, newlines inside
    quotes, lone \\r) and the records after it come out unchanged, at the right line."""
    text = header + body
    expected = _csv_oracle(text, delimiter, cap)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.csv"
        f.write_bytes(text.encode("utf-8"))
        with small_chunks(streams, "CHUNK", chunk):  # a skipped record is read in pieces of `chunk`
            got = _as_tuples(readers.read_delimited(f, f.name, delimiter, cap, readers.Where()))
    assert got == expected


def test_csv_resumes_after_a_quoted_field_too_large_holding_quotes_delimiters_and_newlines(tmp_path):
    big = '"' + ('«نقل قول» ""به گفته او""، یک, دو\n' * 30) + '"'
    text = f"id,text\r\n1,{SENTS[0]}\r\n2,{big}\r\n3,{SENTS[1]}\r\n4,\"{SENTS[2]}\r\n{SENTS[3]}\"\r\n"
    f = tmp_path / "q.csv"
    f.write_text(text, encoding="utf-8", newline="")
    got = _as_tuples(readers.read_delimited(f, f.name, ",", 200, readers.Where()))
    assert got == [("record", 2, {"id": "1", "text": SENTS[0]}), ("too_large", 3),
                   ("record", 34, {"id": "3", "text": SENTS[1]}), ("record", 35, {"id": "4", "text": f"{SENTS[2]}\r\n{SENTS[3]}"})]
    assert got == _csv_oracle(text, ",", 200)


def test_csv_line_end_cut_in_two_by_the_cap_is_one_line_end(tmp_path):
    """A \\r\\n that the cap cuts after its \\r is still one line end: the rows after it keep their lines."""
    f = tmp_path / "cut.csv"
    for cap in (10, 11, 12):
        text = "a\r\n" + "x" * (cap + 1) + "\r\n" + "y\r\n" + '"' + "z" * cap + '\r\n"\r\nw\r\n'
        f.write_text(text, encoding="utf-8", newline="")
        got = _as_tuples(readers.read_delimited(f, f.name, ",", cap, readers.Where()))
        assert got == _csv_oracle(text, ",", cap) == [("too_large", 2), ("record", 3, {"a": "y"}), ("too_large", 4),
                                                      ("record", 6, {"a": "w"})]


json_leaf = st.none() | st.booleans() | st.integers(-10**9, 10**9) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=12) | _text(PERSIAN, 20) | _text('"\\\\/a\nب{}[],:', 12)  # what JSON must escape, and brackets in strings
json_key = st.sampled_from(["text", "body", "title", "paragraphs", "id", "outlet", "date", "articles", "items"]) | st.text(max_size=5)
json_values = st.recursive(json_leaf | st.just([]) | st.just({}),
                           lambda kids: st.lists(kids, min_size=1, max_size=4) | st.dictionaries(json_key, kids, min_size=1, max_size=4),
                           max_leaves=15)
json_records = st.dictionaries(json_key, json_values, max_size=5)


def _jsonl_oracle(data: bytes, cap: int) -> list:
    """Split on \\n and parse each line (as the reader did before it streamed); a line longer
    than the cap (one \\r of slack) is too_large."""
    _, decode = line_decoder(data[:4])
    out = []
    for i, raw in enumerate(data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n"), start=1):
        if len(raw) > cap + 1:
            out.append(("too_large", i))
            continue
        if i == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line, _ = decode(raw.rstrip(b"\r"))
        except ValueError:
            out.append(("binary", i))
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            out.append(("invalid_json", i))
            continue
        out.append(("record", i, obj) if isinstance(obj, dict) else ("not_object", i))
    return out or [("empty_file", 1)]


def _encode_line(value, how: str) -> bytes:
    if how == "garbage":
        return b"\x80\x81{\xfe" + json.dumps(value).encode()[:10]
    text = json.dumps(value, ensure_ascii=(how == "ascii"))
    if how == "cp1256":
        try:
            return text.encode("cp1256")
        except UnicodeEncodeError:
            return text.encode("utf-8")
    if how == "cut":
        return text.encode("utf-8")[: max(1, len(text) // 2)]
    return text.encode("utf-8")


@FUZZ
@given(values=st.lists(st.tuples(json_values | json_records, st.sampled_from(["utf8", "ascii", "cp1256", "garbage", "cut"])),
                       max_size=8),
       blank=st.sampled_from([b"", b"\n", b"\r\n", b"  \n"]), cap=st.integers(8, 400), crlf=st.booleans())
def test_jsonl_reader_over_random_shapes_and_mixed_encodings(values, blank, cap, crlf):
    data = b"".join(_encode_line(v, how) + (b"\r\n" if crlf else b"\n") + blank for v, how in values)
    expected = _jsonl_oracle(data, cap)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.jsonl"
        f.write_bytes(data)
        items = list(readers.read_jsonl(f, f.name, cap, readers.Where()))
        assert_well_formed(items, f.name)
        assert _as_tuples(items) == expected


@FUZZ
@given(values=st.lists(json_values | json_records, max_size=8), cap=st.integers(2, 300), indent=st.sampled_from([None, 1]),
       chunk=st.integers(1, 40), ascii_=st.booleans())
def test_json_array_reader_over_random_shapes(values, cap, indent, chunk, ascii_):
    """Items of a JSON array: each one parsed alone, under the cap; the rest too_large, the reason
    naming the item's line."""
    parts = [json.dumps(v, ensure_ascii=ascii_, indent=indent) for v in values]
    text = "[\n" + ",\n".join(parts) + "\n]\n"
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.json"
        f.write_bytes(text.encode("utf-8"))
        with small_chunks(jsonstream, "SCAN_CHUNK", chunk):  # values cut across reads: escapes, quotes, keys
            items = list(readers.read_json(f, f.name, cap, readers.Where()))
    assert_well_formed(items, f.name)
    assert len(items) == len(values)
    line = 2
    for k, (v, part, it) in enumerate(zip(values, parts, items), start=1):
        assert it.line == k
        if len(part) > cap:
            assert it.code == "too_large" and f"item {k} (line {line})" in it.reason
        elif isinstance(v, dict):
            assert isinstance(it, RawRecord) and it.fields == v
        else:
            assert it.code == "not_object" and f"(line {line})" in it.reason
        line += part.count("\n") + 1


def _json_oracle(obj) -> list:
    """The rule for a whole .json file, as it was when the file was parsed whole."""
    if isinstance(obj, list):
        items = obj
    elif isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        items = [obj] if readers.canonical_fields(obj).get("text") is not None or not lists else lists[0]
    else:
        items = [obj]
    return [("record", i, x) if isinstance(x, dict) else ("not_object", i) for i, x in enumerate(items, start=1)]


@FUZZ
@given(obj=json_records | st.lists(json_records, max_size=4) | json_values,
       wrapper=st.sampled_from(["articles", "items", "data"]), wrap=st.booleans(), dup=st.booleans(),
       chunk=st.integers(1, 40))
def test_json_file_layouts_agree_with_parsing_the_whole_file(obj, wrapper, wrap, dup, chunk):
    """An object that is one record, an object wrapping an array of records (after other keys,
    or with a repeated key: the last value wins), an array, a bare value."""
    if wrap and isinstance(obj, list):
        obj = {"meta": {"n": len(obj)}, wrapper: obj}
    text = json.dumps(obj, ensure_ascii=False)
    if dup and isinstance(obj, dict) and obj:  # a repeated key, as json.loads reads it: the last wins
        text = text[:-1] + ", " + json.dumps(next(iter(obj))) + ": []}"
        obj = json.loads(text)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.json"
        f.write_text(text, encoding="utf-8")
        with small_chunks(jsonstream, "SCAN_CHUNK", chunk):
            items = list(readers.read_json(f, f.name, 10_000, readers.Where()))
    assert_well_formed(items, f.name)
    assert _as_tuples(items) == _json_oracle(obj)


@FUZZ
@given(rows=st.lists(st.lists(_text(PERSIAN + 'a",\n', 15), min_size=2, max_size=2), max_size=6),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]), delimiter=st.sampled_from([",", "\t"]))
def test_csv_in_every_encoding_round_trips(rows, encoding, delimiter):
    if encoding == "cp1256":  # the code page has the Arabic letters, not the Persian ones
        rows = [[c.translate(_TO_CP1256) for c in r] for r in rows]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(["title", "text"])
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / ("x.tsv" if delimiter == "\t" else "x.csv")
        f.write_bytes(data)
        items = items_of(f)
    assert_well_formed(items, f.name)
    expected = [r for r in rows if any(c.strip() for c in r)]
    if all(isinstance(i, RawRecord) for i in items):
        assert [[i.fields["title"], i.fields["text"]] for i in items] == expected
    else:  # Windows-1256 that does not read as Persian (mostly Latin letters): the file is refused whole
        assert encoding == "cp1256" and [(i.code, i.line) for i in items] == [("binary", 1)]


@FUZZ
@given(pieces=st.lists(_text(PERSIAN + "ab\n", 40), max_size=4), parquet_rows=st.lists(json_leaf, max_size=4))
def test_text_html_and_parquet_readers_on_random_content(pieces, parquet_rows):
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        (d / "a.txt").write_text("\n".join(pieces), encoding="utf-8")
        (d / "b.html").write_text("<html><body>" + "".join(f"<p>{p}</p>" for p in pieces) + "</body></html>", encoding="utf-8")
        (d / "c.txt.gz").write_bytes(gzip.compress("\n".join(pieces).encode("utf-16")))
        try:
            pq.write_table(pa.table({"text": pa.array([None if v is None else str(v) for v in parquet_rows], pa.string())}),
                           d / "d.parquet")
        except pa.ArrowException:
            pass
        for f in sorted(d.iterdir()):
            items = items_of(f)
            assert_well_formed(items, f.name)
            if f.suffix == ".parquet":
                assert len(items) == max(1, len(parquet_rows))


@settings(max_examples=15, deadline=None)
@given(records=st.lists(json_records | st.fixed_dictionaries({"text": json_values}), min_size=1, max_size=5))
def test_ingest_accounts_for_every_random_record(records):
    """The whole run over random record shapes: read == lines written == written + quarantined;
    every quarantined record names the file and its line; wrong types say which field."""
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "r.jsonl"
        f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        a, _, rep = ingest_tables([f], progress=False)
    t = rep["totals"]
    assert t["read"] == len(records) == t["written"] + t["quarantined"] == len(a) + len(rep["quarantine"])
    for q in rep["quarantine"]:
        assert q["file"].endswith("r.jsonl") and 1 <= q["line"] <= len(records) and q["reason"]
        rec = records[q["line"] - 1]
        if q["code"] == "bad_field_type":
            (name,) = [k for k in rec if q["reason"].startswith(f"field {k!r} is ")]
            assert isinstance(rec[name], (dict, list, bool))
    for row in a.itertuples():
        rec = records[row.source_line - 1]
        text_field = readers.canonical_fields(rec).get("text")
        assert not isinstance(text_field, dict)
