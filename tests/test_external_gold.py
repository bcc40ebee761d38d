"""Labels in pointer form resolve against corpora fetched into data/external as they do against
../shared, so training and notebook 05 work on a machine without ../shared.

The fetched copies are built at test time, in a temporary folder, from ../shared records put back
into their upstream formats and run through the real converters: FarExStance as spreadsheets
with the whitespace reflowed and the rows in another order, Fars News and the RSS sets as JSON
arrays in another order (so line numbers no longer match). Nothing of it is committed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from framing import config
from framing.ingest import datasets as D

ROOT = Path(__file__).resolve().parents[1]
TEAM = ROOT / "data" / "annotations" / "framing-2026-11"


def _pointers() -> list[dict]:
    return [json.loads(x) for x in (TEAM / "docs.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _farexstance_upstream(corpora: Path, folder: Path) -> None:
    import openpyxl

    wanted = {int(d["record_id"]) for d in _pointers() if d["corpus"] == "corpora/farexstance/articles.jsonl"}
    recs = _lines(corpora / "farexstance" / "articles.jsonl")
    chosen = [r for r in recs if r["news_id"] in wanted] + [r for r in recs if r["news_id"] not in wanted][:15]
    chosen.reverse()  # another order than the shared copy's
    half = len(chosen) // 2
    for name, part in (("dev_set_final.xlsx", chosen[:half]), ("test_set_final.xlsx", chosen[half:])):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Unnamed: 0.1", "Unnamed: 0", "claim", "content", "stance", "claim_id", "news_id", "evidence"])
        for i, r in enumerate(part):
            content = "  " + r["text"].replace(". ", ".\n\n", 3).replace("، ", "،   ") + " \n"  # as upstream: reflowed
            ws.append([str(i), str(i), "ادعای آزمایشی", content, "2", str(7000 + i % 3), str(r["news_id"]), ""])
        wb.save(folder / name)


def _json_arrays(records: list[dict], names: list[str], folder: Path) -> None:
    k = -(-len(records) // len(names))
    for i, name in enumerate(names):
        (folder / name).write_text(json.dumps(records[i * k : (i + 1) * k], ensure_ascii=True, indent=1), encoding="utf-8")


def build_external(corpora: Path, root: Path, names=("farexstance", "fars-news", "rss-2020")) -> Path:
    """data/external as `framing datasets fetch` leaves it (downloads + converted folders)."""
    reg = D.registry()
    lines: dict[str, set[int]] = {}
    for d in _pointers():
        lines.setdefault(d["record_file"], set()).add(int(d["record_line"]))
    for name in names:
        src = D.downloads_dir(name, root)
        src.mkdir(parents=True, exist_ok=True)
        if name == "farexstance":
            _farexstance_upstream(corpora, src)
        else:
            for out, inputs in reg[name].outputs.items():
                recs = _lines(corpora / name / out)
                want = lines.get(f"{name}/{out}", set())
                chosen = [r for i, r in enumerate(recs, 1) if i in want] + [r for i, r in enumerate(recs, 1) if i not in want][:12]
                _json_arrays(chosen[::-1], list(inputs), src)
        D.convert(reg[name], root=root, log=lambda *_: None)
    return root


@pytest.fixture(scope="module")
def external(tmp_path_factory, corpora_dir):
    return build_external(corpora_dir, tmp_path_factory.mktemp("external"))


@pytest.fixture()
def no_shared(monkeypatch, tmp_path):
    """As on a user's machine: ../shared is not there."""
    monkeypatch.setattr(config, "SHARED_DIR", tmp_path / "no-shared")
    monkeypatch.setattr(config, "GOLD_DEV_DIR", tmp_path / "no-shared" / "annotation" / "dev")


@pytest.mark.shared
def test_team_labels_resolve_against_fetched_corpora_as_against_shared(external, no_shared, monkeypatch, shared_dir):
    from framing.learn.evaluate import read_gold

    monkeypatch.setattr(config, "EXTERNAL_DIR", external)
    docs, gold = read_gold(TEAM)
    monkeypatch.setattr(config, "SHARED_DIR", shared_dir)
    ref_docs, ref_gold = read_gold(TEAM)
    assert len(docs) == 22 and len(gold) == 135
    assert docs.set_index("doc_id")[["title", "text"]].equals(ref_docs.set_index("doc_id")[["title", "text"]])
    assert gold["text"].tolist() == ref_gold["text"].tolist()
    # the converted FarExStance is in another order than the shared copy: found by record id
    order = [r["news_id"] for r in _lines(external / "farexstance" / "articles.jsonl")]
    assert order != sorted(order, key=[r["news_id"] for r in _lines(shared_dir / "corpora" / "farexstance" / "articles.jsonl")].index)


