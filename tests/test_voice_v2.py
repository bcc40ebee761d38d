"""Voice, second version: article genre, the rules' v2 patterns (interviews, open quotations,
paragraph-bounded continuations, the outlet's own columns, commentaries), the evidence and its
named features — each on real Persian copy from ../shared/corpora (quoted here)."""

from __future__ import annotations

import numpy as np

from framing.ingest.genre import byline, detect
from framing.ingest.normalize import normalize
from framing.ingest.segment import split_sentences
from framing.voice.evidence import extract, read_clause
from framing.voice.features import FEATURE_NAMES, FEATURES, article_features
from framing.voice.rules import decide, label_article


def sentences(body: str, *, title: str | None = None) -> list[dict]:
    out = []
    if title:
        out.append({"text": normalize(title), "part": "title", "boilerplate": None, "paragraph": 0})
    text = normalize(body)
    for sp in split_sentences(text):
        out.append({"text": text[sp.start : sp.end], "part": "body", "boilerplate": sp.boilerplate, "paragraph": sp.paragraph})
    return out


# fars-news/articles.jsonl, line 1286 (an interview: an introduction, then questions and answers)
INTERVIEW = """با این قهرمان ورزشی که صریح و روشن از وضع ورزش استان به‌ویژه بروجرد انتقاد می‌کند گفت‌وگوی کوتاهی انجام داده‌ایم که ماحصل آن را در ادامه می‌خوانید.
چرا پس از مسابقات آسیایی سنگاپور دیگر در هیچ مسابقه‌ای حضور پیدا نکردید؟
می‌توانم بگویم غیبتم در مسابقات ورزشی اعتراض به عدم‌حمایت‌ها از ورزشکاران و قهرمانان ورزشی مربوط می‌شود، من باید برای شرکت در مسابقات از جیب خودم هزینه می‌کردم در نهایت حتی یک جمله قدردانی هم سهم من نبود.
مشکلات ورزش استان چیست؟
نبود امکانات و حمایت‌های مالی عمده‌ترین چالشی بوده که ورزش استان با آن مواجه است و این معضلات را بارها و بارها در محافل مختلف مطرح کرده‌ایم اما متأسفانه نتیجه‌ای در برنداشته است."""
# the same article's lead: who is interviewed
INTERVIEW_LEAD = "به گزارش خبرگزاری فارس از بروجرد، نسرین موسیوند کاراته‌کا بروجردی یکی از این بانوانی است که بارها پرچم جمهوری اسلامی ایران را در خارج و داخل کشور در مسابقات آسیایی و بین‌المللی برافراشته است."
# farexstance/articles.jsonl, line 416: a column relayed by Jamaran from Etemad
COLUMN = "به گزارش جماران؛ عباس عبدی، تحلیلگر مسائل سیاسی، در یادداشتی در شماره امروز روزنامه اعتماد نوشت: مدار علی‌اصغر عنابستانی همچنان بر «تکذیب واقعیت» می‌گردد؛ روز اول می‌گوید «ما حتی از ماشین هم پیاده نشدیم»."
# fars-news/articles.jsonl, line 893: a signed column
SIGNED = "خبرگزاری فارس – حسن شیخ حائری: سخن از پدر بزرگوار مرجع عالیقدر، آیت‌الله جعفر سبحانی است؛ شخصیتی که در مانند چنین روزی، یعنی در هجدهم رمضان المبارک سال 1300 هجری قمری در تبریز دیده به جهان گشود."


# -- genre ------------------------------------------------------------------------------------------------
def test_a_signed_byline_makes_a_commentary():
    assert byline(normalize(SIGNED)) == "حسن شیخ حائری"
    genre, ev = detect("آیت‌الله محمدحسین سبحانی و باقیات الصالحاتی به نام آیت الله جعفر سبحانی", sentences(SIGNED))
    assert genre == "commentary" and ev["byline"] == "حسن شیخ حائری", ev


def test_a_dateline_is_not_a_byline():
    assert byline(normalize("تهران- ایرنا- رئیس‌جمهوری گفت: دولت برای مهار تورم برنامه دارد.")) is None


