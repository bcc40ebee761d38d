"""Whose voice each stretch of a sentence is in (guidelines §2).

The source's voice covers the attributed content and the paraphrase between the speaker's name
and the verb («وی با بیان اینکه … گفت»); everything else is the outlet's: its own text, headlines
that restate a claim, epithets it puts on a speaker. :func:`phrase_voices` gives each loaded
phrase its voice; :func:`token_split` counts the tokens in each voice (the denominators of the
per-voice loaded rates).
"""

from __future__ import annotations

import functools
import re

from framing.ingest.outlets import registry
from framing.voice.attribution import cue_hits
from framing.voice.signals import quote_spans

# naming categories a foreign source would not use: inside its words they are the outlet's
# translation choice («رژیم صهیونیستی» in a paraphrase of the Daily Mail, guidelines §2)
TRANSLATION_CHOICES = {"derogatory_naming", "honorific"}


def voice_regions(result, *, part: str = "body", text: str | None = None) -> list[tuple[int, int]]:
    """Spans of a sentence in the source's voice (guidelines §2): the content, and the paraphrase
    between the speaker's name and the verb («وی با بیان اینکه این رژیم … گفت»). Everything else
    is the outlet's: its own text, headlines that restate a claim, epithets it puts on a speaker."""
    regions = []
    if result.voice == "attributed" and (part != "title" or result.attribution_kind in {"verb", "colon", "frame", "document"}):
        if result.content_start >= 0:
            regions.append((result.content_start, max(result.content_end, result.content_start)))
        if result.attribution_kind == "verb" and result.source_end >= 0 and result.content_start > result.source_end:
            end = result.cue_start if result.source_end <= result.cue_start <= result.content_start else result.content_start
            regions.append((result.source_end, end))  # the paraphrase before the cue; the cue is the outlet's
    elif text is not None:
        regions.extend(quote_spans(text))  # words the outlet quotes («…») are not its own
        regions.extend(_paraphrase_spans(text))
    return regions


def _paraphrase_spans(text: str) -> list[tuple[int, int]]:
    """«با این استدلال که …»: a paraphrased claim inside an event sentence, up to the comma."""
    out = []
    for h in cue_hits(text):
        if h.payload.kind == "paraphrase":
            comma = re.search(r"[،,]", text[h.end :])
            out.append((h.end, h.end + comma.start() if comma else len(text)))
    return out


def phrase_voices(text: str, hits, result, *, part: str = "body", regions=None) -> list[dict]:
    """Loaded phrases with whose voice they are in: ``source`` inside :func:`voice_regions`,
    ``outlet`` otherwise — including the regime vocabulary the outlet puts in the mouth of a
    foreign source (a translation choice)."""
    regions = voice_regions(result, part=part) if regions is None else regions
    foreign = _is_foreign(result.speaker or result.source)
    out = []
    for h in hits:
        inside = any(a <= h.start and h.end <= b for a, b in regions)
        if inside and foreign and h.category in TRANSLATION_CHOICES:
            inside = False
        out.append({"text": h.text, "category": h.category, "voice": "source" if inside else "outlet",
                    "start": h.start, "end": h.end, "weight": h.weight})
    return out


_TOKEN_CLASS = r"[^\s\u200c.,،؛:!؟?«»()\[\]\"'\-–—/|]"
_TOKEN = re.compile(_TOKEN_CLASS + "+")
_TOKEN_CHAR = re.compile(_TOKEN_CLASS)


def token_split(text: str, regions) -> tuple[int, int]:
    """(tokens in the source's voice, tokens in the outlet's voice). A token counts for the
    source when it lies wholly inside a region; counted in C over each merged region, less a
    token cut by the region's edge."""
    total = len(_TOKEN.findall(text))
    if not regions:
        return 0, total
    merged: list[list[int]] = []
    for a, b in sorted(regions):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    n, is_tok = len(text), _TOKEN_CHAR.match
    src = 0
    for a, b in merged:
        a, b = max(a, 0), min(b, n)
        if a >= b:
            continue
        k = len(_TOKEN.findall(text, a, b))
        if k and 0 < a and is_tok(text, a - 1) and is_tok(text, a):  # a token runs across the start
            k -= 1
        if k and b < n and is_tok(text, b - 1) and is_tok(text, b):  # … or across the end
            k -= 1
        src += k
    return src, total - src


@functools.lru_cache(maxsize=1 << 14)
def _is_foreign(name) -> bool:
    if not name:
        return False
    reg = registry()
    outlet = reg.lookup(name) or reg.lookup(" ".join(str(name).split()[1:]))
    return outlet is not None and outlet.scope == "foreign"
