"""Who gets quoted: affiliation groups of real source phrases (FarExStance, 2021)."""

import pandas as pd
import pytest

from framing.voice.affiliation import (
    ALL_GROUPS,
    classify_affiliation,
    source_affiliations,
)


@pytest.mark.parametrize("phrase, group", [
    ("سخنگوی وزارت خارجه", "domestic_official"),
    ("دبیر مجمع تشخیص مصلحت نظام", "domestic_official"),
    ("نماینده چابهار در مجلس", "domestic_official"),
    ("نماینده ایران در سازمان ملل", "domestic_official"),       # Iran first: Iran's envoy
    ("سفیر ایران در عراق", "domestic_official"),
    ("معاون هماهنگ‌کننده ارتش", "military_security"),
    ("فرمانده کل سپاه پاسداران انقلاب اسلامی", "military_security"),
    ("امیر دریادار حبیب‌الله سیاری", "military_security"),
    ("نماینده ولی‌فقیه در استان البرز", "clergy"),                # leftmost institution decides
    ("امام جمعه کرج", "clergy"),
    ("حجت‌الاسلام والمسلمین صادق مرادی", "clergy"),
    ("سخنگوی وزارت خارجه آمریکا", "foreign_government"),          # a foreign marker makes it foreign
    ("سفیر عراق در ایران", "foreign_government"),
    ("ارتش اسرائیل", "foreign_government"),
    ("سخنگوی سنتکام", "foreign_government"),
    ("آنتونی بلینکن", "foreign_government"),                      # a listed person
    ("دبیرکل سازمان ملل", "international_org"),
    ("آژانس بین‌المللی انرژی اتمی", "international_org"),
    ("خبرگزاری رویترز", "foreign_media"),                        # the outlet named after a media word
    ("نشریه پولیتیکو", "foreign_media"),
    ("روزنامه جوان", "domestic_media"),
    ("رسانه‌های آمریکایی", "foreign_media"),
    ("خبرنگار سی‌ان‌ان", "foreign_media"),
    ("رئیس انجمن صنفی روزنامه‌نگاران", "civil_society"),          # not «روزنامه» inside «روزنامه‌نگاران»
    ("عباس عبدی فعال سیاسی اصلاح‌طلب", "civil_society"),
    ("سازمان مجاهدین خلق", "opposition"),
    ("این پژوهشگر روابط بین‌الملل", "experts"),
    ("عضو هیئت علمی دانشگاه شهید بهشتی", "experts"),
    ("کارشناس سی‌ان‌ان", "experts"),
    ("کارگران کشت و صنعت کارون", "citizens"),
    ("نماینده مردم تبریز", "domestic_official"),                  # a title outranks «مردم»
])
def test_groups_of_real_source_phrases(phrase, group):
    assert classify_affiliation(phrase) == group


def test_source_type_decides_unnamed_and_documents():
    assert classify_affiliation("یک مقام آگاه", source_type="unnamed") == "unnamed"
    assert classify_affiliation("این بیانیه", source_type="document") == "document"
    assert classify_affiliation("وی", source_type="pronoun") == "other"
    assert classify_affiliation("حسینی") == "other"  # a name the tables do not place
    assert classify_affiliation(None) == "other"


def test_speaker_group_is_carried_to_bare_names_and_pronouns():
    rows = pd.DataFrame([
        {"article_id": "a", "voice": "attributed", "source": "عبدالناصر همتی", "source_type": "named",
         "speaker": "عبدالناصر همتی", "source_phrase": "عبدالناصر همتی رئیس کل بانک مرکزی"},
        {"article_id": "a", "voice": "attributed", "source": "وی", "source_type": "pronoun",
         "speaker": "عبدالناصر همتی", "source_phrase": "وی"},
        {"article_id": "a", "voice": "report", "source": None, "source_type": None, "speaker": None, "source_phrase": None},
        {"article_id": "a", "voice": "attributed", "source": "همتی", "source_type": "named",
         "speaker": "همتی", "source_phrase": "همتی"},
        {"article_id": "b", "voice": "attributed", "source": "وی", "source_type": "pronoun",
         "speaker": "وی", "source_phrase": "وی"},  # another article: nothing to carry
    ])
    g = source_affiliations(rows)
    assert list(g[[0, 1, 3]]) == ["domestic_official"] * 3
    assert pd.isna(g[2]) and g[4] == "other"


def test_analysis_carries_an_affiliation_for_every_attributed_sentence(raw_tables):
    _, analysis = raw_tables
    att = analysis[analysis.voice == "attributed"]
    assert att["affiliation"].isin(ALL_GROUPS).all()
    assert analysis.loc[analysis.voice != "attributed", "affiliation"].isna().all()
    seed = analysis[analysis.outlet == "تابناک"]
    # the seed: CENTCOM and the Pentagon are foreign government sources
    centcom = seed[seed.text.str.contains("سنتکام نیز اعلام کرد")]
    assert centcom["affiliation"].iloc[0] == "foreign_government"


def test_affiliation_table_is_valid():
    from framing.voice.affiliation import affiliation_matcher

    assert len(affiliation_matcher()) > 300
