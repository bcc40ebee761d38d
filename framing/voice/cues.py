"""Attribution cues as data: reporting verbs in all their conjugations, frames, impersonal forms
and the outlet's own markers.

The verb list (``resources/fa/reporting_verbs.tsv``) holds one row per verb with its stems;
:func:`framing.ingest.verbs.conjugate` generates the 3rd-person forms news copy uses, and
:func:`framing.ingest.verbs.passives` the agentless passives («اعلام شد»، «گفته می‌شود») that keep
the outlet's voice (guidelines rule 3).
Frames and markers are in ``resources/fa/attribution_frames.tsv``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from framing.ingest.normalize import normalize
from framing.ingest.verbs import conjugate, passives
from framing.lexicon.matcher import PhraseMatcher
from framing.resources import read_tsv

KINDS = {"speech", "act", "belief", "writing"}
CLASSES = {"neutral", "distancing", "endorsing"}
FRAME_KINDS = {"source_after", "source_after_agent", "document", "as_follows", "impersonal", "outlet_marker", "speculation", "paraphrase"}
ZWNJ = "\u200c"
# Phrases that contain a cue form but are not cues («گفت و گو کردند» is a conversation).
BLOCKERS = tuple(
    b + suffix
    for b in ("گفت و گو", "گفت وگو", "گفتگو", "گفت‌وگو", "گفت و شنود")
    for suffix in ("", "ی", "های", "ها", "‌ای", "‌ها", "‌های")
) + ("گفته‌های", "گفته های", "نوشته‌های", "نوشته های", "گفته‌ها", "نوشته‌ها")
# «شاهدان سخن گفتند» (they spoke: an event) is kept out by the «از» guard of «سخن گفت» (reporting_verbs.tsv)
@dataclass(frozen=True)
class Cue:
    """A matched cue's meaning (the payload of a matcher hit)."""

    lemma: str  # canonical form («اعلام کرد», «به گفته»)
    kind: str  # speech | act | belief | writing | source_after | document | as_follows | impersonal | outlet_marker | speculation | block
    cls: str  # neutral | distancing | endorsing
    guard: str = ""  # "" | ra | az | gap
    form: str = ""  # the generated form («اعلام کرده است»)
    lights: tuple = ()  # for a gapped non-verbal part: the verb forms that may close it

    @property
    def is_verb(self) -> bool:
        return self.kind in KINDS


@functools.cache
def verb_rows() -> tuple[dict, ...]:
    rows = read_tsv("reporting_verbs.tsv", required=("verb", "past", "kind", "class"))
    for r in rows:
        if r["kind"] not in KINDS or r["class"] not in CLASSES:
            raise ValueError(f"reporting_verbs.tsv:{r['_line']}: kind must be in {sorted(KINDS)}, class in {sorted(CLASSES)}")
    return rows


@functools.cache
def frame_rows() -> tuple[dict, ...]:
    rows = read_tsv("attribution_frames.tsv", required=("frame", "kind", "class"))
    for r in rows:
        if r["kind"] not in FRAME_KINDS or r["class"] not in CLASSES:
            raise ValueError(f"attribution_frames.tsv:{r['_line']}: kind must be in {sorted(FRAME_KINDS)}, class in {sorted(CLASSES)}")
    return rows


def verb_forms(row: dict) -> list[str]:
    nonverbals = [row["nonverbal"]] + [v for v in row.get("variants", "").split("|") if v.strip()]
    out = []
    for nv in nonverbals:
        out += conjugate(nv.strip(), row["past"], row.get("present", ""))
    if not row["nonverbal"] and row.get("guard") in {"az", "ra"}:
        out.append(row["past"] + "ه")  # «از ایران خواسته مسئولیت …»: a perfect without «است»
    return out


@functools.cache
def cue_matcher() -> PhraseMatcher:
    """One automaton for every cue form, frame, impersonal form, marker and blocker."""
    m = PhraseMatcher()
    seen_impersonal = set()
    for row in verb_rows():
        guard = row.get("guard", "")
        cue = Cue(row["verb"], row["kind"], row["class"], "" if guard == "gap" else guard)
        for form in verb_forms(row):
            m.add(normalize(form), Cue(cue.lemma, cue.kind, cue.cls, cue.guard, form))
        if row.get("guard") == "gap" and row["nonverbal"]:
            lights = tuple(dict.fromkeys(normalize(f).replace(ZWNJ, " ") for f in conjugate("", row["past"], row.get("present", ""))))
            m.add(normalize(row["nonverbal"]), Cue(cue.lemma, cue.kind, cue.cls, "gap", row["nonverbal"], lights))
        for nv in [row["nonverbal"]] + [v for v in row.get("variants", "").split("|") if v.strip()]:
            for form in passives(nv.strip(), row["past"]):
                if form not in seen_impersonal:
                    seen_impersonal.add(form)
                    m.add(normalize(form), Cue(form, "impersonal", row["class"], "", form))
    for row in frame_rows():
        m.add(normalize(row["frame"]), Cue(row["frame"], row["kind"], row["class"], "", row["frame"]))
    for b in BLOCKERS:
        m.add(normalize(b), Cue(b, "block", "neutral", "", b))
    return m
