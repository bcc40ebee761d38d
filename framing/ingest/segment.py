"""Sentence segmentation for Persian news (on normalized text, with character offsets).

Handles what real copy throws at a splitter: sentences glued without a space
(«… اعلام نشده است.وی افزود: …»), «…» quotes that span several sentences (kept whole),
decimals and dotted abbreviations, «؟» and «!», paragraph breaks, inline boilerplate
(«- اخبار سیاسی -», «انتهای پیام/») split off and flagged, and overlong runs without any
punctuation cut at spaces and flagged. Boilerplate patterns: resources/fa/boilerplate.tsv.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from framing.ingest.normalize import LETTER_CLASS
from framing.resources import read_tsv

DEFAULT_MAX_CHARS = 1500  # longer sentences are cut at spaces and flagged `overlong`
MAX_QUOTE_CHARS = 3000  # a «…» longer than this is not protected from splitting

_TERMINAL_RE = re.compile(r"[.!?؟]+[»\"')\]]*|…+[»\"')\]]*(?=\s*\n)")
_PARA_RE = re.compile(r"[^\n]+")
_PERSIAN_START = re.compile(f"[{LETTER_CLASS}«(\\[\"۰-۹]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int
    boilerplate: str | None = None
    overlong: bool = False


@functools.cache
def _boilerplate() -> tuple[list[tuple[str, re.Pattern, tuple[str, ...]]], re.Pattern | None, tuple[str, ...] | None]:
    """(kind, pattern, required words) per row; the inline patterns joined; the words one of
    which every inline match contains (None when some inline row names none)."""
    rows = read_tsv("boilerplate.tsv", required=("kind", "inline", "pattern"))
    flags, inline, inline_hints = [], [], []
    for row in rows:
        try:
            rx = re.compile(row["pattern"])
        except re.error as exc:
            raise ValueError(f"boilerplate.tsv:{row['_line']}: bad regex: {exc}") from exc
        hints = tuple(h.strip() for h in (row.get("requires") or "").split("|") if h.strip())
        flags.append((row["kind"], rx, hints))
        if row["inline"] == "yes":
            inline.append(f"(?:{row['pattern']})")
            inline_hints = None if inline_hints is None or not hints else inline_hints + list(hints)
    joined = re.compile("|".join(inline), re.MULTILINE) if inline else None
    return flags, joined, (tuple(inline_hints) if inline_hints is not None else None)


@functools.cache
def _hint_automaton():
    """One automaton over every row's required words: value = the rows that need the word."""
    import ahocorasick

    a = ahocorasick.Automaton()
    rows_of: dict[str, set[int]] = {}
    for i, (_, _, hints) in enumerate(_boilerplate()[0]):
        for h in hints:
            rows_of.setdefault(h, set()).add(i)
    for h, rows in rows_of.items():
        a.add_word(h, frozenset(rows))
    if len(a):
        a.make_automaton()
    return a


def boilerplate_kind(sentence: str) -> str | None:
    """The boilerplate kind of a sentence, or None (the first pattern of the table that matches).
    A row with required words is tried only when one of them occurs (one automaton pass)."""
    flags = _boilerplate()[0]
    a = _hint_automaton()
    present: set[int] = set()
    if len(a):
        for _, rows in a.iter(sentence):
            present |= rows
    for i, (kind, rx, hints) in enumerate(flags):
        if hints and i not in present:
            continue
        if rx.search(sentence):
            return kind
    return None


_GUILLEMET_RE = re.compile("[«»]")


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matched «…» pairs inside [start, end) as (open, close) positions, outermost only."""
    spans, stack = [], []
    for m in _GUILLEMET_RE.finditer(text, start, end):  # visit only the quote marks
        i, c = m.start(), m.group()
        if c == "«":
            stack.append(i)
        elif c == "»" and stack:
            o = stack.pop()
            if not stack and i - o <= MAX_QUOTE_CHARS:
                spans.append((o, i))
    return spans


def _is_boundary(text: str, s: int, e: int, pe: int) -> bool:
    punct = text[s:e]
    after = text[e] if e < pe else "\n"
    if punct.startswith("."):
        before = text[s - 1] if s > 0 else " "
        if after.isascii() and after.isalnum():  # «Entekhab.ir», «U.S.», «3.5»
            return False
        if before.isdigit() and after.isdigit():
            return False
        # a single letter before the dot: abbreviation («ق.ظ»، «ه.ش»، «م.»)
        if s >= 1 and (s == 1 or not text[s - 2].isalnum()) and before.isalpha() and after != "\n":
            return False
    if after in " \t\n\u200c":
        return True
    return bool(_PERSIAN_START.match(after))  # glued: «است.وی افزود»


def split_sentences(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[Span]:
    """Split ``text`` into sentence spans (character offsets into ``text``)."""
    _, flags_inline, inline_hints = _boilerplate()
    if flags_inline is not None and inline_hints is not None and not any(h in text for h in inline_hints):
        flags_inline = None  # no inline boilerplate anywhere in the text
    out: list[Span] = []
    for p_idx, pm in enumerate(_PARA_RE.finditer(text)):
        ps, pe = pm.span()
        cuts = {ps, pe}
        if flags_inline is not None:
            for bm in flags_inline.finditer(text, ps, pe):
                cuts.add(bm.start())
                cuts.add(bm.end())
        quotes = _quote_spans(text, ps, pe)
        qi = 0
        for tm in _TERMINAL_RE.finditer(text, ps, pe):
            s, e = tm.span()
            while qi < len(quotes) and quotes[qi][1] < e - 1:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] < s and e - 1 < quotes[qi][1]:
                continue  # inside a «…» quote
            if _is_boundary(text, s, e, pe):
                cuts.add(e)
        points = sorted(cuts)
        for a, b in zip(points, points[1:]):
            seg = text[a:b]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            a2, b2 = a + lead, b - trail
            if a2 >= b2:
                continue
            out.extend(_limit(text, a2, b2, p_idx, max_chars))
    return out


def _limit(text: str, a: int, b: int, p_idx: int, max_chars: int) -> list[Span]:
    if b - a <= max_chars:
        return [Span(a, b, p_idx, boilerplate_kind(text[a:b]))]
    spans = []
    while b - a > max_chars:
        cut = text.rfind(" ", a + max_chars // 2, a + max_chars)
        if cut <= a:
            cut = a + max_chars
        spans.append(Span(a, cut, p_idx, boilerplate_kind(text[a:cut]), True))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        spans.append(Span(a, b, p_idx, boilerplate_kind(text[a:b]), True))
    return spans
