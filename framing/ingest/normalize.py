"""Persian normalization: hazm's Normalizer plus what it misses, with an offset map.

Order of work on a text (each step is tested with a real example in tests/test_normalize.py):

1. **Debris and variants hazm does not handle** — literal escape debris (the six characters
   ``\\u200c`` inside text, ``\\u0026`` …), HTML entities (``&zwnj;``), bidi and zero-width
   controls, Arabic presentation forms and ligatures (``ﻻ``), «ة» and «ۀ» -> «ه», «أ/إ/ٱ» -> «ا»,
   and the typewriter tanvin quote («تقریبا"» -> «تقریبا»).
2. **hazm's Normalizer** on the Persian stretches between URLs, e-mail addresses and domain
   names (which hazm would break apart): Arabic «ي/ك» -> «ی/ک», digits -> Persian digits,
   spacing, «می» prefixes, «"…"» -> «…».
3. **Repairs after hazm** — numbers that hazm spaces apart («۷ ٫ ۳۰», «۱۴۰۰ / ۰۴ / ۲۳»),
   spaces before line ends, and ZWNJ restored where it was stripped («همکاریهای» ->
   «همکاری‌های», «شدهاند» -> «شده‌اند», «پشتپرده» -> «پشت‌پرده») using hazm's word list to split
   stem + affix (``resources/fa/zwnj_affixes.tsv``).

Use :func:`normalize` for a string, :func:`normalize_with_offsets` when spans must point back
at the original characters. One :class:`PersianNormalizer` per process (hazm's objects load
word lists: build once, reuse).
"""

from __future__ import annotations

import functools
import html
import re
import threading
import unicodedata
from dataclasses import dataclass

from framing.ingest.fasthazm import fast_normalizer
from framing.ingest.offsets import OffsetMap, align
from framing.resources import read_tsv

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

# Letters that join to the following letter: only after these is a ZWNJ visible/needed.
NON_JOINING = frozenset("اآأإدذرزژوؤۀة")
LETTER_CLASS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622"
_WORD_RE = re.compile(f"[{LETTER_CLASS}]+")

# --- step 1: debris and variants -------------------------------------------------------
# A ZWNJ only means something between two letters; hazm sometimes leaves one beside a space,
# a digit or «…» (and removes it on a second pass): drop it at once so the result is stable.
# (both branches start with the ZWNJ itself, so the regex engine skips to ZWNJs: the second is
# «(?<![letter])\u200c+» written with its lookbehind after the first ZWNJ)
_STRAY_ZWNJ_RE = re.compile(f"\u200c+(?![{LETTER_CLASS}])|\u200c(?<![{LETTER_CLASS}]\u200c)\u200c*")
_ESCAPE_RE = re.compile(r"\\+u([0-9a-fA-F]{4})")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_CONTROL_RE = re.compile("[\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u0640]")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_VARIANT_PAIRS = (("ة", "ه"), ("ۀ", "ه"), ("أ", "ا"), ("إ", "ا"), ("ٱ", "ا"))
_VARIANTS = str.maketrans(dict(_VARIANT_PAIRS))
_VARIANT_RE = re.compile("[ةۀأإٱ]")


def _decode_escape(m: re.Match) -> str:
    cp = int(m.group(1), 16)
    if 0xD800 <= cp <= 0xDFFF or cp < 0x20 and cp not in (0x09, 0x0A):
        return m.group(0)
    return chr(cp)


def _decode_entity(m: re.Match) -> str:
    out = html.unescape(m.group(0))
    return out if out != m.group(0) else m.group(0)


def _presentation(m: re.Match) -> str:
    return unicodedata.normalize("NFKC", m.group(0))


@functools.cache
def _tanvin_re() -> re.Pattern:
    words = sorted({row["word"] for row in read_tsv("tanvin_adverbs.tsv", required=("word",))}, key=len, reverse=True)
    alternation = "|".join(map(re.escape, words))
    # «تقریبا"» with the quote glued to the adverb and not opening a word.
    return re.compile(f"(?<![{LETTER_CLASS}])({alternation})\"(?![{LETTER_CLASS}])")


