"""Credit formulas and wire chains: «به گزارش تابناک به نقل از ایرنا» -> [تابناک, ایرنا].

:func:`find_credits` finds every credit in a (normalized) text with its span; :func:`own_chain`
decides which one is the article's own credit (the publisher and the wires it republishes).
The vocabulary (openers, link words, descriptors, desks, time words) is data:
``resources/fa/credit.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from framing.ingest.normalize import normalize
from framing.ingest.outlets import Outlet, alias_key, registry
from framing.resources import read_yaml

ZWNJ = "\u200c"
_END = "،,:؛\n"
_CLAUSE_WORDS = frozenset({"در", "با", "طی", "که", "روز", "امروز", "درباره", "پیرامون", "ضمن"})


@dataclass(frozen=True)
class Link:
    """One link of a chain: the bare name as written, and the outlet it resolves to (if known)."""

    surface: str
    outlet_id: str | None = None

    @property
    def name(self) -> str:
        """Canonical Persian name when the outlet is known, else the bare surface."""
        return registry().get(self.outlet_id).name if self.outlet_id else self.surface


@dataclass(frozen=True)
class Credit:
    start: int
    end: int
    kind: str  # formula | dateline | prefix
    links: tuple[Link, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [link.name for link in self.links]

    @property
    def surfaces(self) -> list[str]:
        return [link.surface for link in self.links]


@functools.cache
def credit_vocab() -> dict:
    raw = read_yaml("credit.yaml")
    out = {}
    for key in ("openers", "links", "descriptors", "desk_heads", "time_words", "source_heads"):
        out[key] = sorted({normalize(x) for x in raw[key]}, key=lambda w: (-len(w), w))
    out["dateline_separators"] = raw["dateline_separators"]
    return out


def alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s\u200c]+").replace(ZWNJ, r"[\s\u200c]?") for w in words)


@functools.cache
def _patterns():
    v = credit_vocab()
    opener = re.compile(
        rf"(?:^|(?<=[\s«(،.؛:\-–—/]))(?:{alternation(v['openers'])})\s+(?P<chain>[^{_END}]{{1,160}})"
    )
    link_split = re.compile(rf"\s+(?:{alternation(sorted(set(v['links'])))})\s+")
    seps = "".join(re.escape(s) for s in v["dateline_separators"] if s != "/")
    dateline = re.compile(rf"^\s*(?P<place>[^\s{seps}/:]{{2,20}}(?:\s[^\s{seps}/:]{{2,20}})?)\s*[{seps}]\s*(?P<outlet>[^{seps}\n:،]{{2,40}}?)\s*[{seps}]")
    # «تسنیم:», «ایسنا/», «شفقنا- …» (a dash only with a space after it: «آر-فارما» is a name)
    prefix = re.compile(r"\s*(?P<outlet>[^:/\n،,.!؟]{2,60}?)\s*(?:\([^)\n]{0,40}\)\s*)?(?:[:/]|[-–—](?=\s))")
    return opener, link_split, dateline, prefix


@functools.lru_cache(maxsize=4096)
def _word_re(w: str) -> re.Pattern:
    return re.compile(rf"(?:{alternation([w])})(?:\s+|$)")


def strip_words(text: str, words: list[str]) -> str:
    """Strip leading ``words`` (longest first, lists from :func:`credit_vocab`) until none is left:
    «سایت شبکه خبری بی‌بی‌سی» -> «بی‌بی‌سی». Each strip starts again from the longest word, so
    the result does not depend on the order of words of equal length."""
    changed = True
    while changed:
        changed = False
        for w in words:
            m = _word_re(w).match(text)
            if m:
                text = text[m.end() :]
                changed = True
                break
    return text


def _clean(text: str) -> str:
    return text.strip().strip("«»\"'()").strip()


def _match_outlet(words: list[str]) -> tuple[Outlet | None, int]:
    """Longest run of leading words that names a known outlet."""
    reg = registry()
    for k in range(min(5, len(words)), 0, -1):
        outlet = reg.lookup(" ".join(words[:k]))
        if outlet:
            return outlet, k
    return None, 0


def _parse_link(text: str, *, first: bool) -> tuple[Link | None, bool]:
    """Parse one link. Returns (link or None, stop) — stop when trailing text ends the chain."""
    v = credit_vocab()
    paren = re.search(r"\(([^()]{2,40})\)", text)  # «خبرگزاری رسمی سوریه (سانا)»
    if paren and registry().lookup(paren.group(1)):
        outlet = registry().lookup(paren.group(1))
        return Link(paren.group(1).strip(), outlet.id), False
    text = _clean(strip_words(_clean(text), v["time_words"]))
    desk = False
    for head in v["desk_heads"]:
        if re.match(rf"(?:{alternation([head])})(?:\s|$)", text):
            desk = True
            break
    words = [w.strip("«»\"'()") for w in text.split()]
    words = [w for w in words if w]
    if desk:
        # the outlet after the desk: «خبرنگار پارلمانی خبرگزاری فارس», «گروه سیاسی الف»
        for i in range(1, len(words)):
            rest = " ".join(words[i:])
            bare = _clean(strip_words(rest, v["descriptors"]))
            outlet, k = _match_outlet(bare.split())
            if outlet:
                return Link(" ".join(bare.split()[:k]), outlet.id), len(bare.split()) > k
            if bare != rest and bare:  # a descriptor introduced an unknown outlet
                return Link(bare, None), False
        return None, False
    bare = _clean(strip_words(" ".join(words), v["descriptors"]))
    bare_words = bare.split()
    outlet, k = _match_outlet(bare_words)
    if outlet:
        return Link(" ".join(bare_words[:k]), outlet.id), len(bare_words) > k
    # an unknown source ends at the first clause word: «روابط عمومی … سپاه در اطلاعیه‌ای …», or
    # where a name in guillemets begins: «به گزارش رمزگشانیوز «سعید جلیلی» روز دوشنبه … افزود»
    quoted = next((i for i, w in enumerate(text.split()) if i and w.startswith("«")), None)
    if quoted is not None and bare == " ".join(words) and quoted < len(bare_words):
        bare_words = bare_words[:quoted]
        bare = " ".join(bare_words)
    for i, w in enumerate(bare_words):
        if i and w in _CLAUSE_WORDS:
            bare_words = bare_words[:i]
            bare = " ".join(bare_words)
            break
    if not bare_words or len(bare_words) > 8:
        return None, True
    if not first and not any(re.match(rf"(?:{alternation([h])})", bare) for h in v["source_heads"]) and bare == " ".join(words):
        return None, True  # «از البرز»: a dateline place, not a source
    return Link(bare, None), False


def _parse_chain(segment: str) -> tuple[Link, ...]:
    _, link_split, _, _ = _patterns()
    links: list[Link] = []
    for i, part in enumerate(link_split.split(segment)):
        link, stop = _parse_link(part, first=i == 0)
        if link is None:
            break
        links.append(link)
        if stop:
            break
    return tuple(links)


def _chain_end(text: str, m: re.Match, links: tuple[Link, ...]) -> int:
    """Where the credit ends: the segment's end when it stops at a comma, else just after the
    last link («به گزارش تسنیم مهر ماه سال ۱۳۹۷ …» ends after «تسنیم»)."""
    end = m.end("chain")
    seg = m.group("chain")
    last = links[-1].surface
    i = seg.rfind(last.split()[-1]) if last else -1
    if i < 0:
        return end
    stop = m.start("chain") + i + len(last.split()[-1])
    while stop < len(text) and text[stop] in "»)\"'":
        stop += 1
    rest = text[stop:end]
    # «به گزارش خبرگزاری فارس از البرز،»: a place or a parenthesis may follow the last link; a
    # frame or a clause («… اسپوتنیک طبق گفته مقام‌های انگلیس، …») is not part of the credit
    if end < len(text) and text[end] in _END and (len(rest.split()) <= 2 or re.fullmatch(r"\s*(?:از\s+\S+(?:\s+\S+)?|\([^)]*\))\s*", rest)):
        return end
    return stop


@functools.cache
def _opener_hints() -> tuple[str, ...]:
    """A word of every opener (its longest): a sentence with none of them has no credit formula
    (the pattern only varies the spaces between an opener's words)."""
    return tuple(sorted({max(re.split(r"[\s\u200c]+", o), key=len) for o in credit_vocab()["openers"]}))


_BYLINE = re.compile(r"\s*[^\s:،,.!؟]+(?:\s+[^\s:،,.!؟]+){0,2}\s*:")


_LEAD_END = re.compile(r"[.!؟?](?=\s+\S)\s+")


def _prefix_links(text: str, pos: int, prefix, *, strict: bool = False) -> tuple[int, list[Link], int]:
    """(start, links, end) of the prefix credits that begin at ``pos`` («انتخاب (Entekhab.ir) : تسنیم: …»,
    «ایسنا/», «خبرگزاری فارس:», «شفقنا- …»); ``strict``: the first must carry a descriptor or an address."""
    start, links = pos, []
    while True:
        pm = prefix.match(text, pos)
        if not pm:
            break
        raw = _clean(pm.group("outlet"))
        name = _clean(strip_words(raw, credit_vocab()["descriptors"]))
        outlet = registry().lookup(name)
        if not outlet:
            break
        if strict and not links and name == raw and "(" not in pm.group(0):
            break
        if pm.group(0).rstrip()[-1] in "-–—" and _BYLINE.match(text, pm.end()):
            break  # «خبرگزاری فارس – مهدی صادقی: …»: an opinion piece's byline, left as it was
        links.append(Link(name, outlet.id))
        pos = pm.end()
    while links and start < len(text) and text[start].isspace():
        start += 1
    return start, links, pos


def find_credits(text: str) -> list[Credit]:
    """Every credit formula in ``text`` (normalized), in order of position."""
    opener, _, dateline, prefix = _patterns()
    credits: list[Credit] = []
    m = dateline.match(text)
    if m and registry().lookup(_clean(m.group("outlet"))):
        outlet = registry().lookup(_clean(m.group("outlet")))
        credits.append(Credit(m.start(), m.end(), "dateline", (Link(_clean(m.group("outlet")), outlet.id),)))
    else:
        start, links, pos = _prefix_links(text, 0, prefix)
        if not links:
            # a lead sentence, then the credit: «امام جمعه کرج … گفت: … . پایگاه خبری تحلیلی انتخاب
            # (Entekhab.ir) : تسنیم: …» — taken only in its unmistakable form (a descriptor such as
            # «خبرگزاری»، «پایگاه خبری» or a web address), since «X: …» mid-text is usually a quote
            lead = _LEAD_END.search(text, 0, 400)
            if lead:
                start, links, pos = _prefix_links(text, lead.end(), prefix, strict=True)
        if links:
            credits.append(Credit(start, pos, "prefix", tuple(links)))
    if not any(h in text for h in _opener_hints()):
        return credits
    for m in opener.finditer(text):
        links = _parse_chain(m.group("chain"))
        if links:
            credits.append(Credit(m.start(), _chain_end(text, m, links), "formula", links))
    return credits


def own_chain(credits: list[Credit], *, publisher: Outlet | None = None) -> Credit | None:
    """The article's own credit among ``credits``.

    With a known publisher (from a field or the URL): the first credit that starts with it.
    Otherwise the first credit that starts with a known domestic or diaspora outlet
    («به گزارش تابناک به نقل از ایرنا» even in the third paragraph, as in the seed). A credit to a
    foreign outlet («به گزارش رویترز») is a third-party report, never the article's own credit.
    """
    reg = registry()
    for c in credits:
        first = c.links[0] if c.links else None
        if first is None or first.outlet_id is None:
            continue
        if publisher is not None:
            if first.outlet_id == publisher.id:
                return c
        elif reg.get(first.outlet_id).scope != "foreign":
            return c
    return None


def credit_key(name: str) -> str:
    """Comparable key for a chain link («خبرگزاری صدا و سیما» == «صدا و سیما» == «IRIB»)."""
    outlet = registry().lookup(name)
    if outlet:
        return outlet.id
    bare = _clean(strip_words(_clean(name), credit_vocab()["descriptors"]))
    outlet = registry().lookup(bare)
    return outlet.id if outlet else alias_key(bare)
