"""Evidence, then decision: everything the voice deciders know about a sentence, computed once.

:func:`extract` reads one article and returns a :class:`SentenceEvidence` per sentence — what the
sentence itself shows, with no decision taken: its credits and the article's own chain (rule 1),
the outlet's markers (rule 2), the attribution the cues find in it after the static filters of
rules 1 and 2, a belief imputed to a group the outlet labels, an outside credit relaying a plain
event, agentless forms (rule 3), what could stop a continuation (rule 4), the loaded phrases and
evaluative signals in the outlet's part (rule 6), and for a headline the speech act or «X:» it
names (rule 7). The deciders consume it: the rules (:mod:`framing.voice.rules`) read it in order
and keep their own memory of speakers; the learned deciders (:mod:`framing.voice.deciders`) turn
it into the named features of :mod:`framing.voice.features`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from framing.ingest.credits import Credit, credit_key, find_credits
from framing.ingest.outlets import registry
from framing.ingest.verbs import known_verbs
from framing.voice.attribution import (
    Attribution,
    colon_attribution,
    cue_hits,
    find_attribution,
    skip_punct,
)
from framing.voice.signals import (
    editorial_signals,
    first_person,
    outlet_spans,
    stance_hits,
    verb_tokens,
)

# categories that label a group: «تروریست‌ها معتقدند …» is the outlet reading the mind of a group it labels
LABELLING = {"terror_label", "derogatory_naming", "illegitimacy", "criminalization"}
CONTINUATION_BREAKERS = ("گفتنی است", "شایان ذکر", "لازم به ذکر", "یادآور می", "ادامه دارد")
META_REFERENCE = re.compile(
    r"(?:^|\s)(?:این|آن)\s+(?:موضع[\u200c ]?گیری|موضع|اظهارات|سخنان|ادعا|ادعاها|ادعاهای|گزارش|بیانیه|پیش[\u200c ]?بینی|اظهار[\u200c ]?نظر|اظهارنظر|نامه|پیام|مصاحبه)(?:\s|$)"
)
LIST_ITEM = re.compile(r"^\s*(?:[-–—*•]|[۰-۹0-9]{1,2}\s*[-.)])\s")
# «بخشی از گفت‌وگوی این عضو شورای شهر در ادامه می‌آید:», «مشروح این مصاحبه را می‌خوانید»: what
# follows is an interview — questions are the outlet's, answers the interviewee's
_INTERVIEW_WORDS = r"(?:گفت[\s\u200c]*و[\s\u200c]*گو|گفتگو|مصاحبه)[^.!؟?]{0,80}?"
_READ_ON = (r"(?:در[\s\u200c]+ادامه|به[\s\u200c]+شرح[\s\u200c]+زیر|را[\s\u200c]+(?:در[\s\u200c]+ادامه[\s\u200c]+)?"
            r"می[\s\u200c]*(?:خوانید|آید)|می[\s\u200c]*آید|را[\s\u200c]+بخوانید")
INTERVIEW_INTRO = re.compile(_INTERVIEW_WORDS + _READ_ON + r"|می[\s\u200c]*خوانید)")
INTERVIEW_INTRO_V1 = re.compile(_INTERVIEW_WORDS + _READ_ON + ")")  # voice.rules.v1
# «گفت‌وگو با حمیدرضا ترقی …»، «با وی گفت‌وگویی انجام دادیم»: who is interviewed
INTERVIEWEE = re.compile(
    r"(?:(?:گفت[\s\u200c]*و[\s\u200c]*گو|گفتگو|مصاحبه)(?:[\u200c ]?(?:ی|ای))?\s+(?:خود\s+)?با\s+(?P<after>[^،,.:؛!؟]{2,60}?)"
    r"(?=\s+(?:درباره|پیرامون|در\s+مورد|در\s+خصوص|را|که|انجام|کردیم|داشتیم|است|صورت)\b|[،,.:؛!؟]|$))"
    r"|(?:با\s+(?P<before>[^،,.:؛!؟]{2,40}?)\s+(?:که\s[^.!؟]{0,120}?\s)?(?:گفت[\s\u200c]*و[\s\u200c]*گو|گفتگو|مصاحبه))"
)
TITLE_SPEECH_NOUNS = ("کنایه", "پاسخ", "واکنش", "انتقاد", "هشدار", "تاکید", "درخواست", "قدردانی", "تقدیر", "اعتراض",
                      "تکذیب", "ادعای", "توصیه", "دعوت", "تبریک", "پیام", "نامه", "دستور", "وعده", "اعتراف", "روایت",
                      "توضیح", "گلایه", "تشکر", "حمله لفظی", "اظهارات", "سخنان", "پیشنهاد", "تهدید")
_LONG_QUOTE = re.compile(r"«([^«»]*)»")
SUPERLATIVE = re.compile(r"\S+[\u200c ]?ترین(?:\s|$|[.،؛!؟])")
# rule 10: «X در یادداشت خود در روزنامه Y نوشت: …» in a document of Y is Y's own column
COLUMN_WORDS = ("یادداشت", "سرمقاله", "سر مقاله", "ستون", "سرمقاله‌")


@dataclass
class Clause:
    """A body sentence's credits (rule 1) and the outlet's marker (rule 2): where the clause to judge
    starts (after a credit or a marker), and the cue hits of the sentence."""

    text: str
    via: list[str]
    own: Credit | None
    third: Credit | None
    start: int
    hits: list
    marker: object = None

    @property
    def marker_lemma(self) -> str | None:
        return self.marker.payload.lemma if self.marker is not None else None


@dataclass
class SentenceEvidence:
    """What one sentence shows, before any decision (offsets are into ``text``)."""

    index: int
    text: str
    part: str
    paragraph: int
    boilerplate: str | None
    clause: Clause | None = None  # body sentences that are not boilerplate
    attribution: Attribution | None = None  # after the static filters of rules 1 and 2
    own_chain_source: str | None = None  # rule 1: the attribution's source was the article's own chain
    own_column: bool = False  # rule 10: the cue introduces a column of the article's own outlet
    column_attribution: Attribution | None = None  # the cue that introduced it (voice.rules.v1 attributes it)
    marker_governs: bool = False  # rule 2: «بنا بر این گزارش؛ …» governs a later report
    labelled_belief: str | None = None  # rules 3, 6: the category labelling a believing group
    outside_plain: bool | None = None  # rule 1: an outside credit relays a plain event (None: no outside credit)
    impersonal: str | None = None  # rule 3: the agentless form, as written
    loaded: list = field(default_factory=list)  # loaded-phrase hits in the whole sentence
    score: float = 0.0  # rule 6: evaluative score of the outlet's part (after credits and markers)
    stance: dict = field(default_factory=dict)  # stance cues in the outlet's part, by kind (stance_cues.tsv)
    superlative: bool = False
    reasons: list[str] = field(default_factory=list)
    # rule 4: what a continuation needs or cannot have
    breaker: bool = False  # «گفتنی است» …, a crosshead («*…»)
    list_item: bool = False
    meta_reference: bool = False  # «این اظهارات …»: the outlet comments on a statement
    has_verb: bool = False
    own_cue: bool = False  # a reporting verb or frame of its own
    whole_quote: bool = False  # «…» from start to end
    first_person: bool = False
    n_words: int = 0
    words: frozenset = frozenset()
    closes_quote: bool = False  # ends a «…» quotation that opened in it
    interview_intro: bool = False  # «مشروح این گفت‌وگو را در ادامه بخوانید»، «… گفت‌وگویی انجام دادیم که می‌خوانید»
    interview_intro_v1: bool = False  # the narrower introduction voice.rules.v1 knew
    interviewee: str | None = None  # «گفت‌وگو با حمیدرضا ترقی …» -> «حمیدرضا ترقی»
    quote_balance: int = 0  # «…» opened minus closed in the sentence
    question: bool = False
    announces: bool = False  # after its attribution, «… که متن آن به شرح زیر است:» announces the text that follows
    # rule 7 (headlines)
    title_speech_source: str | None = None  # «کنایه زیباکلام به …» -> «زیباکلام»
    title_colon_source: str | None = None  # «ظریف: …» -> «ظریف»
    title_attribution: Attribution | None = None


# -- rule 1 ------------------------------------------------------------------------------------------------
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def at_start(text: str, pos: int) -> bool:
    """Does a credit at ``pos`` open the sentence? Only punctuation or crawl debris in Latin
    letters («yektanet.com به گزارش تجارت‌نیوز، …») may come before it."""
    return pos <= 3 or _ARABIC_LETTER.search(text, 0, pos) is None


def _foreign(c: Credit) -> bool:
    first = c.links[0]
    return first.outlet_id is not None and registry().get(first.outlet_id).scope == "foreign"


def credits_in(text: str, chain_keys: list[str]) -> tuple[list[str], Credit | None, Credit | None, Credit | None]:
    """(via names, own credit, third-party credit, leading prefix or dateline) of a sentence. The
    last is a prefix credit or dateline opening the sentence that is in neither of the first two
    («پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : …» mid-article, «شفقنا- …» in a document whose
    chain is not known): never the speaker of what follows."""
    via, own, third, leading = [], None, None, None
    for c in find_credits(text):
        if not c.links:
            continue
        if c.kind in {"prefix", "dateline"} and leading is None and at_start(text, c.start) and not _foreign(c):
            leading = c  # «واشنگتن پست: …» is the paper's claim (an «X:» attribution), not a credit line
        names = c.names
        via.extend(n for n in names if n not in via)
        first_key = credit_key(c.links[0].name)
        if chain_keys and first_key == chain_keys[0] or (c.kind != "formula" and first_key in chain_keys):
            own = own or c
        elif c.kind == "formula" and first_key not in chain_keys:
            third = third or c
    if leading is own:
        leading = None
    return via, own, third, leading


def read_clause(text: str, chain_keys: list[str]) -> Clause:
    """Rule 1: a credit at the start only credits the outlet; rule 2: an outlet marker («بنا بر این
    گزارش»، «گفتنی است») at the start of the clause opens the outlet's own voice. The clause to
    judge starts after both."""
    via, own, third, leading = credits_in(text, chain_keys)
    start = 0
    for c in (own, third, leading):
        if c is not None and at_start(text, c.start):
            start = max(start, skip_punct(text, c.end))
    hits = cue_hits(text)
    marker = next((h for h in hits if h.payload.kind == "outlet_marker" and h.start <= start + 2), None)
    if marker is not None:
        start = skip_punct(text, marker.end)
    return Clause(text, via, own, third, start, hits, marker)


def mentions_outlet(text: str, chain_keys: list[str]) -> bool:
    """Does ``text`` name an outlet of the article's own chain («روزنامه اعتماد»، «کیهان»)?"""
    if not chain_keys:
        return False
    toks = re.findall(r"[^\s\u200c.,،؛:!؟?«»()\"']+", text)
    for n in (3, 2, 1):
        for k in range(len(toks) - n + 1):
            if credit_key(" ".join(toks[k : k + n])) in chain_keys:
                return True
    return False