def clean_debris(text: str) -> str:
    """Step 1: escape debris, entities, controls, presentation forms, letter variants, tanvin quotes."""
    if "\\" in text:
        text = _ESCAPE_RE.sub(_decode_escape, text)
    if "&" in text:
        text = _ENTITY_RE.sub(_decode_entity, text)
    text = _CONTROL_RE.sub("", text)
    if ZWNJ in text:
        text = _STRAY_ZWNJ_RE.sub("", text)
    text = _PRESENTATION_RE.sub(_presentation, text)
    if _VARIANT_RE.search(text):
        for src, dst in _VARIANT_PAIRS:  # a few characters: str.replace beats translate on long text
            if src in text:
                text = text.replace(src, dst)
    if '"' in text:
        text = _tanvin_re().sub(r"\1", text)
    return text


# --- step 2: hazm, around protected stretches -----------------------------------------------
_PROTECT_RE = re.compile(
    r"(?:https?://|www\.)[^\s«»\"'<>()]+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|@[A-Za-z0-9_]{2,}"  # handles
    r"|(?<![\w.])[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+(?![\w.])"  # domain-like: Entekhab.ir
)

# every protected stretch contains «@», «http», «www.» or a Latin «x.y»: texts without any skip the search
_PROTECT_HINT_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*\.[A-Za-z0-9-]")

# --- step 3: repairs after hazm ----------------------------------------------------------------
_DIGIT_SEP_RE = re.compile(r"([۰-۹])(?: ?([/٫]) ?|(\.))(?=[۰-۹])")  # the digit before is kept
_QUOTE_PAIR_RE = re.compile(r'"([^\n"]*)"')
_DIGIT_SEP = {"/": "/", "٫": "٫", ".": "٫"}
_MULTI_SPACE_RE = re.compile(r"[ \t]{2,}")


