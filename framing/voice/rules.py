"""Voice: whose claim is each sentence? ``attributed`` / ``report`` / ``editorial``.

The rule model (registered as ``voice.rules.v1``) follows ``../shared/annotation/GUIDELINES.md``.
Each rule is a small function named for its number in the guidelines, and every decision says
which rule fired (``why``). :func:`label_body` applies them to a body sentence in the
guidelines' order of precedence; :func:`label_article` reads an article in order, keeping what
the rules need to remember (:class:`Reading`), then labels the headline against the body.

===========  ==============================================================================
rule         functions
===========  ==============================================================================
1            :func:`rule1_credits` (the sentence's credits; the article's own chain is not
             attribution), :func:`rule1_own_chain_is_no_source`,
             :func:`rule1_press_office_speaks`, :func:`rule1_outside_credit`
2, 11        :func:`rule2_outlet_marker` («بنا بر این گزارش»، «گفتنی است» …),
             :func:`rule11_report_continues` (after a third party's report),
             :func:`rule2_marker_governs`
3            :func:`rule3_impersonal` («گفته می‌شود»), unnamed sources in
             :func:`framing.voice.attribution.find_attribution`
3, 6         :func:`rule6_belief_of_a_labelled_group` («تروریست‌ها معتقدند …»)
4            :func:`rule4_continuation`, :func:`rule4_resolve_speaker` («وی» → the name)
5, 8, 9      :func:`rule5_attributed` (an attributed main clause, speech acts, quoted
             documents: the attribution itself is found by
             :func:`framing.voice.attribution.find_attribution`)
6            :func:`rule6_outlet_voice` (evaluative score), :func:`rule6_opinion_piece`
7            :func:`rule7_headline`
10           :func:`rule10_interview_turn`
===========  ==============================================================================
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from framing.ingest.credits import Credit, credit_key, find_credits
from framing.ingest.outlets import registry
from framing.lexicon.loaded import load_lexicon
from framing.lexicon.verbs import known_verbs
from framing.voice.attribution import (
    Attribution,
    classify_source,
    colon_attribution,
    cue_hits,
    find_attribution,
    minimal_source,
    source_words,
)
from framing.voice.signals import FIRST_PERSON, editorial_signals, outlet_spans

EDITORIAL_THRESHOLD = 2.5
OPINION_MIN_EDITORIAL = 2  # an article with at least this many editorial sentences …
OPINION_SHARE = 0.3  # … making up this share of the outlet's own sentences is an opinion piece
OPINION_THRESHOLD = 1.5  # … where milder evaluation is editorial too
TITLE_SPEECH_NOUNS = ("کنایه", "پاسخ", "واکنش", "انتقاد", "هشدار", "تاکید", "درخواست", "قدردانی", "تقدیر", "اعتراض",
                      "تکذیب", "ادعای", "توصیه", "دعوت", "تبریک", "پیام", "نامه", "دستور", "وعده", "اعتراف", "روایت",
                      "توضیح", "گلایه", "تشکر", "حمله لفظی", "اظهارات", "سخنان", "پیشنهاد", "تهدید")
CONTINUATION_BREAKERS = ("گفتنی است", "شایان ذکر", "لازم به ذکر", "یادآور می", "ادامه دارد")
META_REFERENCE = re.compile(
    r"(?:^|\s)(?:این|آن)\s+(?:موضع[\u200c ]?گیری|موضع|اظهارات|سخنان|ادعا|ادعاها|ادعاهای|گزارش|بیانیه|پیش[\u200c ]?بینی|اظهار[\u200c ]?نظر|اظهارنظر|نامه|پیام|مصاحبه)(?:\s|$)"
)
# «بخشی از گفت‌وگوی این عضو شورای شهر در ادامه می‌آید:», «مشروح این مصاحبه را می‌خوانید»: what
# follows is an interview — questions are the outlet's, answers the interviewee's
INTERVIEW_INTRO = re.compile(
    r"(?:گفت[\s\u200c]*و[\s\u200c]*گو|گفتگو|مصاحبه)[^.!؟?]{0,80}?"
    r"(?:در[\s\u200c]+ادامه|به[\s\u200c]+شرح[\s\u200c]+زیر|را[\s\u200c]+(?:در[\s\u200c]+ادامه[\s\u200c]+)?می[\s\u200c]*(?:خوانید|آید)|می[\s\u200c]*آید|را[\s\u200c]+بخوانید)"
)
LIST_ITEM = re.compile(r"^\s*(?:[-–—*•]|[۰-۹0-9]{1,2}\s*[-.)])\s")
# markers that point back at a report: they continue a third party's report the body introduced (rule 11)
REPORT_MARKERS = ("بنا بر", "بنابر", "بنا به", "بر اساس", "براساس", "طبق")
# cues and kinds of attribution that introduce a report a later «بنا بر این گزارش» can point back to
REPORT_CUES = ("گزارش", "نوشت", "خبر داد", "خبر داده", "خبر دادند")
LABELLING = {"terror_label", "derogatory_naming", "illegitimacy", "criminalization"}


@dataclass
class VoiceResult:
    voice: str
    source: str | None = None
    source_type: str | None = None
    speaker: str | None = None
    cue: str | None = None
    cue_class: str | None = None
    via: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    content_start: int = -1
    content_end: int = -1
    attribution_kind: str | None = None
    editorial_score: float = 0.0
    intro: str | None = None
    source_np: str | None = None  # the whole subject phrase («شهاب‌الدین چاوشی معاون سیاسی …»)
    content_after_cue: bool = False  # «X گفت (که|:) …»: the cue opens the content
    closed_quote: bool = False  # the sentence ends a «…» quotation: the statement may be over
    source_end: int = -1  # where the speaker's phrase ends: what follows is the speaker's (paraphrase included)
    cue_start: int = -1  # the cue itself is the outlet's choice of verb («مدعی شد»)


@dataclass
class Reading:
    """What the rules remember while reading one article in order."""

    chain_keys: list[str]  # the article's own credit chain (rule 1)
    lexicon: object
    editorial_threshold: float = EDITORIAL_THRESHOLD
    continue_indirect: bool = False
    prev: VoiceResult | None = None  # the last non-boilerplate sentence's result (rule 4)
    last_speaker: str | None = None  # the last named (or resolved) speaker (rule 4)
    report_source: str | None = None  # a third-party report the body introduced (rule 11)
    roles: dict[str, str] = field(default_factory=dict)  # role phrase -> the name the article gives it
    interview: str | None = None  # the interviewee, once an interview begins (rule 10)


@dataclass
class Clause:
    """A body sentence as the rules see it: its credits (rule 1), the outlet's marker (rule 2), the
    cue hits, and where the clause to judge starts (after a credit or a marker)."""

    text: str
    via: list[str]
    own: Credit | None
    third: Credit | None
    start: int
    hits: list
    why: list[str]
    marker: object = None


# -- rule 1: credits ------------------------------------------------------------------------------------------
def _credits_in(text: str, chain_keys: list[str]) -> tuple[list[str], Credit | None, Credit | None]:
    """(via names, own credit, third-party credit) of a sentence."""
    via, own, third = [], None, None
    for c in find_credits(text):
        if not c.links:
            continue
        names = c.names
        via.extend(n for n in names if n not in via)
        first_key = credit_key(c.links[0].name)
        if chain_keys and first_key == chain_keys[0] or (c.kind != "formula" and first_key in chain_keys):
            own = own or c
        elif c.kind == "formula" and first_key not in chain_keys:
            third = third or c
    return via, own, third


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \u200c،,:؛;-–—":
        pos += 1
    return pos


def rule1_credits(text: str, st: Reading) -> Clause:
    """Rule 1: the sentence's credit formulas. The article's own chain («به گزارش تابناک به نقل از
    ایرنا») only credits the outlet: the clause to judge starts after it."""
    via, own, third = _credits_in(text, st.chain_keys)
    why: list[str] = []
    start = 0
    for c in (own, third):
        if c is not None and c.start <= 3:
            start = max(start, _skip(text, c.end))
    if own is not None:
        why.append("own credit chain is not attribution (rule 1)")
    return Clause(text, via, own, third, start, cue_hits(text), why)


def rule1_own_chain_is_no_source(att: Attribution | None, c: Clause, st: Reading) -> Attribution | None:
    """Rule 1: an outlet of the article's own chain as the subject of a cue is the outlet itself."""
    if att is not None and att.source and st.chain_keys and credit_key(att.source) in st.chain_keys:
        c.why.append(f"«{att.source}» is in the article's own chain (rule 1)")
        return None
    return att


