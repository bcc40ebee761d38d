"""Outlet, wire chain and date inference — each case from real credit lines."""

from __future__ import annotations

import pytest

from framing.ingest.credits import credit_key, find_credits, own_chain
from framing.ingest.dates import date_from_url, parse_date
from framing.ingest.normalize import normalize
from framing.ingest.outlets import registry


def chain_of(text, publisher=None):
    credits = find_credits(normalize(text))
    own = own_chain(credits, publisher=registry().lookup(publisher) if publisher else None)
    return own.names if own else None


@pytest.mark.parametrize(
    "text, chain",
    [
        ("به گزارش تابناک به نقل از ایرنا، این بیانیه افزود که این نشست برگزار شد.", ["تابناک", "ایرنا"]),  # seed
        ("به گزارش خبرگزاری فارس، سید احمد خاتمی در خطبه دوم نماز جمعه گفت", ["فارس"]),
        ("به گزارش خبرنگار پارلمانی خبرگزاری فارس، نمایندگان مجلس", ["فارس"]),  # a desk before the outlet
        ("به گزارش گروه بین‌الملل خبرگزاری فارس، «عیسی قراقع» اعلام کرد", ["فارس"]),
        ("به گزارش روز سه‌شنبه ایرنا از پایگاه اطلاع‌رسانی وزارت دفاع، با حضور سرتیپ امیر حاتمی", ["ایرنا", "پایگاه اطلاع‌رسانی وزارت دفاع"]),
        ("به گزارش خبرگزاری فارس از البرز، سپاه امام حسن مجتبی (ع) در بیانیه ای", ["فارس"]),  # «از البرز» is a place
        ("به گزارش خبرگزاری صدا و سیما به نقل از روابط عمومی ارتش، امیر سرلشکر موسوی", ["صدا و سیما", "روابط عمومی ارتش"]),
        ("به گزاش گروه سیاسی خبرگزاری دانشجو به نقل از روابط عمومی قرارگاه قدس نیروی زمینی سپاه در اطلاعیه‌ای از آزادی", ["دانشجو", "روابط عمومی قرارگاه قدس نیروی زمینی سپاه"]),
        ("تهران- ایرنا- وزیر دفاع و پشتیبانی نیروهای مسلح گفت: این مرکز راه‌اندازی شد.", ["ایرنا"]),  # dateline
        ("پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : تسنیم: سیدمحمدمهدی حسینی‌همدانی اظهار داشت", ["انتخاب", "تسنیم"]),
        ("خبرگزاري فارس: روزنامه الزمان، عناوين مهم خود را به اين شرح انتخاب كرد.", ["فارس"]),  # old Fars abstract
        ("به گزارش ایسنا به نقل از خبرگزاری رسمی سوریه (سانا)، رئیس دولت موقت گفت", ["ایسنا", "سانا"]),
    ],
)
def test_own_chain_from_credit_formula(text, chain):
    assert chain_of(text) == chain


def test_a_foreign_credit_is_not_the_articles_own():
    # Radio Farda: «به گزارش خبرگزاری رویترز، جزئیات تغییر این قوانین قرار است روز سه‌شنبه اعلام شود.»
    assert chain_of("به گزارش خبرگزاری رویترز، جزئیات تغییر این قوانین قرار است روز سه‌شنبه اعلام شود.") is None
    credits = find_credits(normalize("به گزارش خبرگزاری رویترز، جزئیات اعلام شود."))
    assert credits and credits[0].names == ["رویترز"]  # still found: it is a third-party credit


def test_credit_deep_in_the_body_counts_when_the_outlet_is_domestic(seed_path):
    body = seed_path.read_text(encoding="utf-8").split("\n", 2)[2]
    assert chain_of(body) == ["تابناک", "ایرنا"]


def test_a_known_publisher_picks_its_own_credit():
    text = "به گزارش ایسنا، وزیر گفت. به گزارش فارس به نقل از تسنیم، جلسه تمام شد."
    assert chain_of(text, publisher="Fars") == ["فارس", "تسنیم"]


@pytest.mark.parametrize(
    "name, outlet_id",
    [("ایرنا", "irna"), ("IRNA", "irna"), ("خبرگزاری جمهوری اسلامی", "irna"), ("Student News (SNN)", "snn"),
     ("صداوسیما", "irib"), ("بی بی سی", "bbcpersian"), ("Radio Farda", "radiofarda"), ("خبرگزاري فارس", None)],
)
def test_outlet_aliases(name, outlet_id):
    outlet = registry().lookup(name)
    assert (outlet.id if outlet else None) == outlet_id


