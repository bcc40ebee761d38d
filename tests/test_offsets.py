"""The offset map between a normalized text and its original."""

from __future__ import annotations

from framing.ingest.offsets import OffsetMap, align


def test_identity_costs_one_anchor():
    m = align("سلام دنیا", "سلام دنیا")
    assert len(m) == 1 and m.span(0, 4) == (0, 4)


def test_inserted_zwnj_and_removed_space():
    orig, norm = "همکاریهای  سیاسی", "همکاری\u200cهای سیاسی"
    m = align(orig, norm)
    i = norm.index("سیاسی")
    assert orig[slice(*m.span(i, i + 5))] == "سیاسی"
    assert orig[slice(*m.span(0, norm.index(" ")))] == "همکاریهای"


def test_many_to_one_replacement_maps_to_the_whole_original_stretch():
    orig, norm = "نماینده\\u200cشان گفت...", "نماینده\u200cشان گفت…"
    m = align(orig, norm)
    assert orig[slice(*m.span(0, len(norm)))] == orig
    j = norm.index("شان")
    assert orig[slice(*m.span(j, j + 3))] == "شان"


def test_fold_table_counts_variants_as_equal():
    from framing.ingest.normalize import fold_table

    orig, norm = "رئيس كل 12", "رئیس کل ۱۲"
    m = align(orig, norm, fold_table())
    assert len(m) == 1  # one-to-one: a single anchor


def test_round_trip_through_a_list():
    orig, norm = "a  b\u0651c", "a b c"
    m = align(orig, norm)
    assert OffsetMap.from_list(m.to_list()) == m


def test_vectorised_spans_agree_with_single_lookups():
    orig, norm = "همکاریهای  سیاسی و ...", "همکاری\u200cهای سیاسی و …"
    m = align(orig, norm)
    starts = [0, 3, 7, 11, len(norm) - 1]
    ends = [3, 9, 12, len(norm), len(norm)]
    vs, ve = m.spans(starts, ends)
    for s, e, a, b in zip(starts, ends, vs, ve):
        assert m.span(s, e) == (a, b)