def rule1_press_office_speaks(att: Attribution | None, c: Clause) -> Attribution | None:
    """Rule 1: «به گزارش … به نقل از روابط عمومی قرارگاه …، در اطلاعیه‌ای … خبر داد» — the press
    office at the end of the credit chain is the speaker of a sourceless or document cue."""
    own = c.own
    if att is not None and own is not None and len(own.links) >= 2 and own.links[-1].outlet_id is None and (
        att.source is None or att.source_type == "document"
    ):
        att.source, att.source_type, att.source_np = own.links[-1].surface, "named", own.links[-1].surface
        att.why.append("speaker taken from the credit's last link")
    return att


def rule1_outside_credit(c: Clause, st: Reading) -> VoiceResult | None:
    """Rule 1: «به گزارش رویترز، …» in a story of another outlet — the credited outlet's claim,
    unless it relays a plain event (a schedule, a vote, a number: ``report``)."""
    if c.third is None or c.marker is not None:
        return None
    content = c.text[c.start :]
    score, _ = editorial_signals(content, st.lexicon.find(content))
    name = c.third.names[0]
    # a plain relayed event: nothing evaluative, nobody quoted («به گزارش رویترز، جزئیات … قرار
    # است روز سه‌شنبه اعلام شود»; «… وارد بغداد شد و با مقامات دیدار کرد»)
    quotes = [q for q in re.findall(r"«([^«»]*)»", content) if len(q.split()) > 4]  # not a title like «باغ بهاری»
    if score == 0 and not quotes:
        return VoiceResult("report", via=c.via, why=c.why + [f"credit to {name} relays a plain event (rule 1)"])
    return VoiceResult("attributed", name, "named", name, "به گزارش", "neutral", c.via,
                       c.why + [f"credit to {name}, outside the article's chain (rule 1)"], c.start, len(c.text), "credit")


