"""Normalization: hazm's Normalizer plus what it misses — each with a real example."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.ingest.normalize import (
    ZWNJ,
    clean_debris,
    normalize,
    normalize_with_offsets,
)

Z = ZWNJ


# -- ZWNJ restored where it was stripped: the seed's own words (hazm leaves all of these) ----------------
@pytest.mark.parametrize(
    "stripped, repaired",
    [
        ("همکاریهای", "همکاری" + Z + "های"),
        ("بیانیهای", "بیانیه" + Z + "ای"),
        ("شدهاند", "شده" + Z + "اند"),
        ("پشتپرده", "پشت" + Z + "پرده"),
        ("میدانهای", "میدان" + Z + "های"),
        ("کانالهای", "کانال" + Z + "های"),
        ("تلاشها", "تلاش" + Z + "ها"),
        ("چشمانداز", "چشم" + Z + "انداز"),  # a compound hazm lists with its ZWNJ
        ("نمیتوان", "نمی" + Z + "توان"),
    ],
)
def test_zwnj_restored_in_seed_words(normalizer, stripped, repaired):
    import hazm

    assert hazm.Normalizer().normalize(stripped) == stripped or stripped in ("نمیتوان",)  # hazm alone misses it
    assert normalizer.normalize(stripped) == repaired


def test_zwnj_repair_in_the_seed_sentence(normalizer):
    sent = "دفتر ریاست دولت موقت سوریه در بیانیهای اعلام کرد که در این نشست، چشمانداز همکاری ها در زمینههای سیاسی"
    out = normalizer.normalize(sent)
    assert "بیانیه" + Z + "ای" in out and "چشم" + Z + "انداز" in out and "همکاری" + Z + "ها" in out


@pytest.mark.parametrize(
    "word",
    [
        "انتهای",  # «انتها» + ezafe «ی», not «انت» + «های» («انتهای پیام»)
        "کارها",  # no ZWNJ after a non-joining letter
        "ایستگاهی",  # pronounced «ه»: «ایستگاه» + «ی» takes no ZWNJ
        "تهران",
        "سنتکام",  # a proper noun hazm does not know must not be split into «سنت» + «کام»
    ],
)
def test_zwnj_repair_leaves_words_that_need_none(normalizer, word):
    assert normalizer.normalize(word) == word


def test_plural_wins_over_heh_reading(normalizer):
    # «استانهای» is «استان» + «های», not «استانه» + «ای» (frequency of the stem decides);
    # «بیانیهای» is «بیانیه» + «ای», not «بیانی» + «های»
    assert normalizer.normalize("استانهای مرزی") == "استان" + Z + "های مرزی"
    assert normalizer.normalize("قراردادهای نفتی") == "قراردادهای نفتی"  # «د» does not join: nothing to repair


# -- Arabic letter variants ----------------------------------------------------------------------------------
def test_arabic_yeh_and_kaf_from_old_fars_copy(normalizer):
    # fars-news 2003: «خبرگزاري فارس: رئيس اداره كل دفاتر خدمات بانكي …»
    assert normalizer.normalize("خبرگزاري فارس: رئيس اداره كل دفاتر خدمات بانكي") == "خبرگزاری فارس: رئیس اداره کل دفاتر خدمات بانکی"


@pytest.mark.parametrize(
    "src, out",
    [
        ("خانۀ ملت", "خانه ملت"),  # heh with hamza (ezafe) -> heh
        ("مدرسة", "مدرسه"),  # Arabic teh marbuta
        ("أبو مازن و إسرائيل", "ابو مازن و اسرائیل"),
        ("ﻻ", "لا"),  # presentation-form ligature
    ],
)
def test_arabic_variants(normalizer, src, out):
    assert normalizer.normalize(src) == out


# -- debris ----------------------------------------------------------------------------------------------------------
def test_literal_escape_debris_becomes_a_zwnj(normalizer):
    # the six characters \u200c inside text (crawl debris: «در\u200c محوطه این شرکت تجمع کردند»)
    assert normalizer.normalize("نماینده\\u200cشان") == "نماینده" + Z + "شان"
    assert clean_debris("\\u0026lt;br /\\u0026gt;") == "<br />"


def test_html_entities(normalizer):
    assert normalizer.normalize("سلام&nbsp;دنیا و کتاب&zwnj;ها") == "سلام دنیا و کتاب" + Z + "ها"


def test_stray_typewriter_tanvin_quote(normalizer):
    # seed: «… در ماه‌های آینده تقریبا" به نصف کاهش دهد» — the quote is a tanvin, not a quotation
    src = 'تعداد نیروهای خود را در ماههای آینده تقریبا" به نصف کاهش دهد'
    out = normalizer.normalize(src)
    assert '"' not in out and "«" not in out and "تقریبا به نصف" in out


def test_real_quotation_marks_become_guillemets(normalizer):
    assert normalizer.normalize('شرکت "مدرنا" گفت') == "شرکت «مدرنا» گفت"


def test_bidi_controls_and_soft_hyphen_removed(normalizer):
    # FarExStance: «سرویس بین الملل\xad \xadخبرگزاری صدا و سیما»
    assert normalizer.normalize("سرویس بین الملل\xad \xadخبرگزاری\u200f") == "سرویس بین" + Z + "الملل خبرگزاری"


# -- what hazm breaks --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "src, out",
    [
        ("ساعت 7.30 صبح", "ساعت ۷٫۳۰ صبح"),  # hazm alone: «۷ ٫ ۳۰»
        ("مصوب 1400/04/23", "مصوب ۱۴۰۰/۰۴/۲۳"),  # hazm alone: «۱۴۰۰ / ۰۴ / ۲۳»
        ("۵.۵ تا ۶ میلیون", "۵٫۵ تا ۶ میلیون"),
        ("سال ۱۳۹۶. ۵ نفر", "سال ۱۳۹۶. ۵ نفر"),  # a sentence end before a number stays
        ("ساعت ٢٣ و ٤٥ دقیقه", "ساعت ۲۳ و ۴۵ دقیقه"),  # Arabic-Indic digits
    ],
)
def test_numbers(normalizer, src, out):
    assert normalizer.normalize(src) == out


def test_urls_and_domains_are_not_broken(normalizer):
    src = "پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : به نشانی https://www.irna.ir/news/85938123/x?a=1"
    out = normalizer.normalize(src)
    assert "Entekhab.ir" in out and "https://www.irna.ir/news/85938123/x?a=1" in out


def test_glued_sentences_get_a_space(normalizer):
    assert normalizer.normalize("اعلام نشده است.وی افزود: ما آماده‌ایم") .count(". وی افزود") == 1


# -- properties --------------------------------------------------------------------------------------------------------
PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ"
ALPHABET = PERSIAN + "يكةۀأ" + "۰۱۲۳۴۵۶۷۸۹0123456789٠١" + " .،؛:!؟«»\"()-/\n" + Z + "ًٌَُِّ" + "abc"
WORDS = ["همکاری", "های", "ها", "بیانیه", "ای", "شده", "اند", "اعلام", "کرد", "می", "شود", "تقریبا", "گفت", "«", "»", "۱۲", "7.30", "1400/04/23", "\\u200c", "پیام", "انتهای"]

text_strategy = st.one_of(
    st.text(alphabet=ALPHABET, max_size=80),
    st.lists(st.sampled_from(WORDS + list(" .،" + Z)), max_size=25).map("".join),
    st.lists(st.sampled_from(WORDS), max_size=20).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
@example('""')  # found by hypothesis: it became “« »” (with a space), then “«»” on a second pass
@example('میگفتهأ')  # found by hypothesis: the ZWNJ repair split «ها» off, then hazm separated «می» on a second pass
def test_normalization_is_idempotent(normalizer, text):
    once = normalizer.normalize(text)
    assert normalizer.normalize(once) == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_offsets_map_back_to_the_original(normalizer, text):
    res = normalizer.normalize_with_offsets(text)
    n, orig = res.text, res.original
    prev_start = 0
    for j, ch in enumerate(n):
        s, e = res.original_span(j, j + 1)
        assert 0 <= s <= e <= len(orig)
        assert s >= prev_start  # monotone
        prev_start = s
        if ch in PERSIAN and e - s == 1:
            # a kept letter points at the same letter (up to Arabic/Persian variants)
            assert normalize(orig[s:e]) in (ch, "")
    if n:
        s, e = res.original_span(0, len(n))
        assert orig[s:e].strip() == orig.strip() or len(orig[s:e]) <= len(orig)


def test_offsets_on_the_seed(seed_path):
    raw = seed_path.read_text(encoding="utf-8").split("\n", 1)[1]
    res = normalize_with_offsets(raw)
    for phrase in ["بازوی آمریکا", "سرقت نفت", "پایگاه" + Z + "های غیرقانونی", "همکاری" + Z + "های سیاسی"]:
        i = res.text.index(phrase)
        orig = res.original_text(i, i + len(phrase))
        assert orig.replace(Z, "").replace(" ", "") == phrase.replace(Z, "").replace(" ", "")


def test_faster_hazm_gives_hazms_own_output(raw_dir):
    """framing's hazm Normalizer replaces `persian_number` (a translate of every character) by a
    regex over digits: the output must stay exactly hazm's."""
    import hazm

    from framing.ingest.fasthazm import fast_normalizer as _hazm_normalizer
    from framing.ingest.run import ingest_tables

    arts, _, _ = ingest_tables([raw_dir])
    texts = list(arts["original_text"]) + ["سال 1400 و ٢٠٢٤ میلادی، 5 درصد", "بدون رقم", "12.5 میلیون"]
    ours, theirs = _hazm_normalizer(), hazm.Normalizer()
    for t in texts:
        assert ours.normalize(t) == theirs.normalize(t)


