"""Voice: whose claim is each sentence? ``attributed`` / ``report`` / ``editorial``.

The rule model (registered as ``voice.rules.v1``) follows ``../shared/annotation/GUIDELINES.md``
in order of precedence, and every decision says which rule fired (``why``):

1. the article's own credit chain is not attribution («به گزارش تابناک به نقل از ایرنا»);
   a credit to an outlet outside the chain is (unless it relays a plain event);
2. «بنا بر این گزارش» / «گفتنی است» … introduce the outlet's own voice, unless the body
   introduced a third-party report that it continues;
3. described but unnamed sources are attributed; agentless forms («گفته می‌شود») are not;
4. a sentence continuing a quote or statement carries the previous speaker;
5. an attributed main clause makes the sentence attributed, whatever epithets the outlet adds;
6. in the outlet's voice, evaluation (loaded wording that judges, intensifiers, speculation,
   imputed motives, rhetorical questions, exclamations) makes it editorial; a routine name
   alone («رژیم صهیونیستی») does not;
7. headlines follow the same rules; a headline restating a claim of the body is attributed to
   that claim's speaker;
8. speech acts (thanked, condemned …) are attributed, physical acts and events are not;
9. quoted documents are attributed to the document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from framing.attribution import Attribution, classify_source, cue_hits, find_attribution, minimal_source, source_words
from framing.credits import Credit, credit_key, find_credits
from framing.matcher import PhraseMatcher
from framing.resources import read_tsv

EDITORIAL_THRESHOLD = 2.5
EXCLAMATION_WEIGHT = 2.5  # an exclamation or a question in the outlet's own voice is editorial by itself
TEASER_WEIGHT = 1.5  # a question headline («خرید تابستانی منچستریونایتد کیست؟») is a teaser unless more evaluates
OPINION_MIN_EDITORIAL = 2  # an article with at least this many editorial sentences …
OPINION_SHARE = 0.3  # … making up this share of the outlet's own sentences is an opinion piece
OPINION_THRESHOLD = 1.5  # … where milder evaluation is editorial too
# categories whose presence in the outlet's voice judges rather than names (guidelines rule 6)
JUDGING = {
    "criminalization": 1.0, "illegitimacy": 1.0, "atrocity": 1.0, "proxy_conspiracy": 1.0,
    "imputed_motive": 1.0, "pejorative": 1.0, "sensational": 1.0, "intensifier": 1.0,
    "distancing": 1.0, "glorifying": 0.5, "derogatory_naming": 0.0, "terror_label": 0.0, "honorific": 0.0,
}
FIRST_PERSON = re.compile(r"(?:^|\s)(?:ما|اینجانب|من|امیدواریم|امیدوارم|معتقدیم|می\u200c?(?:کنیم|خواهیم|دانیم|کنم|دانم)|داریم|هستیم|خواهیم|نمی\u200c?(?:کنیم|دهیم|کنم))(?:\s|$|[.،!؟])")
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


@functools.cache
def evaluative_matcher() -> PhraseMatcher:
    from framing.normalize import normalize

    m = PhraseMatcher()
    for r in read_tsv("evaluative_signals.tsv", required=("phrase", "signal", "weight")):
        m.add(normalize(r["phrase"]), (r["signal"], float(r["weight"])))
    return m


def editorial_signals(text: str, loaded_hits, *, spans_outlet=None, headline: bool = False) -> tuple[float, list[str]]:
    """Editorial score of (the outlet-voice part of) a sentence, with the reasons."""
    def in_outlet(s, e):
        return spans_outlet is None or any(a <= s and e <= b for a, b in spans_outlet)

    score, why = 0.0, []
    for h in loaded_hits:
        factor = JUDGING.get(h.category, 0.0)
        if factor and in_outlet(h.start, h.end):
            w = h.weight * factor
            score += w
            why.append(f"loaded «{h.text}» ({h.category}, +{w:g})")
    for h in evaluative_matcher().find(text):
        signal, w = h.payload
        if in_outlet(h.start, h.end):
            score += w
            why.append(f"{signal} «{text[h.start:h.end]}» (+{w:g})")
    for h in cue_hits(text):
        if h.payload.kind == "speculation" and in_outlet(h.start, h.end):
            score += 1.5
            why.append(f"speculation «{text[h.start:h.end]}» (+1.5)")
    tail = text.rstrip(" »\"')")
    if tail.endswith("!") and in_outlet(len(tail) - 1, len(tail)):
        score += EXCLAMATION_WEIGHT
        why.append(f"exclamation (+{EXCLAMATION_WEIGHT:g})")
    if tail.endswith(("؟", "?")) and in_outlet(len(tail) - 1, len(tail)):
        w = TEASER_WEIGHT if headline else EXCLAMATION_WEIGHT
        score += w
        why.append(f"{'question headline' if headline else 'rhetorical question'} (+{w:g})")
    return score, why


_QUOTE_RE = re.compile(r"«[^«»]{1,300}»")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """«…» stretches: words the outlet marks as someone else's («توطئه علیه ایران»)."""
    return [m.span() for m in _QUOTE_RE.finditer(text)]


