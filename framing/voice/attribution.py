"""Who speaks in one sentence: cue, source and the span of attributed content.

:func:`find_attribution` looks at a single normalized sentence and returns the strongest
attribution in it (or None). Context — continuations, titles, «بنا بر این گزارش» — is decided
one level up, in :mod:`framing.voice.rules`. Everything it knows about Persian reporting comes from
the cue data (:mod:`framing.voice.cues`) and ``resources/fa/source_words.tsv``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from framing.ingest.credits import alternation, credit_vocab, strip_words
from framing.ingest.normalize import normalize
from framing.ingest.outlets import registry
from framing.ingest.segment import boilerplate_kind
from framing.ingest.verbs import known_verbs
from framing.lexicon.matcher import Hit
from framing.resources import read_tsv
from framing.voice.cues import Cue, cue_matcher

ZWNJ = "\u200c"
_AFTER_CUE = re.compile(r"\s*(?:[:：]|که(?=\s)|«)")
_CLAUSE_END = re.compile(r"[\s\u200c]*(?:[.!؟?»\"')]*\s*)$")
_FINAL_OK = re.compile(r"\s*(?:$|[.!؟?،,؛:»)]|که\s|و\s|تا\s)")
_LEAD_PUNCT = " \u200c،,؛;:-–—*•«»\"'()[]"
MAX_SUBJECT_TOKENS = 12
MAX_COLON_SOURCE_TOKENS = 6


@dataclass
class Attribution:
    """An attribution found in a sentence. Offsets are into the sentence text."""

    kind: str  # verb | frame | document | as_follows | colon | credit
    cue: str | None
    cue_lemma: str | None
    cue_class: str | None
    cue_start: int
    cue_end: int
    source: str | None
    source_type: str | None
    source_start: int = -1
    source_end: int = -1
    content_start: int = -1
    content_end: int = -1
    cue_kind: str | None = None
    why: list[str] = field(default_factory=list)
    intro: str | None = None  # ":" | "که" | "«" when the cue introduces the content
    source_np: str | None = None  # the whole subject phrase the source was cut from


@functools.cache
def source_words() -> dict[str, frozenset]:
    out: dict[str, set] = {}
    for r in read_tsv("source_words.tsv", required=("word", "kind")):
        out.setdefault(r["kind"], set()).add(normalize(r["word"]).replace(ZWNJ, " "))
    return {k: frozenset(v) for k, v in out.items()}


_WORD_SPAN = re.compile(r"[^\s\u200c]+(?:\u200c[^\s\u200c]+)*")


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word spans in text[start:end] (a word keeps its ZWNJ-joined parts)."""
    return [m.span() for m in _WORD_SPAN.finditer(text, start, max(start, end))]


def _tok(text: str, span) -> str:
    return text[span[0] : span[1]].replace(ZWNJ, " ").strip("«»\"'()،,؛:")


@functools.lru_cache(maxsize=64)
def _by_first_char(words: frozenset) -> dict[str, tuple[str, ...]]:
    """Entries grouped by their first character (a word list is scanned per sentence)."""
    index: dict[str, list[str]] = {}
    for w in words:
        if w:
            index.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in index.items()}


def starts_with_word(text: str, pos: int, words) -> int:
    """Length of the longest entry of ``words`` that starts at ``pos`` as whole words, else 0."""
    if pos >= len(text):
        return 0
    first = text[pos]
    cands = _by_first_char(words if isinstance(words, frozenset) else frozenset(words)).get(
        " " if first == ZWNJ else first, ())
    if not cands:
        return 0
    view = text[pos : pos + 80].replace(ZWNJ, " ")
    best = 0
    for w in cands:
        if view.startswith(w) and (len(view) == len(w) or not view[len(w)].isalnum()):
            best = max(best, len(w))
    if best and best >= len(view) - 1 and len(text) - pos > 80:  # an entry longer than the window
        view = text[pos:].replace(ZWNJ, " ")
        best = max(len(w) for w in cands if view.startswith(w) and (len(view) == len(w) or not view[len(w)].isalnum()))
    return best


def classify_source(phrase: str) -> str:
    """named | unnamed | pronoun | document (guidelines: source_type)."""
    w = source_words()
    p = phrase.replace(ZWNJ, " ").strip()
    first = p.split(" ", 1)[0] if p else ""
    if p in w["pronoun"]:
        return "pronoun"
    if first in {"این", "آن", "همین", "همان"}:
        rest = p.split(" ", 1)[1] if " " in p else ""
        head = rest.split(" ", 1)[0] if rest else ""
        return "document" if head in w["document"] else "pronoun"
    if p in w["unnamed"]:
        return "unnamed"  # «گزارش‌ها»: listed whole, before «گزارش» makes it a document
    if first in {"متن"} or first in w["document"]:
        return "document"
    if first in w["unnamed"] or p in w["unnamed"] or re.match(r"^(?:یک|دو|سه|چند|[۰-۹]+)\s", p):
        return "unnamed"
    if " از " in p and p.split(" از ", 1)[0] in w.get("quantifier", ()):
        return "unnamed"  # «یکی از مجروحان»، «بسیاری از کارشناسان»
    return "named"


