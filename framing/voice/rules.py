"""Voice by rules: the guidelines' rules over the evidence of :mod:`framing.voice.evidence`.

The rule model (registered as ``voice.rules.v1``) follows ``../shared/annotation/GUIDELINES.md``.
Each rule is a small function named for its number in the guidelines, reading a sentence's
evidence and, where the rule needs it, what the reading remembers (:class:`Reading`: the last
speaker, the previous decision, a third party's report, an interview); every decision says which
rule fired (``why``). :func:`label_body` applies them in the guidelines' order of precedence;
:func:`decide` reads an article's evidence in order, then labels the headline against the body.

===========  ==============================================================================
rule         functions
===========  ==============================================================================
1            :func:`rule1_credits` (the article's own chain is not attribution),
             :func:`rule1_own_chain_is_no_source`, :func:`rule1_outside_credit`
2, 11        :func:`rule2_outlet_marker` («بنا بر این گزارش»، «گفتنی است» …),
             :func:`rule2_marker_governs`, :func:`rule11_report_continues` (after a third
             party's report)
3            :func:`rule3_impersonal` («گفته می‌شود»); unnamed sources are found by
             :func:`framing.voice.attribution.find_attribution`
3, 6         :func:`rule6_belief_of_a_labelled_group` («تروریست‌ها معتقدند …»)
4            :func:`rule4_continuation` (with :func:`continues`), :func:`rule4_resolve_speaker`
5, 8, 9      :func:`rule5_attributed` (an attributed main clause, speech acts, quoted
             documents, as found in the evidence)
6            :func:`rule6_outlet_voice` (evaluative score), :func:`rule6_opinion_piece`,
             :func:`rule10_opinion_voice` (in a commentary)
7            :func:`rule7_headline`
10           :func:`rule10_interview_begins`, :func:`rule10_interview_turn`,
             :func:`rule10_own_column`
===========  ==============================================================================
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from framing.ingest.outlets import registry
from framing.lexicon.loaded import load_lexicon
from framing.voice.attribution import Attribution, classify_source, source_words, starts_with_word
from framing.voice.evidence import SentenceEvidence, extract
from framing.voice.signals import editorial_signals, outlet_spans

EDITORIAL_THRESHOLD = 2.5
OPINION_MIN_EDITORIAL = 2  # an article with at least this many editorial sentences …
OPINION_SHARE = 0.3  # … making up this share of the outlet's own sentences is an opinion piece
OPINION_THRESHOLD = 1.5  # … where milder evaluation is editorial too
# stance cues that argue (not the degree words «بسیار»، «هم»): in an opinion piece one of them is evaluation
ARGUING = ("hedge", "argument", "rhetorical", "judgment", "address")
# markers that point back at a report: they continue a third party's report the body introduced (rule 11)
REPORT_MARKERS = ("بنا بر", "بنابر", "بنا به", "بر اساس", "براساس", "طبق")
# cues and kinds of attribution that introduce a report a later «بنا بر این گزارش» can point back to
REPORT_CUES = ("گزارش", "نوشت", "خبر داد", "خبر داده", "خبر دادند")


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
    context_speaker: str | None = None  # who the reading had speaking when it reached this sentence


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
    interviewee: str | None = None  # named by an interview's introduction («گفت‌وگو با X»)
    genre: str | None = None  # the article's genre (framing.ingest.genre)
    quote_open: bool = False  # the last attributed sentence opened a «…» that has not closed (rule 4)
    quote_paragraph: int = -1  # the paragraph where that quotation opened
    prev_paragraph: int = -1  # the paragraph of the previous sentence
    opinion: bool = False  # a commentary (genre) or the outlet's own column (rule 10): its own sentences argue
    version: int = 2  # 1: voice.rules.v1 — no genre, no open quotes, no own columns or commentaries


# -- rule 1: credits ------------------------------------------------------------------------------------------
def rule1_credits(ev: SentenceEvidence) -> list[str]:
    """Rule 1: the article's own credit chain («به گزارش تابناک به نقل از ایرنا») only credits the
    outlet; the rest of the sentence is judged (the evidence starts its clause after the credit)."""
    return ["own credit chain is not attribution (rule 1)"] if ev.clause.own is not None else []


def rule1_own_chain_is_no_source(ev: SentenceEvidence) -> list[str]:
    """Rule 1: an outlet of the article's own chain as the subject of a cue is the outlet itself."""
    return [f"«{ev.own_chain_source}» is in the article's own chain (rule 1)"] if ev.own_chain_source else []