def _own_column(text: str, att: Attribution, c: "Clause", chain_keys: list[str]) -> bool:
    """Rule 10: «عباس عبدی در ادامه یادداشت خود در روزنامه اعتماد نوشت: …» in a document of اعتماد,
    «به گزارش مشرق، محمد صرفی در یادداشت روزنامه کیهان نوشت: …» in one of کیهان: the outlet's
    own column, in its own voice."""
    if att.cue_kind not in {"speech", "writing"} or att.cue_start < 0:
        return False
    lead = text[c.start : att.cue_start]
    return any(w in lead for w in COLUMN_WORDS) and mentions_outlet(lead, chain_keys)


def _press_office_speaks(att: Attribution | None, own: Credit | None) -> None:
    """«به گزارش … به نقل از روابط عمومی قرارگاه …، در اطلاعیه‌ای … خبر داد»: the press office at the
    end of the credit chain speaks a sourceless or document cue."""
    if att is not None and own is not None and len(own.links) >= 2 and own.links[-1].outlet_id is None and (
        att.source is None or att.source_type == "document"
    ):
        att.source, att.source_type, att.source_np = own.links[-1].surface, "named", own.links[-1].surface
        att.why.append("speaker taken from the credit's last link")


# -- rule 4 ------------------------------------------------------------------------------------------------
_COPULAS = frozenset({"است", "بود", "هست", "نیست", "باشد", "شد"})
_TRAILING_PUNCT = re.compile(r"[.،,]+(?=\s|$)")


