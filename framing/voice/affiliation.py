"""Who gets quoted: put each quoted source in an affiliation group.

Groups (``resources/fa/affiliations.tsv``, kept as data): domestic_official, military_security,
clergy, foreign_government, international_org, foreign_media, domestic_media, opposition,
civil_society, experts, citizens — plus ``unnamed`` («دو منبع آگاه»), ``document`` (a statement
with no known author) and ``other`` (a name the tables do not place).

:func:`classify_affiliation` reads the source's whole subject phrase («سخنگوی وزارت خارجه
آمریکا», «نماینده ولی‌فقیه در استان البرز»); :func:`source_affiliations` does it for every
attributed sentence of an analysis and carries a speaker's group to the sentences where only a
name or «وی» is written (the article's fullest mention decides).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from framing.ingest.normalize import normalize
from framing.ingest.outlets import registry
from framing.lexicon.matcher import PhraseMatcher
from framing.resources import ResourceError, read_tsv

GROUPS = (
    "domestic_official", "military_security", "clergy", "foreign_government", "international_org",
    "foreign_media", "domestic_media", "opposition", "civil_society", "experts", "citizens",
)
DERIVED_GROUPS = ("unnamed", "document", "other")
ALL_GROUPS = GROUPS + DERIVED_GROUPS
KINDS = {"role", "title", "nation", "person", "media"}
# the leftmost institution decides, except that these override any other institution
_OVERRIDE = ("opposition", "international_org")


@dataclass(frozen=True)
class Term:
    term: str
    kind: str
    group: str


@functools.cache
def affiliation_matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for r in read_tsv("affiliations.tsv", required=("term", "kind")):
        kind, group = r["kind"], r.get("group", "")
        where = f"affiliations.tsv:{r['_line']}"
        if kind not in KINDS:
            raise ResourceError(f"{where}: kind must be one of {sorted(KINDS)}, not {kind!r}")
        if kind == "nation" and group not in {"domestic", "foreign"}:
            raise ResourceError(f"{where}: a nation's group is domestic or foreign, not {group!r}")
        if kind in {"role", "title", "person"} and group not in GROUPS:
            raise ResourceError(f"{where}: unknown group {group!r}; one of {list(GROUPS)}")
        m.add(normalize(r["term"]).strip(), Term(r["term"], kind, group))
    return m


def classify_affiliation(phrase: str | None, *, source_type: str | None = None) -> str:
    """The affiliation group of a source phrase (see the module doc for the groups).

    >>> classify_affiliation("سخنگوی وزارت خارجه آمریکا")
    'foreign_government'
    """
    if source_type == "unnamed":
        return "unnamed"
    if not phrase or not str(phrase).strip():
        return "document" if source_type == "document" else "other"
    phrase = str(phrase)
    outlet = registry().lookup(phrase.strip(" «»\""))
    if outlet is not None:
        return "domestic_media" if outlet.scope == "domestic" else "foreign_media"
    hits = [(h.start, h.end, h.payload) for h in affiliation_matcher().find(phrase)]
    by_kind: dict[str, list[tuple[int, Term]]] = {}
    media_end: dict[int, int] = {}
    for start, end, payload in hits:
        for t in payload if isinstance(payload, list) else [payload]:
            by_kind.setdefault(t.kind, []).append((start, t))
            if t.kind == "media":
                media_end[start] = end
    nations = sorted(by_kind.get("nation", []), key=lambda x: x[0])
    nation = nations[0][1].group if nations else None
    roles = sorted(by_kind.get("role", []), key=lambda x: x[0])
    for group in _OVERRIDE:
        hit = next((s for s, t in roles if t.group == group), None)
        if hit is not None:
            if group == "international_org" and nations and nations[0][1].group == "domestic" and nations[0][0] < hit:
                return "domestic_official"  # «نماینده ایران در سازمان ملل»
            return group
    persons = by_kind.get("person", [])
    if persons:
        return sorted(persons, key=lambda x: x[0])[0][1].group
    roles = sorted(roles + [(s, t) for s, t in by_kind.get("media", [])], key=lambda x: x[0])
    if roles:
        pos, term = roles[0]
        if term.kind == "media":
            named = _outlet_after(phrase, media_end[pos])
            if named is not None:
                return "domestic_media" if named.scope == "domestic" else "foreign_media"
            return "foreign_media" if nation == "foreign" else "domestic_media"
        group = term.group
        if group in {"domestic_official", "military_security"} and nation == "foreign":
            return "foreign_government"
        if group != "citizens" or not by_kind.get("title"):
            return group
    if by_kind.get("title"):
        return "foreign_government" if nation == "foreign" else "domestic_official"
    if nation == "foreign":
        return "foreign_government"
    if nation == "domestic":
        return "domestic_official"
    if source_type == "document":
        return "document"
    return "other"


def _outlet_after(phrase: str, pos: int):
    """The registry outlet named right after a media word («روزنامه جوان», «خبرگزاری رویترز»);
    outlet names alone are not searched inside phrases («فارس» in «خلیج فارس»)."""
    toks = phrase[pos:].split()
    for n in range(min(4, len(toks)), 0, -1):
        found = registry().lookup(" ".join(toks[:n]))
        if found is not None:
            return found
    return None


def source_affiliations(analysis: pd.DataFrame) -> pd.Series:
    """An affiliation group for every attributed sentence (NaN elsewhere), index-aligned.

    Each sentence is classified from its source's whole phrase (``source_phrase``, else
    ``source``). A sentence whose phrase says nothing about the group (a bare name, «وی», «این
    بیانیه») takes the group of its resolved speaker in the same article, from the speaker's
    most informative mention.
    """
    out = pd.Series(None, index=analysis.index, dtype="object")
    att = analysis[analysis["voice"] == "attributed"]
    if att.empty:
        return out
    phrase_col = "source_phrase" if "source_phrase" in att.columns else "source"
    cache: dict[tuple, str] = {}

    def group_of(phrase, stype) -> str:
        key = (phrase if isinstance(phrase, str) else None, stype if isinstance(stype, str) else None)
        if key not in cache:
            cache[key] = classify_affiliation(key[0], source_type=key[1])
        return cache[key]

    first = [group_of(p if isinstance(p, str) else s, t)
             for p, s, t in zip(att[phrase_col], att["source"], att["source_type"])]
    uninformative = {"other", "document"}
    cols = {c: att[c].tolist() for c in ("speaker", "source", "source_type")}
    speakers, sources, stypes, index = cols["speaker"], cols["source"], cols["source_type"], att.index.tolist()
    rows_of: dict = {}  # article -> its rows, in order (plain lists: a groupby costs more than the work)
    for i, aid in enumerate(att["article_id"].tolist()):
        rows_of.setdefault(aid, []).append(i)
    result: dict = {}
    for rows in rows_of.values():
        known: dict[str, str] = {}
        for i in rows:
            grp, stype = first[i], stypes[i]
            if grp in uninformative:
                continue
            for name in (speakers[i], sources[i]) if stype != "pronoun" else (speakers[i],):
                if isinstance(name, str):
                    known.setdefault(name, grp)
                    known.setdefault("~" + name.split()[-1], grp)  # the surname: «رضایی» after «محسن رضایی»
        for i in rows:
            spk, src, stype, grp = speakers[i], sources[i], stypes[i], first[i]
            if grp in uninformative or stype == "pronoun":
                carried = None
                for name in (spk, src) if stype != "pronoun" else (spk,):
                    if isinstance(name, str) and name.strip():
                        carried = carried or known.get(name) or known.get("~" + name.split()[-1])
                if carried is None and isinstance(spk, str):
                    carried = group_of(spk, "named")
                    carried = None if carried in uninformative else carried
                grp = carried or grp
            result[index[i]] = grp
    out.loc[list(result)] = list(result.values())
    return out
