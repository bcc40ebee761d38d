"""Annotated article view in HTML: right to left, sentences shaded by voice, loaded phrases
highlighted by category (tooltip: category, voice, why), sources and cues marked.

Article text is scraped from the web and must never be trusted: every piece of text and every
attribute value goes through :func:`html.escape`, links are kept only for ``http``/``https``
URLs, and the page carries no script at all (a ``Content-Security-Policy`` meta tag forbids
scripts even if one slipped in). A scraped ``<script>`` or ``onerror=`` shows up as text.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

CATEGORY_COLORS = {
    "criminalization": "#f4a261", "illegitimacy": "#e76f51", "terror_label": "#d62828", "atrocity": "#9d0208",
    "proxy_conspiracy": "#b5838d", "derogatory_naming": "#ef476f", "glorifying": "#06d6a0", "imputed_motive": "#ffd166",
    "intensifier": "#cdb4db", "distancing": "#8ecae6", "sensational": "#ff9f1c", "pejorative": "#e5989b",
    "honorific": "#90be6d",
}

CSS = """
body { font-family: Vazirmatn, "DejaVu Sans", Tahoma, sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 2.1;
       color: #222; padding: 0 1rem; }
h1 { font-size: 1.4rem; line-height: 1.6; } .meta { color: #666; font-size: .85rem; }
.s { padding: .15rem .1rem; border-radius: 3px; }
.v-attributed { background: #e8f0fb; } .v-report { background: transparent; } .v-editorial { background: #fde2e1; }
.boilerplate { color: #aaa; }
.source { border-bottom: 2px solid #1d3557; font-weight: 600; } .cue { border-bottom: 2px dashed #1d3557; }
.loaded { border-radius: 3px; padding: 0 .1rem; } .loaded.voice-source { opacity: .65; }
.legend span { display: inline-block; margin: 0 .3rem .3rem 0; padding: 0 .4rem; border-radius: 3px; font-size: .8rem; }
p { margin: 0 0 1rem 0; } table { border-collapse: collapse; width: 100%; font-size: .9rem; }
td, th { border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; } th { background: #f4f4f4; }
.op-added { background: #e6f6e6; } .op-removed { background: #fbe9e9; } .op-changed { background: #fff7e0; }
.op-moved { background: #eef; } .note { color: #9d0208; font-size: .85rem; }
"""


def esc(text) -> str:
    """Escape text for HTML content and attribute values (quotes included)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True)


def _safe_url(url) -> str | None:
    if not isinstance(url, str):
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else None


def html_page(title: str, body: str, *, lang: str = "fa", direction: str = "rtl", extra_css: str = "") -> str:
    """A standalone page: no script (the policy forbids it), no resource from outside its folder."""
    return (
        f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\" dir=\"{esc(direction)}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'\">\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}{extra_css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _spans(row) -> list[tuple[int, int, str, str]]:
    """(start, end, css classes, tooltip) inside a sentence: loaded phrases, source, cue."""
    text = row["text"]
    out = []
    for h in row["loaded"] if row.get("loaded") is not None else []:
        cat = h.get("category", "")
        out.append((int(h["start"]), int(h["end"]), f"loaded cat-{cat} voice-{h.get('voice', '')}",
                    f"{cat} · voice: {h.get('voice', '')}"))
    for field, cls in (("source", "source"), ("cue", "cue")):
        val = row.get(field)
        if isinstance(val, str) and val.strip() and val != ":":
            i = text.find(val)
            if i >= 0:
                out.append((i, i + len(val), cls, f"{field}: {val}"))
    return out


def sentence_html(row) -> str:
    """One sentence as a shaded span; inner spans for loaded phrases, source and cue."""
    text = str(row["text"])
    spans = [(max(0, s), min(len(text), e), c, t) for s, e, c, t in _spans(row) if s < e]
    cuts = sorted({0, len(text), *[s for s, _, _, _ in spans], *[e for _, e, _, _ in spans]})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [(c, t) for s, e, c, t in spans if s <= a and b <= e]
        seg = esc(text[a:b])
        if not cover:
            parts.append(seg)
            continue
        classes = " ".join(c for c, _ in cover)
        tip = " | ".join(t for _, t in cover)
        style = ""
        cat = next((c.split("cat-")[1].split()[0] for c, _ in cover if "cat-" in c), None)
        if cat:
            style = f' style="background:{CATEGORY_COLORS.get(cat, "#ddd")}"'
        parts.append(f'<span class="{esc(classes)}" title="{esc(tip)}"{style}>{seg}</span>')
    voice = row.get("voice", "")
    why = row.get("why", "")
    bp = row.get("boilerplate")
    cls = f"s v-{voice}" + (" boilerplate" if isinstance(bp, str) else "")
    tip = f"{voice} — {why}" + (f" | source: {row['source']}" if isinstance(row.get("source"), str) else "")
    return f'<span class="{esc(cls)}" title="{esc(tip)}">{"".join(parts)}</span>'


def article_html(sentences: pd.DataFrame, *, article: dict | None = None) -> str:
    """A standalone HTML page for one analysed article (rows of one ``article_id``)."""
    rows = sentences.sort_values("sent_id").to_dict("records")
    article = article or {}
    title_rows = [r for r in rows if r.get("part") == "title"]
    body_rows = [r for r in rows if r.get("part") != "title"]
    title = title_rows[0]["text"] if title_rows else (article.get("title") or rows[0]["article_id"] if rows else "")
    meta = []
    for key, label in (("outlet", "outlet"), ("date", "date"), ("credit", "credit")):
        v = article.get(key, rows[0].get(key) if rows else None)
        if isinstance(v, str) and v:
            meta.append(f"{label}: {esc(v)}")
    chain = article.get("chain")
    if chain is not None and len(chain):
        meta.append("chain: " + esc(" ← ".join(chain)))
    url = _safe_url(article.get("url"))
    if url:
        meta.append(f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>')
    legend = "".join(f'<span style="background:{c}">{esc(k)}</span>' for k, c in CATEGORY_COLORS.items())
    voices = ('<span class="v-attributed">attributed</span><span class="v-report">report</span>'
              '<span class="v-editorial">editorial</span>')
    paras: dict[int, list[str]] = {}
    for r in body_rows:
        paras.setdefault(int(r.get("paragraph", 0) or 0), []).append(sentence_html(r))
    body = "\n".join(f"<p>{' '.join(v)}</p>" for _, v in sorted(paras.items()))
    head = sentence_html(title_rows[0]) if title_rows else esc(title)
    html_body = (
        f"<h1>{head}</h1>\n<div class=\"meta\">{' · '.join(meta)}</div>\n"
        f"<div class=\"legend\">{voices} <span class=\"source\">source</span><span class=\"cue\">cue</span> {legend}</div>\n"
        f"{body}"
    )
    return html_page(title if isinstance(title, str) else "", html_body)


def write_article_views(analysis: pd.DataFrame, articles: pd.DataFrame | None, out_dir, *,
                        article_ids: list[str] | None = None, limit: int = 50) -> list[Path]:
    """Write one page per article (``<article_id>.html``); returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = list(article_ids) if article_ids is not None else list(analysis["article_id"].drop_duplicates()[:limit])
    meta = articles.set_index("article_id") if articles is not None else None
    paths = []
    for aid in ids:
        rows = analysis[analysis["article_id"] == aid]
        if rows.empty:
            continue
        art = meta.loc[aid].to_dict() if meta is not None and aid in meta.index else {}
        p = out / f"{_safe_name(aid)}.html"
        p.write_text(article_html(rows, article=art), encoding="utf-8")
        paths.append(p)
    return paths


def _safe_name(aid) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(aid))[:80] or "article"


def diff_html(diff: pd.DataFrame, *, a_label: str, b_label: str, title: str = "Wire-copy diff") -> str:
    """Side-by-side page of a :func:`framing.compare.wirediff.diff_pair` table."""
    rows = []
    for r in diff.to_dict("records"):
        notes = []
        if r.get("cue_swap"):
            notes.append(f"verb: {r['cue_swap']}")
        if r.get("attribution_dropped"):
            notes.append("attribution dropped")
        if r.get("attribution_added"):
            notes.append("attribution added")
        for key, label in (("epithets_added", "epithet added"), ("loaded_added", "loaded added"),
                           ("loaded_removed", "loaded removed"), ("names_changed", "name changed")):
            vals = r.get(key)
            if vals is not None and len(vals):
                notes.append(f"{label}: {'، '.join(vals)}")
        rows.append(
            f'<tr class="op-{esc(r["op"])}"><td>{esc(r["op"])}</td><td>{esc(r.get("a_text"))}</td>'
            f'<td>{esc(r.get("b_text"))}</td><td class="note">{esc(" · ".join(notes))}</td></tr>'
        )
    body = (f"<h1>{esc(title)}</h1>\n<table>\n<tr><th>op</th><th>{esc(a_label)}</th><th>{esc(b_label)}</th>"
            f"<th>framing change</th></tr>\n" + "\n".join(rows) + "\n</table>")
    return html_page(title, body)