def has_verb(text: str) -> bool:
    """A known verb form (one word or two), a copula, or a word ending like a third-person plural."""
    verbs = known_verbs()
    toks = verb_tokens(text)
    for t in toks:
        if t in verbs or t in _COPULAS or t.endswith("ند"):  # «…اند» ends in «ند» too
            return True
    return any(f"{a} {b}" in verbs for a, b in zip(toks, toks[1:]))


def _may_name_interview(text: str) -> bool:
    """Cheap test before the interview patterns: each needs «گفت…گو»، «گفتگو» or «مصاحبه»."""
    return "گفت" in text or "مصاحبه" in text


def _continuation_evidence(ev: SentenceEvidence, hits) -> None:
    text = ev.text
    ev.breaker = any(b in text for b in CONTINUATION_BREAKERS) or text.lstrip().startswith(("*", "•"))
    ev.list_item = LIST_ITEM.match(text) is not None
    ev.meta_reference = META_REFERENCE.search(text) is not None
    ev.has_verb = has_verb(text)
    ev.own_cue = any(h.payload.is_verb or h.payload.kind in {"source_after", "document", "as_follows"} for h in hits)
    stripped = text.strip()
    ev.whole_quote = stripped.startswith("«") and stripped.rstrip(".").endswith("»")
    ev.first_person = first_person(text)
    ev.n_words = len(stripped.split())
    ev.words = frozenset(_TRAILING_PUNCT.sub("", text).split())  # each word without its trailing «.،,»


