"""Named features for the learned voice deciders, from the evidence of :mod:`framing.voice.evidence`.

One row per sentence, one column per entry of :data:`FEATURES` (name and meaning). Three
groups:

* **the sentence**: its attribution (kind, cue kind and class, how the cue introduces the
  content, the source's type), credits and markers (rules 1, 2), agentless forms (rule 3), what a
  continuation needs (rule 4), evaluation in the outlet's part — loaded phrases by category,
  evaluative phrases, stance cues (``resources/fa/stance_cues.tsv``), questions, exclamations,
  first person — and its place (headline, lead, paragraph start, position);
* **its neighbours**: the same few signals of the sentences before and after, how far back the
  last attribution was, whether a «…» opened earlier is still open;
* **the article**: its genre (``articles.parquet``), the shares of its sentences that attribute,
  ask, speak in the first person or evaluate, and the headline's shape;

plus the rule model's decision for the sentence and its neighbours (:mod:`framing.voice.rules`):
the learned deciders learn where the rules hold and where they do not.

No feature names an outlet: a decider must work on outlets it never saw.
"""

from __future__ import annotations

import math
import re

import numpy as np

from framing.lexicon.loaded import CATEGORIES
from framing.voice.evidence import SUPERLATIVE
from framing.voice.signals import JUDGING, STANCE, evaluative_hits, stance_hits

VOICES = ("attributed", "report", "editorial")
ATT_KINDS = ("verb", "frame", "document", "as_follows", "colon", "credit")
CUE_KINDS = ("speech", "act", "belief", "writing", "source_after", "source_after_agent", "document", "as_follows",
             "paraphrase", "colon")
CUE_CLASSES = ("neutral", "distancing", "endorsing")
SOURCE_TYPES = ("named", "unnamed", "pronoun", "document")
RULE_KINDS = ("verb", "frame", "document", "as_follows", "colon", "credit", "continuation", "marker", "title_noun",
              "title_restates")
SIGNALS = ("judgment", "stance", "certainty", "deontic", "interpretation")
GENRES = ("news", "interview", "commentary", "speech", "press_release")
_QUOTED = re.compile(r"«[^«»]*»")
_DIGIT = re.compile(r"[0-9۰-۹]")
_SECOND_PERSON = re.compile(r"(?:^|\s)(?:شما|تان)(?:\s|$|[.،؟])|ید[؟?]?$")