# -- rules 2 and 11: the outlet's markers -------------------------------------------------------------------------
def rule2_outlet_marker(c: Clause) -> None:
    """Rule 2: «بنا بر این گزارش» / «گفتنی است» / «شایان ذکر است» at the start of the clause
    introduce the outlet's own voice: the clause to judge starts after the marker."""
    c.marker = next((h for h in c.hits if h.payload.kind == "outlet_marker" and h.start <= c.start + 2), None)
    if c.marker is not None:
        c.start = _skip(c.text, c.marker.end)


def rule11_report_continues(c: Clause, st: Reading) -> VoiceResult | None:
    """Rule 11: after the body introduced a third party's report («روزنامه X گزارش داد»),
    «بنا بر این گزارش» continues that report's attribution."""
    if c.marker is None:
        return None
    lemma = c.marker.payload.lemma
    if st.report_source and lemma.replace("\u200c", " ").startswith(REPORT_MARKERS):
        src = st.report_source
        return VoiceResult("attributed", src, classify_source(src), src, lemma, "neutral", c.via,
                           [f"«{lemma}» continues the report of {src} (rule 2)"], c.start, len(c.text), "marker")
    c.why.append(f"«{lemma}» introduces the outlet's own voice (rule 2)")
    return None


def rule2_marker_governs(att: Attribution | None, c: Clause) -> Attribution | None:
    """Rule 2: «بنا بر این گزارش؛ … X گفت»: the marker governs the sentence; a report in a later
    clause (after «؛») does not make it attributed."""
    if att is not None and c.marker is not None and "؛" in c.text[c.start : att.cue_start]:
        c.why.append("the outlet's marker governs the sentence; the report sits in a later clause (rule 2)")
        return None
    return att


# -- rule 3: agentless forms --------------------------------------------------------------------------------------
def rule3_impersonal(c: Clause) -> None:
    """Rule 3: agentless forms («گفته می‌شود»، «اعلام شد») keep the outlet's voice."""
    impersonal = [h for h in c.hits if h.payload.kind == "impersonal"]
    if impersonal:
        c.why.append(f"agentless «{c.text[impersonal[0].start:impersonal[0].end]}» keeps the outlet's voice (rule 3)")


# -- rule 4: continuations and who really speaks -----------------------------------------------------------------
def _has_verb(text: str) -> bool:
    verbs = known_verbs()
    toks = re.findall(r"[^\s.,،؛:!؟?«»()\"']+", text.replace("\u200c", " "))
    if any(t in verbs for t in toks) or any(f"{a} {b}" in verbs for a, b in zip(toks, toks[1:])):
        return True
    return any(t in {"است", "بود", "هست", "نیست", "باشد", "شد"} or t.endswith(("ند", "اند")) for t in toks)