# -- rule 7 ------------------------------------------------------------------------------------------------
def title_speech_act_source(title: str) -> str | None:
    """«کنایه زیباکلام به مواضع …» -> «زیباکلام»; «پاسخ توییتری وزیر ارتباطات به …» -> the role."""
    from framing.voice.attribution import minimal_source, source_words

    t = title.strip(" «»\"'")
    for noun in TITLE_SPEECH_NOUNS:
        if t.startswith(noun + " "):
            rest = t[len(noun) + 1 :]
            if rest.lstrip().startswith(("|", ":", "؛", "-")):
                return None  # «هشدار | ترددها …»: a kicker, not a speech act
            m = re.match(r"(.+?)(?:\s+(?:به|از|درباره|برای|در|علیه|با)\s|[:؛|]|$)", rest)
            if not m:
                return None
            np_ = m.group(1).strip()
            toks = np_.split()
            roles = source_words()["role"]
            if len(toks) > 1 and toks[0].endswith("ی") and (toks[1] in roles):
                np_ = " ".join(toks[1:])  # «پاسخ توییتری وزیر …»: drop the adjective
            if 0 < len(np_.split()) <= 8:
                return minimal_source(np_)
    return None


def _title_evidence(ev: SentenceEvidence, chain_keys: list[str], lexicon) -> None:
    text = ev.text
    att = find_attribution(text, hits=cue_hits(text))
    if att is not None and not (att.source and chain_keys and credit_key(att.source) in chain_keys):
        ev.title_attribution = att
    ev.title_speech_source = title_speech_act_source(text)
    colon = colon_attribution(text, 0, cue_hits(text))
    ev.title_colon_source = colon.source if colon else None
    ev.loaded = lexicon.find(text)
    ev.first_person = first_person(text)
    ev.question = text.rstrip(" »\"'").endswith(("؟", "?"))
    ev.n_words = len(text.split())