@functools.lru_cache(maxsize=1 << 14)
def minimal_source(phrase: str) -> str:
    """Shortest span naming the speaker: a name before its role, else the role phrase; ranks and
    honorifics dropped («حجت الاسلام محمدرضا میرتاج‌الدینی نماینده مردم تبریز» -> the name)."""
    w = source_words()
    p = phrase.strip(_LEAD_PUNCT)
    quoted = re.match(r"^«([^»]{2,60})»", p)
    if quoted:  # «عیسی قراقع» رئیس کمیته …
        return quoted.group(1).strip()
    inner = re.search(r"«([^»]{2,60})»", p)
    if inner and len(p[: inner.start()].split()) <= 3:  # روزنامه صهیونیستی «جروزالم پست»
        return inner.group(1).strip()
    p = p.replace("«", "").replace("»", "").replace('"', "").strip()
    # a parenthetical honorific after the name: «آیت‌الله خامنه‌ای (مدظله)» (an acronym stays: «امارات (وام)»)
    paren = re.search(r"\s*\(([^()]*)\)?\s*$", p)
    if paren and paren.start() > 0 and paren.group(1).strip().replace(ZWNJ, " ") in w.get("honorific", ()):
        p = p[: paren.start()].strip()
    changed = True
    while changed:
        changed = False
        n = starts_with_word(p, 0, w["title"])
        if n and len(p) > n:
            p = p[n:].lstrip(" \u200c")
            changed = True
    # outlets: «شبکه خبری العهد» -> «العهد», «کانال خبری صابرین نیوز» -> «صابرین نیوز»
    stripped = strip_words(p, credit_vocab()["descriptors"]).strip()
    if stripped and stripped != p and classify_source(p) == "named":
        p = stripped
    toks = p.split()
    if not toks:
        return phrase.strip()
    if classify_source(p) != "named":
        return p
    for i, t in enumerate(toks):
        if i == 0:
            if t.replace(ZWNJ, " ") in w["role"] or starts_with_word(p, 0, w["role"]):
                return p  # starts with a role: the role phrase is the name
            continue
        rest = " ".join(toks[i:])
        if starts_with_word(rest, 0, w["role"]):
            return " ".join(toks[:i])
    return p


_CITATION = re.compile(r"^\s*\[[^\]\n]{0,12}\]\s*")


_DEMONSTRATIVES = frozenset({"این", "آن", "همین", "همان"})


@functools.cache
def _time_lead_re() -> re.Pattern:
    """A time adverbial opening a clause: an amount («چند»، «ساعاتی»، «۳»), an optional unit
    («روز»، «هفته»), then «پیش»، «قبل»، «بعد»، «پس» or «گذشته» (``source_words.tsv``)."""
    w = source_words()

    def alt(kind: str) -> str:
        return alternation(sorted(w.get(kind, ()), key=lambda x: (-len(x), x))) or "(?!)"

    return re.compile(rf"(?:{alt('time_amount')}|[۰-۹0-9]+)(?:\s+(?:{alt('time_unit')})(?:\u200c?(?:ها|ی))?)?"
                      rf"\s+(?:{alt('time_relation')})(?=[\s،,]|$)\s*")


_CLEFT = re.compile(r"(?:[^\s.،,:؛!؟?«»]+\s+){1,5}?(?:بود|است|بودند|هست)\s+که\s+")


def _day_run_end(text: str, start: int, end: int, w: dict) -> int:
    """End of a run of day words opening the clause («روز یکشنبه»، «صبح امروز»، «دیروز،») when it
    names a day and a word other than a stop word follows; else ``start``."""
    days, parts = w.get("day", frozenset()), w.get("day_part", frozenset())
    stop_at, has_day = start, False
    for span in _tokens(text, start, end):
        t = _tok(text, span)
        if t in days:
            has_day = True
        elif t not in parts:
            if has_day and t and t not in w["stop"]:
                return skip_punct(text, stop_at, " \u200c،,")
            return start
        stop_at = span[1]
        if text[span[1] - 1] in "،,":
            return skip_punct(text, stop_at, " \u200c،,") if has_day else start
    return start


CLAUSE_PUNCT = " \u200c،,:؛;-–—"