def rule1_outside_credit(ev: SentenceEvidence, why: list[str]) -> VoiceResult | None:
    """Rule 1: «به گزارش رویترز، …» in a story of another outlet — the credited outlet's claim,
    unless it relays a plain event (a schedule, a vote, a number, nobody quoted: ``report``)."""
    c = ev.clause
    if ev.outside_plain is None:
        return None
    name = c.third.names[0]
    if ev.outside_plain:
        return VoiceResult("report", via=c.via, why=why + [f"credit to {name} relays a plain event (rule 1)"])
    return VoiceResult("attributed", name, "named", name, "به گزارش", "neutral", c.via,
                       why + [f"credit to {name}, outside the article's chain (rule 1)"], c.start, len(c.text), "credit")


# -- rules 2 and 11: the outlet's markers -------------------------------------------------------------------------
def rule11_report_continues(ev: SentenceEvidence, st: Reading) -> VoiceResult | None:
    """Rule 11: after the body introduced a third party's report («روزنامه X گزارش داد»),
    «بنا بر این گزارش» continues that report's attribution — unless the clause names a speaker
    and a cue of its own («بنابر این گزارش، آیت‌الله خامنه‌ای … تصریح کردند: …»): then the report
    relays that speaker, who is the source (rule 5)."""
    c = ev.clause
    lemma = c.marker_lemma
    own = ev.attribution
    if own is not None and own.source and own.source_type in {"named", "unnamed"}:
        return None
    if lemma and st.report_source and lemma.replace("\u200c", " ").startswith(REPORT_MARKERS):
        src = st.report_source
        return VoiceResult("attributed", src, classify_source(src), src, lemma, "neutral", c.via,
                           [f"«{lemma}» continues the report of {src} (rule 2)"], c.start, len(c.text), "marker")
    return None


def rule2_outlet_marker(ev: SentenceEvidence) -> list[str]:
    """Rule 2: «بنا بر این گزارش» / «گفتنی است» / «شایان ذکر است» introduce the outlet's own voice;
    with «؛» the marker governs a report in a later clause too."""
    lemma = ev.clause.marker_lemma
    why = [f"«{lemma}» introduces the outlet's own voice (rule 2)"] if lemma else []
    return why


def rule10_own_column(ev: SentenceEvidence) -> list[str]:
    """Rule 10: a column or editorial of the article's own outlet («X در یادداشت خود در روزنامه Y
    نوشت: …» in a document of Y) is in the outlet's voice: labelled by content."""
    return ["a column of the article's own outlet is in its voice (rule 10)"] if ev.own_column else []


def rule2_marker_governs(ev: SentenceEvidence) -> list[str]:
    return ["the outlet's marker governs the sentence; the report sits in a later clause (rule 2)"] if ev.marker_governs else []


# -- rule 3: agentless forms --------------------------------------------------------------------------------------
def rule3_impersonal(ev: SentenceEvidence) -> list[str]:
    """Rule 3: agentless forms («گفته می‌شود»، «اعلام شد») keep the outlet's voice."""
    return [f"agentless «{ev.impersonal}» keeps the outlet's voice (rule 3)"] if ev.impersonal else []


