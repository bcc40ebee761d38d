"""Voice rules, each with real Persian news sentences (the seed, the shared corpora, the gold's
documents), and the seed's expected labels."""

from __future__ import annotations

import pytest

import framing
from framing.ingest.normalize import normalize
from framing.ingest.segment import split_sentences
from framing.voice.rules import VoiceRules


def label(body: str, *, title: str | None = None, chain=()):
    """Label a mini article; returns the VoiceResults of its sentences (title first)."""
    sents = []
    if title:
        sents.append({"text": normalize(title), "part": "title", "boilerplate": None})
    text = normalize(body)
    for sp in split_sentences(text):
        sents.append({"text": text[sp.start : sp.end], "part": "body", "boilerplate": sp.boilerplate})
    return VoiceRules().label_article(sents, chain=list(chain))


def one(sentence: str, **kw):
    res = label(sentence, **kw)
    assert len(res) == 1, [r.voice for r in res]
    return res[0]


# -- the seed comes out right ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed(seed_path):
    # the rules' reading of the seed (the shipped learned decider's is in tests/test_decider.py)
    df = framing.analyze([seed_path], model="rules", progress=False)
    return {r.sent_id: r for r in df.itertuples()}


def test_seed_attributed_statements_with_their_sources(seed):
    assert (seed[2].voice, seed[2].source, seed[2].cue) == ("attributed", "دفتر ریاست دولت موقت سوریه", "اعلام کرد")
    s3 = seed[3]  # «به گزارش تابناک به نقل از ایرنا، این بیانیه افزود …»
    assert (s3.voice, s3.source, s3.source_type, s3.cue) == ("attributed", "این بیانیه", "document", "افزود")
    assert list(s3.via) == ["تابناک", "ایرنا"]
    assert (seed[4].voice, seed[4].source) == ("attributed", "سنتکام")  # CENTCOM's thanks
    assert (seed[5].voice, seed[5].source, seed[5].source_type) == ("attributed", "مقامات آمریکایی", "unnamed")  # praise
    assert (seed[7].voice, seed[7].source) == ("attributed", "وزارت دفاع آمریکا")  # the Pentagon's announcement


def test_seed_editorial_paragraphs(seed):
    assert seed[8].voice == "editorial"  # «بنا بر این گزارش؛ … بازوی آمریکا … سرقت نفت … کشتار مردم»
    assert "rule 2" in seed[8].why
    assert seed[9].voice == "editorial"  # Trump and the oil fields: «برای تضمین تسلط واشنگتن …»
    assert seed[10].voice == "editorial"  # «پایگاه‌های غیرقانونی …»


def test_seed_report_sentences(seed):
    assert seed[1].voice == "report"  # the meeting («گفت و گو کردند» is an event)
    assert seed[6].voice == "report"  # civil-war background
    assert seed[11].voice == "report"  # the opposition's offensive: announcing an event gives no content


def test_every_decision_says_why(seed):
    assert all(isinstance(r.why, str) and r.why for r in seed.values())


# -- rule 1: credit chains -----------------------------------------------------------------------------------
def test_own_credit_chain_is_not_attribution():
    # FarExStance (Fars): a plain parliamentary vote behind the outlet's own credit
    r = one("به گزارش خبرنگار پارلمانی خبرگزاری فارس، نمایندگان مجلس شورای اسلامی در جلسه علنی امروز با حذف جزء الحاقی (5) بند (ب) تبصره (16) ماده واحده این لایحه موافقت کردند.", chain=["فارس"])
    assert r.voice == "report" and r.via == ["فارس"] and "rule 1" in " ".join(r.why)


def test_dateline_is_a_credit():
    r = one("تهران- ایرنا- وزیر دفاع و پشتیبانی نیروهای مسلح در آیین افتتاح مرکز درمانی گفت: این مرکز با پیشرفته‌ترین تجهیزات راه‌اندازی شد.", chain=["ایرنا"])
    assert r.voice == "attributed" and r.source == "وزیر دفاع و پشتیبانی نیروهای مسلح" and r.via == ["ایرنا"]