class PersianNormalizer:
    """hazm's Normalizer plus debris cleaning and ZWNJ repair.

    Construction is cheap; hazm's objects are loaded on first use (and shared by every
    :class:`PersianNormalizer` in the process, see :func:`get_normalizer`).
    """

    def __init__(self, *, repair_zwnj: bool = True) -> None:
        self.repair_zwnj = repair_zwnj
        self._hazm = None
        self._words: dict | frozenset | None = None
        self._verbs: set | None = None
        self._joined: dict[str, str] | None = None
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    # -- lazy hazm -------------------------------------------------------------------------
    def _load(self) -> None:
        with self._lock:
            if self._hazm is not None:
                return
            norm = fast_normalizer()
            words = getattr(norm, "_words", None)
            if not words:
                import hazm

                words = hazm.WordTokenizer(join_verb_parts=False).words
            verbs = getattr(norm, "_verbs", None) or set()
            joined = {}
            for w in words:
                if ZWNJ in w:
                    key = w.replace(ZWNJ, "")
                    if key not in words:
                        joined.setdefault(key, w)
            self._words, self._verbs, self._joined = words, verbs, joined
            self._hazm = norm

    @property
    def words(self):
        self._load()
        return self._words

    # -- public API ------------------------------------------------------------------------
    def normalize(self, text: str) -> str:
        if not text:
            return ""
        self._load()
        text = clean_debris(text)
        text = self._hazm_protected(text)
        text = _DIGIT_SEP_RE.sub(lambda m: m.group(1) + _DIGIT_SEP[m.group(m.lastindex)], text)
        if '"' in text:  # pairs hazm's own pattern misses once its spacing has run («" "»)
            # no spaces inside the guillemets, as hazm writes them (else a second pass would change it)
            text = _QUOTE_PAIR_RE.sub(lambda m: "«" + m.group(1).strip(" ") + "»", text)
        if self.repair_zwnj:
            text = self._repair_text(text)
        if ZWNJ in text:
            text = _STRAY_ZWNJ_RE.sub("", text)
        lines = text.split("\n")  # no spaces at the ends of lines (the text's start is stripped below)
        text = "\n".join([lines[0].rstrip(" \t"), *(line.strip(" \t") for line in lines[1:])])
        if "  " in text or "\t" in text:
            text = _MULTI_SPACE_RE.sub(" ", text)
        return text.strip(" \t")

    def normalize_with_offsets(self, text: str) -> "Normalized":
        norm = self.normalize(text)
        return Normalized(norm, text, align(text, norm, fold))

    # -- internals -------------------------------------------------------------------------
    def _hazm_protected(self, text: str) -> str:
        hz = self._hazm.normalize
        if not ("@" in text or "http" in text or "www." in text or _PROTECT_HINT_RE.search(text)) or not _PROTECT_RE.search(text):
            return hz(text)
        parts: list[str] = []
        pos = 0
        for m in _PROTECT_RE.finditer(text):
            parts.append(self._hazm_chunk(text[pos : m.start()]))
            parts.append(m.group(0))
            pos = m.end()
        parts.append(self._hazm_chunk(text[pos:]))
        return "".join(parts)

    def _hazm_chunk(self, chunk: str) -> str:
        if not chunk.strip():
            return chunk
        lead = chunk[: len(chunk) - len(chunk.lstrip())]
        trail = chunk[len(chunk.rstrip()) :]
        return lead + self._hazm.normalize(chunk.strip()) + trail

    def _repair_text(self, text: str) -> str:
        """ZWNJ repair over the distinct words of ``text`` (C-level findall, one dict lookup each)."""
        cache = self._cache
        fixes: dict[str, str] = {}
        for w in set(_WORD_RE.findall(text)):
            if len(w) < 4:
                continue
            r = cache.get(w)
            if r is None:
                r = self._repair_word(w)
                if r != w and r.startswith(("می", "نمی")):
                    # the split made a verb hazm would now separate «می» from («میگفتها» -> «میگفت‌ها»
                    # -> «می‌گفت‌ها»): done here, so that normalizing twice gives what normalizing once gave
                    r = self._hazm.normalize(r)
                if len(cache) < 500_000:
                    cache[w] = r
            if r != w:
                fixes[w] = r
        if not fixes:
            return text
        alternation = "|".join(map(re.escape, sorted(fixes, key=len, reverse=True)))
        pattern = re.compile(f"(?<![{LETTER_CLASS}\u200c])(?:{alternation})(?![{LETTER_CLASS}\u200c])")
        return pattern.sub(lambda m: fixes[m.group(0)], text)

    def _known(self, w: str) -> bool:
        return w in self._words or w in self._verbs

    def _freq(self, w: str) -> int:
        entry = self._words.get(w) if isinstance(self._words, dict) else None
        if isinstance(entry, tuple) and entry and isinstance(entry[0], int):
            return entry[0]
        return 0

    def _repair_word(self, w: str) -> str:
        """Restore ZWNJ in one letter run that hazm's word list does not know."""
        if self._known(w):
            return w
        joined = self._joined.get(w)
        if joined:
            return joined
        # ezafe «ی» after a final vowel: «انتهای» is «انتها» + «ی», not «انت» + «های»
        if w.endswith("ی") and w[-2] in "اوی" and self._known(w[:-1]):
            return w
        # Candidates are ranked by the stem's frequency in hazm's word list, then plural «ها»
        # splits first: «قراردادهای» is «قرارداد+های», not «قرارداده+ای»; «بیانیهای» is
        # «بیانیه+ای» because «بیانیه» is frequent and «بیانی» is not.
        best: tuple[int, int, str] | None = None
        for affix, kind, after, min_stem in _affixes():
            if kind == "suffix":
                if not w.endswith(affix):
                    continue
                stem = w[: -len(affix)]
                if len(stem) < min_stem:
                    continue
                # after a silent «ه» only: «شده+اند», not «ایستگاه+ی» (pronounced h in «اه»/«وه»)
                if after == "heh" and (not stem.endswith("ه") or stem.endswith(("اه", "وه"))):
                    continue
                stem_fixed = stem if self._known(stem) else self._joined.get(stem)
                if stem_fixed is None:
                    continue
                # «کارها»: no ZWNJ is needed after a non-joining letter; leave as written
                fixed = w if stem[-1] in NON_JOINING else stem_fixed + ZWNJ + affix
            elif kind == "prefix":  # verbal prefix «می»/«نمی» + a form hazm knows as a verb
                if not w.startswith(affix) or len(w) - len(affix) < min_stem:
                    continue
                stem = w[len(affix) :]
                fixed = affix + ZWNJ + stem
                if not (self._known(fixed) or self._known("می" + ZWNJ + stem)):
                    continue
            else:  # compound head: «پشت» + «پرده»
                if not w.startswith(affix) or len(w) - len(affix) < min_stem:
                    continue
                stem = w[len(affix) :]
                if not self._known(stem) or affix[-1] in NON_JOINING:
                    continue
                fixed = affix + ZWNJ + stem
            rank = (self._freq(stem), affix.startswith("ها"), fixed)
            if best is None or rank[:2] > best[:2]:
                best = rank
        if best is not None:
            return best[2]
        return w


