"""One input record -> one article row and its sentence rows (the unit of ingestion).

:func:`build_article` normalizes the title and text (keeping offset maps back to the original),
finds the publisher and its credit chain, parses the date and splits the sentences;
:func:`build_batch` does it for a batch of records (a Dask worker's task). Everything a run does
around it — reading files, duplicates, the quarantine, writing Parquet — is in
:mod:`framing.ingest.run`.
"""

from __future__ import annotations

import hashlib
import json
import re

import pyarrow as pa

from framing.ingest.credits import find_credits, own_chain
from framing.ingest.dates import date_from_url, parse_date
from framing.ingest.genre import detect as detect_genre
from framing.ingest.normalize import PersianNormalizer, get_normalizer
from framing.ingest.outlets import registry
from framing.ingest.readers import Problem, RawRecord, map_fields
from framing.ingest.segment import DEFAULT_MAX_CHARS, split_sentences
from framing.ingest.streams import DEFAULT_MAX_RECORD_CHARS

__all__ = ["ARTICLE_SCHEMA", "DEFAULT_MAX_RECORD_CHARS", "SENTENCE_SCHEMA", "build_article", "build_batch", "field_type_problem"]
_UNKNOWN = {"", "unknown", "none", "null", "nan", "n/a", "na", "-"}
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]+")  # runs: counted by their lengths
_LATIN = re.compile("[A-Za-z]+")

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("record_id", pa.string()),
        ("outlet", pa.string()),
        ("outlet_id", pa.string()),
        ("outlet_source", pa.string()),
        ("chain", pa.list_(pa.string())),
        ("credit", pa.string()),
        ("date", pa.string()),
        ("date_calendar", pa.string()),
        ("date_raw", pa.string()),
        ("date_source", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("summary", pa.string()),
        ("original_title", pa.string()),
        ("original_text", pa.string()),
        ("url", pa.string()),
        ("language", pa.string()),
        ("source_file", pa.string()),
        ("source_line", pa.int64()),
        ("source_format", pa.string()),
        ("encoding", pa.string()),
        ("notes", pa.list_(pa.string())),
        ("extra", pa.string()),
        ("title_offsets", pa.list_(pa.int64())),
        ("text_offsets", pa.list_(pa.int64())),
        ("text_hash", pa.string()),
        ("duplicate_of", pa.string()),
        ("n_sentences", pa.int64()),
        ("n_chars", pa.int64()),
        ("genre", pa.string()),
        ("genre_evidence", pa.string()),
    ]
)
SENTENCE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("sent_id", pa.int64()),
        ("part", pa.string()),
        ("paragraph", pa.int64()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("orig_start", pa.int64()),
        ("orig_end", pa.int64()),
        ("boilerplate", pa.string()),
        ("overlong", pa.bool_()),
    ]
)


# -- one record -> one article ---------------------------------------------------------------------------
def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [str(v).strip() for v in value if v is not None and str(v).strip()]
        return "\n".join(parts) if parts else None
    if isinstance(value, float) and value != value:  # NaN from pandas/CSV
        return None
    s = str(value)
    return s if s.strip() else None


_SCALARS = (str, int, float)


def _type_name(value) -> str:
    if isinstance(value, (list, tuple)):
        inner = sorted({type(v).__name__ for v in value if v is not None and (isinstance(v, bool) or not isinstance(v, _SCALARS))})
        return f"a list holding {' and '.join(inner)}"
    return type(value).__name__


def field_type_problem(fields: dict, names: dict[str, str]) -> str | None:
    """Why one of our fields (text, title, id …) cannot be read as text, or ``None``.

    Text is a string (or a number: an id, a year); a list of them is joined (paragraphs). An
    object, a boolean, bytes, or a list holding any of those (or lists) is the wrong type: the
    record is quarantined rather than made into an article whose text is «{'a': ۱}»."""
    for canon, value in fields.items():
        if canon == "extra" or value is None:
            continue
        if isinstance(value, (list, tuple)):
            ok = all(v is None or (isinstance(v, _SCALARS) and not isinstance(v, bool)) for v in value)
        else:
            ok = not isinstance(value, (dict, bool, bytes, bytearray, set))
        if not ok:
            return f"field {names.get(canon, canon)!r} is {_type_name(value)}, expected text"
    return None


