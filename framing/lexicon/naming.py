"""The naming ledger: which label an outlet uses for a referent, in whose voice.

Labels are data (``resources/fa/naming.tsv``): «اسرائیل» / «رژیم صهیونیستی» / «رژیم اشغالگر
قدس»; «مجاهدین خلق» / «منافقین»; «معترضان» / «اغتشاشگران»; «آیت‌الله خامنه‌ای» / «رهبر معظم
انقلاب» … :func:`find_names` finds them in a sentence (longest label first, Persian word
boundaries); :func:`ledger` counts them per outlet, referent, label and voice.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from framing.ingest.normalize import normalize
from framing.lexicon.matcher import PhraseMatcher
from framing.resources import read_tsv

STANCES = {"neutral", "official", "loaded", "honorific", "glorifying"}


@dataclass(frozen=True)
class Label:
    referent: str
    label: str
    stance: str


@functools.cache
def naming_matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for r in read_tsv("naming.tsv", required=("referent", "label", "stance")):
        if r["stance"] not in STANCES:
            raise ValueError(f"naming.tsv:{r['_line']}: stance must be one of {sorted(STANCES)}, not {r['stance']!r}")
        label = normalize(r["label"]).strip()
        m.add(label, Label(r["referent"], label, r["stance"]))
    return m


def find_names(text: str) -> list[tuple[int, int, Label]]:
    return [(h.start, h.end, h.payload) for h in naming_matcher().find(text)]


def sentence_names(text: str, regions) -> list[dict]:
    """Names in a sentence with their voice (``source`` inside one of ``regions``)."""
    out = []
    for s, e, lab in find_names(text):
        inside = any(a <= s and e <= b for a, b in regions)
        out.append({"referent": lab.referent, "label": lab.label, "stance": lab.stance,
                    "voice": "source" if inside else "outlet", "start": s, "end": e})
    return out


def ledger(analysis: pd.DataFrame) -> pd.DataFrame:
    """Counts per outlet × referent × label × voice, with each label's share of the referent's
    mentions by that outlet in that voice."""
    rows = []
    for r in analysis[["outlet", "names"]].itertuples(index=False):
        for n in r.names if r.names is not None else []:
            rows.append({"outlet": r.outlet if isinstance(r.outlet, str) else "(unknown)", "referent": n["referent"],
                         "label": n["label"], "stance": n["stance"], "voice": n["voice"]})
    if not rows:
        return pd.DataFrame(columns=["outlet", "referent", "label", "stance", "voice", "count", "share"])
    df = pd.DataFrame(rows)
    g = df.groupby(["outlet", "referent", "voice", "label", "stance"]).size().rename("count").reset_index()
    g["share"] = (g["count"] / g.groupby(["outlet", "referent", "voice"])["count"].transform("sum")).round(3)
    return g.sort_values(["referent", "outlet", "voice", "count"], ascending=[True, True, True, False]).reset_index(drop=True)