# -- rule 4: continuations and who really speaks -----------------------------------------------------------------
def continues(ev: SentenceEvidence, prev: VoiceResult, *, continue_indirect: bool = False, quote_open: bool = False,
              new_paragraph: bool = False, opinion: bool = False) -> bool:
    """Does this sentence go on with the previous sentence's statement (rule 4)? In an opinion piece
    (``opinion``: a commentary or the outlet's own column, rule 10) «ما» is the writer's: the first
    person continues a statement only when one is open («X گفت: …»)."""
    if ev.breaker:
        return False  # «گفتنی است …»; a crosshead («*کلاهبرداری از برادر ناتنی») is the outlet's
    if ev.list_item and not (
        (prev.intro == ":" and prev.attribution_kind in {"verb", "document", "as_follows"}) or prev.attribution_kind == "continuation"
    ):
        return False  # list items are separate units, unless a colon opened a list of quotes
    if ev.meta_reference:
        return False  # «این موضع‌گیری … در تضاد است»: the outlet comments on the statement
    names = {prev.speaker} | ({prev.source} if prev.source_type == "named" else set())
    for name in names - {None}:
        toks = [t for t in name.split() if len(t) > 2 and t not in source_words()["role"]]
        if toks and toks[-1] in ev.words:
            return False  # «پیش‌بینی چلبی …»: the speaker named in the third person
    if quote_open and not ev.own_cue:
        return True  # inside a quotation still open: its questions and lists are the speaker's too
    if not ev.has_verb:
        return False  # a signature or a caption, not a sentence of the statement
    if ev.own_cue:
        return False
    if ev.whole_quote or (ev.first_person and not opinion):
        return True
    if prev.closed_quote:
        return False  # «هومن می‌گوید: «…»» — the quotation closed; narration resumes
    if new_paragraph and prev.intro != ":":
        return False  # a statement's indirect run ends with its paragraph (voice.rules.v2): what follows
        # is the outlet's again — its interpretation, or plain facts — unless it quotes or says «ما»
    open_statement = (
        prev.attribution_kind in {"continuation", "document", "as_follows", "title_quote"}
        or prev.intro in {":", "«"}
        or prev.source_type == "document"
        or (continue_indirect and prev.attribution_kind == "verb" and prev.content_after_cue)
    )
    return bool(open_statement) and ev.n_words >= 4


def rule4_continuation(ev: SentenceEvidence, why: list[str], st: Reading) -> VoiceResult | None:
    """Rule 4: a sentence that continues a quote or a statement, with no verb of its own, carries
    the previous speaker (not after a credit or a marker, which open the outlet's voice)."""
    prev, c = st.prev, ev.clause
    if c.own is not None or c.marker is not None or prev is None or prev.voice != "attributed":
        return None
    new_paragraph = st.version >= 2 and ev.paragraph != st.prev_paragraph
    in_quote = st.quote_open and st.version >= 2 and ev.paragraph == st.quote_paragraph
    if not continues(ev, prev, continue_indirect=st.continue_indirect, quote_open=in_quote,
                     new_paragraph=new_paragraph, opinion=st.opinion and st.version >= 2):
        return None
    speaker = prev.speaker or prev.source
    source = prev.source or speaker
    return VoiceResult("attributed", source, prev.source_type or (classify_source(source) if source else None), speaker,
                       None, None, c.via, why + [f"continues the statement of {source} (rule 4)"], 0, len(c.text), "continuation")


def _is_role(name: str) -> bool:
    """Does ``name`` start with a role noun («رئیس پلیس …»، «عضو مجمع …»)?"""
    bare = name.replace("\u200c", " ")
    return bare.split(" ", 1)[0] in source_words()["role"] or bool(starts_with_word(bare, 0, source_words()["role"]))


def appositive_role(text: str, pos: int) -> str | None:
    """The role set off by a comma after a name that ends at ``pos``: «علی سعیدی، رئیس دفتر عقیدتی
    سیاسی فرماندهی معظم کل قوا ظهر امروز …» -> «رئیس دفتر عقیدتی سیاسی فرماندهی معظم کل قوا»."""
    rest = text[pos:]
    stripped = rest.lstrip()
    if not stripped.startswith(("،", ",")):
        return None
    rest = stripped[1:].lstrip()
    w = source_words()
    if not starts_with_word(rest.replace("\u200c", " "), 0, w["role"]):
        return None
    out = []
    for tok in rest.split()[:10]:
        word = tok.strip("«»\"'()،,:؛")
        bare = word.replace("\u200c", " ")
        if not bare or bare in w["stop"] or bare in w.get("day", ()) or bare in w.get("day_part", ()):
            break
        out.append(word)
        if tok.endswith(("،", ",", ":", "؛")):
            break
    return " ".join(out) if len(out) >= 2 else None