def _language(fields: dict, text: str) -> str:
    lang = _as_text(fields.get("language"))
    if lang:
        return lang.strip().lower()
    arabic = sum(map(len, _ARABIC_SCRIPT.findall(text, 0, 1500)))
    latin = sum(map(len, _LATIN.findall(text, 0, 1500)))
    return "fa" if arabic >= latin else "und"


def article_id_for(record_id: str | None, outlet: str | None, url: str | None, title: str, text: str) -> str:
    """Stable id from content: the same record always gets the same id."""
    h = hashlib.sha1(json.dumps([record_id or "", outlet or "", url or "", title, text], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()[:16]


def text_hash(title: str, text: str) -> str:
    """Hash of the normalized title and text, to find the same copy under different records."""
    return hashlib.sha1(f"{title}\n{text}".encode("utf-8")).hexdigest()[:16]


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def build_article(
    rec: RawRecord,
    *,
    normalizer: PersianNormalizer | None = None,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
    max_sentence_chars: int = DEFAULT_MAX_CHARS,
) -> tuple[dict, list[dict]] | Problem:
    """Turn one raw record into an article row and its sentence rows, or a :class:`Problem`."""
    normalizer = normalizer or get_normalizer()
    if rec.fmt in {"text", "html"}:  # built by the reader: strings only
        fields = rec.fields
    else:
        fields, names = map_fields(rec.fields)
        wrong = field_type_problem(fields, names)
        if wrong:
            return Problem(rec.source_file, rec.line, "bad_field_type", f"{wrong} (line {rec.line})",
                           json.dumps(rec.fields, ensure_ascii=False, default=_json_default)[:300])
    record_id = _as_text(fields.get("id"))
    text = _as_text(fields.get("text"))
    summary = _as_text(fields.get("summary"))
    title = _as_text(fields.get("title")) or ""
    if text is None and summary is not None:
        text, summary = summary, None  # RSS items: the summary is all the text there is
    if text is None:
        names = sorted(str(k) for k in (rec.fields.get("extra") or rec.fields))
        what = "title only" if title else f"fields: {', '.join(names[:12])}"
        return Problem(rec.source_file, rec.line, "no_text", f"no text ({what})", json.dumps(rec.fields, ensure_ascii=False, default=_json_default), record_id)
    if len(text) + len(title) > max_record_chars:
        return Problem(
            rec.source_file,
            rec.line,
            "too_large",
            f"record too large: {len(text) + len(title):,} characters (limit {max_record_chars:,}; raise ingest.max_record_chars)",
            text[:300],
            record_id,
        )
    body = normalizer.normalize_with_offsets(text)
    if not body.text.strip():
        return Problem(rec.source_file, rec.line, "no_text", "no text after normalization (only spaces, controls or markup)", text[:300], record_id)
    head = normalizer.normalize_with_offsets(title) if title else None

    reg = registry()
    outlet_field = _as_text(fields.get("outlet"))
    if outlet_field and outlet_field.strip().lower() in _UNKNOWN:
        outlet_field = None
    url = _as_text(fields.get("url"))
    publisher, outlet_source = None, None
    for source, candidate in (
        ("field", reg.lookup(outlet_field) if outlet_field else None),
        ("url", reg.from_url(url)),
        ("site", reg.lookup(_as_text(fields.get("site"))) or reg.from_url(_as_text(fields.get("hostname")))),
    ):
        if candidate is not None:
            publisher, outlet_source = candidate, source
            break
    credits = find_credits(body.text)
    own = own_chain(credits, publisher=publisher)
    if publisher is None and own is not None:
        publisher, outlet_source = reg.get(own.links[0].outlet_id), "credit"
    if own is not None:
        chain = own.names
        credit = body.text[own.start : own.end]
    else:
        chain = [publisher.name] if publisher else []
        credit = None
    outlet = publisher.name if publisher else (outlet_field or _as_text(fields.get("site")))
    if outlet is None and outlet_field is None:
        outlet_source = None
    elif publisher is None:
        outlet_source = "field (unknown outlet)"

    date_raw = _as_text(fields.get("date"))
    parsed = parse_date(date_raw, calendar=fields.get("date_calendar")) if date_raw else None
    date_source = "field" if parsed else None
    if parsed is None and url:
        url_outlet = reg.from_url(url)
        parsed = date_from_url(url, url_outlet.url_date if url_outlet else None)
        date_source = "url" if parsed else None
    notes = list(rec.notes)
    if date_raw and parsed is None:
        notes.append(f"unparsed date {date_raw!r}")

    aid = article_id_for(record_id, outlet_field, url, title, text)
    spans = split_sentences(body.text, max_chars=max_sentence_chars)
    sentences: list[dict] = []
    sid = 0
    if head is not None and head.text.strip():
        ht = head.text.strip()
        s0 = head.text.index(ht)
        os_, oe = head.offsets.span(s0, s0 + len(ht))
        sentences.append(
            {"article_id": aid, "sent_id": 0, "part": "title", "paragraph": 0, "text": ht, "start": s0,
             "end": s0 + len(ht), "orig_start": os_, "orig_end": oe, "boilerplate": None, "overlong": False}
        )
        sid = 1
    if spans:
        starts = [s.start for s in spans]
        ends = [s.end for s in spans]
        ostarts, oends = body.offsets.spans(starts, ends)
        for k, sp in enumerate(spans):
            sentences.append(
                {"article_id": aid, "sent_id": sid + k, "part": "body", "paragraph": sp.paragraph,
                 "text": body.text[sp.start : sp.end], "start": sp.start, "end": sp.end,
                 "orig_start": int(ostarts[k]), "orig_end": int(oends[k]), "boilerplate": sp.boilerplate,
                 "overlong": sp.overlong}
            )
    genre, genre_evidence = detect_genre(head.text.strip() if head else "", sentences)
    extra = fields.get("extra")
    if rec.fmt in {"text", "html"}:
        extra = {k: v for k, v in fields.items() if k not in {"title", "text", "date", "url", "site", "date_calendar"}}
    article = {
        "article_id": aid,
        "record_id": record_id,
        "outlet": outlet,
        "outlet_id": publisher.id if publisher else None,
        "outlet_source": outlet_source,
        "chain": chain,
        "credit": credit,
        "date": parsed.iso if parsed else None,
        "date_calendar": parsed.calendar if parsed else None,
        "date_raw": date_raw or (parsed.raw if parsed else None),
        "date_source": date_source,
        "title": head.text.strip() if head else "",
        "text": body.text,
        "summary": normalizer.normalize(summary) if summary else None,
        "original_title": title,
        "original_text": text,
        "url": url,
        "language": _language(fields, body.text),
        "source_file": rec.source_file,
        "source_line": rec.line,
        "source_format": rec.fmt,
        "encoding": rec.encoding,
        "notes": notes,
        "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True, default=_json_default) if extra else None,
        "title_offsets": head.offsets.to_list() if head else [],
        "text_offsets": body.offsets.to_list(),
        "text_hash": text_hash(head.text if head else "", body.text),
        "duplicate_of": None,
        "n_sentences": len(sentences),
        "n_chars": len(body.text),
        "genre": genre,
        "genre_evidence": json.dumps(genre_evidence, ensure_ascii=False, sort_keys=True),
    }
    return article, sentences



def build_batch(records, max_record_chars: int, max_sentence_chars: int):
    """Worker task: build every raw record of a batch. Returns (meta per record, articles table,
    sentences table); tables carry ``_pos`` (the record's index in the batch)."""
    normalizer = get_normalizer()
    meta, arts, sents, a_pos, s_pos = [], [], [], [], []
    for i, rec in enumerate(records):
        built = build_article(rec, normalizer=normalizer, max_record_chars=max_record_chars,
                              max_sentence_chars=max_sentence_chars)
        if isinstance(built, tuple):
            article, sentences = built
            meta.append(("ok", article["article_id"], article["text_hash"], article["original_text"][:300],
                         article["record_id"]))
            arts.append(article)
            a_pos.append(i)
            sents.extend(sentences)
            s_pos.extend([i] * len(sentences))
        else:
            meta.append(("problem", built))
    a = pa.Table.from_pylist(arts, schema=ARTICLE_SCHEMA).append_column("_pos", pa.array(a_pos, pa.int32()))
    s = pa.Table.from_pylist(sents, schema=SENTENCE_SCHEMA).append_column("_pos", pa.array(s_pos, pa.int32()))
    return meta, a, s