def skip_punct(text: str, pos: int, chars: str = CLAUSE_PUNCT) -> int:
    """``pos`` moved past spaces and the punctuation in ``chars`` (by default what separates a
    credit or a marker from its clause: «به گزارش ایرنا، …»، «بنا بر این گزارش؛ …»)."""
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def subject_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The subject noun phrase at the start of the clause text[start:end]."""
    w = source_words()
    while True:
        cit = _CITATION.match(text, start)
        if cit and cit.end() > start:  # «[۵] به گزارش …», Wikipedia citation marks
            start = cit.end()
            continue
        s = start
        while s < end and text[s] in _LEAD_PUNCT:
            s += 1
        start = s
        comma = re.search(r"[،,]", text[start:end])
        # a discourse connective: «با این حال روسیه گفته است …»; «در ادامه اعتراض‌ها …، رئیس دفتر او …»
        n = starts_with_word(text, start, w.get("connective_phrase", frozenset()))
        if n:  # «در پی این حادثه، …»: the connective's complement runs to its comma
            start = start + comma.end() if comma and len(text[start : start + comma.start()].split()) <= 15 else start + n
            continue
        n = starts_with_word(text, start, w["connective"])
        if n:  # «همچنین قاضی‌پور … با انتقاد از قیمت‌های برق، آب و گاز گفت»: the subject follows
            start += n
            continue
        # a time adverbial: «چند روز پیش سردار تنگسیری …»، «دو روز بعد، محمد دهقان …»
        tm = _time_lead_re().match(text, start, end)
        if tm:
            # «ساعاتی پس از این بیانات …، X»: with «از» the adverbial runs to its comma
            runs = re.match(r"از\s", text[tm.end() : end]) is not None
            start = start + comma.end() if runs and comma and len(text[start : start + comma.start()].split()) <= 15 else tm.end()
            continue
        # a cleft: «میانه هفته گذشته بود که رئیس جمهوری آمریکا … اعلام کردند»: the subject follows «که»
        cleft = _CLEFT.match(text, start, end)
        if cleft:
            start = cleft.end()
            continue
        # when, before the subject: «روز یکشنبه غلامحسین محسنی اژه‌ای سخنگوی قوه قضاییه … گفت»
        day_end = _day_run_end(text, start, end, w)
        if day_end > start:
            start = day_end
            continue
        # a leading adverbial phrase closed by a comma: «در ماه آوریل، وزارت دفاع …»
        first = _WORD_SPAN.search(text, start, max(start, end))
        if comma and first and (_tok(text, first.span()) in w["stop"] or starts_with_word(text, start, w["stop"])):
            start = start + comma.end()
            continue
        break
    n_sub = starts_with_word(text, start, w["subordinator"])
    if n_sub:
        # «زمانی که این موضوع رسانه‌ای شد پنتاگون …»: skip the subordinate clause up to its verb
        verbs = known_verbs()
        for span in _tokens(text, start + n_sub, end):
            t = _tok(text, span)
            if t in verbs and t.endswith(("د", "ند", "ست")) or t in {"است", "بود", "شد"}:
                start = span[1]
                break
    toks = _tokens(text, start, end)
    if toks and _tok(text, toks[0]) in w["stop"]:
        # «در همین راستا جمعه شب منابع خبری … خبر دادند»: the subject starts at the first word that
        # can name a speaker
        heads = w["role"] | w["unnamed"] | w["pronoun"] | w["outlet"] | w["document"]
        for k, span in enumerate(toks[1:], start=1):
            if _tok(text, span) in heads or starts_with_word(text, span[0], heads):
                toks = toks[k:]
                break
    if toks and _tok(text, toks[0]) in w["pronoun"]:
        return toks[0]  # «وی تاکنون چند مرتبه …»: a pronoun subject is one word
    chosen: list[tuple[int, int]] = []
    partitive = -1  # index in ``chosen`` of the «از» of «یکی از …»
    for i, span in enumerate(toks):
        t = _tok(text, span)
        raw = text[span[0] : span[1]]
        if not t:
            break
        if partitive >= 0:
            # «یکی از نمایندگان»، «برخی از اعضای کادر درمانی»: the noun phrase after «از» ends
            # with its plural head (not one carrying an ezafe «ی»), at a verb, or after 4 words
            if t in _DEMONSTRATIVES:
                if len(chosen) > partitive + 1:
                    break  # only right after «از»: «برخی از این مقامات»
            elif t in w["stop"] or t in known_verbs():
                break
            if len(chosen) - partitive > 4:
                break
            chosen.append(span)
            if (t not in _DEMONSTRATIVES and t.endswith(("ان", "ها", "ین"))) or raw.endswith(("،", ",", ":", "؛")):
                break
            continue
        if i > 0 and (t in w["stop"] or starts_with_word(text, span[0], w["stop"])):
            if t == "از" and " ".join(_tok(text, c) for c in chosen) in w.get("quantifier", ()):
                partitive = len(chosen)
                chosen.append(span)  # «یکی از مجروحان»: the partitive is one subject
                continue
            break
        if i > 0 and t in _DEMONSTRATIVES:
            break  # «تهران این اتهام را رد کرده است»: a demonstrative starts the object
        if i == 0 and t in w["stop"]:
            return None
        chosen.append(span)
        if raw.endswith(("،", ",", ":", "؛")) or len(chosen) >= MAX_SUBJECT_TOKENS:
            break
    if not chosen:
        return None
    if len(chosen) >= 2 and re.match(r"\s+را(?:\s|$)", text[chosen[-1][1] :]):
        chosen = chosen[:-1]  # «اسرائیل و کشورهای گروه هفت ایران را …»: «ایران» is the object
    if 0 <= partitive and len(chosen) <= partitive + 1:
        return None  # «بعضی از سؤالات را اعضای مجمع …»: the partitive was the object
    s, e = chosen[0][0], chosen[-1][1]
    while e > s and text[e - 1] in "،,:؛ ":
        e -= 1
    return (s, e) if e > s else None


def coordinated_clause_start(text: str, start: int, end: int) -> int:
    """After the last «… <verb> و» before ``end``: «طارمیه … به شمار می‌رود و تروریست‌ها معتقدند»
    — the cue's subject is in the second of two coordinated clauses."""
    verbs = known_verbs()
    # inside «با بیان اینکه … ،» the speaker's paraphrase may coordinate clauses of its own
    para = re.search(r"(?:^|\s)(?:با (?:بیان|اشاره|تاکید|تأکید)|ضمن)\s", text[start:end])
    if para:
        end = start + para.start()
    toks = _tokens(text, start, end)
    best = start
    for i in range(1, len(toks)):
        raw_prev = text[toks[i - 1][0] : toks[i - 1][1]]
        if raw_prev.endswith("؛"):
            best = toks[i][0]  # «دیدار …؛ دمشق از … می‌گوید»
            continue
        if _tok(text, toks[i]) != "و":
            continue
        if i + 1 < len(toks) and _tok(text, toks[i + 1]) in {"گو", "شنود", "گوی"}:
            continue  # «گفت و گو» is a noun, not «گفت» + «و»
        prev = _tok(text, toks[i - 1])
        prev2 = f"{_tok(text, toks[i - 2])} {prev}" if i >= 2 else ""
        third_person = prev.endswith(("د", "ند", "ست")) or prev2.startswith(("می ", "نمی "))
        if third_person and (prev in verbs or prev2 in verbs) or prev in {"است", "بود", "شد", "هستند"}:
            best = toks[i][1]
    return best


