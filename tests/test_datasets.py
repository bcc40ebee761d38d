"""Public corpora fetched on request: the registry, real downloads from a local HTTP server
(pooch, offline), what a failure leaves behind, the converters, and a dataset name as report data."""

from __future__ import annotations

import errno
import hashlib
import http.server
import json
import threading
from collections import Counter
from pathlib import Path

import pytest

from framing.ingest import datasets as D

FIXTURES = Path(__file__).resolve().parent / "data" / "datasets"


# -- a local HTTP server that counts requests and can misbehave ------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "framing-test"

    def do_GET(self):  # noqa: N802 (http.server's name)
        srv = self.server
        srv.requests[self.path] += 1
        name = self.path.rsplit("/", 1)[-1]
        body = srv.files.get(name)
        if body is None:
            self.send_error(404, "not here")
            return
        mode = srv.modes.get(name, "ok")
        if mode == "corrupt":  # same size, one byte changed
            body = bytes([body[0] ^ 1]) + body[1:]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "truncate":  # the connection drops in the middle of the body
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture()
def server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.files = {p.name: p.read_bytes() for p in FIXTURES.iterdir() if p.suffix in {".json", ".xlsx"}}
    srv.modes = {}
    srv.requests = Counter()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture()
def reg(server, tmp_path_factory):
    text = (FIXTURES / "registry.yaml").read_text(encoding="utf-8").replace("PORT", str(server.server_address[1]))
    path = tmp_path_factory.mktemp("registry") / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    return D.load_registry(path)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _quiet(*_):
    pass


# -- the registry ----------------------------------------------------------------------------------
def test_packaged_registry_lists_the_public_corpora_with_terms_and_pinned_hashes():
    reg = D.load_registry()
    assert {"farexstance", "fars-news", "rss-2020"} <= set(reg)
    for ds in reg.values():
        assert ds.terms and ds.what and ds.outlets and ds.period and ds.homepage.startswith("https://")
        for f in ds.files:
            assert f.url.startswith("https://raw.githubusercontent.com/") and len(f.sha256) == 64 and f.bytes > 0
            assert "/blob/" not in f.url and len(f.url.split("/")[5]) == 40, f"{f.url}: pinned to a commit"
    assert reg["farexstance"].articles == ("articles.jsonl",)
    assert set(reg["farexstance"].outputs) == {"articles.jsonl", "claim_groups.json"}
    assert set(reg["rss-2020"].outputs) == {"hamshahri.jsonl", "radiofarda.jsonl"}


@pytest.mark.shared
def test_packaged_registry_agrees_with_the_shared_table(shared_dir):
    table = shared_dir / "datasets" / "public-corpora.tsv"
    if not table.is_file():
        pytest.skip(f"needs {table}")
    rows = [dict(zip(*[line.split("\t") for line in (table.read_text(encoding="utf-8").splitlines()[0], ln)]))
            for ln in table.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()]
    reg = D.load_registry()
    ours = {(name, f.name): f for name, ds in reg.items() for f in ds.files}
    assert set(ours) == {(r["dataset"], r["file"]) for r in rows}
    for r in rows:
        f = ours[(r["dataset"], r["file"])]
        assert (f.url, f.sha256, f.bytes) == (r["url"], r["sha256"], int(r["bytes"]))
        assert reg[r["dataset"]].terms.startswith(r["terms"])


def test_test_registry_carries_the_hashes_of_its_own_files(reg):
    for ds in reg.values():
        for f in ds.files:
            data = (FIXTURES / f.name).read_bytes()
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (f.sha256, f.bytes), \
                f"{f.name} changed: put its sha256 and bytes in tests/data/datasets/registry.yaml"