def rule4_resolve_speaker(r: VoiceResult, st: Reading, text: str = "") -> None:
    """``speaker``: who really speaks — «وی» and «این پژوهشگر» resolve to the last named speaker,
    a role to the name the article gave it («معاون بیمارستان» -> «احمد ابراهیم», «علی سعیدی، رئیس
    دفتر …»), a document anaphor («این بیانیه») to its author."""
    roles, last_speaker = st.roles, st.last_speaker
    np_ = (r.source_np or "").strip(" «»\"")
    if r.source_type == "named" and r.source and np_ and np_ != r.source and np_.startswith(r.source.split()[0]):
        role = np_[len(r.source) :].strip(" ،,«»")
        if role:
            roles[role] = r.source
    if r.source_type == "named" and r.source and text and r.source_end > 0 and not _is_role(r.source):
        role = appositive_role(text, r.source_end)
        if role:
            roles.setdefault(role, r.source)
    if r.source_type == "named" and r.source:
        r.speaker = next((name for role, name in roles.items() if r.source == role or r.source in role or role in r.source), r.source)
        w = source_words()
        if (r.speaker == r.source and last_speaker and r.cue and r.cue.replace("\u200c", " ") in w.get("continuing_cue", ())
                and _is_role(r.source) and not _is_role(last_speaker) and classify_source(last_speaker) == "named"):
            # «رئیس پلیس آگاهی زنجان … اضافه کرد» after «مصطفی طلوعی … اظهار کرد»: whoever «adds» goes on
            roles[r.source] = r.speaker = last_speaker
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
def rule6_outlet_voice(score: float, reasons: list[str], via, why, st: Reading) -> VoiceResult:
    """Rule 6: in the outlet's voice, evaluation (loaded wording that judges, evaluative phrases,
    speculation, rhetorical questions, exclamations) at or above the threshold is ``editorial``;
    otherwise ``report`` — a routine name alone («رژیم صهیونیستی») does not evaluate."""
    threshold = st.editorial_threshold
    if score >= threshold:
        return VoiceResult("editorial", via=via, why=why + reasons + [f"outlet voice, evaluative score {score:g} ≥ {threshold:g} (rule 6)"], editorial_score=score)
    tail = f"outlet voice, evaluative score {score:g} < {threshold:g}" if reasons else "outlet voice, no evaluative signal"
    return VoiceResult("report", via=via, why=why + reasons + [tail], editorial_score=score)


def rule6_belief_of_a_labelled_group(ev: SentenceEvidence, why: list[str], st: Reading) -> VoiceResult | None:
    """Rules 3 and 6: «تروریست‌ها معتقدند …» — the outlet reads the mind of a group it labels:
    its own interpretation, not an attribution."""
    if not ev.labelled_belief:
        return None
    why = why + [f"belief imputed to «{ev.attribution.source}», a group the outlet labels ({ev.labelled_belief}): "
                 "the outlet's interpretation (rules 3, 6) (+2)"]
    r = rule6_outlet_voice(ev.score, ev.reasons, ev.clause.via, why, st)
    r.editorial_score += 2
    if r.editorial_score >= st.editorial_threshold:
        r.voice = "editorial"
    return r


def rule6_opinion_piece(results: list[VoiceResult | None]) -> None:
    """Rule 6 in an opinion piece (several editorial sentences making up a good share of the
    outlet's own sentences): milder evaluation also counts — the genre lowers the threshold."""
    own = [r for r in results if r is not None and r.voice in {"report", "editorial"} and r.why
           and not r.why[0].startswith("boilerplate")]
    editorial = [r for r in own if r.voice == "editorial"]
    if len(editorial) < OPINION_MIN_EDITORIAL or len(editorial) < OPINION_SHARE * len(own):
        return
    for r in own:
        if r.voice == "report" and r.editorial_score >= OPINION_THRESHOLD:
            r.voice = "editorial"
            r.why.append(f"opinion piece ({len(editorial)} of {len(own)} own sentences editorial): score "
                         f"{r.editorial_score:g} ≥ {OPINION_THRESHOLD:g} (rule 6)")