@functools.cache
def _affixes() -> tuple[tuple[str, str, str, int], ...]:
    rows = read_tsv("zwnj_affixes.tsv", required=("affix", "kind", "after", "min_stem"))
    out = [(r["affix"], r["kind"], r["after"], int(r["min_stem"])) for r in rows]
    # longest suffix first so «هایشان» wins over «ها»
    bad = [r for r in rows if r["kind"] not in {"suffix", "prefix", "compound"} or r["after"] not in {"any", "heh", "verb"}]
    if bad:
        raise ValueError(f"zwnj_affixes.tsv:{bad[0]['_line']}: unknown kind/after {bad[0]['kind']!r}/{bad[0]['after']!r}")
    return tuple(out)


@functools.cache
def _fold_re() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(k)) for k in fold_table()) + "]")


def fold(text: str) -> str:
    """``text.translate(fold_table())``, faster: only the characters that change are visited
    (``str.translate`` looks up every character of Persian text in a dict)."""
    rx = _fold_re()
    if not rx.search(text):
        return text
    table = fold_table()
    return rx.sub(lambda m: table[ord(m.group())], text)


@functools.cache
def fold_table() -> dict[int, str]:
    """One-to-one character folding applied to the original before alignment."""
    from hazm.constants import TRANSLATION_DST, TRANSLATION_SRC

    table = {}
    for s, d in zip(TRANSLATION_SRC, TRANSLATION_DST):
        table[ord(s)] = d
    for src in (LATIN_DIGITS, ARABIC_DIGITS):
        for s, d in zip(src, PERSIAN_DIGITS):
            table[ord(s)] = d
    for s, d in {"ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ى": "ی"}.items():
        table[ord(s)] = d
    return table


@dataclass(frozen=True)
class Normalized:
    """A normalized text with its original and the map between them."""

    text: str
    original: str
    offsets: OffsetMap

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)

    def original_text(self, start: int, end: int) -> str:
        s, e = self.offsets.span(start, end)
        return self.original[s:e]


_default: PersianNormalizer | None = None


def get_normalizer() -> PersianNormalizer:
    """The process-wide normalizer (hazm objects are created once per process)."""
    global _default
    if _default is None:
        _default = PersianNormalizer()
    return _default


def normalize(text: str) -> str:
    """Normalize Persian text (see the module docstring for every step)."""
    return get_normalizer().normalize(text)


def normalize_with_offsets(text: str) -> Normalized:
    """Normalize and keep an offset map back to ``text``."""
    return get_normalizer().normalize_with_offsets(text)