def _continues(text: str, prev: VoiceResult, hits, *, continue_indirect: bool) -> bool:
    """Does this sentence go on with the previous sentence's statement?"""
    if any(b in text for b in CONTINUATION_BREAKERS) or text.lstrip().startswith(("*", "•")):
        return False  # a crosshead («*کلاهبرداری از برادر ناتنی») is the outlet's
    if LIST_ITEM.match(text) and not (
        (prev.intro == ":" and prev.attribution_kind in {"verb", "document", "as_follows"}) or prev.attribution_kind == "continuation"
    ):
        return False  # list items are separate units, unless a colon opened a list of quotes
    if META_REFERENCE.search(text):
        return False  # «این موضع‌گیری … در تضاد است»: the outlet comments on the statement
    names = {prev.speaker} | ({prev.source} if prev.source_type == "named" else set())
    words = None
    for name in names - {None}:
        toks = [t for t in name.split() if len(t) > 2 and t not in source_words()["role"]]
        if toks:
            words = words if words is not None else {w.rstrip(".،,") for w in text.split()}
            if toks[-1] in words:
                return False  # «پیش‌بینی چلبی …»: the speaker named in the third person
    if not _has_verb(text):
        return False  # a signature or a caption, not a sentence of the statement
    if any(h.payload.is_verb or h.payload.kind in {"source_after", "document", "as_follows"} for h in hits):
        return False
    stripped = text.strip()
    if stripped.startswith("«") and stripped.rstrip(".").endswith("»"):
        return True
    if FIRST_PERSON.search(text):
        return True
    if prev.closed_quote:
        return False  # «هومن می‌گوید: «…»» — the quotation closed; narration resumes
    open_statement = (
        prev.attribution_kind in {"continuation", "document", "as_follows", "title_quote"}
        or prev.intro in {":", "«"}
        or prev.source_type == "document"
        or (continue_indirect and prev.attribution_kind == "verb" and prev.content_after_cue)
    )
    return bool(open_statement) and len(stripped.split()) >= 4


def rule4_continuation(c: Clause, st: Reading) -> VoiceResult | None:
    """Rule 4: a sentence that continues a quote or a statement, with no verb of its own, carries
    the previous speaker (not after a credit or a marker, which open the outlet's voice)."""
    prev = st.prev
    if c.own is not None or c.marker is not None or prev is None or prev.voice != "attributed":
        return None
    if not _continues(c.text, prev, c.hits, continue_indirect=st.continue_indirect):
        return None
    speaker = prev.speaker or prev.source
    source = prev.source or speaker
    return VoiceResult("attributed", source, prev.source_type or (classify_source(source) if source else None), speaker,
                       None, None, c.via, c.why + [f"continues the statement of {source} (rule 4)"], 0, len(c.text), "continuation")


def rule4_resolve_speaker(r: VoiceResult, st: Reading) -> None:
    """``speaker``: who really speaks — «وی» and «این پژوهشگر» resolve to the last named speaker,
    a role to the name the article gave it («معاون بیمارستان» -> «احمد ابراهیم»), a document
    anaphor («این بیانیه») to its author."""
    roles, last_speaker = st.roles, st.last_speaker
    np_ = (r.source_np or "").strip(" «»\"")
    if r.source_type == "named" and r.source and np_ and np_ != r.source and np_.startswith(r.source.split()[0]):
        role = np_[len(r.source) :].strip(" ،,«»")
        if role:
            roles[role] = r.source
    if r.source_type == "named" and r.source:
        r.speaker = next((name for role, name in roles.items() if r.source == role or r.source in role or role in r.source), r.source)
    elif r.source_type in {"pronoun", "document"} and last_speaker and r.attribution_kind != "continuation":
        if r.source_type == "pronoun" or (r.source or "").split(" ", 1)[0] in {"این", "آن", "همین", "متن"} or r.source in source_words()["document"]:
            r.speaker = last_speaker