def test_question_and_answer_turns_with_an_interview_marker_make_an_interview():
    body = INTERVIEW_LEAD + "\n" + INTERVIEW.replace("گفت‌وگوی کوتاهی", "گفت‌وگوی کوتاهی با شما")
    genre, ev = detect("افتخار آفرینی در سایه حجاب؛ گفت‌وگو با داور بین‌المللی کاراته", sentences(body))
    assert genre == "interview", ev
    assert ev["qa_turns"] == 2 and {m.split(":")[0] for m in ev["markers"]["interview"]} == {"title", "lead"}


def test_a_news_report_stays_news(seed_path):
    from framing.ingest import ingest_tables

    articles, _, _ = ingest_tables([seed_path], progress=False)
    assert articles.genre.tolist() == ["news"]
    assert '"quoted"' in articles.genre_evidence.iloc[0]  # the evidence is kept beside the label


# -- rule 10: interviews ----------------------------------------------------------------------------------------
def test_interview_answers_are_the_interviewees_and_questions_the_outlets():
    res = label_article(sentences(INTERVIEW_LEAD + "\n" + INTERVIEW), chain=["فارس"], genre="interview")
    voices = [r.voice for r in res]
    assert voices[2] == "report" and voices[4] == "report", voices  # the questions
    assert voices[3] == "attributed" and voices[5] == "attributed", voices  # the answers
    assert res[3].source == res[5].source == "این قهرمان ورزشی", res[3].source  # as the introduction names her
    assert any("rule 10" in w or "interview" in w for w in res[3].why)


def test_an_interview_introduced_without_the_old_formula_begins_at_its_first_question():
    # «گفت‌وگویی انجام دادیم که … می‌خوانید» (no «را»): v1 missed it; v2 reads the introduction
    body = INTERVIEW_LEAD + "\n" + INTERVIEW.replace("که ماحصل آن را در ادامه می‌خوانید", "که به طور اختصار می‌خوانید")
    v1 = label_article(sentences(body), version=1)
    v2 = label_article(sentences(body))
    assert v2[3].voice == "attributed" and v1[3].voice != "attributed"


# -- rule 10: the outlet's own column ------------------------------------------------------------------------------
def test_a_column_of_the_articles_own_outlet_is_its_voice():
    own = label_article(sentences(COLUMN), chain=["اعتماد"])[0]
    assert own.voice != "attributed" and any("own outlet" in w for w in own.why), own.why
    relayed = label_article(sentences(COLUMN), chain=["جماران"])[0]  # Jamaran relays another outlet's column
    assert relayed.voice == "attributed" and relayed.source == "عباس عبدی"
    v1 = label_article(sentences(COLUMN), chain=["اعتماد"], version=1)[0]
    assert v1.voice == "attributed"  # voice.rules.v1 knew no columns


def test_in_a_commentary_an_arguing_sentence_is_editorial():
    # fars-news/articles.jsonl, line 671 (a signed column): a hedge and a concession, no loaded word
    s = "شاید این مثال ساده بتواند سادگی موضوع را بیان کند."
    news = label_article(sentences(s))[0]
    commentary = label_article(sentences(s), genre="commentary")[0]
    assert news.voice == "report" and commentary.voice == "editorial"
    assert any("commentary" in w for w in commentary.why)


# -- rule 4: continuations end with their paragraph --------------------------------------------------------------
def test_an_indirect_continuation_stops_at_a_paragraph_break():
    # farexstance/articles.jsonl, line 141: after a quoted speech, the encyclopedia's narration resumes
    body = ("خمینی در سخنرانی خود گفت: «من هم برای رهبر عزیز انقلاب لقب امام را پیشنهاد می‌کنم و می‌گویم امام خمینی.»\n"
            "پس از این سخنرانی استفاده از لقب «امام» برای خمینی در بین عموم رواج یافت.")
    res = label_article(sentences(body))
    assert res[0].voice == "attributed" and res[1].voice != "attributed", [r.why for r in res]


# -- evidence and features ----------------------------------------------------------------------------------------
def test_evidence_then_decision_on_the_seed(seed_path):
    from framing.ingest import ingest_tables

    articles, sents, _ = ingest_tables([seed_path], progress=False)
    recs = sents.sort_values("sent_id").to_dict("records")
    ev = extract(recs, chain=list(articles.chain.iloc[0]))
    assert len(ev) == len(recs)
    assert ev[0].part == "title" and ev[0].title_attribution is None
    credited = [e for e in ev if e.clause is not None and e.clause.own is not None]
    assert credited and credited[0].clause.via == ["تابناک", "ایرنا"]
    decisions = decide(ev)
    X = article_features(ev, decisions, genre="news")
    assert X.shape == (len(recs), len(FEATURE_NAMES))
    assert X[:, FEATURE_NAMES.index("genre=news")].all()
    # the rules' decision is a feature; the sentence with «بنا بر این گزارش؛» carries the marker
    assert (X[:, FEATURE_NAMES.index("rules=editorial")] == [d.voice == "editorial" for d in decisions]).all()
    assert X[:, FEATURE_NAMES.index("marker")].any()


