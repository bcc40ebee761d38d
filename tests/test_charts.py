"""Every chart is written as a non-empty PNG from real analysis output (and was looked at by a
person: see reports/figures after `make report`)."""

import matplotlib.image as mpimg
import pytest

from framing.compare.rates import compare
from framing.compare.stories import group_stories, within_story_effects
from framing.report import charts


@pytest.fixture(scope="module")
def comparison(raw_tables):
    _, analysis = raw_tables
    return compare(analysis, min_articles=1, n_boot=100, n_perm=100)


def _png_ok(path):
    assert path.is_file() and path.stat().st_size > 5000
    img = mpimg.imread(path)
    assert img.shape[0] > 200 and img.shape[1] > 300
    assert img[..., :3].std() > 0.05  # not a blank canvas


@pytest.mark.parametrize("fn, source, kw", [
    (charts.voice_shares, "metrics", {}), (charts.loadedness, "metrics", {}), (charts.category_heatmap, "metrics", {}),
    (charts.quoted_groups, "metrics", {}), (charts.cue_by_group, "metrics", {"min_cues": 1}),
    (charts.naming_table, "naming", {}), (charts.timeline, "articles", {}),
])
def test_charts_write_pngs(fn, source, kw, comparison, tmp_path):
    path = fn(getattr(comparison, source), tmp_path / f"{fn.__name__}.png", **kw)
    _png_ok(path)


def test_story_effects_chart(raw_tables, tmp_path):
    articles, analysis = raw_tables
    eff = within_story_effects(analysis, group_stories(articles), n_boot=50)
    _png_ok(charts.story_effects(eff, tmp_path / "story.png"))


def test_empty_inputs_give_an_explained_empty_chart(comparison, tmp_path):
    empty = comparison.metrics.iloc[0:0]
    path = charts.voice_shares(empty, tmp_path / "empty.png")
    assert path.is_file() and path.stat().st_size > 1000


def test_persian_labels_are_passed_unshaped():
    """matplotlib ≥ 3.11 shapes Arabic script itself: labels must be the plain strings (no
    presentation forms, no reversal)."""
    import matplotlib
    import matplotlib.pyplot as plt

    assert tuple(int(x) for x in matplotlib.__version__.split(".")[:2]) >= (3, 11)
    fig, ax = plt.subplots()
    ax.set_yticks([0], [charts.VOICE_LABELS["editorial"]])
    label = ax.get_yticklabels()[0].get_text()
    assert "نظر رسانه" in label and not any(0xFB50 <= ord(c) <= 0xFEFF for c in label)
    plt.close(fig)