_OPENER_RE: re.Pattern | None = None


def clause_opener_end(text: str, start: int, end: int) -> int:
    """After the last «این در حالی است که …» / «در حالی … که» before ``end`` (else ``start``)."""
    global _OPENER_RE
    if _OPENER_RE is None:
        words = sorted(source_words()["clause_opener"], key=len, reverse=True)
        alt = "|".join(re.escape(x).replace(r"\ ", r"[\s\u200c]*") for x in words)
        _OPENER_RE = re.compile(rf"(?:{alt})\s|در\s*حالی\S*(?:\s+\S+){{0,8}}?\s+که\s")
    best = start
    for m in _OPENER_RE.finditer(text, start, end):
        best = m.end()
    return best


def _source_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The noun phrase after a frame («به گفته X، …»): to the comma, or a few words."""
    comma = re.search(r"[،,:]", text[pos:end])
    if comma and comma.start() <= 80:
        s, e = pos, pos + comma.start()
    else:
        toks = _tokens(text, pos, end)[:3]
        if not toks:
            return None
        w = source_words()
        partitive = len(toks) > 2 and _tok(text, toks[1]) == "از" and _tok(text, toks[0]) in w.get("quantifier", ())
        span = subject_span(text, pos, end) if partitive else None  # «به گفته یکی از مجروحان این حادثه …»
        if span is not None:
            s, e = span
        else:
            keep = [toks[0]]
            if len(toks) > 1 and _tok(text, toks[1]) not in w["stop"] and classify_source(_tok(text, toks[0])) == "named":
                keep.append(toks[1])
            s, e = keep[0][0], keep[-1][1]
    while s < e and text[s] in _LEAD_PUNCT:
        s += 1
    s += len(text[s:e]) - len(strip_words(text[s:e], credit_vocab()["time_words"]))  # «روز پنجشنبه مرکز رسانه …»
    while e > s and text[e - 1] in _LEAD_PUNCT:
        e -= 1
    return (s, e) if e > s else None


def _can_speak(phrase: str) -> bool:
    """A role, pronoun, described group, outlet or quoted/known name can hold a view."""
    w = source_words()
    p = phrase.strip(_LEAD_PUNCT).replace(ZWNJ, " ")
    first = p.split(" ", 1)[0] if p else ""
    if phrase.lstrip().startswith("«"):
        return True
    if first in w["role"] | w["pronoun"] | w["unnamed"] | w["outlet"] | w["title"] or starts_with_word(p, 0, w["role"] | w["title"]):
        return True
    return registry().lookup(p) is not None


def _has_ra(text: str, start: int, end: int) -> bool:
    return re.search(r"(?:^|\s)را(?:\s|$)", text[start:end]) is not None


def cue_hits(text: str) -> list[Hit]:
    """Cue hits in a sentence (blockers removed). Memoized: several rules look at the same
    sentence; callers get their own list."""
    return list(_cue_hits(text))


# a personal ending joined by ZWNJ makes a matched form first or second person («مطرح کرده‌ایم»، «گفته‌ام»):
# the speaker is the writer or the reader, not a third party (the matcher reads ZWNJ as a word break)
_PERSONAL_ENDING = re.compile(r"\u200c(?:ام|ایم|اید|ای)(?![^\W\d_])")


@functools.lru_cache(maxsize=256)
def _cue_hits(text: str) -> tuple[Hit, ...]:
    return tuple(h for h in cue_matcher().find(text)
                 if h.payload.kind != "block" and not _PERSONAL_ENDING.match(text, h.end))


# a suffix joined by ZWNJ to a frame's last word («به گفته‌ی»، «گزارش‌ها»، «اطلاعیه‌ای»)
_FRAME_SUFFIX = re.compile(r"\u200c([^\W\d_]+)")


def names_medium(name: str | None) -> bool:
    """Does ``name`` name a news medium («پایگاه الجزیره»، «اسپوتنیک»، «روزنامه تلگراف»)?"""
    if not name:
        return False
    return (registry().lookup(name) is not None or name.replace(ZWNJ, " ").split(" ", 1)[0] in source_words()["outlet"]
            or registry().lookup(strip_words(name, credit_vocab()["descriptors"]).strip()) is not None)


def find_attribution(text: str, *, clause_start: int = 0, hits: list[Hit] | None = None) -> Attribution | None:
    """The main attribution of a sentence, or None (impersonal forms and plain text give None)."""
    hits = cue_hits(text) if hits is None else hits
    hits = [h for h in hits if h.start >= clause_start]
    # «وی با بیان اینکه … قانون را قانون‌گذار نوشته است، گفت: …»: a cue inside a paraphrase
    # clause belongs to that clause, not to the sentence
    inner = []
    for h in hits:
        if h.payload.kind == "paraphrase":
            comma = re.search(r"[،,]", text[h.end :])
            stop = h.end + comma.start() if comma else h.end
            intros = [x.start for x in hits if x.payload.is_verb and x.start > h.end and _AFTER_CUE.match(text, x.end)]
            if intros:
                stop = min(stop, intros[0])
            inner.append((h.end, stop))
    if inner:
        hits = [h for h in hits if not (h.payload.is_verb and any(a <= h.start < b for a, b in inner))]
    n = len(text)
    candidates: list[tuple[int, Attribution]] = []  # (priority position, attribution)

    for h in hits:
        cue: Cue = h.payload
        if cue.kind in {"source_after", "source_after_agent"}:
            suffix = _FRAME_SUFFIX.match(text, h.end)
            if suffix is None:
                span = _source_after(text, h.end, n)
            elif suffix.group(1) == "ی":  # ezafe: «به گفته‌ی وزیر»
                span = _source_after(text, suffix.end(), n)
            elif suffix.group(1) == "ها":  # «بر اساس گزارش‌ها، …»: the plural noun is the (unnamed) source
                span = (h.start + text[h.start : h.end].rfind(" ") + 1, suffix.end())
            else:
                continue  # «گزارش‌های X»، «اطلاعیه‌ای که»، «بیانیه‌اش»: another phrase (plural frames are listed)
            if span is None:
                continue
            src = text[span[0] : span[1]]
            if cue.kind == "source_after_agent" and not _can_speak(src):
                continue  # «از نظر اقتصادی»: economically, not an opinion
            content = span[1]
            while content < n and text[content] in " ،,:":
                content += 1
            a = Attribution("frame", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end,
                            minimal_source(src), classify_source(src), span[0], span[1], content, n, cue.kind,
                            [f"frame «{cue.lemma}» + source"])
            candidates.append((h.start, a))
        elif cue.kind == "paraphrase":
            subj = subject_span(text, clause_start, h.start)
            if subj is not None:
                src = text[subj[0] : subj[1]]
                a = Attribution("frame", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end, minimal_source(src),
                                classify_source(src), subj[0], subj[1], h.start, n, cue.kind,
                                [f"paraphrase frame «{cue.lemma}» after a speaker"])
                candidates.append((3 * n + h.start, a))  # only when nothing else attributes
        elif cue.kind in {"document", "as_follows"}:
            a = _document_attribution(text, h, clause_start)
            if a is not None:
                candidates.append((h.start, a))
        elif cue.is_verb:
            a = _verb_attribution(text, h, clause_start)
            if a is not None:
                # introducers first («… گفت: …»), then other mid-sentence verbs, then clause-final ones
                # a speech verb that runs straight into its content («گفت سربازان …») introduces it
                # too; one followed by «و» or a comma is coordinated («خبر داد و گفت: …»)
                runs_on = cue.kind in {"speech", "writing"} and a.content_start > h.start and not re.match(r"\s*(?:و\s|[،,])", text[h.end :])
                tier = 0 if (a.intro or runs_on) else (1 if a.content_start > h.start else 2)
                candidates.append((tier * n + h.start, a))

    verbs = [a for _, a in candidates if a.kind == "verb"]
    if verbs:
        # «روزنامه میرور … به نقل از یک مقام … نوشت»: a frame inside a clause that has its own
        # subject and reporting verb belongs to that verb's source
        candidates = [
            (p, a) for p, a in candidates
            if not (a.kind == "frame" and a.cue_kind == "source_after" and subject_span(text, clause_start, a.cue_start) is not None
                    and any(v.cue_start > a.cue_start for v in verbs))
        ]
        # «به گزارش ایسنا، به نقل از پایگاه الجزیره، جو بایدن … گفت، …»: a frame naming a medium,
        # closed by its comma, is a credit line: the speaker has a subject and verb of their own
        candidates = [
            (p, a) for p, a in candidates
            if not (a.kind == "frame" and a.cue_kind == "source_after" and a.source_end > 0 and names_medium(a.source)
                    and text[a.source_end : a.source_end + 2].lstrip().startswith(("،", ","))
                    and any(v.source is not None and v.source_type in {"named", "unnamed"}
                            and v.source_start >= a.source_end for v in verbs))
        ]
    colon = colon_attribution(text, clause_start, hits)
    if colon is not None:
        candidates.append((colon.cue_start, colon))
    if not candidates:
        return None
    candidates.sort(key=lambda t: t[0])
    best = candidates[0][1]
    if best.source_start >= 0:
        best.source_np = text[best.source_start : best.source_end]
    return best


def _in_subordinate_clause(text: str, start: int, h: Hit) -> bool:
    """Is the cue the verb of a subordinate clause opening the sentence («هنگامی که X از Y سخن
    می‌گوید، …»، «اگر وزیر اعلام کند، …»): a subordinator first, no verb between it and the cue,
    and a comma right after the cue?"""
    pos = start
    while pos < h.start and text[pos] in _LEAD_PUNCT:
        pos += 1
    n = starts_with_word(text, pos, source_words()["subordinator"])
    if not n or not re.match(r"\s*[،,]", text[h.end :]):
        return False
    verbs = known_verbs()
    return not any(_tok(text, span) in verbs for span in _tokens(text, pos + n, h.start))


def _impersonal_modal(text: str, start: int, h: Hit) -> bool:
    """A modal («باید»، «می‌توان»، «نباید» …) before the bare form of the cue — the short infinitive
    («باید گفت»، «نباید حقیر شمرد»، «می‌توان به این نکته اشاره کرد») — with no verb or clause
    break between them: an impersonal statement, not a speaker's."""
    cue: Cue = h.payload
    if text[h.start : h.end].replace(ZWNJ, " ").split() != cue.lemma.replace(ZWNJ, " ").split():
        return False  # «می‌گوید»، «گفته است»، «گفتند»: finite forms only
    modals = source_words().get("modal", frozenset())
    if not modals:
        return False
    verbs = known_verbs()
    for span in reversed(_tokens(text, start, h.start)[-6:]):
        t = _tok(text, span)
        if t in modals:
            return True
        if t in verbs or text[span[1] - 1] in "،,:؛«»":
            return False
    return False


