"""The genre of an article: ``news``, ``interview``, ``commentary``, ``speech`` (a speech or sermon
relayed) or ``press_release`` — with the evidence that decided it.

The evidence is what the text itself shows at ingestion: genre markers in the headline and the
first two body sentences (``resources/fa/genre_markers.tsv``: «گفت‌وگو»، «یادداشت»، «سرمقاله»،
«خطبه»، «اطلاعیه» …), a signed byline («خبرگزاری فارس – مهدی صادقی: …», «نویسنده: …»),
question-and-answer turns, the share of sentences that quote someone (a reporting verb from
``reporting_verbs.tsv``, «…», «X: …»), first and second person. ``resources/genre.yaml`` weighs
them. The voice deciders use the genre (an editorial's own sentences are the outlet's voice, an
interview's answers the interviewee's: guidelines rule 10) and the report counts it per outlet.
"""

from __future__ import annotations

import functools
import re

from framing.ingest.normalize import normalize
from framing.ingest.verbs import conjugate
from framing.resources import read_tsv, read_yaml

GENRES = ("news", "interview", "commentary", "speech", "press_release")
_WORD = re.compile(r"[^\s\u200c.,،؛:!؟?«»()\"'\-–—/|]+")
_FIRST_PERSON = re.compile(
    r"(?:^|\s)(?:ما|من|اینجانب|خودمان|کشورمان|مان|معتقدیم|امیدواریم|می[\u200c ]?(?:کنیم|دانیم|خواهیم|گوییم|بینیم)|هستیم|داریم|"
    r"بودیم|کردیم|کنیم|باشیم|نداریم|نیستیم|کنم|کردم|هستم|بودم|می[\u200c ]?کنم|می[\u200c ]?دانم)(?:\s|$|[.،!؟])")
_SECOND_PERSON = re.compile(r"(?:^|\s)(?:شما|جنابعالی|حضرتعالی)(?:\s|$|[.،!؟])")
_COLON_INTRO = re.compile(r"^\s*[^:\n.؟!]{2,60}:\s*\S")
_BYLINE = re.compile(r"^\s*(?P<desk>[^:\n.؟!]{2,70}?)\s*[-–—/|]\s*(?P<name>[^\s:،,.!؟\-–—/|]+(?:\s+[^\s:،,.!؟\-–—/|]+){1,2})\s*:")
_DESK_WORDS = ("خبرگزاری", "سرویس", "گروه", "روزنامه", "پایگاه", "سایت", "هفته‌نامه", "هفته نامه", "ماهنامه", "دبیرخانه")


@functools.cache
def markers() -> tuple[tuple[str, str, str], ...]:
    out = []
    for r in read_tsv("genre_markers.tsv", required=("marker", "genre", "where")):
        if r["genre"] not in GENRES or r["where"] not in {"title", "lead", "either"}:
            raise ValueError(f"genre_markers.tsv:{r['_line']}: genre must be one of {GENRES[1:]}, where title|lead|either")
        out.append((normalize(r["marker"]).replace("\u200c", " "), r["genre"], r["where"]))
    return tuple(out)


@functools.cache
def weights() -> dict:
    return read_yaml("genre.yaml", lang="")


@functools.cache
def _speech_forms() -> frozenset:
    """3rd-person forms of the reporting verbs of speech and writing («گفت»، «اعلام کرد» …)."""
    forms = set()
    for r in read_tsv("reporting_verbs.tsv", required=("verb", "past", "kind", "class")):
        if r["kind"] in {"speech", "writing"}:
            for f in conjugate(r.get("nonverbal", "").strip(), r["past"], r.get("present", "")):
                forms.add(normalize(f).replace("\u200c", " "))
    return frozenset(forms)


def _quotes_someone(text: str) -> bool:
    if "«" in text and "»" in text or _COLON_INTRO.match(text):
        return True
    toks = [t for t in _WORD.findall(text.replace("\u200c", " "))]
    forms = _speech_forms()
    return any(" ".join(toks[i : i + n]) in forms for n in (1, 2, 3, 4) for i in range(len(toks) - n + 1))


def _has_marker(text: str, genre: str, where: str) -> str | None:
    flat = f" {text.replace(chr(0x200c), ' ')} "
    for m, g, w in markers():
        if g == genre and w in (where, "either") and f" {m}" in flat:
            return m
    return None


def byline(text: str) -> str | None:
    """The author of a signed byline opening ``text`` («خبرگزاری فارس – مهدی صادقی: …»)."""
    m = _BYLINE.match(text)
    if m and any(w in m.group("desk") for w in _DESK_WORDS):
        return m.group("name")
    return None


def detect(title: str, sentences: list[dict]) -> tuple[str, dict]:
    """(genre, evidence) of an article: ``title`` normalized, ``sentences`` the body sentence rows
    (``text``, ``boilerplate``) of :func:`framing.ingest.article.build_article`."""
    body = [s["text"] for s in sentences if s.get("part", "body") == "body" and not isinstance(s.get("boilerplate"), str)]
    bylines = [s["text"] for s in sentences if s.get("boilerplate") == "byline"]
    n = max(1, len(body))
    questions = [t.rstrip(" »\"'.").endswith(("؟", "?")) for t in body]
    qa_turns = sum(1 for a, b in zip(questions, questions[1:]) if a and not b)
    ev = {
        "sentences": len(body),
        "questions": round(sum(questions) / n, 3),
        "qa_turns": qa_turns,
        "quoted": round(sum(map(_quotes_someone, body)) / n, 3),
        "first_person": round(sum(1 for t in body if _FIRST_PERSON.search(t)) / n, 3),
        "second_person": round(sum(1 for t in body if _SECOND_PERSON.search(t)) / n, 3),
        "byline": byline(body[0]) if body else None,
        "markers": {},
    }
    if bylines and not ev["byline"]:
        ev["byline"] = bylines[0][:60]
    lead = " ".join(body[:2])
    w = weights()
    points = {}
    for genre in GENRES[1:]:
        gw = w["weights"][genre]
        p = 0
        for where, text in (("title", title), ("lead", lead)):
            m = _has_marker(text, genre, where)
            if m:
                ev["markers"].setdefault(genre, []).append(f"{where}: {m}")
                p += gw.get(f"marker_{where}", 0)
        if genre == "interview":
            p += gw["qa_turns_2"] * (qa_turns >= 2) + gw["qa_turns_4"] * (qa_turns >= 4)
            p += gw["second_person"] * (ev["second_person"] >= 0.05)
        elif genre == "commentary":
            p += gw["byline"] * bool(ev["byline"]) + gw["low_quoted"] * (ev["quoted"] < 0.25)
            p += gw["first_person"] * (ev["first_person"] >= 0.1)
            p += gw["rhetorical"] * (ev["questions"] >= 0.08 and qa_turns < 2)
            p += gw["title_question"] * title.rstrip(" »\"'.").endswith(("؟", "?", "!"))
        else:
            p += gw["high_quoted"] * (ev["quoted"] >= 0.5)
        points[genre] = p
    ev["points"] = points
    best = max(GENRES[1:], key=lambda g: (points[g], -GENRES.index(g)))
    genre = best if points[best] >= w["threshold"] else "news"
    return genre, ev