# -- rules 5, 8, 9: an attributed main clause ------------------------------------------------------------------
def rule5_attributed(att: Attribution, via: list[str], why: list[str], last_speaker: str | None) -> VoiceResult:
    """Rule 5: the main clause is attributed (a reporting verb, a speech act — rule 8 —, a frame, a
    quoted document — rule 9): the sentence is ``attributed``, whatever epithets the outlet adds.
    A dropped or pronoun subject takes the last speaker."""
    speaker = att.source
    if att.source_type == "pronoun" and last_speaker:
        speaker = last_speaker
    elif att.source is None:
        speaker = last_speaker
    src = att.source if att.source is not None else last_speaker
    return VoiceResult("attributed", src, att.source_type or (classify_source(src) if src else None), speaker,
                       att.cue, att.cue_class, via, why + att.why, att.content_start, att.content_end, att.kind,
                       intro=att.intro, source_np=att.source_np,
                       content_after_cue=att.content_start >= att.cue_end, source_end=att.source_end,
                       cue_start=att.cue_start)


# -- rule 6: the outlet's own voice ------------------------------------------------------------------------------
def rule6_outlet_voice(text: str, via, why, st: Reading, spans, *, headline: bool = False) -> VoiceResult:
    """Rule 6: in the outlet's voice, evaluation (loaded wording that judges, evaluative phrases,
    speculation, rhetorical questions, exclamations) at or above the threshold is ``editorial``;
    otherwise ``report`` — a routine name alone («رژیم صهیونیستی») does not evaluate."""
    threshold = st.editorial_threshold
    score, reasons = editorial_signals(text, st.lexicon.find(text), spans_outlet=spans, headline=headline)
    if score >= threshold:
        return VoiceResult("editorial", via=via, why=why + reasons + [f"outlet voice, evaluative score {score:g} ≥ {threshold:g} (rule 6)"], editorial_score=score)
    tail = f"outlet voice, evaluative score {score:g} < {threshold:g}" if reasons else "outlet voice, no evaluative signal"
    return VoiceResult("report", via=via, why=why + reasons + [tail], editorial_score=score)


def rule6_belief_of_a_labelled_group(att: Attribution | None, c: Clause, st: Reading) -> VoiceResult | None:
    """Rules 3 and 6: «تروریست‌ها معتقدند …» — the outlet reads the mind of a group it labels:
    its own interpretation, not an attribution."""
    if att is None or att.cue_kind != "belief" or att.source_start < 0:
        return None
    labels = [h for h in st.lexicon.find(c.text[att.source_start : att.source_end]) if h.category in LABELLING]
    if not labels:
        return None
    c.why.append(f"belief imputed to «{att.source}», a group the outlet labels ({labels[0].category}): "
                 "the outlet's interpretation (rules 3, 6) (+2)")
    r = rule6_outlet_voice(c.text, c.via, c.why, st, outlet_spans(c.text, c.start))
    r.editorial_score += 2
    if r.editorial_score >= st.editorial_threshold:
        r.voice = "editorial"
    return r


def rule6_opinion_piece(results: list[VoiceResult]) -> None:
    """Rule 6 in an opinion piece (several editorial sentences making up a good share of the
    outlet's own sentences): milder evaluation also counts — the genre lowers the threshold."""
    own = [r for r in results if r.voice in {"report", "editorial"} and r.why and not r.why[0].startswith("boilerplate")]
    editorial = [r for r in own if r.voice == "editorial"]
    if len(editorial) < OPINION_MIN_EDITORIAL or len(editorial) < OPINION_SHARE * len(own):
        return
    for r in own:
        if r.voice == "report" and r.editorial_score >= OPINION_THRESHOLD:
            r.voice = "editorial"
            r.why.append(f"opinion piece ({len(editorial)} of {len(own)} own sentences editorial): score "
                         f"{r.editorial_score:g} ≥ {OPINION_THRESHOLD:g} (rule 6)")


# -- a body sentence --------------------------------------------------------------------------------------------
def label_body(s: dict, st: Reading) -> VoiceResult:
    """One body sentence, the rules in the guidelines' order of precedence."""
    text = s["text"]
    if s.get("boilerplate"):
        return VoiceResult("report", why=[f"boilerplate ({s['boilerplate']})"])
    c = rule1_credits(text, st)
    rule2_outlet_marker(c)
    r = rule11_report_continues(c, st)
    if r is not None:
        return r
    att = find_attribution(text, clause_start=c.start, hits=c.hits)
    att = rule1_own_chain_is_no_source(att, c, st)
    att = rule2_marker_governs(att, c)
    r = rule6_belief_of_a_labelled_group(att, c, st)
    if r is not None:
        return r
    att = rule1_press_office_speaks(att, c)
    if att is not None:
        return rule5_attributed(att, c.via, c.why, st.last_speaker)
    r = rule1_outside_credit(c, st) or rule4_continuation(c, st)
    if r is not None:
        return r
    rule3_impersonal(c)
    return rule6_outlet_voice(text, c.via, c.why, st, [(c.start, len(text))])