def _verb_attribution(text: str, h: Hit, clause_start: int) -> Attribution | None:
    cue: Cue = h.payload
    n = len(text)
    if cue.guard == "ra" and (not _has_ra(text, clause_start, h.start) or re.search(r"(?:^|\s)را\s*$", text[clause_start : h.start])):
        return None  # «X را Y خواند» calls X Y; «ترانه‌ای را خواند» sang it
    if cue.guard == "az" and (not re.search(r"(?:^|\s)از\s", text[clause_start : h.start])
                              or re.match(r"\s+و\s", text[h.end :])
                              or re.search(r"(?:^|\s)(?:مطابق|طبق|به|با|بنا\s+به)\s*$", text[clause_start : h.start])):
        return None  # «مطابق خواست و اراده مردم»: a noun, not «از … خواست»
    if cue.guard == "gap":
        return _gap_attribution(text, h, clause_start)
    if _in_subordinate_clause(text, clause_start, h):
        return None  # «هنگامی که روحانی از آرامش سخن می‌گوید، منظورش …»: the main clause is another's
    if _impersonal_modal(text, clause_start, h):
        return None  # «باید گفت …»، «می‌توان … اشاره کرد»: nobody speaks but the outlet (rule 3)
    clause_start = clause_opener_end(text, clause_start, h.start)
    outer_start = clause_start
    clause_start = coordinated_clause_start(text, clause_start, h.start)
    intro = _AFTER_CUE.match(text, h.end)
    final = _CLAUSE_END.match(text, h.end) is not None
    subj = subject_span(text, clause_start, h.start)
    if subj is None and clause_start != outer_start:
        # «… توصیف کرده و مدعی شده‌اند که …»: the second clause shares the first one's subject
        subj = subject_span(text, outer_start, h.start)
    runs_on = cue.kind in {"speech", "writing"} and not final and not re.match(r"\s*(?:و\s|[،,])", text[h.end :])
    if subj is None:
        # «گفت: …» / «… به صراحت اعلام می‌دارد هیچ …» with the subject dropped: still an
        # attribution; the speaker comes from context
        if not (intro or runs_on):
            return None
        src_text, src_type = None, None
        s0 = e0 = -1
    else:
        src_text = text[subj[0] : subj[1]]
        src_type = classify_source(src_text)
        s0, e0 = subj
    if intro:
        content_start = intro.end() if text[intro.end() - 1] != "«" else intro.end() - 1
        content_end = n
        why = f"reporting verb «{cue.lemma}» introduces content"
    elif final:
        if cue.kind in {"speech", "writing"} and re.search(r"(?:^|\s)را\s*$", text[clause_start : h.start]):
            return None  # «… کنترل خود بر دمشق را اعلام کردند»: announcing an event gives no content (rule 8)
        content_start, content_end = (e0 if e0 > 0 else clause_start), h.start
        why = f"{'speech act' if cue.kind == 'act' else 'reporting verb'} «{cue.lemma}» ends the clause"
    else:
        if cue.kind not in {"speech", "writing", "belief"} or (cue.kind == "belief" and _has_ra(text, clause_start, h.start)):
            # a speech act mid-sentence («… تقدیر کرد و …») still attributes what precedes it
            content_start, content_end = (e0 if e0 > 0 else clause_start), h.start
        else:
            content_start, content_end = h.end, n  # «گفت سربازان آمریکایی …» (no «که»)
        why = f"reporting verb «{cue.lemma}»"
    if src_text is not None and src_type == "named" and _is_outlet_voice_subject(src_text):
        return None
    a = Attribution("verb", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end,
                    minimal_source(src_text) if src_text else None, src_type, s0, e0,
                    content_start, content_end, cue.kind, [why])
    if intro:
        a.intro = intro.group(0).strip()
    return a