def test_features_are_named_documented_and_name_no_outlet():
    names = [n for n, _ in FEATURES]
    assert len(names) == len(set(names)) and all(desc for _, desc in FEATURES)
    assert not any("outlet=" in n or "source=" in n for n in names)  # a decider must work on outlets it never saw


def test_features_of_an_empty_article():
    assert article_features([], [], genre=None).shape == (0, len(FEATURE_NAMES))


def test_rules_v1_and_v2_are_both_registered_and_differ_only_where_v2_reads_more():
    from framing.voice.models import build

    body = sentences(COLUMN)
    import pandas as pd

    df = pd.DataFrame(body).assign(article_id="a", chain=[["اعتماد"]] * len(body))
    v1 = build("voice.rules.v1").fit(df).predict(df)
    v2 = build("voice.rules.v2").fit(df).predict(df)
    assert v1[0] == "attributed" and v2[0] != "attributed"
    assert np.array_equal(build("voice.rules.v2").fit(df).predict_proba(df).sum(axis=1), np.ones(len(df)))


# -- sources: what the framing-2026-12 set showed (each pattern general, each sentence from ../shared/corpora) --
def _source(sentence: str, **kw) -> str | None:
    from framing.voice.attribution import find_attribution

    a = find_attribution(normalize(sentence), **kw)
    return a.source if a else None


def test_a_one_word_connective_is_skipped_and_the_subject_follows_it():
    # fars-news/articles.jsonl, line 1062: the comma inside «برق، آب و گاز» does not end an opening phrase
    s = "همچنین قاضی‌پور در ادامه با انتقاد از بحث افزایش قیمت‌های برق، آب و گاز گفت: دولت 50 هزار تومان یارانه می‌دهد."
    assert _source(s) == "قاضی‌پور"


def test_a_connective_with_a_complement_runs_to_its_comma():
    # fars-news/articles.jsonl, line 1027: «بنابراین گزارش» (the rule-2 marker as one word), then the speaker
    s = ("بنابراين گزارش، رهبر معظم انقلاب اسلامي ايران در جمع هزاران نفر از نمازگزاران در مصلي بزرگ تهران اظهار داشتند: "
         "آمريكا در صدد بازگردان اعتبار رژيم صهيونيستي است.")
    assert _source(s) == normalize("رهبر معظم انقلاب اسلامي ايران")


def test_a_parenthetical_honorific_is_not_part_of_the_source_but_an_acronym_is():
    from framing.voice.attribution import minimal_source

    # farexstance/articles.jsonl, line 194; fars-news/articles.jsonl, line 1027
    assert "مدظله" not in _source("اما آیت‌الله خامنه‌ای(مدظله) به‌دنبال این گزاره، از «صبر» و «بصیرت» نیز نام بردند.")
    assert minimal_source("آیت‌الله خامنه‌ای (مدظله)") == "خامنه‌ای"
    assert "وام" in minimal_source(normalize("خبرگزاري امارات(وام)"))


def test_the_reporter_an_official_talks_to_is_not_an_interviewee():
    # fars-news/articles.jsonl: «… در گفت‌وگو با خبرنگار اقتصادی خبرگزاری فارس، اعلام کرد: …» (guidelines: an
    # interview partner is not a source); a named partner still is
    ev = extract(sentences("سید راضی نوری در گفت‌وگو با خبرنگار اقتصادی خبرگزاری فارس، اعلام کرد: قرار است نرخ خرید تضمینی گندم در بودجه امسال کیلویی ۱۷۰۰ تومان منظور شود."))
    assert ev[0].interviewee is None
    ev = extract(sentences("در گفت‌وگو با حمیدرضا ترقی درباره انتخابات نظر او را جویا شدیم."))
    assert ev[0].interviewee == "حمیدرضا ترقی"