# -- a body sentence --------------------------------------------------------------------------------------------
def label_body(ev: SentenceEvidence, st: Reading) -> VoiceResult:
    """One body sentence, the rules in the guidelines' order of precedence."""
    if ev.boilerplate:
        return VoiceResult("report", why=[f"boilerplate ({ev.boilerplate})"])
    why = rule1_credits(ev)
    r = rule11_report_continues(ev, st)
    if r is not None:
        return r
    if st.version < 2 and ev.column_attribution is not None:  # v1 knew no columns: the cue attributes
        return rule5_attributed(ev.column_attribution, ev.clause.via, why + rule2_outlet_marker(ev), st.last_speaker)
    why = why + rule2_outlet_marker(ev) + rule1_own_chain_is_no_source(ev) + rule2_marker_governs(ev) + rule10_own_column(ev)
    r = rule6_belief_of_a_labelled_group(ev, why, st)
    if r is not None:
        return r
    if ev.attribution is not None:
        r = rule5_attributed(ev.attribution, ev.clause.via, why, st.last_speaker)
        if ev.announces and st.version >= 2:
            r.intro = ":"  # what follows is the announced text: it continues (rules 4, 9)
            r.why.append("announces the text that follows («به شرح زیر است:», rule 9)")
        return r
    # an outside credit before the outlet's own column only relays it (rule 10)
    r = (None if ev.own_column and st.version >= 2 else rule1_outside_credit(ev, why)) or rule4_continuation(ev, why, st)
    if r is not None:
        return r
    r = rule6_outlet_voice(ev.score, ev.reasons, ev.clause.via, why + rule3_impersonal(ev), st)
    return rule10_opinion_voice(ev, r, st)


def rule10_opinion_voice(ev: SentenceEvidence, r: VoiceResult, st: Reading) -> VoiceResult:
    """Rules 6 and 10: in a commentary or the outlet's own column, the outlet argues: its own
    sentence is ``editorial`` as soon as it carries any evaluative signal, an arguing stance cue
    (a hedge, a concession, a rhetorical opener, a judgment, the reader addressed) or a superlative;
    a plain fact in it stays ``report``."""
    if not st.opinion or r.voice != "report" or st.version < 2:
        return r
    cues = [k for k in ARGUING if ev.stance.get(k)]
    if r.editorial_score > 0 or cues or ev.superlative:
        what = ", ".join(cues + (["superlative"] if ev.superlative else []) + ([f"score {r.editorial_score:g}"] if r.editorial_score > 0 else []))
        r.voice = "editorial"
        r.why.append(f"commentary: the outlet argues ({what}) (rules 6, 10)")
    return r


# -- rule 10: interviews ----------------------------------------------------------------------------------------
def rule10_interview_turn(ev: SentenceEvidence, st: Reading) -> VoiceResult:
    """Rule 10: in an interview, a question is the outlet's (``report``); an answer is the
    interviewee's unless it has an attribution of its own."""
    if ev.question:
        return VoiceResult("report", why=["interview: the outlet's question (rule 8)"])
    r = label_body(ev, st)
    if r.voice == "attributed" and r.attribution_kind not in {"continuation"}:
        return r
    interviewee = st.interview or None
    return VoiceResult("attributed", interviewee, classify_source(interviewee) if interviewee else None, interviewee, None,
                       None, r.via, [f"interview: an answer of {interviewee or 'the interviewee'} (rule 4)"], 0, len(ev.text),
                       "continuation")


# -- rule 7: headlines ----------------------------------------------------------------------------------------
def _content_tokens(text: str) -> set[str]:
    stop = source_words()["stop"] | {"و", "این", "آن", "است", "شد", "کرد", "برای", "یک", "بر", "هر", "خود"}
    toks = re.findall(r"[^\s\u200c.,،؛:!؟?«»()\"'\-–—/|]+", text)
    return {t for t in toks if len(t) > 2 and t not in stop}


def _best_name(target: VoiceResult) -> str | None:
    """The fullest name the body gives the target's speaker (a name over «وی»)."""
    if target.source_type == "named" and target.source:
        return target.source
    return target.speaker or target.source