def _names() -> list[tuple[str, str]]:
    f: list[tuple[str, str]] = [
        ("title", "the headline"), ("lead", "the first body sentence"), ("last", "the last body sentence"),
        ("position", "place in the article, 0 (first) to 1 (last)"), ("paragraph_start", "first sentence of its paragraph"),
        ("boilerplate", "boilerplate (credit line, «انتهای پیام», crawl debris)"),
        ("n_words", "log(1 + words)"), ("question", "ends with «؟»"), ("exclamation", "contains «!»"),
        ("whole_quote", "«…» from start to end"), ("starts_quote", "starts with «"), ("ends_quote", "ends with »"),
        ("quoted_share", "share of characters inside «…»"), ("digits", "contains a number"),
        ("list_item", "starts like a list item («- »، «۱.»)"),
        ("att", "an attribution was found (after the static filters of rules 1, 2)"),
    ]
    f += [(f"att_kind={k}", f"the attribution is a {k}") for k in ATT_KINDS]
    f += [(f"cue_kind={k}", f"its cue is of kind {k}") for k in CUE_KINDS]
    f += [(f"cue_class={k}", f"its cue is {k}") for k in CUE_CLASSES]
    f += [(f"source_type={k}", f"its source is {k}") for k in SOURCE_TYPES]
    f += [
        ("att_no_source", "the attribution has no subject (the speaker comes from context)"),
        ("att_intro", "the cue introduces the content («:»، «که»، «»)"),
        ("att_content_share", "share of the sentence that is attributed content"),
        ("att_cue_final", "the cue ends the clause"),
        ("own_credit", "carries the article's own credit chain (rule 1)"),
        ("outside_credit", "credits an outlet outside the chain (rule 1)"),
        ("outside_plain", "the outside credit relays a plain event (rule 1)"),
        ("own_chain_source", "the cue's subject is the article's own chain (rule 1)"),
        ("marker", "an outlet marker opens the clause («بنا بر این گزارش»، «گفتنی است», rule 2)"),
        ("marker_governs", "the marker governs a later report (rule 2)"),
        ("labelled_belief", "a belief imputed to a group the outlet labels (rules 3, 6)"),
        ("impersonal", "an agentless form («گفته می‌شود», rule 3)"),
        ("breaker", "cannot continue a statement («گفتنی است», a crosshead; rule 4)"),
        ("meta_reference", "comments on a statement («این اظهارات …», rule 4)"),
        ("has_verb", "has a finite verb"), ("own_cue", "has a reporting verb or frame of its own"),
        ("first_person", "first person («ما»، «من»، «معتقدیم»)"), ("second_person", "addresses «شما»"),
        ("interview_intro", "announces an interview («مشروح گفت‌وگو را بخوانید»)"),
        ("score", "evaluative score of the outlet's part (rule 6)"),
        ("score_pos", "evaluative score > 0"),
        ("superlative", "a superlative («بدترین»)"),
    ]
    f += [(f"signal={k}", f"evaluative phrases of kind {k} (evaluative_signals.tsv)") for k in SIGNALS]
    f += [(f"stance={k}", f"stance cues of kind {k} (stance_cues.tsv)") for k in STANCE]
    f += [(f"loaded={c}", f"loaded phrases of category {c}") for c in CATEGORIES]
    f += [("loaded_judging", "weight of judging loaded phrases in the outlet's part"),
          ("loaded_any", "any loaded phrase")]
    f += [(f"rules={v}", f"the rule model says {v}") for v in VOICES]
    f += [(f"rules_kind={k}", f"the rule model's attribution kind is {k}") for k in RULE_KINDS]
    for side in ("prev", "next"):
        f += [(f"{side}_exists", f"there is a {side} body sentence"),
              (f"{side}_att", f"the {side} sentence has an attribution"),
              (f"{side}_question", f"the {side} sentence is a question"),
              (f"{side}_first_person", f"the {side} sentence is in the first person"),
              (f"{side}_score", f"evaluative score of the {side} sentence")]
        f += [(f"{side}_rules={v}", f"the rule model says {v} for the {side} sentence") for v in VOICES]
    f += [
        ("since_att", "log(1 + sentences since the last attribution)"),
        ("since_colon", "log(1 + sentences since the last «X گفت:» / «X:» introduction)"),
        ("in_quote", "a «…» opened in an earlier sentence is still open"),
        ("run_open", "an earlier sentence introduced a statement («X گفت:»، «X نوشت:»، «X:», an interview) and nothing closed it since"),
        ("run_len", "log(1 + sentences since that introduction)"),
        ("introduces", "the sentence introduces a statement (cue with «:» or «», a document, «X:», «… به شرح زیر است:»)"),
        ("doc_n", "log(1 + sentences in the article)"),
        ("doc_att", "share of the article's body sentences with an attribution"),
        ("doc_rules_att", "share the rule model calls attributed"), ("doc_rules_ed", "share the rule model calls editorial"),
        ("doc_questions", "share of questions"), ("doc_first_person", "share in the first person"),
        ("doc_quotes", "share with «…»"), ("doc_score", "mean evaluative score of sentences without attribution"),
        ("doc_stance", "mean stance cues per sentence"),
        ("doc_interview", "the article announces an interview or alternates questions and answers"),
        ("title_colon", "the headline is «X: …»"), ("title_speech", "the headline names a speech act"),
    ]
    f += [(f"genre={g}", f"the article's genre is {g}") for g in GENRES]
    f += [("genre_quoted", "share of the article's sentences that quote someone (genre evidence)"),
          ("genre_first_person", "share in the first person (genre evidence)"),
          ("genre_qa_turns", "log(1 + question-answer turns) (genre evidence)"),
          ("genre_byline", "a signed byline opens the article (genre evidence)")]
    return f


FEATURES: list[tuple[str, str]] = _names()
FEATURE_NAMES: list[str] = [n for n, _ in FEATURES]
_INDEX = {n: i for i, n in enumerate(FEATURE_NAMES)}


def _outlet_part(ev) -> tuple[int, int, list[tuple[int, int]]]:
    """(start, end, source regions) of a sentence: the outlet's part is outside the attributed content."""
    att = ev.attribution if ev.part != "title" else ev.title_attribution
    start = ev.clause.start if ev.clause is not None else 0
    regions = []
    if att is not None and att.content_start >= 0:
        regions.append((att.content_start, max(att.content_start, att.content_end)))
    return start, len(ev.text), regions


