"""Wire-copy diff on real republished pairs: the seed (Tabnak) against the IRNA copy, and
parallel agency copies in FarExStance."""

import pandas as pd
import pytest

from framing.analysis.analyze import analyze
from framing.compare.wirediff import align, diff_pair, find_pairs, summarize_diff
from framing.ingest.run import ingest_tables


def test_alignment_finds_same_changed_added_removed_and_moved():
    a = ["وزیر امور خارجه روز دوشنبه به مسکو سفر کرد.",
         "وی در این سفر با همتای روس خود دیدار می‌کند.",
         "این سفر سه روز طول خواهد کشید.",
         "نیروهای آمریکایی از سال ۲۰۱۵ در سوریه حضور دارند."]
    b = ["نیروهای آمریکایی از سال ۲۰۱۵ در سوریه حضور دارند.",
         "وزیر امور خارجه روز دوشنبه به مسکو سفر کرد.",
         "وی در این سفر با همتای روس خود دیدار و گفت‌وگو می‌کند.",
         "کارشناسان این سفر را مهم ارزیابی می‌کنند."]
    ops = {(i, j): s for i, j, s in align(a, b)}
    assert (0, 1) in ops and ops[(0, 1)] == pytest.approx(1.0)
    assert (1, 2) in ops and 0.5 < ops[(1, 2)] < 1.0
    assert (3, 0) in ops and ops[(3, 0)] < 0  # moved to the top
    assert (2, None) in ops and (None, 3) in ops


def test_verb_swap_epithet_and_dropped_attribution_are_reported(tmp_path):
    original = ("اسرائیل دیروز به مواضعی در سوریه حمله کرد. "
                "سخنگوی دولت اعلام کرد که جلسه هیئت دولت فردا برگزار می‌شود. "
                "وزیر خارجه آمریکا گفت: ایران به تعهدات خود عمل نکرده است.")
    republished = ("رژیم صهیونیستی دیروز به مواضعی در سوریه حمله کرد. "
                   "جلسه هیئت دولت فردا برگزار می‌شود. "
                   "وزیر خارجه آمریکا ادعا کرد: ایران به تعهدات خود عمل نکرده است.")
    f = tmp_path / "pair.jsonl"
    f.write_text(pd.DataFrame([{"id": "a", "outlet": "ایسنا", "text": original},
                               {"id": "b", "outlet": "تسنیم", "text": republished}]).to_json(
        orient="records", lines=True, force_ascii=False), encoding="utf-8")
    arts, sents, _ = ingest_tables([f])
    an = analyze(arts, sents, progress=False)
    ida, idb = arts.article_id.tolist()
    d = diff_pair(an[an.article_id == ida], an[an.article_id == idb])
    assert set(d.op) == {"changed"}
    swap = d[d.cue_swap.notna()]
    assert swap.cue_swap.iloc[0] == "گفت → ادعا کرد"
    assert any("رژیم صهیونیستی" in e for e in d.epithets_added.sum())
    assert any("israel: اسرائیل → رژیم صهیونیستی" in n for n in d.names_changed.sum())
    assert d.attribution_dropped.sum() == 1  # «سخنگوی دولت اعلام کرد» dropped: now the outlet's fact
    s = summarize_diff(d)
    assert s["cue_swaps"] == 1 and s["attributions_dropped"] == 1 and s["epithets_added"] >= 1


def test_the_seed_against_its_irna_copy(raw_tables):
    articles, analysis = raw_tables
    pairs = find_pairs(articles)
    cites = pairs[pairs.relation == "cites"]
    assert len(cites) == 1
    pr = cites.iloc[0]
    assert (pr.a_outlet, pr.b_outlet) == ("ایرنا", "تابناک")  # Tabnak credits IRNA: IRNA is the original
    d = diff_pair(analysis[analysis.article_id == pr.a_id], analysis[analysis.article_id == pr.b_id])
    added = d[d.op == "added"]
    # what Tabnak added to the wire copy: its editorial paragraphs and their loaded phrases
    assert (added.b_voice == "editorial").sum() >= 3
    added_loaded = set(added.loaded_added.sum())
    assert {"بازوی آمریکا", "سرقت نفت", "کشتار مردم"} <= added_loaded
    kept = d[d.op.isin(["same", "changed"])]
    assert kept.b_text.str.contains("این بیانیه افزود").any()


@pytest.mark.shared
def test_parallel_agency_copies_in_farexstance(farexstance):
    from framing.compare.stories import group_stories
    from framing.compare.wirediff import diff_pairs

    _, articles, analysis = farexstance
    pairs = find_pairs(articles, group_stories(articles))
    assert len(pairs) >= 100 and (pairs.a_outlet != pairs.b_outlet).all()
    assert {"ایرنا", "ایسنا", "تسنیم"} <= set(pairs.a_outlet) | set(pairs.b_outlet)
    summary, detail = diff_pairs(analysis, pairs.head(60))
    assert len(summary) == 60
    # agencies rewrite reporting verbs of the same press release (measured: 200+ swaps)
    assert summary.cue_swaps.sum() >= 10
    swaps = detail.cue_swap.dropna()
    assert swaps.str.contains(" → ").all()
