"""Sentence segmentation on real Persian news shapes."""

from __future__ import annotations

from framing.ingest.normalize import normalize
from framing.ingest.segment import boilerplate_kind, split_sentences


def sents(text, **kw):
    n = normalize(text)
    return [n[s.start : s.end] for s in split_sentences(n, **kw)]


def test_glued_sentences_are_split():
    # FarExStance: «… و تبعات بسیار خوبی در زندگی انسان دارد.امام جمعه کرج با بیان اینکه …»
    out = sents("تکریم پدر روزی انسان را زیاد می‌کند و تبعات بسیار خوبی در زندگی انسان دارد.امام جمعه کرج گفت: هیچ وقت نباید اینگونه باشد.")
    assert out == ["تکریم پدر روزی انسان را زیاد می‌کند و تبعات بسیار خوبی در زندگی انسان دارد.", "امام جمعه کرج گفت: هیچ وقت نباید اینگونه باشد."]


def test_quote_spanning_periods_is_one_unit():
    # Hamshahri: a quoted paragraph of two sentences stays whole
    text = "زیباکلام گفت: «اردشیر زاهدی هیچ‌وقت علاقه‌ای به آزادی نداشته است. به عبارت دیگر هیچ واکنشی نداشت.» او افزود که شک دارد."
    out = sents(text)
    assert out[0].endswith("واکنشی نداشت.»") and out[1].startswith("او افزود")


def test_unclosed_quote_does_not_swallow_the_paragraph():
    out = sents("او گفت: «این پایان نیست. کار ادامه دارد. ما می‌مانیم.")
    assert len(out) == 3


def test_decimals_abbreviations_and_domains_do_not_split():
    assert len(sents("نرخ تورم 7.30 درصد اعلام شد.")) == 1
    assert len(sents("پایگاه خبری تحلیلی انتخاب (Entekhab.ir) گزارش داد که جلسه برگزار شد.")) == 1
    assert len(sents("ساعت ۱۰ ق.ظ جلسه آغاز شد.")) == 1


def test_question_and_exclamation_marks():
    out = sents("آیا دمشق جدید به ابزار واشنگتن تبدیل شده است؟ کمک به ایران هراسی ممنوع! این پایان کار نیست.")
    assert len(out) == 3 and out[0].endswith("؟") and out[1].endswith("!")


def test_paragraph_breaks_split_and_are_numbered():
    n = normalize("خط اول بدون نقطه\nخط دوم هم")
    spans = split_sentences(n)
    assert [s.paragraph for s in spans] == [0, 1]


def test_inline_boilerplate_is_split_off_and_flagged():
    # Tasnim copy in FarExStance: «… ۲۹ خرداد ۱۴۰۰ - ۲۰:۳۸ - اخبار سیاسی - به گزارش خبرگزاری تسنیم ، …»
    n = normalize("قدردانی سپاه از مشارکت حماسی ملت در انتخابات ۲۹ خرداد ۱۴۰۰ - ۲۰:۳۸ - اخبار سیاسی - به گزارش خبرگزاری تسنیم ، سپاه تأکید کرد. انتهای پیام/")
    spans = split_sentences(n)
    kinds = [(n[s.start : s.end], s.boilerplate) for s in spans]
    assert ("- اخبار سیاسی -", "section_tag") in kinds
    assert kinds[-1][1] == "end_marker"
    assert any(t.startswith("به گزارش خبرگزاری تسنیم") and k is None for t, k in kinds)


def test_boilerplate_kinds():
    assert boilerplate_kind(normalize("انتهای پیام/")) == "end_marker"
    assert boilerplate_kind(normalize("کد خبر: 1234567")) == "article_code"
    assert boilerplate_kind(normalize("گزارش: مریم احمدی")) == "byline"
    assert boilerplate_kind(normalize('{"Name":"embed_html","Value":"<blockquote class=')) == "crawl_debris"
    assert boilerplate_kind(normalize("وزیر خارجه گفت که گزارش‌ها نادرست است.")) is None


def test_overlong_runs_are_cut_and_flagged():
    text = normalize(" ".join(["کلمه"] * 2000))  # 10,000 characters without punctuation
    spans = split_sentences(text, max_chars=1500)
    assert all(s.end - s.start <= 1500 for s in spans) and all(s.overlong for s in spans)
    assert spans[0].start == 0 and spans[-1].end == len(text)