def test_third_party_credit_relaying_a_plain_event_is_report():
    # Radio Farda: «به گزارش خبرگزاری رویترز، جزئیات تغییر این قوانین قرار است روز سه‌شنبه اعلام شود.»
    r = one("به گزارش خبرگزاری رویترز، جزئیات تغییر این قوانین قرار است روز سه‌شنبه اعلام شود.", chain=["رادیو فردا"])
    assert r.voice == "report" and r.via == ["رویترز"]


def test_third_party_credit_with_an_inner_speaker():
    r = one("به گزارش شبکه خبری الجزیره از رمادی، دکتر «احمد ابراهیم»، معاون بیمارستان کودکان روز گذشته گفت سربازان آمریکایی پس از انفجار وارد این بیمارستان شدند.", chain=["فارس"])
    assert r.voice == "attributed" and r.source == "احمد ابراهیم" and r.via == ["الجزیره"]


# -- rule 2: the outlet's own markers ------------------------------------------------------------------------------
def test_gofteni_ast_is_the_outlets_background():
    # FarExStance (Mehr): «گفتنی است، ۱۲ مرزبان … ربوده و به داخل خاک پاکستان منتقل شدند؛ …»
    r = one("گفتنی است، ۱۲ مرزبان جمهوری اسلامی ایران ۲۴ مهر ۹۷ در مرز میرجاوه ربوده و به داخل خاک پاکستان منتقل شدند؛ همچنین فرمانده نیروی زمینی سپاه از آزادی چهار نفر از این مرزبانان خبر داد.")
    assert r.voice == "report"


def test_bena_bar_in_gozaresh_continues_a_third_party_report():
    res = label("روزنامه تلگراف گزارش داد که مذاکرات در مرحله حساسی است. بنا بر این گزارش، دو طرف هفته آینده دیدار می‌کنند.")
    assert res[0].voice == "attributed" and res[0].source == "تلگراف"  # the bare name, as in «via»
    assert res[1].voice == "attributed" and res[1].source == "تلگراف" and "rule 2" in " ".join(res[1].why)


# -- rule 3: unnamed sources and agentless forms -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, source",
    [
        ("در همین راستا جمعه شب منابع خبری در عراق از درگیری بین نیروهای حشد شعبی و عناصر ناشناس خبر دادند.", "منابع خبری"),
        ("به گفته تحلیلگران تشدید عملیات‌ها در عراق یک سناریو تکراری است.", "تحلیلگران"),
        ("یک منبع آگاه در دمشق به ایسنا گفت: «این نشست مقدمه توافق‌های امنیتی تازه است.»", "یک منبع آگاه"),
    ],
)
def test_unnamed_described_sources_are_attributed(sentence, source):
    r = one(sentence)
    assert r.voice == "attributed" and r.source == normalize(source) and r.source_type == "unnamed"


def test_agentless_forms_keep_the_outlets_voice():
    # FarExStance: «گفته می‌شود این حملات هیچ‌گونه تلفاتی در بر نداشته است.»
    r = one("گفته می‌شود این حملات هیچ‌گونه تلفاتی در بر نداشته است.")
    assert r.voice == "report" and "rule 3" in " ".join(r.why)
    assert one("در این نشست بر ضرورت همکاری‌های منطقه‌ای تاکید شد.").voice == "report"


@pytest.mark.parametrize("sentence", [
    # FarExStance and Fars News opinion pieces: a modal before the short infinitive of a cue verb
    "بنابراین باید گفت ابراز چنین موضع‌گیری‌هایی بدون شک همین کارکرد را داشته است.",
    "بنابراین می‌توان گفت که تهران و پکن در شعاع این توافق، فصلی تازه از روابط را کلید زده‌اند.",
    "البته دشمن را نباید حقیر و ناتوان شمرد، راه اساسی مقابله با شرارت دشمنان افزایش توان داخلی است.",
    "با مروری بر نظر کارشناسان و صاحب‌نظران می‌توان اذعان کرد آرای خاکستری برای بالا بردن سطح مشارکت سیاسی مهم است.",
])
def test_impersonal_modal_statements_are_the_outlets(sentence):
    """«باید گفت»، «می‌توان گفت»: nobody but the outlet speaks (rule 3), however the cue verb looks."""
    r = one(sentence)
    assert r.voice in {"report", "editorial"}, (r.voice, r.source, r.why)


