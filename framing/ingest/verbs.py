"""Persian verbs: the forms news copy writes, generated from stems, and hazm's list of verb forms.

:func:`conjugate` gives the 3rd-person forms of a (compound) verb — past, perfect, pluperfect,
progressive, present, future; singular and plural; «نمود» for «کرد» — and :func:`passives` the
agentless passives («اعلام شد»، «گفته می‌شود»). The lexicon conjugates its verb entries with
them, the cue list (:mod:`framing.voice.cues`) its reporting verbs, and the genre
detector (:mod:`framing.ingest.genre`) counts reporting verbs with them.
"""

from __future__ import annotations

import functools

from framing.ingest.normalize import get_normalizer

ZWNJ = "\u200c"
NON_JOINING = "اآدذرزژو"  # a compound's non-verbal part ending in one of these may be written joined


def conjugate(nonverbal: str, past: str, present: str) -> list[str]:
    """3rd-person forms of a (compound) verb, as normalized text writes them."""
    pre = f"{nonverbal} " if nonverbal else ""
    forms: list[str] = []
    if past in {"است", "بود"}:  # copular predicates: «معتقد است»، «معتقدند»
        for f in ("است", "اند", "هستند", "بود", "بودند", "شده است", "شده اند"):
            forms.append(pre + f)
        if nonverbal and nonverbal[-1] not in "اوه":
            forms.append(nonverbal + "ند")  # «معتقدند»
        return forms
    if past == "دارد":  # «اعتقاد دارد»
        return [pre + f for f in ("دارد", "دارند", "داشت", "داشتند")]
    lights = [(past, present)]
    if past == "کرد":
        lights.append(("نمود", "نما"))
    pres = [pre]
    if nonverbal and nonverbal[-1] in NON_JOINING and " " not in nonverbal:
        pres.append(nonverbal)  # «اظهارداشت», «خاطرنشان‌کرد» written joined
    for pre in pres:
        forms += _forms(pre, lights, bool(nonverbal))
    return forms


def _forms(pre: str, lights, compound: bool) -> list[str]:
    forms: list[str] = []
    for p, r in lights:
        forms += [pre + p, pre + p + "ند"]
        forms += [pre + p + "ه است", pre + p + "ه اند", pre + p + "ه بود", pre + p + "ه بودند"]
        forms += [pre + "می " + p, pre + "می " + p + "ند"]
        if compound:
            forms.append(pre + p + "ه")  # «اعلام کرده و افزود»
        if r:
            forms += [pre + "می " + r + "د", pre + "می " + r + "ند", pre + "خواهد " + p, pre + "خواهند " + p]
            if p == "داشت":  # «تاکید دارد»: «داشتن» takes no «می» in the present
                forms += [pre + r + "د", pre + r + "ند"]
            if r.endswith(("ا", "و")):  # «می‌افزاید»، «می‌گوید»
                forms += [pre + "می " + r + "ید", pre + "می " + r + "یند"]
    return forms


def passives(nonverbal: str, past: str) -> list[str]:
    """Agentless passives: impersonal, the outlet keeps its voice («اعلام شد»، «گفته می‌شود»)."""
    if nonverbal and past in {"کرد", "نمود", "داد", "داشت"}:
        pre = nonverbal + " "
        return [pre + f for f in ("شد", "شده است", "شده", "می شود", "شده بود", "گردید", "گردیده است")]
    if not nonverbal and past in {"گفت", "نوشت"}:
        stem = past + "ه"
        return [f"{stem} {f}" for f in ("شد", "شده است", "شده", "می شود")]
    return []


@functools.cache
def known_verbs() -> frozenset:
    """Every verb form in hazm's verb list (ZWNJ read as a space): what a clause's verb can be."""
    n = get_normalizer()
    n.words  # load
    return frozenset(v.replace(ZWNJ, " ") for v in (n._verbs or ()))