@pytest.mark.shared
def test_faster_hazm_matches_hazm_on_every_shared_corpus(corpora_dir):
    """The faster translation, repeated-letter and token-spacing steps give hazm's own output on
    the messy texts too (Arabic letters in old Fars copy, RSS summaries, web pages)."""
    import json

    import hazm

    from framing.ingest.fasthazm import fast_normalizer as _hazm_normalizer

    fields = {"farexstance/articles.jsonl": "text", "fars-news/articles.jsonl": "paragraphs",
              "rss-2020/hamshahri.jsonl": "summary", "rss-2020/radiofarda.jsonl": "summary"}
    texts = []
    for rel, field in fields.items():
        with open(corpora_dir / rel, encoding="utf-8") as fh:
            for _, line in zip(range(300), fh):
                r = json.loads(line)
                v = r.get(field)
                texts.append((r.get("title") or "") + "\n" + ("\n".join(v) if isinstance(v, list) else v or ""))
    ours, theirs = _hazm_normalizer(), hazm.Normalizer()
    assert sum("ي" in t or "ك" in t for t in texts) > 10  # the translation step has work to do
    for t in texts:
        assert ours.normalize(t) == theirs.normalize(t)


def test_every_fast_hazm_rule_equals_hazms_regex_on_random_text():
    """Each rewritten or prefiltered spacing rule against hazm's own pattern, on random strings
    built from the pieces those patterns look at (ZWNJ runs, «ه ی», «می », brackets, digits …)."""
    import random

    from framing.ingest.fasthazm import _FAST_RULES, fast_rule_count

    pieces = ["\u200c", "\u200c\u200c", " ", "  ", "\n", "\n\n\n", "\r", "ـ", "ه", "ی", "ها", "می", "نمی", "تر", "ترین",
              "گری", "ام", "اند", "کتاب", "خانه", "a", "_", "۱", "2", ".", "...", ":", "!", "،", "«", "»", "(", ")", "[",
              "{", '"', "x"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(20_000)]
    for (pattern, repl), rule in _FAST_RULES.items():
        rx = re.compile(pattern)
        for t in texts:
            assert rule(t) == rx.sub(repl, t), (pattern, t)
    used, known = fast_rule_count()
    assert used == known, "a hazm pattern changed: its fast rule is no longer used (results are still hazm's)"