def test_a_modal_elsewhere_leaves_the_attribution():
    assert one("وزیر که باید پاسخگو باشد گفت: ما کاری نکرده‌ایم.").source == "وزیر"  # a finite verb between
    r = one("وی گفت: باید گفت که اوضاع خوب است.")  # the modal is in the content
    assert r.voice == "attributed" and r.source == "وی"


@pytest.mark.parametrize("sentence, source", [
    ("به گفته یکی از مجروحان این حادثه تروریستی بعد از انفجار اتوبوس نخستین کسانی که به کمک آنان شتافتند برادران اهل سنت بودند.",
     "یکی از مجروحان"),
    ("بسیاری از کارشناسان هشدار می‌دهند که مردم با دارایی‌های خود ریسک نکنند.", "بسیاری از کارشناسان"),
    ("شماری از وکلا و کارشناسان حقوقی این پرسش را مطرح کرده‌اند که اگر این افراد مرتکب جرم نشده‌اند، چرا بازداشت شده‌اند.",
     "شماری از وکلا و کارشناسان"),
    ("برخی از اعضای کادر درمانی در حمایت از استقلال بر روی لباس‌های خود شعار نوشتند.", "برخی از اعضای کادر درمانی"),
    ("برخی از این مقامات اعلام کردند: «آژانس بین‌المللی انرژی اتمی از پیشرفت ایران آگاه است».", "برخی از این مقامات"),
])
def test_partitive_sources_are_whole(sentence, source):
    """«یکی از …»: the source is the partitive phrase (as written, unnamed), not «یکی»."""
    r = one(sentence)
    assert r.voice == "attributed" and r.source == normalize(source) and r.source_type == "unnamed"


@pytest.mark.parametrize("sentence, source", [
    # FarExStance and Fars News: a time adverbial opens the clause before the subject
    ("۳ روز قبل سرگئی ریابکوف معاون وزیر امور خارجه روسیه اعلام کرد که مذاکرات ادامه دارد.", "سرگئی ریابکوف"),
    ("دو ماه بعد در اواخر خرداد، روابط عمومی وزارت بهداشت اعلام کرد که ۳۸ مورد مجوز واردات صادر شده است.",
     "روابط عمومی وزارت بهداشت"),
    ("ساعاتی پس از این حملات، نفتالی بنت، نخست‌وزیر اسرائیل گفت که پاسخ خواهد داد.", "نفتالی بنت"),
    ("چند روز پیش شورای مد بریتانیا اعلام کرد که نسخه جدیدی از هفته مد لندن برگزار می‌شود.", "شورای مد بریتانیا"),
])
def test_time_adverbials_are_not_the_source(sentence, source):
    r = one(sentence)
    assert r.voice == "attributed" and r.source == normalize(source)


@pytest.mark.parametrize("sentence, source", [
    # FarExStance and Fars News: a frame's noun with a ZWNJ suffix
    ("براساس گزارش‌های بانک جهانی نزدیک به نیمی (۴۷ درصد) از خانوارهای افغانستانی در فقر زندگی می‌کنند.", "بانک جهانی"),
    ("بر اساس گزارش‌ها، این مادران داغدار در مترو تهران به کرج شعار دادند.", "گزارش‌ها"),  # unnamed reports
    ("طبق گفته‌های مدیرعامل شرکت آب و فاضلاب تهران، برای ۲۰۰ هزار مشترک آب قطع شد.", "مدیرعامل شرکت آب و فاضلاب تهران"),
    ("به گفته‌ی وزیر، این طرح اجرا می‌شود.", "وزیر"),  # ezafe
    ("بر اساس بیانیه سنتکام، نظامیان این ستاد چند قطعه از پهپاد سوم ایرانی را از دریا بیرون کشیدند.", "سنتکام"),
])
def test_frames_with_suffixed_nouns(sentence, source):
    """«گزارش‌های X» is not «گزارش» + a source «های X» (the matcher reads ZWNJ as a space)."""
    r = one(sentence)
    assert r.voice == "attributed" and r.source == normalize(source)