@pytest.mark.shared
def test_framing_train_runs_on_the_team_labels_without_shared(external, no_shared, monkeypatch, tmp_path, capsys):
    from framing.cli import main

    monkeypatch.setattr(config, "EXTERNAL_DIR", external)
    out = tmp_path / "model"
    assert main(["train", "--model", "voice.rules.v1", "--gold", str(TEAM), "--out", str(out), "--no-cv"]) == 0
    assert "on 135 units" in capsys.readouterr().out
    card = json.loads((out / "model_card.json").read_text(encoding="utf-8"))
    assert card["training_data"]["units"] == 135 and (out / "model.skops").is_file()


@pytest.mark.shared
@pytest.mark.parametrize("corpus, file", [("farexstance", "articles.jsonl"), ("fars-news", "articles.jsonl")])
def test_a_changed_record_is_an_error_never_a_silent_drop(external, no_shared, monkeypatch, tmp_path, corpus, file):
    from framing.learn.evaluate import read_gold

    copy = tmp_path / "external"
    shutil.copytree(external, copy)
    target = next(d for d in _pointers() if d["record_file"] == f"{corpus}/{file}")
    gold = [json.loads(x) for x in (TEAM / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    unit = next(u for u in gold if u["doc_id"] == target["doc_id"] and u.get("part") != "title")
    path = copy / corpus / file
    recs = _lines(path)
    key = "text" if corpus == "farexstance" else "paragraphs"
    for r in recs:  # one letter added inside a labelled unit of that document
        if _matches(r, target, gold):
            body = r[key] if isinstance(r[key], str) else "\n".join(p.strip() for p in r[key] if p.strip())
            i = (unit["orig_start"] + unit["orig_end"]) // 2
            edited = body[:i] + "ـ" + body[i:]
            r[key] = edited if isinstance(r[key], str) else edited.split("\n")
            break
    else:
        pytest.fail("the labelled record was not found")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    monkeypatch.setattr(config, "EXTERNAL_DIR", copy)
    with pytest.raises(ValueError, match=rf"document {target['doc_id']} .* no longer matches its record"):
        read_gold(TEAM)


def _matches(rec: dict, pointer: dict, gold: list[dict]) -> bool:
    from framing.learn.evaluate import _record_text, _unit_sha1

    title, text = _record_text(rec)
    units = [u for u in gold if u["doc_id"] == pointer["doc_id"]]
    return all(u["orig_end"] <= len(title if u.get("part") == "title" else text) and _unit_sha1(title, text, u) == u["text_sha1"]
               for u in units)


@pytest.mark.shared
def test_a_corpus_in_neither_place_says_which_dataset_to_fetch(corpora_dir, no_shared, monkeypatch, tmp_path):
    from framing.learn.evaluate import read_gold
    from framing.learn.training import load_gold_units

    only = build_external(corpora_dir, tmp_path / "external", names=("farexstance",))
    monkeypatch.setattr(config, "EXTERNAL_DIR", only)
    with pytest.raises(FileNotFoundError, match=r"points at corpora/(fars-news|rss-2020)/.*run `framing datasets fetch "
                                                r"(fars-news|rss-2020)`.*13 documents in all"):
        read_gold(TEAM)
    with pytest.warns(UserWarning, match=r"13 of 22 documents left out.*framing datasets fetch fars-news.*"
                                         r"framing datasets fetch rss-2020"):
        data = load_gold_units([TEAM], missing="skip")
    assert data["article_id"].nunique() == 9 and set(data["gold_dir"]) == {str(TEAM)}


@pytest.mark.shared
def test_notebook_05_finds_gold_labels_without_shared(external, tmp_path):
    """The notebook as a script, with FRAMING_SHARED pointing nowhere: it trains on the team's labels."""
    env = {**os.environ, "FRAMING_SHARED": str(tmp_path / "no-shared"), "FRAMING_EXTERNAL": str(external),
           "FRAMING_HOME": str(ROOT)}
    # its parameters cell set as papermill sets it (two folds: a quicker run)
    code = ("import sys; src = open(sys.argv[1], encoding='utf-8').read().replace('folds = 5', 'folds = 2', 1); "
            "g = {'__name__': '__main__'}; exec(compile(src, sys.argv[1], 'exec'), g); t = g['table']; "
            "print('TABLE', t if isinstance(t, str) else t.to_json())")
    res = subprocess.run([sys.executable, "-c", code, str(ROOT / "notebooks" / "05-extend-a-classifier.py")], env=env,
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "gold: 135 labelled sentences in 22 documents from framing-2026-11" in res.stdout
    table = json.loads(res.stdout.split("TABLE ", 1)[1])
    assert set(table["macro_f1"]) == {"voice.rules.v2", "voice.linear.v1", "voice.sgd.v1"}
    assert table["macro_f1"]["voice.rules.v2"] > 0.5