@pytest.mark.parametrize("mutate, message", [
    (lambda t: t.replace("sha256: d1286e18", "sha256: zz286e18"), "sha256 must be 64 lower-case hex"),
    (lambda t: t.replace("convert: json-array", "convert: pdf"), "unknown converter 'pdf'"),
    (lambda t: t.replace("articles.jsonl: [hamshahri-tiny.json, farda-tiny.json]", "articles.jsonl: [nope.json]"),
     r"made from \['nope.json'\]"),
    (lambda t: t.replace("  terms: written by the framing team for these tests; no restriction\n", "", 1), "missing terms"),
    (lambda t: t.replace("tiny-rss:", "downloads:"), "not 'downloads'"),
    (lambda t: t.replace("tiny-rss:", "../up:"), "a name is lower-case letters"),
])
def test_a_malformed_registry_is_a_clear_error(tmp_path, mutate, message):
    path = tmp_path / "r.yaml"
    path.write_text(mutate((FIXTURES / "registry.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(D.DatasetError, match=message):
        D.load_registry(path)


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(D.DatasetError, match=r"unknown dataset 'hamshahri'.*farexstance, fars-news, rss-2020"):
        D.get_dataset("hamshahri")


# -- fetching --------------------------------------------------------------------------------------
def test_fetch_prints_the_terms_downloads_once_verifies_and_converts(server, reg, tmp_path):
    said = []
    out = D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=said.append)
    text = "\n".join(said)
    assert "terms:   written by the framing team for these tests; no restriction" in text
    assert text.index("terms:") < text.index("downloading 2 files")  # the terms come before the download
    assert out == tmp_path / "tiny-rss"
    assert _files(tmp_path / "downloads") == ["farda-tiny.json", "hamshahri-tiny.json"]
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["title"] for x in lines] == [
        "افتتاح دو ایستگاه تازه مترو در شرق تهران", "کاهش ذخایر آب سدهای کشور", "برگزاری نمایشگاه کتاب به صورت مجازی",
        "ادعای تازه درباره مذاکرات هسته‌ای", "افزایش قیمت دلار در بازار آزاد"]  # the files concatenated in order
    assert "\\u" not in lines[0] and json.loads(lines[3])["tags"] == ["سیاسی"]
    manifest = json.loads((out / D.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["outputs"]["articles.jsonl"]["records"] == 5 and manifest["files"]["farda-tiny.json"] == reg["tiny-rss"].files[1].sha256
    assert dict(server.requests) == {"/tiny/hamshahri-tiny.json": 1, "/tiny/farda-tiny.json": 1}
    assert D.status(reg["tiny-rss"], tmp_path) == "fetched"

    said.clear()  # a second fetch: nothing requested, nothing printed but where it is
    assert D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=said.append) == out
    assert sum(server.requests.values()) == 2 and said == [f"tiny-rss: already fetched in {out}"]


def test_a_lost_conversion_is_rebuilt_from_the_downloads_without_a_request(server, reg, tmp_path):
    out = D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    before = (out / "articles.jsonl").read_bytes()
    (out / "articles.jsonl").unlink()
    assert D.status(reg["tiny-rss"], tmp_path) == "downloaded, not converted"
    D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert (out / "articles.jsonl").read_bytes() == before
    assert sum(server.requests.values()) == 2  # the cache answered


def test_a_wrong_hash_keeps_nothing_and_says_what_to_do(server, reg, tmp_path):
    server.modes["farda-tiny.json"] = "corrupt"
    with pytest.raises(D.DatasetError, match=r"farda-tiny.json: the file served at .* is not the one the registry pins"
                                               r".*nothing was kept.*fetch tiny-rss` again"):
        D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert _files(tmp_path / "downloads" / "tiny-rss") == ["hamshahri-tiny.json"]  # the good file stays, no temp file
    assert not (tmp_path / "tiny-rss").exists()


def test_an_interrupted_download_leaves_no_partial_file_then_resumes_then_hits_the_cache(server, reg, tmp_path):
    server.modes["hamshahri-tiny.json"] = "truncate"
    with pytest.raises(D.DatasetError, match=r"hamshahri-tiny.json: the download from .* broke off in the middle of "
                                               r"the file.*no partial file was kept"):
        D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert _files(tmp_path / "downloads") == [] and not (tmp_path / "tiny-rss").exists()
    assert server.requests["/tiny/hamshahri-tiny.json"] == 1

    server.modes.clear()  # the connection is back: a second fetch starts that file anew and succeeds
    out = D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    assert dict(server.requests) == {"/tiny/hamshahri-tiny.json": 2, "/tiny/farda-tiny.json": 1}

    (out / D.MANIFEST).unlink()  # a third: the downloads are a cache hit, not one request
    D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert sum(server.requests.values()) == 3


def test_a_server_error_is_named(server, reg, tmp_path):
    del server.files["farexstance-tiny.xlsx"]
    with pytest.raises(D.DatasetError, match=r"the server refused .*404.*update its URL"):
        D.fetch("tiny-farexstance", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert _files(tmp_path) == []


def test_a_full_disk_while_downloading_leaves_nothing_and_says_what_to_do(server, reg, tmp_path, monkeypatch):
    import pooch

    class FullDisk(pooch.HTTPDownloader):
        def __call__(self, url, output_file, pooch_, check_only=False):
            with open(output_file, "wb") as fh:  # some bytes land, then the disk is full
                fh.write(b"\x00" * 512)
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pooch, "HTTPDownloader", FullDisk)
    with pytest.raises(D.DatasetError, match=r"the disk is full while writing in .*downloads/tiny-rss.*Free some space, "
                                               r"or set FRAMING_EXTERNAL.*fetch tiny-rss` again"):
        D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    assert _files(tmp_path) == []


def test_a_full_disk_while_converting_keeps_the_previous_conversion_whole(server, reg, tmp_path, monkeypatch):
    out = D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, log=_quiet)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(ds, src, dst):
        (dst / "articles.jsonl").write_text('{"title": "نیمه', encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(D.CONVERTERS, "json-array", full)
    with pytest.raises(D.DatasetError, match="the disk is full"):
        D.fetch("tiny-rss", root=tmp_path, reg=reg, progress=False, force=True, log=_quiet)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads", "tiny-rss"]  # no temporary folder left


# -- converters ------------------------------------------------------------------------------------
def test_farexstance_spreadsheet_becomes_articles_and_claim_groups(server, reg, tmp_path):
    out = D.fetch("tiny-farexstance", root=tmp_path, reg=reg, progress=False, log=_quiet)
    arts = [json.loads(x) for x in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [a["news_id"] for a in arts] == [9001, 9002, 9003, 9004, 9005]  # one per news_id, first seen first
    assert [list(a) for a in arts[:1]] == [["news_id", "outlet_guess", "text"]]
    assert [a["outlet_guess"] for a in arts] == ["Tasnim", "ISNA", "IRNA", None, "Mehr"]
    assert arts[0]["text"] == ("وزیر نیرو از کاهش ذخایر آب سدها خبر داد. به گزارش خبرگزاری تسنیم از تهران، وزیر نیرو گفت: "
                               "ذخایر آب سدهای کشور نسبت به سال گذشته کاهش یافته است. وی افزود: مردم باید در مصرف آب "
                               "صرفه‌جویی کنند.")  # whitespace runs made one space; the ZWNJ kept
    assert arts[2]["text"].startswith("به گزارش ايرنا، مسئولان شركت")  # the text is not normalized here
    groups = json.loads((out / "claim_groups.json").read_text(encoding="utf-8"))
    assert [g["claim_id"] for g in groups] == [500, 501, 502, 503]
    assert groups[1] == {"claim_id": 501, "claim": "وزیر نیرو گفت ذخایر آب سدهای کشور کاهش یافته است.", "articles": [
        {"news_id": 9001, "stance": 1, "outlet_guess": "Tasnim"}, {"news_id": 9002, "stance": 2, "outlet_guess": "ISNA"},
        {"news_id": 9003, "stance": 3, "outlet_guess": "IRNA"}]}
    assert groups[3]["articles"] == [{"news_id": 9005, "stance": 1, "outlet_guess": "Mehr"}]  # 9006 has no content
    manifest = json.loads((out / D.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["outputs"]["articles.jsonl"]["rows_without_article"] == 1


@pytest.mark.parametrize("content, outlet", [
    ("به گزارش خبرنگار پارلمانی خبرگزاری فارس، نمایندگان مجلس امروز طرح را بررسی کردند.", "Fars"),
    ("به گزارش اقتصادآنلاین به نقل از ایسنا، رئیس کل بانک مرکزی گفت تورم ماهانه کاهش یافته است.", "ISNA"),
    ("به گزارش روز سه‌شنبه ایرنا از اداره کل اطلاع‌رسانی، جلسه هیئت دولت برگزار شد.", "IRNA"),
    ("به گزارش خبرگزاری صدا و سیما مرکز خوزستان، رئیس کل دادگستری استان گفت پرونده بررسی می‌شود.", "IRIB"),
    ("به گزارش حوزه سیاست خارجی گروه سیاسی باشگاه خبرنگاران جوان، سخنگوی وزارت خارجه گفت.", "YJC"),
    ("به گزارش گروه سیاسی خبرگزاری دانشجو، نامزد انتخابات ریاست جمهوری برنامه‌اش را اعلام کرد.", "Student News (SNN)"),
    ("به گزارش خلیج فارس؛ براساس این گزارش روند بارش‌ها ادامه دارد.", None),
    ("به گزارش تسنیم مهر ماه سال گذشته این طرح آغاز شد.", "Tasnim"),
    ("به گزارش خبرگزاری علم و فناوری از اصفهان، آیت‌الله در این دیدار گفت.", None),
    ("تهران-ایرنا- پنجمین روز ثبت نام داوطلبان آغاز شد.", None),
    ("امام جمعه گفت که دشمن بیکار نمی‌نشیند.\nبه گزارش تسنیم، این سخنان در خطبه‌ها ایراد شد.", None),
    ("به گزارش خبرنگار ما، شهردار گفت ایستگاه فارسی‌زبان مترو افتتاح شد.", None),
])
def test_the_outlet_is_guessed_from_the_opening_credit_only(content, outlet):
    table = D.registry()["farexstance"].options["outlet_guess"]
    assert D.opening_credit_outlet(content, table) == outlet


@pytest.mark.shared
def test_converters_on_the_upstream_samples_reproduce_the_shared_corpora(shared_dir, tmp_path):
    """The first records of each upstream file, converted, against the team's re-keyed copies."""
    import dataclasses
    import shutil

    samples = shared_dir / "datasets" / "samples"
    if not samples.is_dir():
        pytest.skip(f"needs {samples}")
    reg = D.registry()
    cases = {"farexstance": ("dev_set_final.xlsx", "farexstance-dev_set_final.head12.xlsx"),
             "fars-news": ("fars-news-1.json", "fars-news-1.head12.json"),
             "rss-2020": ("hamshahri.json", "hamshahri.head12.json")}
    for name, (upstream, sample) in cases.items():
        ds = reg[name]
        one = dataclasses.replace(ds, files=tuple(f for f in ds.files if f.name == upstream),
                                  outputs={o: (upstream,) for o, ins in ds.outputs.items() if upstream in ins})
        (tmp_path / "downloads" / name).mkdir(parents=True)
        shutil.copy(samples / sample, tmp_path / "downloads" / name / upstream)
        D.convert(one, root=tmp_path, log=_quiet)
    # Fars News and the RSS set: the same lines, byte for byte
    for name, out in (("fars-news", "articles.jsonl"), ("rss-2020", "hamshahri.jsonl")):
        mine = (tmp_path / name / out).read_text(encoding="utf-8").splitlines()
        theirs = (shared_dir / "corpora" / name / out).read_text(encoding="utf-8").splitlines()[: len(mine)]
        assert len(mine) == 12 and mine == theirs
    # FarExStance: every converted article equals the shared record with its news_id
    shared = {}
    with open(shared_dir / "corpora" / "farexstance" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            shared[rec["news_id"]] = rec
    mine = [json.loads(x) for x in (tmp_path / "farexstance" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(mine) == 11 and all(rec == shared[rec["news_id"]] for rec in mine)
    groups = {g["claim_id"]: g for g in json.loads((shared_dir / "corpora" / "farexstance" / "claim_groups.json").read_text(encoding="utf-8"))}
    for g in json.loads((tmp_path / "farexstance" / "claim_groups.json").read_text(encoding="utf-8")):
        theirs = groups[g["claim_id"]]
        assert g["claim"] == theirs["claim"]
        listed = {a["news_id"] for a in g["articles"]}
        assert g["articles"] == [a for a in theirs["articles"] if a["news_id"] in listed]


# -- a name as report data -------------------------------------------------------------------------
def test_a_dataset_name_resolves_to_its_fetched_articles_and_provenance(server, reg, tmp_path):
    said = []
    paths, used = D.resolve_paths(["tiny-farexstance"], root=tmp_path, reg=reg, progress=False, log=said.append)
    assert paths == [tmp_path / "tiny-farexstance" / "articles.jsonl"]  # claim_groups.json stays beside it
    assert used["tiny-farexstance"]["terms"].startswith("written by the framing team")
    assert used["tiny-farexstance"]["files"][0]["sha256"] == reg["tiny-farexstance"].files[0].sha256
    assert any("downloading 1 file" in s for s in said)
    again, _ = D.resolve_paths(["tiny-farexstance"], root=tmp_path, reg=reg, log=_quiet)
    assert again == paths and sum(server.requests.values()) == 1
    existing = tmp_path / "tiny-farexstance"  # a path wins over a name, and a fetched folder keeps its provenance
    p2, used2 = D.resolve_paths([existing], root=tmp_path, reg=reg, log=_quiet)
    assert p2 == [existing] and set(used2) == {"tiny-farexstance"}
    with pytest.raises(FileNotFoundError, match=r"no such data path: nope .*dataset name: tiny-farexstance, tiny-rss"):
        D.resolve_paths(["nope"], root=tmp_path, reg=reg)


def test_report_of_a_dataset_name_fetches_then_reports_it(server, reg, tmp_path, monkeypatch, capsys):
    from framing import config
    from framing.cli import main

    monkeypatch.setattr(config, "EXTERNAL_DIR", tmp_path / "external")
    monkeypatch.setattr(D, "registry", lambda: reg)
    args = ["report", "tiny-farexstance", "--out", str(tmp_path / "p"), "--reports", str(tmp_path / "r"),
            "--no-notebooks", "--no-progress"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "terms:" in out and "ran ingest, analyze, compare" in out
    meta = json.loads((tmp_path / "r" / "report_meta.json").read_text(encoding="utf-8"))
    assert meta["data"] == [str(tmp_path / "external" / "tiny-farexstance" / "articles.jsonl")]
    assert meta["datasets"]["tiny-farexstance"]["files"][0]["name"] == "farexstance-tiny.xlsx"
    md = (tmp_path / "r" / "summary.md").read_text(encoding="utf-8")
    assert "dataset **tiny-farexstance**" in md and "records read 5, written 5, quarantined 0" in md
    assert (tmp_path / "r" / "story_validation.json").is_file()  # claim groups found beside the articles
    assert main(["datasets", "fetch", "tiny-farexstance"]) == 0 and sum(server.requests.values()) == 1
    assert "already fetched" in capsys.readouterr().out


def test_datasets_commands(monkeypatch, tmp_path, capsys):
    from framing import config
    from framing.cli import main

    monkeypatch.setattr(config, "EXTERNAL_DIR", tmp_path)
    assert main(["datasets", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("farexstance", "fars-news", "rss-2020"):
        assert f"{name}: " in out
    assert "terms:   no licence stated in the repository; research use" in out and "status:  not fetched" in out
    assert main(["datasets", "fetch", "farexstance", "nope"]) == 1
    assert "unknown dataset 'nope'" in capsys.readouterr().err
    assert _files(tmp_path) == []  # nothing was downloaded before the name was checked
