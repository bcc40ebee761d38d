"""Resource files: the helper the mining scripts use to refresh a column keeps everything else."""

from framing.resources import read_tsv_file, update_tsv_column


def test_update_tsv_column_keeps_comments_and_order(tmp_path):
    p = tmp_path / "words.tsv"
    p.write_text("# a comment\n\nphrase\tcategory\thits\nسرقت نفت\tcriminalization\t1\nرژیم\tderogatory_naming\n",
                 encoding="utf-8")
    n = update_tsv_column(p, lambda row: row.update(hits=str(len(row["phrase"]))))
    assert n == 2
    lines = p.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# a comment", "", "phrase\tcategory\thits"]
    rows = read_tsv_file(p)
    assert [(r["phrase"], r["hits"]) for r in rows] == [("سرقت نفت", "8"), ("رژیم", "4")]