def _gap_attribution(text: str, h: Hit, clause_start: int) -> Attribution | None:
    """«X خواستار خودداری وزارت کشور … شد», «Y مدعی دخالت ایران … هستند»."""
    cue: Cue = h.payload
    stop = re.search(r"[.!؟?؛:«]", text[h.end :])
    limit = h.end + (stop.start() if stop else len(text) - h.end)
    seg = text[h.end : limit].replace(ZWNJ, " ")
    best = None
    for light in sorted(cue.lights, key=len, reverse=True):
        for m in re.finditer(rf"(?:^|\s)({re.escape(light)})(?=\s|$|[،,])", seg):
            if best is None or m.start(1) < best[0]:
                best = (m.start(1), m.end(1))
            break
    if best is None or len(seg[: best[0]].split()) > 25:
        return None
    v_start, v_end = h.end + best[0], h.end + best[1]
    subj = subject_span(text, clause_start, h.start)
    src = text[subj[0] : subj[1]] if subj else None
    return Attribution("verb", f"{text[h.start:h.end]} … {text[v_start:v_end]}", cue.lemma, cue.cls, h.start, v_end,
                       minimal_source(src) if src else None, classify_source(src) if src else None,
                       subj[0] if subj else -1, subj[1] if subj else -1, h.end, v_start, cue.kind,
                       [f"«{cue.form} … {text[v_start:v_end]}» ({cue.lemma})"])