@pytest.mark.parametrize(
    "url, outlet_id",
    [
        ("https://www.farsnews.ir/news/13911222000123/x", "fars"),
        ("http://tabnak.ir/fa/news/1", "tabnak"),
        ("https://www.hamshahrionline.ir/news/503910/پرترافیک", "hamshahri"),
        ("https://www.bbc.com/persian/iran-123", "bbcpersian"),
        ("https://www.bbc.com/news/world-123", None),
        ("https://en.irna.ir/news/1", "irna"),
        ("not a url", None),
    ],
)
def test_outlet_from_url_domain(url, outlet_id):
    outlet = registry().from_url(url)
    assert (outlet.id if outlet else None) == outlet_id


def test_credit_keys_compare_chain_links():
    assert credit_key("خبرگزاری صدا و سیما") == credit_key("صدا و سیما") == credit_key("IRIB") == "irib"
    assert credit_key("پایگاه اطلاع‌رسانی وزارت دفاع") == credit_key("پایگاه اطلاع رسانی وزارت دفاع")


@pytest.mark.parametrize(
    "raw, iso, calendar",
    [
        ("2025-09-13", "2025-09-13", "gregorian"),
        ("۲۳ تير ۱۴۰۱", "2022-07-14", "jalali"),  # Arabic «ي» in the month name
        ("1391/12/22", "2013-03-12", "jalali"),
        ("۱۳۹۱/۱۲/۲۲", "2013-03-12", "jalali"),
        ("٢٣ تير ١٤٠١", "2022-07-14", "jalali"),  # Arabic-Indic digits
        ("یکشنبه ۱۸ آذرماه ۱۴۰۳", "2024-12-08", "jalali"),  # seed
        ("۲۷ نوامبر ۲۰۲۴", "2024-11-27", "gregorian"),  # seed
        ("Tue, 14 Jul 2021 10:00:00 GMT", "2021-07-14", "gregorian"),
        ("2021-07-14T10:00:00+04:30", "2021-07-14", "gregorian"),
        ("۲۹ خرداد ۱۴۰۰ - ۲۰:۳۸", "2021-06-19", "jalali"),
    ],
)
def test_dates(raw, iso, calendar):
    d = parse_date(raw)
    assert d is not None and d.iso == iso and d.calendar == calendar


@pytest.mark.parametrize("raw", ["hello", "1400", "", "99/99/9999", "1400/13/40"])
def test_unparseable_dates_give_none(raw):
    assert parse_date(raw) is None


def test_jalali_date_inside_a_fars_link():
    pattern = registry().get("fars").url_date
    assert date_from_url("https://www.farsnews.ir/news/13911222000123/x", pattern).iso == "2013-03-12"
    assert date_from_url("https://www.farsnews.ir/news/8201230001", pattern).iso == "2003-04-12"


def test_descriptor_stripping_does_not_depend_on_word_order():
    """«سایت شبکه خبری «بی. بی. سی»» (Fars News): stripping «سایت» then «شبکه» before «شبکه خبری»
    left «خبری بی. بی. سی» when the set of descriptors happened to iterate that way."""
    import itertools

    from framing.ingest.credits import credit_vocab, strip_words
    from framing.voice.attribution import minimal_source

    words = credit_vocab()["descriptors"]
    phrase = normalize("سایت شبکه خبری بی. بی. سی")
    short = [w for w in words if len(w) == 4]
    assert {"سایت", "شبکه"} <= set(short)
    results = {strip_words(phrase, [w for w in words if len(w) > 4] + list(p)) for p in itertools.permutations(short)}
    assert results == {normalize("بی. بی. سی")}
    assert minimal_source(normalize("سایت شبکه خبری «بی. بی. سی»")) == normalize("بی. بی. سی")


@pytest.mark.parametrize("text, names", [
    ("شفقنا- سخنگوی دولت اعلام کرد: تمامی ادارات استان‌های تهران و البرز تعطیل است.", ["شفقنا"]),  # FarExStance
    ("خبرگزاری هرانا – امروز سه‌شنبه ۱۹ مردادماه، شماری از کارگران تجمع کردند.", ["هرانا"]),
    ("ایرنا- آنکارا- به رغم گذشت بیش از ۴۸ ساعت از آغاز حریق، آتش مهار نشده است.", ["ایرنا"]),
    ("آر- فارما اعلام کرد که واکسن آماده است.", []),  # a hyphenated name, not a credit
    ("خبرگزاری فارس – مهدی صادقی: معادل‌های سه مجهولی: رابطه مجرم، جرم، جامعه", []),  # an op-ed byline
])
def test_outlet_prefix_with_a_dash(text, names):
    credits = [c for c in find_credits(normalize(text)) if c.kind in {"prefix", "dateline"}]
    assert [n for c in credits for n in c.names] == names