def test_a_frame_noun_with_another_suffix_is_no_frame():
    r = one("بر اساس اطلاعیه‌ای که از سوی وزارت امور خارجه آمریکا به کنگره ارسال شده است، کمک‌ها ادامه دارد.")
    assert not (r.source or "").startswith("ای")


def test_a_partitive_object_is_not_the_source():
    r = one("در مورد مفاد سؤالات، بعضی از سؤالات را اعضای مجمع مطرح کرده‌اند.")
    assert not (r.source or "").startswith("بعضی")


# -- rule 4: continuations ------------------------------------------------------------------------------------------------------
def test_vey_afzud_carries_the_previous_speaker():
    res = label("ابراهیم رئیسی رئیس قوه قضائیه گفت: دیوان محاسبات بر گزارش خود تاکید دارد. وی افزود: این گزارش دقیق است.")
    assert res[1].voice == "attributed" and res[1].source == "وی" and res[1].speaker == "ابراهیم رئیسی"


def test_a_statement_without_a_verb_continues_the_quote():
    # FarExStance (Alef): Rouhani's words, then a sentence of his with no verb of its own
    res = label("رئیس جمهور با بیان اینکه مشکلات بانکی پابرجا است، گفت: در زمینه خرید تجهیزات پزشکی با مشکل مواجه هستیم. در حالی که استفاده ایران از ذخایر مالی خود حق روشن ایران است.")
    assert res[1].voice == "attributed" and res[1].source == normalize("رئیس جمهور") and res[1].cue is None


def test_the_outlets_comment_on_a_statement_is_not_a_continuation():
    # Fars 2005: «پيش‌بيني چلبي با پيام دولت جرج بوش … متناقض است.»
    res = label("احمد چلبی گفت: سربازان آمریکایی احتمالا سال آینده عراق را ترک می‌کنند. پیش‌بینی چلبی با پیام دولت جرج بوش متناقض است.")
    assert res[1].voice == "editorial"


def test_a_closed_quote_ends_the_statement():
    res = label("هومن می‌گوید: «امروز کار خاصی نداریم.» بچه‌ها دست در جیبشان می‌کنند و پول‌هایشان را روی‌هم می‌گذارند.")
    assert res[1].voice == "report"


# -- rule 6: editorial vs report ---------------------------------------------------------------------------------------------------
def test_routine_label_alone_is_report():
    # FarExStance (Alef): «یکی از بارزترین پروژه‌های تروریستی در عراق … حملات مکرر داعش …»
    r = one("عناصر این گروه تروریستی در تلاش برای ورود به بغداد هستند.")
    assert r.voice == "report"


@pytest.mark.parametrize(
    "sentence",
    [
        "آیا دمشق جدید به ابزار واشنگتن تبدیل شده است؟",  # rhetorical question
        "کمک به ایران هراسی ممنوع!",  # exclamation (FarExStance, Alef)
        "این موضع‌گیری با بیانات رهبر انقلاب کاملاً در تضاد است.",  # judgment (Alef)
        "آمریکا که با حضور اشغالگرانه خود در شرق سوریه نفت این کشور را غارت می‌کند، حالا به دنبال تثبیت پایگاه‌های غیرقانونی خود است.",
    ],
)
def test_evaluation_in_the_outlets_voice_is_editorial(sentence):
    assert one(sentence).voice == "editorial"


def test_belief_imputed_to_a_labelled_group_is_the_outlets_interpretation():
    # FarExStance (Alef): «… و تروریست‌ها معتقدند می‌توانند فعالیت‌های خود را … گسترش دهند.»
    r = one("طارمیه یکی از کمربندهای امنیتی بغداد به شمار می‌رود و تروریست‌ها معتقدند می‌توانند فعالیت‌های خود را از این نقطه گسترش دهند.")
    assert r.voice == "editorial"


# -- rule 7: headlines -----------------------------------------------------------------------------------------------------------------
def test_colon_headline():
    r = label("متن خبر.", title="ظریف: آمریکا باید به برجام بازگردد")[0]
    assert (r.voice, r.source, r.cue) == ("attributed", "ظریف", ":")