def test_a_credit_after_a_lead_sentence_is_the_articles_own_credit():
    from framing.ingest.credits import find_credits, own_chain

    # farexstance/articles.jsonl, news_id 4331 (all 30 Entekhab records open this way)
    text = normalize("امام جمعه کرج با بیان اینکه خط نفوذ و تحریف و انحراف بیکار نمی‌نشیند و سعی در تحریف واقعیات دارد، گفت: "
                     "جریان مرموزی از ابتدا انقلاب سعی در تفسیری غلط از خط امام دارد. پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : "
                     "تسنیم: سیدمحمدمهدی حسینی‌همدانی در خطبه اول نماز جمعه این هفته کرج اظهار داشت : تکریم پدر از توصیه‌های اکید اسلام است.")
    own = own_chain(find_credits(text))
    assert own is not None and own.names == ["انتخاب", "تسنیم"] and text[own.start:].startswith("پایگاه خبری")
    # «X: …» after a first sentence is a quotation unless it is unmistakably a credit
    assert find_credits(normalize("وزیر گفت این کار انجام شد. ایران: ما آماده‌ایم.")) == []


def test_in_a_commentary_the_writers_we_does_not_continue_a_quoted_speech_act():
    # farexstance/articles.jsonl, line 194 (a signed column in Fars): after «… از «صبر» و «بصیرت» نیز نام
    # بردند.» the columnist's «مبانی مهدوی ما» is the column's own voice, not the Leader's
    body = ("به گزارش خبرگزاری فارس، محمدامین ناصرین در یادداشتی نوشت: کلام رهبر معظم انقلاب در تمام مقاطع زمانی، حاوی نکات راهبردی است. "
            "اما آیت‌الله خامنه‌ای(مدظله) به‌دنبال این گزاره، از «صبر» و «بصیرت» نیز نام بردند. "
            "امیدآفرینی، همان عامل نگاه مثبت به آینده‌ی نظام اسلامی خواهد بود؛ همان نگاهی که مبانی آن در مبانی مهدوی ما تبیین و نقشه‌ی راه آن توسط امامَین انقلاب ترسیم شده است.")
    sents = sentences(body)
    news = decide(extract(sents, chain=["فارس"]), genre="news")
    column = decide(extract(sents, chain=["فارس"]), genre="commentary")
    assert column[1].voice == "attributed" and news[2].voice == "attributed"  # a news report: «ما» continues
    assert column[2].voice != "attributed"


def test_an_emphatic_reflexive_after_the_subject_is_not_part_of_it():
    # farexstance/articles.jsonl (BBC Persian on Bennett's visit): «آقای بنت خود … گفت»
    s = "آقای بنت خود در آغاز این هفته در نشست دولتش گفت که برجام دیگر موضوعیت ندارد."
    assert _source(s) == "بنت"


# -- rules 1, 5, 11: who speaks when a credit or a report marker opens the sentence -------------------------------
# fars-news/articles.jsonl, line 1027: a press review of how foreign outlets relayed a speech
PRESS_REVIEW = """اين خبرگزاري همچنين به نقل از رهبر معظم انقلاب اسلام ايران گزارش داد، آيت‌الله خامنه‌اي خواستار تحريم كنفرانس پائيزي شدند.
بنابر اين گزارش، آيت الله خامنه‌اي برگزاري اين كنفرانس را نجات رژيم صهيونيستي دانستند."""


def test_a_report_marker_before_a_speaker_of_its_own_gives_that_speaker():
    # rule 11 carries «بنابر این گزارش» to the report's source only when the clause names no speaker:
    # here it names one and a cue («… را … دانستند»), and the speaker is the source (rule 5)
    res = label_article(sentences(PRESS_REVIEW), chain=["فارس"])
    assert res[1].voice == "attributed" and "خامنه‌ای" in res[1].source, (res[1].source, res[1].why)
    assert not any("continues the report" in w for w in res[1].why)
    # without a speaker of its own, the marker still continues the report (rule 11)
    bare = label_article(sentences(PRESS_REVIEW.replace("آيت الله خامنه‌اي برگزاري اين كنفرانس را نجات رژيم صهيونيستي دانستند",
                                                        "برگزاري اين كنفرانس براي نجات رژيم صهيونيستي است")), chain=["فارس"])
    assert bare[1].voice == "attributed" and any("continues the report" in w for w in bare[1].why), bare[1].why


