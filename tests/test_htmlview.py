"""The annotated article view: right to left, voice shading, loaded highlights — and scraped
markup always shown as text, never run."""

import re

import pandas as pd

from framing.report.htmlview import article_html, diff_html, write_article_views

HOSTILE = [
    '<script>alert("x")</script> بنا بر این گزارش؛ پایگاه‌های غیرقانونی آمریکا در سوریه بارها هدف قرار گرفت.',
    'وی گفت: <img src=x onerror="alert(1)"> این اقدام غیرقانونی است.',
]


def _rows(texts, tmp_path):
    from framing.analysis.analyze import analyze
    from framing.ingest.run import ingest_tables

    f = tmp_path / "hostile.jsonl"
    f.write_text(pd.DataFrame([{"id": "x1", "outlet": "تابناک", "title": "<b onmouseover=alert(2)>تیتر</b>",
                                "url": "javascript:alert(3)", "text": " ".join(texts)}]).to_json(
        orient="records", lines=True, force_ascii=False), encoding="utf-8")
    arts, sents, _ = ingest_tables([f])
    return arts, analyze(arts, sents, progress=False)


def _tags(page: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<\s*([a-zA-Z]+)", page)}


def test_scraped_markup_is_escaped_and_never_runs(tmp_path):
    arts, an = _rows(HOSTILE, tmp_path)
    page = article_html(an, article=arts.iloc[0].to_dict())
    assert "script" not in _tags(page) and "img" not in _tags(page) and "b" not in _tags(page)
    assert not re.search(r"<[^>]*\bon\w+\s*=", page)  # no live event-handler attribute anywhere
    assert "onerror" in page and "&lt;" in page  # the text is there, as text
    assert 'href="javascript' not in page  # only http(s) links
    assert "Content-Security-Policy" in page and "script-src" not in page
    assert 'dir="rtl"' in page and 'lang="fa"' in page


def test_voices_loaded_phrases_source_and_cue_are_marked(raw_tables):
    articles, analysis = raw_tables
    seed = articles[articles.outlet == "تابناک"].iloc[0]
    page = article_html(analysis[analysis.article_id == seed.article_id], article=seed.to_dict())
    assert page.count('class="s v-editorial') >= 3 and page.count('class="s v-attributed') >= 3
    # a loaded phrase with its category and voice in the tooltip
    m = re.search(r'<span class="loaded cat-criminalization voice-outlet"[^>]*title="([^"]+)"[^>]*>([^<]+)</span>', page)
    assert m and "criminalization · voice: outlet" in m.group(1) and "سرقت نفت" in m.group(2)
    assert 'class="source"' in page and 'class="cue"' in page
    assert "تابناک ← ایرنا" in page  # the credit chain


def test_views_and_diff_pages_are_written(raw_tables, tmp_path):
    articles, analysis = raw_tables
    paths = write_article_views(analysis, articles, tmp_path / "a", limit=3)
    assert len(paths) == 3 and all(p.stat().st_size > 1000 for p in paths)
    d = pd.DataFrame([{"op": "added", "a_text": None, "b_text": "<script>x</script> متن", "cue_swap": "گفت → ادعا کرد",
                       "attribution_dropped": False, "attribution_added": False, "epithets_added": ["رژیم"],
                       "loaded_added": [], "loaded_removed": [], "names_changed": []}])
    page = diff_html(d, a_label="ایرنا", b_label="<i>تابناک</i>")
    assert "script" not in _tags(page) and "i" not in _tags(page)
    assert "گفت → ادعا کرد" in page and "epithet added: رژیم" in page