def _sentence_row(ev, row: list) -> None:
    """Fill ``row`` (a list of zeros, one per feature) with the sentence's own features."""
    text = ev.text
    stripped = text.strip()
    i = _INDEX
    row[i["title"]] = ev.part == "title"
    row[i["boilerplate"]] = ev.boilerplate is not None
    row[i["n_words"]] = math.log1p(len(stripped.split()))
    row[i["question"]] = stripped.rstrip(" »\"'").endswith(("؟", "?"))
    row[i["exclamation"]] = "!" in text
    row[i["whole_quote"]] = stripped.startswith("«") and stripped.rstrip(".").endswith("»")
    row[i["starts_quote"]] = stripped.startswith(("«", '"'))
    row[i["ends_quote"]] = stripped.rstrip(". ").endswith(("»", '"'))
    if "«" in text:
        row[i["quoted_share"]] = sum(len(m) for m in _QUOTED.findall(text)) / max(1, len(text))
    row[i["digits"]] = _DIGIT.search(text) is not None
    row[i["list_item"]] = ev.list_item
    att = ev.attribution if ev.part != "title" else ev.title_attribution
    if att is not None:
        row[i["att"]] = 1
        if att.kind in ATT_KINDS:
            row[i[f"att_kind={att.kind}"]] = 1
        if att.cue_kind in CUE_KINDS:
            row[i[f"cue_kind={att.cue_kind}"]] = 1
        if att.cue_class in CUE_CLASSES:
            row[i[f"cue_class={att.cue_class}"]] = 1
        if att.source_type in SOURCE_TYPES:
            row[i[f"source_type={att.source_type}"]] = 1
        row[i["att_no_source"]] = att.source is None
        row[i["att_intro"]] = att.intro is not None
        if att.content_start >= 0:
            row[i["att_content_share"]] = max(0, att.content_end - att.content_start) / max(1, len(text))
        row[i["att_cue_final"]] = att.content_end == att.cue_start or att.content_end <= att.cue_start
    c = ev.clause
    if c is not None:
        row[i["own_credit"]] = c.own is not None
        row[i["outside_credit"]] = c.third is not None
        row[i["marker"]] = c.marker is not None
    row[i["outside_plain"]] = bool(ev.outside_plain)
    row[i["own_chain_source"]] = ev.own_chain_source is not None
    row[i["marker_governs"]] = ev.marker_governs
    row[i["labelled_belief"]] = ev.labelled_belief is not None
    row[i["impersonal"]] = ev.impersonal is not None
    row[i["breaker"]] = ev.breaker
    row[i["meta_reference"]] = ev.meta_reference
    row[i["has_verb"]] = ev.has_verb if ev.part != "title" else True
    row[i["own_cue"]] = ev.own_cue
    row[i["first_person"]] = ev.first_person
    row[i["second_person"]] = _SECOND_PERSON.search(stripped.rstrip(" .!»")) is not None
    row[i["interview_intro"]] = ev.interview_intro
    row[i["score"]] = min(ev.score, 10.0)
    row[i["score_pos"]] = ev.score > 0
    start, end, regions = _outlet_part(ev)

    def outlet(h) -> bool:
        return h.start >= start and not any(a <= h.start and h.end <= b for a, b in regions)

    row[i["superlative"]] = "ترین" in text and SUPERLATIVE.search(text) is not None
    for h in evaluative_hits(text):
        if outlet(h) and h.payload[0] in SIGNALS:
            row[i[f"signal={h.payload[0]}"]] += 1
    for h in stance_hits(text):
        if outlet(h):
            row[i[f"stance={h.payload}"]] += 1
    judging = 0.0
    for h in ev.loaded:
        row[i[f"loaded={h.category}"]] += 1
        if outlet(h):
            judging += h.weight * JUDGING.get(h.category, 0.0)
    row[i["loaded_judging"]] = judging
    row[i["loaded_any"]] = bool(ev.loaded)