# -- a body sentence ---------------------------------------------------------------------------------------
def _body_evidence(ev: SentenceEvidence, chain_keys: list[str], lexicon) -> None:
    text = ev.text
    c = read_clause(text, chain_keys)
    ev.clause = c
    att = find_attribution(text, clause_start=c.start, hits=c.hits)
    if att is not None and att.source and chain_keys and credit_key(att.source) in chain_keys:
        ev.own_chain_source, att = att.source, None
    if att is not None and c.marker is not None and "؛" in text[c.start : att.cue_start]:
        ev.marker_governs, att = True, None
    if att is not None and _own_column(text, att, c, chain_keys):
        if att.intro is not None and att.content_start > c.start:  # the column's own words follow «نوشت:»
            c.start = skip_punct(text, att.content_start)
        ev.own_column, ev.column_attribution, att = True, att, None
    if att is not None and att.cue_kind == "belief" and att.source_start >= 0:
        labels = [h for h in lexicon.find(text[att.source_start : att.source_end]) if h.category in LABELLING]
        if labels:
            ev.labelled_belief = labels[0].category
    _press_office_speaks(att, c.own)
    ev.attribution = att
    if att is not None and att.kind == "verb":
        # «X در نامه‌ای … انتقاد کرده است که متن آن به شرح زیر است: …»: the verb attributes, and the
        # sentences after it are the announced text (rule 9)
        ev.announces = any(h.payload.kind == "as_follows" and h.start > att.cue_end
                           and text[h.end : h.end + 8].lstrip(" \u200cاست").startswith(":") for h in c.hits)
    ev.loaded = lexicon.find(text)
    if c.third is not None and c.marker is None:
        content = text[c.start :]
        score, _ = editorial_signals(content, lexicon.find(content))
        quotes = [q for q in _LONG_QUOTE.findall(content) if len(q.split()) > 4]  # not a title like «باغ بهاری»
        ev.outside_plain = score == 0 and not quotes
    impersonal = [h for h in c.hits if h.payload.kind == "impersonal"]
    if impersonal:
        ev.impersonal = text[impersonal[0].start : impersonal[0].end]
    spans = outlet_spans(text, c.start) if ev.labelled_belief else [(c.start, len(text))]
    ev.score, ev.reasons = editorial_signals(text, ev.loaded, spans_outlet=spans)
    for h in stance_hits(text):
        if h.start >= c.start:
            ev.stance[h.payload] = ev.stance.get(h.payload, 0) + 1
    ev.superlative = "ترین" in text and SUPERLATIVE.search(text, c.start) is not None
    _continuation_evidence(ev, c.hits)
    ev.question = text.rstrip(" »\"'").endswith(("؟", "?"))
    interview = _may_name_interview(text)
    ev.interview_intro = interview and INTERVIEW_INTRO.search(text) is not None
    ev.interview_intro_v1 = interview and INTERVIEW_INTRO_V1.search(text) is not None
    m = INTERVIEWEE.search(text) if interview else None
    if m:
        from framing.voice.attribution import minimal_source, source_words

        name = (m.group("after") or m.group("before")).strip()
        words = name.split()
        while len(words) > 1 and words[-1].replace("\u200c", " ") in source_words()["stop"]:
            words.pop()  # «با او به گفت‌وگو نشسته است»: «او»
        name = " ".join(words)
        # «در گفت‌وگو با خبرنگار مهر»، «در گفت‌وگو با شبکه خبر»: the outlet's own side, not who answers
        first = name.split(" ", 1)[0].replace("\u200c", " ")
        if first not in {"خبرنگار", "خبرنگاران"} and first not in source_words().get("outlet", ()):
            ev.interviewee = minimal_source(name)
    ev.quote_balance = text.count("«") - text.count("»")


def extract(sentences: list[dict], *, chain: list[str] | None = None, lexicon=None) -> list[SentenceEvidence]:
    """The evidence of every sentence of one article (dicts with ``text``, ``part``, ``boilerplate``
    and optionally ``paragraph``), in order."""
    from framing.lexicon.loaded import load_lexicon

    lexicon = lexicon or load_lexicon()
    chain_keys = [credit_key(c) for c in (chain or [])]
    out = []
    for i, s in enumerate(sentences):
        b = s.get("boilerplate")
        ev = SentenceEvidence(i, s["text"], s.get("part") or "body", int(s.get("paragraph") or 0),
                              b if isinstance(b, str) and b else None)
        if ev.part == "title":
            _title_evidence(ev, chain_keys, lexicon)
        elif ev.boilerplate is None:
            _body_evidence(ev, chain_keys, lexicon)
        else:
            interview = _may_name_interview(ev.text)
            ev.interview_intro = interview and INTERVIEW_INTRO.search(ev.text) is not None
            ev.interview_intro_v1 = interview and INTERVIEW_INTRO_V1.search(ev.text) is not None
        out.append(ev)
    return out