# -- rule 10: interviews ----------------------------------------------------------------------------------------
def rule10_interview_turn(s: dict, st: Reading) -> VoiceResult:
    """Rule 10: in an interview, a question is the outlet's (``report``); an answer is the
    interviewee's unless it has an attribution of its own."""
    text = s["text"]
    if text.rstrip(" »\"'").endswith(("؟", "?")):
        return VoiceResult("report", why=["interview: the outlet's question (rule 8)"])
    r = label_body(s, st)
    if r.voice == "attributed" and r.attribution_kind not in {"continuation"}:
        return r
    interviewee = st.interview
    return VoiceResult("attributed", interviewee, classify_source(interviewee), interviewee, None, None, r.via,
                       [f"interview: an answer of {interviewee} (rule 4)"], 0, len(text), "continuation")


# -- rule 7: headlines ----------------------------------------------------------------------------------------
def _content_tokens(text: str) -> set[str]:
    stop = source_words()["stop"] | {"و", "این", "آن", "است", "شد", "کرد", "برای", "یک", "بر", "هر", "خود"}
    toks = re.findall(r"[^\s\u200c.,،؛:!؟?«»()\"'\-–—/|]+", text)
    return {t for t in toks if len(t) > 2 and t not in stop}


def title_speech_act_source(title: str) -> str | None:
    """«کنایه زیباکلام به مواضع …» -> «زیباکلام»; «پاسخ توییتری وزیر ارتباطات به …» -> the role."""
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


def _colon_source(title: str) -> str | None:
    a = colon_attribution(title, 0, cue_hits(title))
    return a.source if a else None


def _best_name(target: VoiceResult) -> str | None:
    """The fullest name the body gives the target's speaker (a name over «وی»)."""
    if target.source_type == "named" and target.source:
        return target.source
    return target.speaker or target.source


def rule7_headline(s: dict, body: list[tuple[dict, VoiceResult]], st: Reading) -> VoiceResult:
    """Rule 7: headlines follow the same rules — «ظریف: …» and speech-act headlines («کنایه X به
    …») are attributed; a headline restating a claim the body attributes is attributed to that
    claim's speaker; a plain number or event, or the outlet's own framing device, is not."""
    text = s["text"]
    hits = cue_hits(text)
    att = find_attribution(text, hits=hits)
    if att is not None and not (att.source and st.chain_keys and credit_key(att.source) in st.chain_keys):
        return rule5_attributed(att, [], ["headline (rule 7)"], None)
    src = title_speech_act_source(text)
    if src:
        return VoiceResult("attributed", src, classify_source(src), src, text.split()[0], "neutral", [],
                           [f"headline names a speech act of {src} (rule 7)"], 0, len(text), "title_noun")
    # a headline that restates a claim the body attributes (rule 7) — unless the body's own
    # report of it overlaps as much (then the headline restates the outlet's report)
    t_tokens = _content_tokens(text)
    best, best_overlap, own_overlap = None, 0.0, 0.0
    for bs, br in body[:12]:
        if not t_tokens or br.why and br.why[0].startswith("boilerplate"):
            continue
        if br.voice != "attributed":
            own_overlap = max(own_overlap, len(t_tokens & _content_tokens(bs["text"])) / len(t_tokens))
            continue
        seg = bs["text"][br.content_start : br.content_end] if br.content_start >= 0 else bs["text"]
        overlap = len(t_tokens & _content_tokens(seg)) / len(t_tokens)
        if overlap > best_overlap:
            best, best_overlap = br, overlap
    first_person = FIRST_PERSON.search(text) is not None
    loaded_hits = st.lexicon.find(text)
    title_score, title_why = editorial_signals(text, loaded_hits)
    framing_device = any(h.category == "sensational" for h in loaded_hits) or any(
        w.startswith(("exclamation", "rhetorical")) for w in title_why
    )
    plain_number = re.search(r"[۰-۹0-9]", text) and title_score == 0 and not first_person
    needed = 0.3 if title_score > 0 else 0.5
    if framing_device or own_overlap >= best_overlap:
        best = None  # «پشت‌پرده …!»: the outlet's framing; «دیدار …»: the outlet's own report
    if best is not None and not plain_number and (best_overlap >= needed or (first_person and best_overlap > 0)):
        src = _best_name(best)
        return VoiceResult("attributed", src, classify_source(src) if src else None, src, None, None, [],
                           [f"headline restates a claim the body attributes to {src} (overlap {best_overlap:.2f}, rule 7)"],
                           0, len(text), "title_restates")
    if first_person:
        first = next((br for _, br in body if br.voice == "attributed"), None)
        if first is not None:
            src = _best_name(first)
            return VoiceResult("attributed", src, classify_source(src) if src else None, src, None, None, [],
                               [f"first-person headline quotes {src} (rule 7)"], 0, len(text), "title_restates")
    return rule6_outlet_voice(text, [], ["headline in the outlet's voice (rule 7)"], st, outlet_spans(text), headline=True)