def test_headline_naming_a_speech_act():
    # Hamshahri: «کنایه زیباکلام به مواضع اخیر اردشیر زاهدی | …»
    res = label("«اردشیر زاهدی هیچ‌وقت علاقه‌ای به مسئله آزادی نداشته است.»", title="کنایه زیباکلام به مواضع اخیر اردشیر زاهدی")
    assert (res[0].voice, res[0].source) == ("attributed", "زیباکلام")
    assert res[1].voice == "attributed" and res[1].source == "زیباکلام"  # the quote that follows is his


def test_sensational_headline_is_editorial_even_when_the_body_attributes(seed):
    assert seed[0].voice == "editorial"  # «پشت‌پرده همکاری‌های جدید آمریکا و سوریه!»


def test_a_headline_with_a_plain_number_is_report():
    res = label("سهیل بهنوش اظهار کرد: بیش از ۶۰۰ تن گوشت قرمز از بویین‌زهرا عرضه شد.", title="عرضه بیش از 600 تن گوشت قرمز از بویین‌زهرا")
    assert res[0].voice == "report"


# -- rules 8 and 9: speech acts, events, documents --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("مقامات آمریکایی همچنین از نقش سوریه در حمایت از تلاش‌ها تقدیر کردند.", "تقدیر کردند"),
        ("وزارت خارجه بریتانیا از اقدام ایران در پرتاب ماهواره نظامی ابراز نگرانی کرد.", "ابراز نگرانی کرد"),
        ("قائم مقام ستاد انتخاباتی خواستار خودداری وزارت کشور از بازی با افکار عمومی شد.", "خواستار … شد"),
        ("ستاد کل نیروهای مسلح ایران، آمریکا را به «اقدامات مخاطره‌آمیز» در خلیج فارس متهم کرد.", "متهم کرد"),
    ],
)
def test_speech_acts_are_attributed(sentence, cue):
    r = one(sentence)
    assert r.voice == "attributed" and r.cue == cue


@pytest.mark.parametrize(
    "sentence",
    [
        "فواد حسین وزیر خارجه عراق با محمد جواد ظریف دیدار و گفتگو کرد.",
        "رئیس دولت موقت سوریه و فرمانده سنتکام در دمشق درباره همکاری‌ها گفت‌وگو کردند.",
        "وزارت بازرگانی یک بیانیه منتشر کرد.",
    ],
)
def test_events_are_report(sentence):
    assert one(sentence).voice == "report"


def test_quoted_document():
    res = label("سپاه پاسداران در بیانیه‌ای از مردم قدردانی کرد. در این بیانیه آمده است: حضور مردم حماسه‌ای دیگر بود.")
    assert res[1].voice == "attributed" and res[1].source == "این بیانیه" and res[1].source_type == "document"
    assert res[1].speaker == "سپاه پاسداران"


# -- cues: classes and conjugations ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, cue_class",
    [
        ("مخالفان طرح مدعی شدند که انتشار آرا نمایندگان را زیر فشار قرار می‌دهد.", "distancing"),
        ("بوریس جانسون روز دوشنبه ادعا کرد حمله کار ایران بوده است.", "distancing"),
        ("سخنگوی کمیسیون تاکید کرد: شفافیت خواست مردم است.", "endorsing"),
        ("خطیب‌زاده فاش کرد که مذاکرات ادامه دارد.", "endorsing"),
        ("رئیس کمیسیون گفت: مردم حق دارند بدانند.", "neutral"),
    ],
)
def test_cue_classes(sentence, cue_class):
    r = one(sentence)
    assert r.voice == "attributed" and r.cue_class == cue_class


@pytest.mark.parametrize("verb", ["اعلام کرد", "اعلام کرده است", "اعلام کرده‌اند", "اعلام می‌کند", "اعلام کرده بود", "اعلام خواهد کرد", "اعلام نمود", "اظهارداشت"])
def test_cue_conjugations(verb):
    r = one(f"وزارت امور خارجه {verb} که مذاکرات ادامه دارد.")
    assert r.voice == "attributed" and r.source == "وزارت امور خارجه"


def test_pro_drop_colon_takes_the_last_speaker():
    res = label("علی ربیعی سخنگوی دولت در نشست خبری حضور یافت. ربیعی گفت: دولت پاسخگو است. سپس افزود: این تصمیم قطعی است.")
    assert res[2].voice == "attributed" and res[2].speaker == "ربیعی"