def _is_outlet_voice_subject(src: str) -> bool:
    """Plain nouns that cannot speak («این طرح پیش از این … اعلام شد» is caught as passive; a
    subject such as «نتایج» or «آمارها» «نشان داد» is data, not a source)."""
    return src.split(" ", 1)[0] in {"آمار", "آمارها", "نتایج", "نتیجه", "بررسی‌ها", "بررسی", "شواهد", "تصاویر"}


def _document_attribution(text: str, h: Hit, clause_start: int) -> Attribution | None:
    cue: Cue = h.payload
    n = len(text)
    intro = _AFTER_CUE.match(text, h.end)
    content_start = intro.end() if intro else h.end
    intro_mark = intro.group(0).strip() if intro else None
    if cue.lemma == "آمده" and intro_mark != ":":
        return None  # bare «آمده» only as «در نامه … آمده: …»
    if cue.kind == "document":
        # «در این بیانیه آمده است» / «در بیانیه مذکور نام … آورده شده است»
        m = None
        for m in re.finditer(r"(?:^|\s)در\s+", text[clause_start : h.start]):
            break
        if m is None:
            return None
        s = clause_start + m.end()
        doc = text[s : h.start].strip()
        if doc.replace(ZWNJ, " ") in {"زیر", "ادامه", "پی", "ذیل"}:
            # «بخش‌هایی از اظهارات علوی در زیر آمده است:»: the subject is the document
            subj = subject_span(text, clause_start, clause_start + m.start())
            if subj is None:
                return None
            src = text[subj[0] : subj[1]]
            head = re.sub(r"^(?:بخش(?:\u200c| )?هایی|بخشی|گزیده(?:\u200c| )?ای|متن)\s+از\s+", "", src)
            return Attribution("document", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end, head,
                               "document", subj[0], subj[1], content_start, n, cue.kind,
                               [f"«{head} … {cue.lemma}» introduces a document"], intro_mark)
        toks = doc.split()
        w = source_words()
        head_i = next((i for i, t in enumerate(toks) if t.split(ZWNJ)[0] in w["document"] or t.replace(ZWNJ, " ") in w["document"]), None)
        if head_i is None or head_i > 2:
            return None
        # the document phrase: head + its modifiers, up to the first word that starts the content
        end_i = head_i + 1
        while end_i < len(toks) and end_i <= head_i + 4 and toks[end_i] not in {"نام", "که", "از", "به", "با"}:
            end_i += 1
        src = " ".join(toks[:end_i]) if head_i <= 1 else " ".join(toks[head_i:end_i])
        src_start = text.find(src, s)
        subj = subject_span(text, clause_start, clause_start + m.start()) if m.start() > 0 else None
        if subj is not None and cue.lemma.replace(ZWNJ, " ").startswith("آورده"):
            # «سپاه … در بیانیه‌ای … آورده است: …»: the subject wrote it
            speaker = text[subj[0] : subj[1]]
            return Attribution("document", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end,
                               minimal_source(speaker), classify_source(speaker), subj[0], subj[1], content_start, n,
                               cue.kind, [f"«{cue.lemma}»: the subject wrote it in a document"], intro_mark)
        a = Attribution("document", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end, src.strip("«»"),
                        "document", src_start, src_start + len(src), content_start, n, cue.kind,
                        [f"document frame «در … {cue.lemma}»"], intro_mark)
        if not intro:  # «در بیانیه مذکور نام X آورده شده است»: content is before the cue
            a.content_start, a.content_end = src_start + len(src), h.start
        return a
    # as_follows: «متن پیام به این شرح است:», «بند (ز) … به شرح زیر اصلاح شد:»
    subj = subject_span(text, clause_start, h.start)
    if subj is None:
        return None
    src = text[subj[0] : subj[1]]
    if src.startswith("متن "):
        src = src[4:]
    return Attribution("as_follows", text[h.start : h.end], cue.lemma, cue.cls, h.start, h.end, src.strip("«»"),
                       "document", subj[0], subj[1], content_start, n, cue.kind, [f"«{cue.lemma}» quotes a document"], intro_mark)