def test_a_credit_opening_the_sentence_is_never_its_speaker():
    # farexstance/articles.jsonl, line 590: a prefix credit mid-article, in a document whose chain is unknown
    entekhab = "پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : طراح طرح پیمان دفاعی امنیتی گروه مقاومت، گفت: این پیمان چیز نو یا عجیبی نیست."
    # farexstance/articles.jsonl, line 240: crawl debris in Latin letters before the credit
    debris = ("yektanet.com به گزارش تجارت‌نیوز، کوروش هلاکویی نائینی، استاد آمار و اپیدمولوژی دانشگاه علوم پزشکی تهران "
              "به این روزنامه گفته است: این آماری که ارائه می‌شود آمار رسمی است.")
    # farexstance/articles.jsonl, line 514
    shafaqna = "شفقنا- وزیر امور خارجه آلمان گفت: الکساندر لوکاشنکو رئیس‌جمهور بلاروس مسئول وضعیت مهاجران در مرز بلاروس و لهستان است."
    for text, speaker in ((entekhab, "طراح طرح پیمان دفاعی امنیتی گروه مقاومت"), (debris, "کوروش هلاکویی نائینی"),
                          (shafaqna, "وزیر امور خارجه آلمان")):
        r = label_article(sentences(text))[0]
        assert r.voice == "attributed" and r.source == normalize(speaker), (r.source, r.why)
    # farexstance/articles.jsonl, line 839: a foreign paper's «X:» is that paper's claim, not a credit line
    wapo = "واشنگتن پست: دولت بایدن سطح تحمل پایین‌تری در رابطه با شبه‌نظامیان متحد ایران دارد."
    assert read_clause(normalize(wapo), []).start == 0
    assert read_clause(normalize(shafaqna), []).start == len("شفقنا- ")


def test_a_day_before_the_subject_keeps_the_name_before_its_role():
    # farexstance/articles.jsonl, line 1126: «روز یکشنبه» opens the clause; skipping stop words
    # to the first role noun lost the name
    text = "روز یکشنبه غلامحسین محسنی اژه ای سخنگوی قوه قضاییه در کنفرانسی خبری گفت: «حکم این پرونده صادر شده که البته قابل اعتراض است.»"
    r = label_article(sentences(text))[0]
    assert r.voice == "attributed" and r.source == normalize("غلامحسین محسنی اژه ای"), r.source
    # no day named, the stop words are skipped to the subject as before («در همین راستا … منابع خبری»)
    r = label_article(sentences("در همین راستا جمعه شب منابع خبری از حمله به کاروان خبر دادند."))[0]
    assert r.source == "منابع خبری", r.source


def test_a_medium_relayed_at_the_clause_start_is_a_credit_not_the_speaker():
    # farexstance/articles.jsonl, line 1305
    text = ("به گزارش ایسنا، به نقل از پایگاه الجزیره، جو بایدن، رئیس‌جمهور آمریکا در یادداشتی طی روز پنجشنبه در شرح "
            "این سیاست جدید گفت، چین «به حمله به خودمختاری هنگ‌کنگ ادامه داده» است.")
    r = label_article(sentences(text), chain=["ایسنا"])[0]
    assert r.voice == "attributed" and r.source == "جو بایدن", (r.source, r.why)
    # a frame naming a person or a body is still the source («به نقل از نهاد …، X نوشت»: judged by the verb only
    # when the frame names a medium)
    person = "به گزارش ایسنا، به نقل از یک مقام آگاه، وزیر خارجه گفت: مذاکرات ادامه دارد."
    assert label_article(sentences(person), chain=["ایسنا"])[0].source == "یک مقام آگاه"


def test_an_unknown_outlets_credit_ends_where_a_name_in_guillemets_begins():
    from framing.ingest.credits import find_credits

    # farexstance/articles.jsonl, line 912
    text = normalize("به گزارش رمزگشانیوز «سعید جلیلی» روز دوشنبه در گفت و گوی تلویزیونی با شبکه استانی البرز افزود: "
                     "دولت سایه یعنی اینکه قبل از دولت بایستی مردم پیشگام بشوند.")
    assert [c.surfaces for c in find_credits(text)] == [["رمزگشانیوز"]]
    assert label_article(sentences(text))[0].source == "سعید جلیلی"


