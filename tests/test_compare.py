"""Outlet comparison: cluster bootstrap, permutation tests, corrections, flags."""

import numpy as np
import pandas as pd
import pytest

from framing.compare.rates import (
    Measure,
    article_table,
    benjamini_hochberg,
    compare,
    holm,
    outlet_metrics,
    pairwise_tests,
    select,
)


def synthetic(n_a=40, n_b=40, p_a=0.1, p_b=0.1, seed=1):
    """Articles of two outlets: 20 sentences each, editorial with probability p."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, n, p in (("الف", n_a, p_a), ("ب", n_b, p_b)):
        for i in range(n):
            ed = rng.binomial(20, p)
            rows.append({"article_id": f"{outlet}{i}", "outlet": outlet, "n_sentences": 20, "n_editorial": ed})
    return pd.DataFrame(rows)


SHARE = Measure("share_editorial", "n_editorial", "n_sentences", "voice", "editorial share")


def test_holm_and_bh_match_textbook_values():
    p = np.array([0.01, 0.04, 0.03, 0.005])
    assert np.allclose(holm(p), [0.03, 0.06, 0.06, 0.02])
    assert np.allclose(benjamini_hochberg(p), [0.02, 0.04, 0.04, 0.02])
    assert holm(np.array([0.5, 0.9])).max() <= 1.0


def test_bootstrap_interval_covers_the_value_and_shrinks_with_more_articles():
    small = outlet_metrics(synthetic(10, 10), measures=[SHARE], min_articles=5, n_boot=500)
    big = outlet_metrics(synthetic(200, 200), measures=[SHARE], min_articles=5, n_boot=500)
    for m in (small, big):
        assert (m.ci_low <= m.value).all() and (m.value <= m.ci_high).all()
    width = lambda m: (m.ci_high - m.ci_low).mean()  # noqa: E731
    assert width(big) < width(small) / 2


def test_bootstrap_resamples_articles_not_sentences():
    """Articles with strongly clustered editorial sentences: the article-level interval must be
    much wider than a naive sentence-level binomial interval."""
    t = pd.DataFrame({"article_id": [f"a{i}" for i in range(40)], "outlet": "الف", "n_sentences": 20,
                      "n_editorial": [20 if i % 10 == 0 else 0 for i in range(40)]})
    m = outlet_metrics(t, measures=[SHARE], n_boot=2000, min_articles=5).iloc[0]
    p, n = m.value, 800
    naive = 2 * 1.96 * np.sqrt(p * (1 - p) / n)
    assert m.ci_high - m.ci_low > 2 * naive


def test_results_are_reproducible_with_a_seed():
    t = synthetic()
    a = outlet_metrics(t, measures=[SHARE], seed=3)
    b = outlet_metrics(t, measures=[SHARE], seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_permutation_test_finds_a_real_difference_and_not_a_null_one():
    diff = pairwise_tests(synthetic(p_a=0.05, p_b=0.25), measures=[SHARE], n_perm=1000, min_articles=10)
    assert diff.iloc[0].significant and diff.iloc[0].p_value < 0.01
    assert diff.iloc[0].difference == pytest.approx(-0.2, abs=0.05)
    null = pairwise_tests(synthetic(p_a=0.1, p_b=0.1, seed=7), measures=[SHARE], n_perm=1000, min_articles=10)
    assert not null.iloc[0].significant and null.iloc[0].p_value > 0.05


def test_small_outlets_are_flagged_and_left_out_of_pairwise_tests():
    t = pd.concat([synthetic(40, 40), synthetic(3, 0).assign(outlet="ج", article_id=lambda d: "ج" + d.article_id)])
    m = outlet_metrics(t, measures=[SHARE], min_articles=10)
    assert m.set_index("outlet").loc["ج", "flag"] == "few_articles"
    assert (m[m.outlet != "ج"].flag == "").all()
    pw = pairwise_tests(t, measures=[SHARE], min_articles=10, n_perm=200)
    assert "ج" not in set(pw.outlet_a) | set(pw.outlet_b)
    assert len(pw) == 1


def test_article_table_counts_real_sentences(raw_tables):
    _, analysis = raw_tables
    t = article_table(analysis)
    body = analysis[analysis.boilerplate.isna()]
    assert t["n_sentences"].sum() == len(body)
    assert (t[["n_attributed", "n_report", "n_editorial"]].sum(axis=1) == t["n_sentences"]).all()
    seed = t[t.outlet == "تابناک"].iloc[0]
    assert seed.n_editorial >= 3 and seed.loaded_outlet >= 5 and seed.att_foreign_government >= 1
    # the seed's loaded phrases are in the outlet's voice, so their categories are counted there
    assert seed.loaded_outlet_criminalization >= 1 and seed.loaded_outlet_proxy_conspiracy >= 1


def test_select_by_outlet_and_date(raw_tables):
    articles, _ = raw_tables
    assert set(select(articles, outlets=["تابناک"]).outlet) == {"تابناک"}
    dated = select(articles, date_from="2025-01-01", date_to="2025-12-31")
    assert len(dated) and pd.to_datetime(dated.date).between("2025-01-01", "2025-12-31").all()
    assert len(select(articles)) == len(articles)


@pytest.mark.shared
def test_farexstance_outlets_are_compared_with_intervals(farexstance):
    _, _, analysis = farexstance
    cmp = compare(analysis, min_articles=20, n_boot=300, n_perm=500)
    m = cmp.metrics.set_index(["outlet", "measure"])
    for outlet in ("ایرنا", "ایسنا", "تسنیم", "فارس", "مهر"):
        row = m.loc[(outlet, "share_attributed")]
        assert row.flag == "" and row.articles >= 20
        assert 0.3 < row.value < 0.95 and row.ci_low < row.value < row.ci_high
    tested = set(cmp.pairwise.outlet_a) | set(cmp.pairwise.outlet_b)
    assert {"ایرنا", "ایسنا", "تسنیم", "فارس", "مهر"} <= tested and "(unknown)" not in tested
    assert cmp.pairwise.p_adjusted.ge(cmp.pairwise.p_value).all()
    assert len(cmp.sources) and cmp.sources.affiliation.notna().any()