def article_features(evidence: list, decisions: list, *, genre: str | None = None,
                     genre_evidence: dict | None = None) -> np.ndarray:
    """The feature matrix of one article: ``evidence`` from :func:`framing.voice.evidence.extract`,
    ``decisions`` the rule model's :class:`~framing.voice.rules.VoiceResult` for the same sentences,
    ``genre`` and ``genre_evidence`` from ``articles.parquet`` (:mod:`framing.ingest.genre`)."""
    n = len(evidence)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=float)
    i = _INDEX
    rows = []
    for ev in evidence:
        row = [0.0] * len(FEATURE_NAMES)
        _sentence_row(ev, row)
        rows.append(row)
    X = np.array(rows, dtype=float)
    for k, r in enumerate(decisions):
        if r is None:
            continue
        if r.voice in VOICES:
            X[k, i[f"rules={r.voice}"]] = 1
        if r.attribution_kind in RULE_KINDS:
            X[k, i[f"rules_kind={r.attribution_kind}"]] = 1
    body = [k for k, ev in enumerate(evidence) if ev.part != "title"]
    real = [k for k in body if evidence[k].boilerplate is None]
    first, last = (real[0], real[-1]) if real else (None, None)
    if first is not None:
        X[first, i["lead"]] = 1
        X[last, i["last"]] = 1
    for pos, k in enumerate(body):
        X[k, i["position"]] = pos / max(1, len(body) - 1)
    # neighbours among the body sentences that are not boilerplate
    since_att = since_colon = 99
    quote_open = False
    prev_para = None
    title = next((ev for ev in evidence if ev.part == "title"), None)
    run = 0 if title is not None and (title.title_colon_source or title.title_speech_source) else None
    for j, k in enumerate(real):
        ev = evidence[k]
        X[k, i["paragraph_start"]] = prev_para is None or ev.paragraph != prev_para
        prev_para = ev.paragraph
        X[k, i["since_att"]] = math.log1p(min(since_att, 20))
        X[k, i["since_colon"]] = math.log1p(min(since_colon, 20))
        X[k, i["in_quote"]] = quote_open
        for side, other in (("prev", real[j - 1] if j > 0 else None), ("next", real[j + 1] if j + 1 < len(real) else None)):
            if other is None:
                continue
            X[k, i[f"{side}_exists"]] = 1
            for name in ("att", "question", "first_person", "score"):
                X[k, i[f"{side}_{name}"]] = X[other, i[name]]
            for v in VOICES:
                X[k, i[f"{side}_rules={v}"]] = X[other, i[f"rules={v}"]]
        X[k, i["run_open"]] = run is not None
        X[k, i["run_len"]] = math.log1p(min(run, 20)) if run is not None else 0.0
        att = ev.attribution
        intro = att is not None and (att.intro in {":", "«"} or att.kind in {"colon", "document", "as_follows"} or ev.announces)
        X[k, i["introduces"]] = intro
        if intro or ev.interview_intro:
            run = 0
        elif run is not None and (ev.breaker or (att is not None and att.source) or ev.clause.marker is not None
                                  or ev.clause.own is not None and k != first):
            run = None
        elif run is not None:
            run += 1
        since_att = 0 if att is not None else since_att + 1
        since_colon = 0 if att is not None and (att.intro == ":" or att.kind == "colon") else since_colon + 1
        opens, closes = ev.text.count("«"), ev.text.count("»")
        if opens > closes:
            quote_open = True
        elif closes > opens or (quote_open and ev.text.rstrip(" .").endswith("»")):
            quote_open = False
    # the article
    if real:
        rows = X[real]
        no_att = rows[:, i["att"]] == 0
        doc = {
            "doc_n": math.log1p(len(real)),
            "doc_att": rows[:, i["att"]].mean(),
            "doc_rules_att": rows[:, i["rules=attributed"]].mean(),
            "doc_rules_ed": rows[:, i["rules=editorial"]].mean(),
            "doc_questions": rows[:, i["question"]].mean(),
            "doc_first_person": rows[:, i["first_person"]].mean(),
            "doc_quotes": (rows[:, i["quoted_share"]] > 0).mean(),
            "doc_score": rows[no_att, i["score"]].mean() if no_att.any() else 0.0,
            "doc_stance": rows[:, [i[f"stance={s}"] for s in STANCE]].sum(axis=1).mean(),
        }
        questions = rows[:, i["question"]]
        alternating = int(((questions[:-1] == 1) & (questions[1:] == 0)).sum()) if len(questions) > 1 else 0
        doc["doc_interview"] = any(evidence[k].interview_intro for k in real) or alternating >= 3
        for name, value in doc.items():
            X[:, i[name]] = value
    title = next((ev for ev in evidence if ev.part == "title"), None)
    if title is not None:
        X[:, i["title_colon"]] = title.title_colon_source is not None
        X[:, i["title_speech"]] = title.title_speech_source is not None
    if genre in GENRES:
        X[:, i[f"genre={genre}"]] = 1
    if genre_evidence:
        X[:, i["genre_quoted"]] = genre_evidence.get("quoted") or 0.0
        X[:, i["genre_first_person"]] = genre_evidence.get("first_person") or 0.0
        X[:, i["genre_qa_turns"]] = math.log1p(genre_evidence.get("qa_turns") or 0)
        X[:, i["genre_byline"]] = bool(genre_evidence.get("byline"))
    return X