_COLON_RE = re.compile(r"\s*([^:：\n]{2,80}?)\s*[:：]\s*(?=\S)")


def colon_attribution(text: str, clause_start: int, hits: list[Hit]) -> Attribution | None:
    """«ظریف: …», «- واشنگتن : …» — a short name before a colon (headlines, lists)."""
    m = _COLON_RE.match(text, clause_start)
    if not m:
        return None
    name = m.group(1).strip(_LEAD_PUNCT)
    toks = name.split()
    if not toks or len(toks) > MAX_COLON_SOURCE_TOKENS:
        return None
    if toks[0] in source_words()["pronoun"]:
        name = toks[0]  # «وی خاطر نشان گرد: …» (a garbled verb): the pronoun is the speaker
        toks = [name]
    if name.count("(") != name.count(")") or "؛" in name or re.match(r"\s*عبارت", text[m.end() :]):
        return None  # «طرح (پروژه): عبارت است از …» is a definition, not a speaker
    if any(t in source_words()["outlet"] or registry().lookup(t) for t in toks):
        return None  # «مجله فارس پلاس؛ علی جواهری: …» is a byline
    if any(h.start < m.end(1) for h in hits):
        return None  # «… گفت:», «… آمده است:» are verb/document attributions, handled elsewhere
    if re.search(r"(?:^|\s)(?:است|بود|هست|نیست|شد|شده|می\S*)(?:\s|$)", name.replace(ZWNJ, " ")):
        return None  # a clause, not a name: «دراین‌باره یادآوری سخنان زیر حائز اهمیت است: …»
    if re.search(r"[۰-۹0-9]", name) or toks[0] in source_words()["stop"]:
        return None  # «ساعت ۱۰:» or «در این باره:» are not speakers
    if boilerplate_kind(text[clause_start : m.end()].strip() + " x") or toks[0] in source_words()["heading"]:
        return None
    s = text.index(name, clause_start)
    return Attribution("colon", ":", ":", "neutral", m.end(1), m.end(), minimal_source(name), classify_source(name),
                       s, s + len(name), m.end(), len(text), "colon", ["«X: …» attribution"], ":")