def test_an_interview_with_a_pronoun_answers_for_the_last_named_speaker():
    # ../shared/annotation/train, t4-kurdpress-kyn1551 (Kurdpress): «… با او به گفت‌وگو نشسته است»
    body = ("به باور مهندس «محمدرضا باهنر» سیاستمدار باسابقه و صاحب نام اصولگرای کشور، ایران پیشرفت‌های زیادی در طول چهل سال گذشته انجام داده است.\n"
            "به همین‌ منظور کُردپرس به دیدار این سیاستمدار با سابقه کشور در دفتر جامعه مهندسین رفته و با او به گفت‌وگو نشسته است که در ادامه می‌آید.\n"
            "نگاه نظام به مناطق مختلف کشور بخصوص مرزهای ایران را چگونه ارزیابی می‌کنید؟\n"
            "مردم‌ مطالباتی داشتند و بنای امروز کشور گذاشته شد.")
    res = label_article(sentences(body), genre="interview")
    assert res[3].voice == "attributed" and res[3].source == "محمدرضا باهنر", (res[3].source, res[3].why)


def test_a_role_that_adds_to_a_named_speaker_is_that_speaker():
    # fars-news/articles.jsonl, line 620: the name speaks, then its role «adds»; «وی» after it is the name
    body = ("مصطفی طلوعی امروز در گفت‌و‌گو با خبرنگار فارس در زنجان اظهار کرد: طرح شناسایی و دستگیری روز گذشته در سطح شهرستان اجرا شد.\n"
            "رئیس پلیس آگاهی زنجان با بیان اینکه متهمان پس از بازجویی و تشکیل پرونده به دادسرا معرفی شدند، اضافه کرد: "
            "به منظور تامین امنیت هرچه بیشتر برای مردم، طرح پیشگیری از سرقت همچنان اجرایی خواهد شد.\n"
            "وی در ادامه با توصیه به شهروندان در زمینه رعایت موارد ایمنی افزود: از شهروندان درخواست می‌شود منازل خود را خالی نگذارند.")
    res = label_article(sentences(body), chain=["فارس"])
    assert res[1].source == "رئیس پلیس آگاهی زنجان" and res[1].speaker == "مصطفی طلوعی", (res[1].source, res[1].speaker)
    assert res[2].speaker == "مصطفی طلوعی", res[2].speaker
    # a role that merely «says» may be someone else: no guess
    other = label_article(sentences(body.replace("اضافه کرد:", "گفت:")), chain=["فارس"])
    assert other[1].speaker == "رئیس پلیس آگاهی زنجان"


def test_a_verb_whose_clause_announces_a_text_opens_it():
    # farexstance/articles.jsonl, line 852: «… انتقاد کرده است که متن آن به شرح زیر است: …» — the
    # verb attributes the sentence, and the letter that follows is the council's (rules 4, 9)
    body = ("به گزارش خبرگزاری تسنیم، شورای هماهنگی خواهران بسیج دانشجویی دانشگاه‌های تهران بزرگ در نامه‌ای خطاب به فراکسیون "
            "زنان مجلس شورای اسلامی به عملکرد معصومه ابتکار معاون امور زنان ریاست جمهوری انتقاد کرده است که متن آن به شرح زیر است: "
            "فراکسیون زنان مجلس شورای اسلامی سلام علیکم.\n"
            "مسئله زنان و خانواده نیز جزو مباحثی است که باید بصورت ویژه به آن پرداخته شود، اما متاسفانه به دلیل کم لطفی‌های "
            "برخی مسئولین، این حوزه مظلوم واقع‌شده است.")
    res = label_article(sentences(body), chain=["تسنیم"])
    assert res[0].voice == "attributed" and res[0].intro == ":", res[0].why
    assert res[1].voice == "attributed" and res[1].source == res[0].source, res[1].why
    ev = extract(sentences(body), chain=["تسنیم"])
    X = article_features(ev, decide(ev))
    assert X[1, FEATURE_NAMES.index("run_open")] == 1
    # the same verb with no announced text leaves the next sentence to the outlet
    plain = label_article(sentences(body.replace(" که متن آن به شرح زیر است:", ".")), chain=["تسنیم"])
    assert plain[1].voice != "attributed" or plain[1].attribution_kind != "continuation"


