"""Ingestion: every format, every kind of bad input, and nothing lost (read == written + quarantined)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.ingest.run import ingest

SENT = "سنتکام نیز اعلام کرد که مقامات این مرکز فرماندهی از رئیس دولت موقت سوریه تشکر کردند."
SENT2 = "وزارت دفاع آمریکا اعلام کرد که قصد دارد تعداد نیروهای خود در سوریه را کاهش دهد."


def run(tmp_path, *inputs, **kw):
    out = tmp_path / "out"
    res = ingest(list(inputs), out, progress=False, **kw)
    t = res.report["totals"]
    assert t["read"] == t["written"] + t["quarantined"]
    return res, pd.read_parquet(out / "articles.parquet"), pd.read_parquet(out / "sentences.parquet")


def q_reasons(res):
    return [(q["file"].split("/")[-1], q["line"], q["code"], q["reason"]) for q in res.report["quarantine"]]


# -- the embedded default data -------------------------------------------------------------------------------
def test_embedded_data_every_format(tmp_path, raw_dir):
    res, a, s = run(tmp_path, raw_dir)
    assert res.report["totals"] == {"read": 8, "written": 8, "quarantined": 0}
    assert set(a.source_format) == {"text", "html", "jsonl", "csv"}
    assert a.outlet.nunique() >= 6
    seed = a[a.record_id == "000_0008ca096ddcc2a4"].iloc[0]
    assert seed.outlet == "تابناک" and list(seed.chain) == ["تابناک", "ایرنا"] and seed.date == "2025-09-13"
    # the header line is metadata, not body text
    assert "date" not in seed.text[:20] and "۲۰۲۵ - ۰۹" not in seed.text
    assert seed.title == "پشت\u200cپرده همکاری\u200cهای جدید آمریکا و سوریه!"
    title = s[(s.article_id == seed.article_id) & (s.sent_id == 0)].iloc[0]
    assert title.part == "title"
    html = a[a.source_format == "html"].iloc[0]
    assert html.outlet == "ایرنا" and html.date == "2025-09-13"
    assert "همکاری\u200cهای" in html.text  # ZWNJ survives trafilatura
    assert "پربازدیدترین" not in html.text and "کلیه حقوق" not in html.text  # page chrome removed
    mehr = a[a.record_id == "mehr-majlis-shafafiat"].iloc[0]
    assert "رئیس" in mehr.text and "ي" not in mehr.text and "\\u200c" not in mehr.text
    assert mehr.date == "2025-09-14" and mehr.date_calendar == "jalali"


def test_sentence_offsets_point_into_the_original(tmp_path, raw_dir):
    _, a, s = run(tmp_path, raw_dir)
    originals = a.set_index("article_id")
    for row in s.itertuples():
        art = originals.loc[row.article_id]
        orig = art.original_title if row.part == "title" else art.original_text
        piece = orig[row.orig_start : row.orig_end]
        # same letters, up to spacing/ZWNJ/variant letters
        from framing.ingest.normalize import normalize

        assert normalize(piece).replace("\u200c", "").replace(" ", "") == row.text.replace("\u200c", "").replace(" ", "")


def test_rerun_writes_identical_files(tmp_path, raw_dir):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    ingest([raw_dir], out1, progress=False)
    ingest([raw_dir], out2, progress=False)
    for name in ["articles.parquet", "sentences.parquet", "ingest_report.json", "quarantine.jsonl"]:
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


# -- formats ---------------------------------------------------------------------------------------------------
def test_tsv_json_and_parquet(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.tsv").write_text(f"id\tbody\toutlet\n1\t{SENT}\tIRNA\n", encoding="utf-8")
    (d / "b.json").write_text(json.dumps({"articles": [{"content": SENT2, "publisher": "ISNA"}]}, ensure_ascii=False), encoding="utf-8")
    pq.write_table(pa.table({"text": [SENT, SENT2], "outlet": ["Mehr", "Fars"], "date": ["1400/04/23", "2021-07-14"]}), d / "c.parquet")
    res, a, _ = run(tmp_path, d)
    assert res.report["totals"] == {"read": 4, "written": 4, "quarantined": 0}
    assert sorted(a.outlet) == ["ایرنا", "ایسنا", "فارس", "مهر"]
    assert set(a.dropna(subset=["date"]).date) == {"2021-07-14"}


def test_unmapped_fields_are_kept_in_extra(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"text": SENT, "tags": ["سیاسی"], "cat": "بین‌الملل"}, ensure_ascii=False) + "\n", encoding="utf-8")
    _, a, _ = run(tmp_path, f)
    assert json.loads(a.iloc[0].extra) == {"cat": "بین‌الملل", "tags": ["سیاسی"]}


def test_unsupported_and_readme_files_are_listed_not_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "README.md").write_text("docs")
    (d / "image.png").write_bytes(b"\x89PNG\r\n")
    (d / "a.txt").write_text(f"عنوان\n{SENT}\n", encoding="utf-8")
    res, _, _ = run(tmp_path, d)
    reasons = {Path(s["file"]).name: s["reason"] for s in res.report["skipped_files"]}
    assert reasons["image.png"].startswith("unsupported extension") and "documentation" in reasons["README.md"]


# -- bad input ---------------------------------------------------------------------------------------------------
def cp1256(text: str) -> bytes:
    """Windows-1256 has no Persian «ی/ک»: old Persian Windows files carry the Arabic letters."""
    return text.replace("ی", "ي").replace("ک", "ك").encode("cp1256")


def test_windows_1256_utf16_and_utf8_bom_are_decoded(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "cp1256.txt").write_bytes(cp1256(f"عنوان\n{SENT}\n"))
    (d / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + f"عنوان\n{SENT}\n".encode("utf-16-le"))
    (d / "bom.jsonl").write_bytes(codecs.BOM_UTF8 + (json.dumps({"text": SENT2}, ensure_ascii=False) + "\n").encode("utf-8"))
    (d / "cp1256.csv").write_bytes(cp1256(f"text,outlet\n{SENT2},ISNA\n"))
    (d / "utf16.jsonl").write_bytes(codecs.BOM_UTF16_LE + (json.dumps({"text": SENT}, ensure_ascii=False) + "\n").encode("utf-16-le"))
    res, a, _ = run(tmp_path, d)
    assert res.report["totals"] == {"read": 5, "written": 5, "quarantined": 0}
    assert all("سوریه" in t for t in a.text)
    enc = {Path(f["file"]).name: f["encoding"] for f in res.report["files"]}
    assert enc["cp1256.txt"] == ["windows-1256"] and enc["utf16.txt"] == ["utf-16"] and enc["bom.jsonl"] == ["utf-8-sig"]


def test_truncated_jsonl_line_is_quarantined_with_its_line_number(tmp_path):
    f = tmp_path / "corpus.jsonl"
    good = json.dumps({"news_id": 1, "text": SENT}, ensure_ascii=False)
    truncated = json.dumps({"news_id": 2, "text": SENT2}, ensure_ascii=False)[:40]
    third = json.dumps({"news_id": 3, "text": SENT2}, ensure_ascii=False)
    f.write_text("\n".join([good, truncated, third]) + "\n", encoding="utf-8")
    res, a, _ = run(tmp_path, f)
    assert res.report["totals"] == {"read": 3, "written": 2, "quarantined": 1}
    (name, line, code, reason) = q_reasons(res)[0]
    assert (name, line, code) == ("corpus.jsonl", 2, "invalid_json") and "truncated" in reason


def test_empty_binary_and_textless_records(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_text("")
    (d / "empty.jsonl").write_text("\n\n")
    (d / "blob.txt").write_bytes(bytes(range(256)) * 20)
    (d / "blob.jsonl").write_bytes(b"\x00\x01\x02garbage\xff\xfe")
    (d / "notext.jsonl").write_text(json.dumps({"news_id": 7, "title": "فقط عنوان"}, ensure_ascii=False) + "\n" + json.dumps({"text": "   "}) + "\n", encoding="utf-8")
    (d / "bad.csv").write_text(f"text,outlet\n{SENT},ISNA,extra\n{SENT2},ISNA\n", encoding="utf-8")
    res, a, _ = run(tmp_path, d)
    got = {(n, line, code) for n, line, code, _ in q_reasons(res)}
    assert ("empty.txt", 1, "empty_file") in got and ("empty.jsonl", 1, "empty_file") in got
    assert ("blob.txt", 1, "binary") in got and ("blob.jsonl", 1, "binary") in got
    assert ("notext.jsonl", 1, "no_text") in got and ("notext.jsonl", 2, "no_text") in got
    assert ("bad.csv", 2, "malformed_row") in got
    assert len(a) == 1  # the good CSV row
    reasons = {n: r for n, _, _, r in q_reasons(res)}
    assert "title only" in [r for n, line, c, r in q_reasons(res) if n == "notext.jsonl"][0]
    assert reasons  # every message names a file and a line (checked above)


def test_enormous_single_line_is_segmented_or_quarantined(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("عنوان\n" + (SENT.rstrip(".") + " ") * 3000, encoding="utf-8")  # ~250k chars, no newline
    res, a, s = run(tmp_path, big)
    assert res.report["totals"]["written"] == 1
    assert s.overlong.any() and (s.end - s.start).max() <= 1500
    res2, _, _ = run(tmp_path, big, max_record_chars=100_000)
    (name, line, code, reason) = q_reasons(res2)[0]
    assert code == "too_large" and "limit 100,000" in reason


def test_same_text_under_another_record_is_kept_and_flagged(tmp_path):
    f = tmp_path / "copies.jsonl"
    f.write_text("\n".join(json.dumps({"news_id": i, "text": SENT}, ensure_ascii=False) for i in (1, 2)) + "\n", encoding="utf-8")
    res, a, _ = run(tmp_path, f)
    assert len(a) == 2 and a.duplicate_of.iloc[1] == a.article_id.iloc[0] and a.duplicate_of.isna().iloc[0]


def test_duplicate_records_are_quarantined_not_dropped(tmp_path):
    f = tmp_path / "dup.jsonl"
    rec = json.dumps({"text": SENT, "outlet": "IRNA"}, ensure_ascii=False)
    f.write_text(rec + "\n" + rec + "\n", encoding="utf-8")
    res, a, _ = run(tmp_path, f)
    assert len(a) == 1 and q_reasons(res)[0][2] == "duplicate" and "dup.jsonl:1" in q_reasons(res)[0][3]


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ingest([tmp_path / "nope"], tmp_path / "out", progress=False)


# -- the shared corpora, every record accounted for -------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_shared_corpora_ingest_with_every_record_accounted_for(tmp_path, corpora_dir):
    inputs = [corpora_dir / "farexstance", corpora_dir / "fars-news", corpora_dir / "rss-2020"]
    expected = {"farexstance/articles.jsonl": 1365, "farexstance/claim_groups.json": 525, "fars-news/articles.jsonl": 1476,
                "rss-2020/hamshahri.jsonl": 2199, "rss-2020/radiofarda.jsonl": 278}
    res, a, s = run(tmp_path, *inputs)
    files = {f["file"]: f for f in res.report["files"]}
    for name, n in expected.items():
        f = files[name]
        assert f["records_read"] == n, name
        assert f["records_read"] == f["records_written"] + f["records_quarantined"], name
    # claim_groups.json holds claims, not articles: every item is quarantined with the reason
    assert files["farexstance/claim_groups.json"]["records_quarantined"] == 525
    codes = res.report["quarantine_codes"]
    assert set(codes) <= {"no_text", "duplicate"}
    assert files["fars-news/articles.jsonl"]["records_written"] == 1476
    fars = a[a.source_file == "fars-news/articles.jsonl"]
    assert (fars.outlet == "فارس").all()
    # dates from the Jalali link ids (two 2003-era ids such as /news/6011171294 carry no date)
    assert fars.date.notna().mean() > 0.99 and fars.date.min() >= "2003-01-01"
    assert "ي" not in "".join(fars.text.head(200))  # Arabic yeh normalized
    assert len(s) > 50_000
    # boilerplate.tsv's `requires` words are a speed-only prefilter: no pattern may match a real
    # sentence or article text that lacks all of them
    from framing.ingest.segment import _boilerplate

    texts = list(s.text) + list(a.text)
    for kind, rx, hints in _boilerplate()[0]:
        if hints:
            misses = [t for t in texts if rx.search(t) and not any(h in t for h in hints)]
            assert not misses, f"{kind}: {rx.pattern!r} matches without its required words: {misses[:2]}"
    assert sum(bool(rx.search(t)) for t in texts for kind, rx, h in _boilerplate()[0] if h) > 100