def rule7_headline(ev: SentenceEvidence, body: list[tuple[SentenceEvidence, VoiceResult]], st: Reading) -> VoiceResult:
    """Rule 7: headlines follow the same rules — «ظریف: …» and speech-act headlines («کنایه X به
    …») are attributed; a headline restating a claim the body attributes is attributed to that
    claim's speaker; a plain number or event, or the outlet's own framing device, is not."""
    text = ev.text
    if ev.title_attribution is not None:
        return rule5_attributed(ev.title_attribution, [], ["headline (rule 7)"], None)
    src = ev.title_speech_source
    if src:
        return VoiceResult("attributed", src, classify_source(src), src, text.split()[0], "neutral", [],
                           [f"headline names a speech act of {src} (rule 7)"], 0, len(text), "title_noun")
    # a headline that restates a claim the body attributes (rule 7) — unless the body's own
    # report of it overlaps as much (then the headline restates the outlet's report)
    t_tokens = _content_tokens(text)
    best, best_overlap, own_overlap = None, 0.0, 0.0
    for bev, br in body[:12]:
        if not t_tokens or br.why and br.why[0].startswith("boilerplate"):
            continue
        if br.voice != "attributed":
            own_overlap = max(own_overlap, len(t_tokens & _content_tokens(bev.text)) / len(t_tokens))
            continue
        seg = bev.text[br.content_start : br.content_end] if br.content_start >= 0 else bev.text
        overlap = len(t_tokens & _content_tokens(seg)) / len(t_tokens)
        if overlap > best_overlap:
            best, best_overlap = br, overlap
    first_person = ev.first_person
    title_score, title_why = editorial_signals(text, ev.loaded)
    framing_device = any(h.category == "sensational" for h in ev.loaded) or any(
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
    score, reasons = editorial_signals(text, ev.loaded, spans_outlet=outlet_spans(text), headline=True)
    return rule6_outlet_voice(score, reasons, [], ["headline in the outlet's voice (rule 7)"], st)


# -- an article ----------------------------------------------------------------------------------------------
def _is_report_outlet(name: str | None) -> bool:
    if not name:
        return False
    return registry().lookup(name) is not None or name.split(" ", 1)[0] in source_words()["outlet"]


def _remember(r: VoiceResult, st: Reading, text: str = "") -> None:
    """After an attributed body sentence: who spoke last (rule 4) and whether a third party's report
    was introduced (rule 11)."""
    rule4_resolve_speaker(r, st, text)
    if r.speaker and r.source_type in {"named", "pronoun"} or (r.attribution_kind == "continuation" and r.speaker):
        st.last_speaker = r.speaker
    if r.cue_class is not None and r.attribution_kind in {"verb", "frame", "credit"} and (
        (r.source_type == "named" and _is_report_outlet(r.source)) or (r.cue or "").startswith(REPORT_CUES)
        or r.attribution_kind == "credit"
    ):
        st.report_source = r.source


def _interviewee(ev: SentenceEvidence, st: Reading) -> str | None:
    """Who answers, once an interview begins (rule 10): the person its introduction names
    («گفت‌وگو با X»; «با وی» is the last speaker), else the last named speaker."""
    name = ev.interviewee or st.interviewee
    if name and classify_source(name) == "pronoun" and st.last_speaker:
        return st.last_speaker
    return name or st.last_speaker


def rule10_interview_begins(ev: SentenceEvidence, st: Reading) -> None:
    """Rule 10: an interview begins after its introduction («مشروح گفت‌وگو را بخوانید»), or at the
    first question of an article whose genre is ``interview`` (question-and-answer turns)."""
    if st.version < 2:
        if ev.interview_intro_v1 and st.last_speaker and st.interview is None:
            st.interview = st.last_speaker
        return
    if ev.interviewee:
        st.interviewee = ev.interviewee
    if st.interview is not None or ev.boilerplate:
        return
    if ev.interview_intro or (st.genre == "interview" and ev.question):
        st.interview = _interviewee(ev, st) or ""  # "": an interview whose interviewee the text does not name


def decide(evidence: list[SentenceEvidence], *, lexicon=None, editorial_threshold: float = EDITORIAL_THRESHOLD,
           continue_indirect: bool = False, genre: str | None = None, version: int = 2) -> list[VoiceResult]:
    """The rules over one article's evidence: the body in order (remembering speakers), then the
    headline against the body (rule 7), then the opinion-piece pass (rule 6). ``genre`` is the
    article's (``articles.parquet``): an interview's answers are the interviewee's (rule 10)."""
    st = Reading([], lexicon, editorial_threshold=editorial_threshold, continue_indirect=continue_indirect, genre=genre,
                 opinion=genre == "commentary" or any(ev.own_column for ev in evidence), version=version)
    results: list[VoiceResult | None] = [None] * len(evidence)
    title = next((ev for ev in evidence if ev.part == "title"), None)
    if title is not None:
        seed = title.title_speech_source or title.title_colon_source
        if seed:  # «کنایه زیباکلام …» then a body that opens with his quote
            st.prev = VoiceResult("attributed", seed, classify_source(seed), seed, attribution_kind="title_quote")
            st.last_speaker = seed
    for i, ev in enumerate(evidence):
        if ev.part == "title":
            continue
        if version >= 2 and genre == "interview" and st.interview is None and ev.question:
            rule10_interview_begins(ev, st)
        context = st.interview or (st.prev.speaker or st.prev.source if st.prev is not None and st.prev.voice == "attributed"
                                   else None) or st.last_speaker
        if st.interview is not None and not ev.boilerplate:
            results[i] = st.prev = rule10_interview_turn(ev, st)
            results[i].context_speaker = context
            continue
        r = label_body(ev, st)
        r.context_speaker = context
        content = ev.text[max(0, r.content_start) :]
        r.closed_quote = r.voice == "attributed" and ev.text.rstrip(" .").endswith("»") and (
            "«" in content or (version >= 2 and st.quote_open))
        results[i] = r
        if r.voice == "attributed":
            _remember(r, st, ev.text)
            balance = content.count("«") - content.count("»")
            if r.attribution_kind != "continuation":
                st.quote_open, st.quote_paragraph = balance > 0, ev.paragraph
            else:  # a quotation stays open only within its paragraph
                st.quote_open = st.quote_open and balance >= 0 and ev.paragraph == st.quote_paragraph
        elif not ev.boilerplate:
            st.quote_open = False
        if not ev.boilerplate:
            st.prev = r
            st.prev_paragraph = ev.paragraph
        rule10_interview_begins(ev, st)
    body = [(ev, r) for ev, r in zip(evidence, results) if r is not None]
    for i, ev in enumerate(evidence):
        if ev.part == "title":
            results[i] = rule7_headline(ev, body, st)
    rule6_opinion_piece(results)
    return results


def label_article(sentences: list[dict], *, chain: list[str] | None = None, lexicon=None, genre: str | None = None,
                  editorial_threshold: float = EDITORIAL_THRESHOLD, continue_indirect: bool = False,
                  version: int = 2) -> list[VoiceResult]:
    """Label the sentences of one article (dicts with ``text``, ``part``, ``boilerplate``)."""
    lexicon = lexicon or load_lexicon()
    evidence = extract(sentences, chain=chain, lexicon=lexicon)
    return decide(evidence, lexicon=lexicon, editorial_threshold=editorial_threshold, continue_indirect=continue_indirect,
                  genre=genre, version=version)


class VoiceRules:
    """The rule model's parameters; :meth:`label_article` labels one article. ``version`` 2 (the
    default, ``voice.rules.v2``) adds to ``voice.rules.v1`` the article's genre (an interview's
    answers, rule 10), quotations that stay open (rule 4), the outlet's own columns and the
    arguing sentences of a commentary (rule 10)."""

    def __init__(self, *, editorial_threshold: float = EDITORIAL_THRESHOLD, continue_indirect: bool = False,
                 version: int = 2) -> None:
        self.editorial_threshold = editorial_threshold
        self.continue_indirect = continue_indirect
        self.version = version

    def label_article(self, sentences: list[dict], *, chain: list[str] | None = None, lexicon=None,
                      genre: str | None = None) -> list[VoiceResult]:
        return label_article(sentences, chain=chain, lexicon=lexicon, genre=genre, editorial_threshold=self.editorial_threshold,
                             continue_indirect=self.continue_indirect, version=self.version)


@functools.cache
def default_rules() -> VoiceRules:
    return VoiceRules()