def test_a_role_set_off_by_a_comma_after_a_name_resolves_to_it():
    # fars-news/articles.jsonl, line 492
    body = ("به گزارش خبرگزاری فارس از کرج، حجت‌الاسلام‌والمسلمین علی سعیدی، رئیس دفتر عقیدتی سیاسی فرماندهی معظم کل قوا "
            "ظهر امروز در راهپیمایی سالروز حماسه 9 دی در کرج گفت: چه درس‌هایی باید از فتنه‌های گذشته برای آینده بگیریم؟\n"
            "رئیس دفتر عقیدتی سیاسی فرماندهی معظم کل قوا اذعان کرد: در سال ۹۸ فتنه عمیق و پیچیده‌ای پیش آمد.\n"
            "وی بیان کرد: این اولین فتنه نبود و آخرین فتنه نیز نخواهد بود.")
    res = label_article(sentences(body), chain=["فارس"])
    assert res[0].source == "علی سعیدی"
    assert res[1].source == "رئیس دفتر عقیدتی سیاسی فرماندهی معظم کل قوا" and res[1].speaker == "علی سعیدی", res[1].speaker
    assert res[2].speaker == "علی سعیدی", res[2].speaker


def test_speaking_of_something_is_a_speech_act_and_speaking_alone_an_event():
    # farexstance/articles.jsonl, line 1126: «از … سخن گفته بود» gives the content's topic (rule 8)
    text = "علی لاریجانی رئیس مجلس ایران هم در سفر ماه سپتامبر به نیویورک از 'امکان' تبادل زندانیان ایران و آمریکا سخن گفته بود."
    r = label_article(sentences(text))[0]
    assert r.voice == "attributed" and r.source == "علی لاریجانی", (r.source, r.why)
    assert label_article(sentences("شاهدان عینی با خبرنگاران سخن گفتند."))[0].voice != "attributed"


def test_a_cue_in_a_subordinate_clause_does_not_attribute_the_sentence():
    # ../shared/annotation/train, t4-iran-via-isna-kyn1661: the main clause reads the speaker's mind
    text = "هنگامی که روحانی از آرامش سخن می‌گوید، منظورش اعتراض کارگران شمار زیادی از واحدهای تولیدی متوقف است."
    assert label_article(sentences(text))[0].voice != "attributed"
    # the same cue in the main clause attributes it; «اما» ends the subject
    # (../shared/annotation/train, t4-iran-via-tabnak-kyl382)
    main = "رئیس جمهوری اما از تعطیلی در یک مفهوم ملموس‌تر سخن می‌گوید: کشور را تعطیل نکنیم!"
    r = label_article(sentences(main))[0]
    assert r.voice == "attributed" and r.source == normalize("رئیس جمهوری"), r.source


def test_first_person_verbs_speak_in_the_first_person():
    from framing.voice.signals import first_person

    # ../shared/annotation/train, t4-kayhan-via-mashregh-kyn1456: a columnist's memoir, quoted
    for text in ("سایتی به اسم جمهوریت آن موقع معاون سردبیر اعتماد بودم و وقت آزاد بسیار داشتم.",
                 "از حقوقش پرس‌وجو کردم رقمش را گفت.", "اما در نهایت توافق نکردم.",
                 "نمی‌خواستم مثل یک سرباز پیاده‌نظام وارد یک لشگر بزرگ و مبهم بشوم."):
        assert first_person(normalize(text)), text
    # homographs of verb forms and third persons are not («مردم»، «نهم»)
    for text in ("مردم در مراسم روز نهم محرم حضور یافتند.", "وزیر کشور گفت انتخابات برگزار می‌شود.",
                 "نرخ تورم در ماه هشتم سال کاهش یافت."):
        assert not first_person(normalize(text)), text


def test_a_cleft_puts_the_subject_after_its_ke():
    # ../shared/annotation/train, t4-irna-kyn1235 (IRNA): «X بود که <subject> … اعلام کردند»
    text = ("میانه هفته گذشته بود که رئیس جمهوری آمریکا و اعضای ارشد تیم سیاست خارجی وی با تکرار این اتهامات خود، "
            "هدف اصلی از تحریم های ضدایرانی را کاهش توان کنشگری تهران در منطقه اعلام کردند.")
    r = label_article(sentences(text))[0]
    assert r.voice == "attributed" and r.source.startswith(normalize("رئیس جمهوری آمریکا")), r.source