# -- an article ----------------------------------------------------------------------------------------------
def _is_report_outlet(name: str | None) -> bool:
    if not name:
        return False
    return registry().lookup(name) is not None or name.split(" ", 1)[0] in source_words()["outlet"]


def _remember(r: VoiceResult, s: dict, st: Reading) -> None:
    """After an attributed body sentence: who spoke last (rule 4) and whether a third party's report
    was introduced (rule 11)."""
    rule4_resolve_speaker(r, st)
    if r.speaker and r.source_type in {"named", "pronoun"} or (r.attribution_kind == "continuation" and r.speaker):
        st.last_speaker = r.speaker
    if r.cue_class is not None and r.attribution_kind in {"verb", "frame", "credit"} and (
        (r.source_type == "named" and _is_report_outlet(r.source)) or (r.cue or "").startswith(REPORT_CUES)
        or r.attribution_kind == "credit"
    ):
        st.report_source = r.source


def label_article(sentences: list[dict], *, chain: list[str] | None = None, lexicon=None,
                  editorial_threshold: float = EDITORIAL_THRESHOLD, continue_indirect: bool = False) -> list[VoiceResult]:
    """Label the sentences of one article (dicts with ``text``, ``part``, ``boilerplate``): the body
    in order, then the headline against the body (rule 7), then the opinion-piece pass (rule 6)."""
    st = Reading([credit_key(c) for c in (chain or [])], lexicon or load_lexicon(),
                 editorial_threshold=editorial_threshold, continue_indirect=continue_indirect)
    results: list[VoiceResult | None] = [None] * len(sentences)
    title = next((s for s in sentences if s.get("part") == "title"), None)
    if title is not None:
        seed = title_speech_act_source(title["text"]) or _colon_source(title["text"])
        if seed:  # «کنایه زیباکلام …» then a body that opens with his quote
            st.prev = VoiceResult("attributed", seed, classify_source(seed), seed, attribution_kind="title_quote")
            st.last_speaker = seed
    for i, s in enumerate(sentences):
        if s.get("part") == "title":
            continue
        if st.interview and not s.get("boilerplate"):
            results[i] = st.prev = rule10_interview_turn(s, st)
            continue
        r = label_body(s, st)
        r.closed_quote = r.voice == "attributed" and s["text"].rstrip(" .").endswith("»") and "«" in s["text"][max(0, r.content_start) :]
        results[i] = r
        if r.voice == "attributed":
            _remember(r, s, st)
        if not s.get("boilerplate"):
            st.prev = r
        if INTERVIEW_INTRO.search(s["text"]) and st.last_speaker:
            st.interview = st.last_speaker
    body = [(s, r) for s, r in zip(sentences, results) if r is not None]
    for i, s in enumerate(sentences):
        if s.get("part") == "title":
            results[i] = rule7_headline(s, body, st)
    rule6_opinion_piece([r for r in results if r is not None])
    return results


class VoiceRules:
    """The rule model's parameters; :meth:`label_article` labels one article."""

    def __init__(self, *, editorial_threshold: float = EDITORIAL_THRESHOLD, continue_indirect: bool = False) -> None:
        self.editorial_threshold = editorial_threshold
        self.continue_indirect = continue_indirect

    def label_article(self, sentences: list[dict], *, chain: list[str] | None = None, lexicon=None) -> list[VoiceResult]:
        return label_article(sentences, chain=chain, lexicon=lexicon, editorial_threshold=self.editorial_threshold,
                             continue_indirect=self.continue_indirect)


@functools.cache
def default_rules() -> VoiceRules:
    return VoiceRules()