def outlet_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """[start, end) minus the quoted stretches: what the outlet itself says."""
    out, pos = [], start
    for a, b in quote_spans(text):
        if b <= start:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < len(text):
        out.append((pos, len(text)))
    return out


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


def _content_tokens(text: str) -> set[str]:
    stop = source_words()["stop"] | {"و", "این", "آن", "است", "شد", "کرد", "برای", "یک", "بر", "هر", "خود"}
    toks = re.findall(r"[^\s\u200c.,،؛:!؟?«»()\"'\-–—/|]+", text)
    return {t for t in toks if len(t) > 2 and t not in stop}


def _title_source(title: str) -> str | None:
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


class VoiceRules:
    """The transparent rule model. Stateless: one call labels one article."""

    def __init__(self, *, editorial_threshold: float = EDITORIAL_THRESHOLD, continue_indirect: bool = False) -> None:
        self.editorial_threshold = editorial_threshold
        self.continue_indirect = continue_indirect

    def label_article(self, sentences: list[dict], *, chain: list[str] | None = None, lexicon=None) -> list[VoiceResult]:
        """Label the sentences of one article (dicts with ``text``, ``part``, ``boilerplate``)."""
        from framing.loaded import load_lexicon

        lexicon = lexicon or load_lexicon()
        chain_keys = [credit_key(c) for c in (chain or [])]
        results: list[VoiceResult | None] = [None] * len(sentences)
        prev: VoiceResult | None = None
        last_speaker: str | None = None
        report_source: str | None = None  # a third-party report the body introduced (rule 2)
        roles: dict[str, str] = {}  # role phrase -> the name the article gives it
        title = next((s for s in sentences if s.get("part") == "title"), None)
        if title is not None:
            seed = _title_source(title["text"]) or _colon_source(title["text"])
            if seed:  # «کنایه زیباکلام …» then a body that opens with his quote
                prev = VoiceResult("attributed", seed, classify_source(seed), seed, attribution_kind="title_quote")
                last_speaker = seed
        interview: str | None = None  # the interviewee, once an interview begins
        for i, s in enumerate(sentences):
            if s.get("part") == "title":
                continue
            if interview and not s.get("boilerplate"):
                r = self._interview_turn(s, interview, chain_keys, lexicon, prev, last_speaker, report_source)
                results[i] = r
                prev = r
                continue
            r = self._label_body(s, chain_keys, lexicon, prev, last_speaker, report_source)
            r.closed_quote = r.voice == "attributed" and s["text"].rstrip(" .").endswith("»") and "«" in s["text"][max(0, r.content_start) :]
            results[i] = r
            if r.voice == "attributed":
                self._resolve(r, roles, last_speaker)
                if r.speaker and r.source_type in {"named", "pronoun"} or (r.attribution_kind == "continuation" and r.speaker):
                    last_speaker = r.speaker
                reports = ("گزارش", "نوشت", "خبر داد", "خبر داده", "خبر دادند")
                if r.cue_class is not None and r.attribution_kind in {"verb", "frame", "credit"} and (
                    (r.source_type == "named" and _is_report_outlet(r.source)) or (r.cue or "").startswith(reports)
                    or r.attribution_kind == "credit"
                ):
                    report_source = r.source
            if not s.get("boilerplate"):
                prev = r
            if INTERVIEW_INTRO.search(s["text"]) and last_speaker:
                interview = last_speaker
        body = [(s, r) for s, r in zip(sentences, results) if r is not None]
        for i, s in enumerate(sentences):
            if s.get("part") == "title":
                results[i] = self._label_title(s, body, chain_keys, lexicon)
        self._opinion_pass([r for r in results if r is not None])
        return results

    def _opinion_pass(self, results: list[VoiceResult]) -> None:
        """In an opinion piece (several editorial sentences making up a good share of the outlet's
        own sentences) milder evaluation also counts: the genre lowers the threshold (rule 6)."""
        own = [r for r in results if r.voice in {"report", "editorial"} and r.why and not r.why[0].startswith("boilerplate")]
        editorial = [r for r in own if r.voice == "editorial"]
        if len(editorial) < OPINION_MIN_EDITORIAL or len(editorial) < OPINION_SHARE * len(own):
            return
        for r in own:
            if r.voice == "report" and r.editorial_score >= OPINION_THRESHOLD:
                r.voice = "editorial"
                r.why.append(f"opinion piece ({len(editorial)} of {len(own)} own sentences editorial): score "
                             f"{r.editorial_score:g} ≥ {OPINION_THRESHOLD:g} (rule 6)")

    # -- body ---------------------------------------------------------------------------------
    def _label_body(self, s, chain_keys, lexicon, prev, last_speaker, report_source) -> VoiceResult:
        text = s["text"]
        if s.get("boilerplate"):
            return VoiceResult("report", why=[f"boilerplate ({s['boilerplate']})"])
        via, own, third = _credits_in(text, chain_keys)
        why: list[str] = []
        clause = 0
        for c in (own, third):
            if c is not None and c.start <= 3:
                clause = max(clause, _skip(text, c.end))
        if own is not None:
            why.append("own credit chain is not attribution (rule 1)")
        hits = cue_hits(text)
        marker = next((h for h in hits if h.payload.kind == "outlet_marker" and h.start <= clause + 2), None)
        if marker is not None:
            clause = _skip(text, marker.end)
            if report_source and marker.payload.lemma.replace("\u200c", " ").startswith(("بنا بر", "بنابر", "بنا به", "بر اساس", "براساس", "طبق")):
                return VoiceResult("attributed", report_source, classify_source(report_source), report_source,
                                   marker.payload.lemma, "neutral", via,
                                   [f"«{marker.payload.lemma}» continues the report of {report_source} (rule 2)"], clause, len(text), "marker")
            why.append(f"«{marker.payload.lemma}» introduces the outlet's own voice (rule 2)")
        att = find_attribution(text, clause_start=clause, hits=hits)
        if att is not None and att.source and chain_keys and credit_key(att.source) in chain_keys:
            why.append(f"«{att.source}» is in the article's own chain (rule 1)")
            att = None
        if att is not None and marker is not None and "؛" in text[clause : att.cue_start]:
            why.append("the outlet's marker governs the sentence; the report sits in a later clause (rule 2)")
            att = None
        if att is not None and att.cue_kind == "belief" and att.source_start >= 0:
            labels = [h for h in lexicon.find(text[att.source_start : att.source_end])
                      if h.category in {"terror_label", "derogatory_naming", "illegitimacy", "criminalization"}]
            if labels:  # «تروریست‌ها معتقدند …»: the outlet reads the minds of a group it labels
                why.append(f"belief imputed to «{att.source}», a group the outlet labels ({labels[0].category}): "
                           "the outlet's interpretation (rules 3, 6) (+2)")
                r = self._outlet(text, via, why, lexicon, spans=outlet_spans(text, clause))
                r.editorial_score += 2
                if r.editorial_score >= self.editorial_threshold:
                    r.voice = "editorial"
                return r
        if att is not None and own is not None and len(own.links) >= 2 and own.links[-1].outlet_id is None and (
            att.source is None or att.source_type == "document"
        ):
            # «به گزارش … به نقل از روابط عمومی قرارگاه …، در اطلاعیه‌ای … خبر داد»: the press office speaks
            att.source, att.source_type, att.source_np = own.links[-1].surface, "named", own.links[-1].surface
            att.why.append("speaker taken from the credit's last link")
        if att is not None:
            return self._attributed(att, via, why, last_speaker)
        if third is not None and marker is None:
            r = self._third_party(text, third, via, why, lexicon, clause)
            if r is not None:
                return r
        if own is None and marker is None and prev is not None and prev.voice == "attributed" and self._continues(text, prev, hits):
            speaker = prev.speaker or prev.source
            source = prev.source or speaker
            return VoiceResult("attributed", source, prev.source_type or (classify_source(source) if source else None), speaker,
                               None, None, via, why + [f"continues the statement of {source} (rule 4)"], 0, len(text), "continuation")
        impersonal = [h for h in hits if h.payload.kind == "impersonal"]
        if impersonal:
            why.append(f"agentless «{text[impersonal[0].start:impersonal[0].end]}» keeps the outlet's voice (rule 3)")
        return self._outlet(text, via, why, lexicon, spans=[(clause, len(text))])

    @staticmethod
    def _resolve(r: VoiceResult, roles: dict, last_speaker: str | None) -> None:
        """``speaker``: who really speaks — «وی» and «این پژوهشگر» resolve to the last named speaker,
        a role to the name the article gave it («معاون بیمارستان» -> «احمد ابراهیم»), a document
        anaphor («این بیانیه») to its author."""
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

    def _attributed(self, att: Attribution, via, why, last_speaker) -> VoiceResult:
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

    def _third_party(self, text, credit: Credit, via, why, lexicon, clause) -> VoiceResult | None:
        """«به گزارش رویترز، …» in a story of another outlet (rule 1)."""
        content = text[clause:]
        hits = lexicon.find(content)
        score, _ = editorial_signals(content, hits)
        name = credit.names[0]
        # a plain relayed event: nothing evaluative, nobody quoted («به گزارش رویترز، جزئیات … قرار
        # است روز سه‌شنبه اعلام شود»; «… وارد بغداد شد و با مقامات دیدار کرد»)
        quotes = [q for q in re.findall(r"«([^«»]*)»", content) if len(q.split()) > 4]  # not a title like «باغ بهاری»
        plain = score == 0 and not quotes
        if plain:
            return VoiceResult("report", via=via, why=why + [f"credit to {name} relays a plain event (rule 1)"])
        return VoiceResult("attributed", name, "named", name, "به گزارش", "neutral", via,
                           why + [f"credit to {name}, outside the article's chain (rule 1)"], clause, len(text), "credit")

    def _interview_turn(self, s, interviewee, chain_keys, lexicon, prev, last_speaker, report_source) -> VoiceResult:
        """In an interview: a question is the outlet's (report, not rhetorical); an answer is the
        interviewee's unless it has an attribution of its own."""
        text = s["text"]
        if text.rstrip(" »\"'").endswith(("؟", "?")):
            return VoiceResult("report", why=["interview: the outlet's question (rule 8)"])
        r = self._label_body(s, chain_keys, lexicon, prev, last_speaker, report_source)
        if r.voice == "attributed" and r.attribution_kind not in {"continuation"}:
            return r
        return VoiceResult("attributed", interviewee, classify_source(interviewee), interviewee, None, None, r.via,
                           [f"interview: an answer of {interviewee} (rule 4)"], 0, len(text), "continuation")

    def _continues(self, text: str, prev: VoiceResult, hits) -> bool:
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
            or (self.continue_indirect and prev.attribution_kind == "verb" and prev.content_after_cue)
        )
        return bool(open_statement) and len(stripped.split()) >= 4

    def _outlet(self, text, via, why, lexicon, spans, *, headline: bool = False) -> VoiceResult:
        hits = lexicon.find(text)
        score, reasons = editorial_signals(text, hits, spans_outlet=spans, headline=headline)
        if score >= self.editorial_threshold:
            return VoiceResult("editorial", via=via, why=why + reasons + [f"outlet voice, evaluative score {score:g} ≥ {self.editorial_threshold:g} (rule 6)"], editorial_score=score)
        tail = f"outlet voice, evaluative score {score:g} < {self.editorial_threshold:g}" if reasons else "outlet voice, no evaluative signal"
        return VoiceResult("report", via=via, why=why + reasons + [tail], editorial_score=score)

    # -- title --------------------------------------------------------------------------------
    def _label_title(self, s, body, chain_keys, lexicon) -> VoiceResult:
        text = s["text"]
        hits = cue_hits(text)
        att = find_attribution(text, hits=hits)
        if att is not None and not (att.source and chain_keys and credit_key(att.source) in chain_keys):
            r = self._attributed(att, [], ["headline (rule 7)"], None)
            return r
        src = _title_source(text)
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
        loaded_hits = lexicon.find(text)
        title_score, title_why = editorial_signals(text, loaded_hits)
        framing_device = any(h.category == "sensational" for h in loaded_hits) or any(
            w.startswith(("exclamation", "rhetorical")) for w in title_why
        )
        plain_number = re.search(r"[۰-۹0-9]", text) and title_score == 0 and not first_person
        needed = 0.3 if title_score > 0 else 0.5
        if framing_device or own_overlap >= best_overlap:
            best = None  # «پشت‌پرده …!»: the outlet's framing; «دیدار …»: the outlet's own report
        if best is not None and not plain_number and (best_overlap >= needed or (first_person and best_overlap > 0)):
            src = _best_name(body, best)
            return VoiceResult("attributed", src, classify_source(src) if src else None, src, None, None, [],
                               [f"headline restates a claim the body attributes to {src} (overlap {best_overlap:.2f}, rule 7)"],
                               0, len(text), "title_restates")
        if first_person:
            first = next((br for _, br in body if br.voice == "attributed"), None)
            if first is not None:
                src = _best_name(body, first)
                return VoiceResult("attributed", src, classify_source(src) if src else None, src, None, None, [],
                                   [f"first-person headline quotes {src} (rule 7)"], 0, len(text), "title_restates")
        return self._outlet(text, [], ["headline in the outlet's voice (rule 7)"], lexicon, spans=outlet_spans(text), headline=True)


def _has_verb(text: str) -> bool:
    from framing.loaded import _verb_forms

    verbs = _verb_forms()
    toks = re.findall(r"[^\s.,،؛:!؟?«»()\"']+", text.replace("\u200c", " "))
    if any(t in verbs for t in toks) or any(f"{a} {b}" in verbs for a, b in zip(toks, toks[1:])):
        return True
    return any(t in {"است", "بود", "هست", "نیست", "باشد", "شد"} or t.endswith(("ند", "اند")) for t in toks)


def _colon_source(title: str) -> str | None:
    from framing.attribution import _colon_attribution

    a = _colon_attribution(title, 0, cue_hits(title))
    return a.source if a else None


def _best_name(body, target: VoiceResult) -> str | None:
    """The fullest name the body gives the target's speaker (a name over «وی»)."""
    name = target.speaker or target.source
    if target.source_type == "named" and target.source:
        return target.source
    return name


def _is_report_outlet(name: str | None) -> bool:
    if not name:
        return False
    from framing.outlets import registry

    return registry().lookup(name) is not None or name.split(" ", 1)[0] in source_words()["outlet"]


@functools.cache
def default_rules() -> VoiceRules:
    return VoiceRules()
