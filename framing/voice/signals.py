"""Evaluative signals: what makes a sentence in the outlet's own voice an evaluation (guidelines
rule 6) — loaded wording that judges, evaluative phrases (``resources/fa/evaluative_signals.tsv``),
speculation, exclamations and rhetorical questions — and the quoted stretches that are not the
outlet's own words.
"""

from __future__ import annotations

import functools
import re

from framing.ingest.normalize import normalize
from framing.ingest.verbs import known_verbs
from framing.lexicon.matcher import PhraseMatcher
from framing.resources import read_tsv
from framing.voice.attribution import cue_hits

EXCLAMATION_WEIGHT = 2.5  # an exclamation or a question in the outlet's own voice is editorial by itself
TEASER_WEIGHT = 1.5  # a question headline («خرید تابستانی منچستریونایتد کیست؟») is a teaser unless more evaluates
# categories whose presence in the outlet's voice judges rather than names (guidelines rule 6)
JUDGING = {
    "criminalization": 1.0, "illegitimacy": 1.0, "atrocity": 1.0, "proxy_conspiracy": 1.0,
    "imputed_motive": 1.0, "pejorative": 1.0, "sensational": 1.0, "intensifier": 1.0,
    "distancing": 1.0, "glorifying": 0.5, "derogatory_naming": 0.0, "terror_label": 0.0, "honorific": 0.0,
}
STANCE = ("hedge", "degree", "argument", "rhetorical", "judgment", "address")
FIRST_PERSON = re.compile(r"(?:^|\s)(?:ما|اینجانب|من|امیدواریم|امیدوارم|معتقدیم|می\u200c?(?:کنیم|خواهیم|دانیم|کنم|دانم)|داریم|هستیم|خواهیم|نمی\u200c?(?:کنیم|دهیم|کنم))(?:\s|$|[.،!؟])")


# verb-like homographs that are not first-person verbs («مردم»: people; «نهم»، «هشتم»: ordinals)
_NOT_FIRST_PERSON = frozenset({"مردم", "گندم", "آدم", "قدم", "ستم", "عدم", "نهم", "هشتم"})
_FIRST_PERSON_AUX = frozenset({"هستم", "هستیم", "دارم", "داریم", "ندارم", "نداریم", "نیستم", "نیستیم", "خواهم",
                               "خواهیم", "نخواهم", "نخواهیم"})
_WORD = re.compile(r"[^\s.,،؛:!؟?«»()\"']+")


@functools.lru_cache(maxsize=512)
def verb_tokens(text: str) -> tuple[str, ...]:
    """The words of a sentence as hazm's verb list writes them (ZWNJ as a space), punctuation
    dropped; memoized: the first person and the finite-verb test read the same sentence."""
    return tuple(_WORD.findall(text.replace("\u200c", " ")))


def _first_person_form(word: str, verbs) -> bool:
    """A first-person verb form: past («کردم»، «گفتیم»), subjunctive or negated present («بگوییم»،
    «نکنم»), or an auxiliary («هستیم»، «خواهم») — hazm's conjugations, with a homograph or two kept out."""
    if word in _NOT_FIRST_PERSON or word not in verbs:
        return False
    if word in _FIRST_PERSON_AUX:
        return True
    for ending in ("یم", "م"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            if len(stem) < 2:
                return False
            return (stem.endswith(("د", "ت")) and stem in verbs) or (stem.startswith(("ب", "ن")) and stem + "د" in verbs)
    return False


def first_person(text: str) -> bool:
    """Does the sentence speak in the first person — «ما»، «من», or a first-person verb («معاون
    سردبیر اعتماد بودم»، «از حقوقش پرس‌وجو کردم»، «نمی‌دانم»)?"""
    if FIRST_PERSON.search(text):
        return True
    verbs = known_verbs()
    toks = verb_tokens(text)
    if any(_first_person_form(t, verbs) for t in toks):
        return True
    for a, b in zip(toks, toks[1:]):
        if a in ("می", "نمی") and b.endswith("م"):
            stem = b[:-2] if b.endswith("یم") else b[:-1]
            if f"{a} {b}" in verbs and f"{a} {stem}د" in verbs:
                return True  # «می‌گویم»، «نمی‌توانیم»
    return False


@functools.cache
def evaluative_matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for r in read_tsv("evaluative_signals.tsv", required=("phrase", "signal", "weight")):
        m.add(normalize(r["phrase"]), (r["signal"], float(r["weight"])))
    return m


@functools.lru_cache(maxsize=512)
def evaluative_hits(text: str) -> tuple:
    """Evaluative phrases in a sentence (memoized: the rules and the features read the same one)."""
    return tuple(evaluative_matcher().find(text))


@functools.lru_cache(maxsize=512)
def stance_hits(text: str) -> tuple:
    """Stance cues in a sentence (memoized)."""
    return tuple(stance_matcher().find(text))


def editorial_signals(text: str, loaded_hits, *, spans_outlet=None, headline: bool = False) -> tuple[float, list[str]]:
    """Editorial score of (the outlet-voice part of) a sentence, with the reasons."""
    def in_outlet(s, e):
        return spans_outlet is None or any(a <= s and e <= b for a, b in spans_outlet)

    score, why = 0.0, []
    for h in loaded_hits:
        factor = JUDGING.get(h.category, 0.0)
        if factor and in_outlet(h.start, h.end):
            w = h.weight * factor
            score += w
            why.append(f"loaded «{h.text}» ({h.category}, +{w:g})")
    for h in evaluative_hits(text):
        signal, w = h.payload
        if in_outlet(h.start, h.end):
            score += w
            why.append(f"{signal} «{text[h.start:h.end]}» (+{w:g})")
    for h in cue_hits(text):
        if h.payload.kind == "speculation" and in_outlet(h.start, h.end):
            score += 1.5
            why.append(f"speculation «{text[h.start:h.end]}» (+1.5)")
    tail = text.rstrip(" »\"')")
    if tail.endswith("!") and in_outlet(len(tail) - 1, len(tail)):
        score += EXCLAMATION_WEIGHT
        why.append(f"exclamation (+{EXCLAMATION_WEIGHT:g})")
    if tail.endswith(("؟", "?")) and in_outlet(len(tail) - 1, len(tail)):
        w = TEASER_WEIGHT if headline else EXCLAMATION_WEIGHT
        score += w
        why.append(f"{'question headline' if headline else 'rhetorical question'} (+{w:g})")
    return score, why


_QUOTE_RE = re.compile(r"«[^«»]{1,300}»")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """«…» stretches: words the outlet marks as someone else's («توطئه علیه ایران»)."""
    return [m.span() for m in _QUOTE_RE.finditer(text)]


def outlet_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """[start, end) minus the quoted stretches: what the outlet itself says."""
    out, pos = [], start
    for a, b in quote_spans(text):
        if b <= start:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < len(text):
        out.append((pos, len(text)))
    return out


@functools.cache
def stance_matcher() -> PhraseMatcher:
    """Stance cues (``resources/fa/stance_cues.tsv``): hedges, degree words, argument connectives,
    rhetorical openers, judgments, addressing the reader."""
    m = PhraseMatcher()
    for r in read_tsv("stance_cues.tsv", required=("phrase", "cue")):
        if r["cue"] not in STANCE:
            raise ValueError(f"stance_cues.tsv:{r['_line']}: cue must be one of {STANCE}, not {r['cue']!r}")
        m.add(normalize(r["phrase"]), r["cue"])
    return m
