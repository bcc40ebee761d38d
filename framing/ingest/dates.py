"""Dates as researchers find them: ISO, Jalali («۲۳ تیر ۱۴۰۱»، «1391/12/22»), Gregorian month
names in Persian («۲۷ نوامبر ۲۰۲۴»), English (RSS «Tue, 14 Jul 2021 10:00:00 GMT»), Persian or
Arabic digits. Jalali dates are converted with persiantools. Month names: resources/fa/calendar.tsv.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from framing.resources import read_tsv

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date
    calendar: str  # gregorian | jalali
    raw: str

    @property
    def iso(self) -> str:
        return self.date.isoformat()


@functools.cache
def _months() -> dict[str, tuple[str, int]]:
    out = {}
    for row in read_tsv("calendar.tsv", required=("name", "calendar", "month")):
        out[row["name"].replace("ي", "ی")] = (row["calendar"], int(row["month"]))
    return out


@functools.cache
def _month_re() -> re.Pattern:
    names = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    return re.compile(
        rf"(?P<d>\d{{1,2}})\s*(?:ام\s*)?(?P<mon>{names})(?:\s*ماه)?(?:\s*(?:سال|,|،))?\s*(?P<y>\d{{4}})(?!\d)"
    )


_NUMERIC_RE = re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.]\s*(?P<m>\d{1,2})\s*[/.]\s*(?P<y>\d{4})(?!\d)")


def to_gregorian(year: int, month: int, day: int, calendar: str) -> dt.date | None:
    try:
        if calendar == "jalali":
            from persiantools.jdatetime import JalaliDate

            return JalaliDate(year, month, day).to_gregorian()
        return dt.date(year, month, day)
    except (ValueError, TypeError, OverflowError):
        return None


def _calendar_for(year: int, hint: str | None) -> str | None:
    if hint in {"jalali", "gregorian"}:
        return hint
    if 1250 <= year <= 1499:
        return "jalali"
    if 1800 <= year <= 2199:
        return "gregorian"
    return None


def _clean(value: str) -> str:
    return value.translate(_DIGITS).replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ")


def parse_date(value, *, calendar: str | None = None) -> ParsedDate | None:
    """Parse one date string (or datetime); None when nothing date-like is found.

    ``calendar`` ('jalali'/'gregorian') forces the reading of a numeric date; otherwise the
    year decides (13xx/14xx Jalali, 19xx/20xx Gregorian).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), "gregorian", value.isoformat())
    if isinstance(value, dt.date):
        return ParsedDate(value, "gregorian", value.isoformat())
    raw = str(value).strip()
    if not raw:
        return None
    s = _clean(raw)
    m = _month_re().search(s)
    if m:
        cal, month = _months()[m.group("mon")]
        y, d = int(m.group("y")), int(m.group("d"))
        if cal == "jalali" and not 1250 <= y <= 1499:
            cal = None
        if cal:
            date = to_gregorian(y, month, d, cal)
            if date:
                return ParsedDate(date, cal, raw)
    for rx in (_NUMERIC_RE, _DMY_RE):
        m = rx.search(s)
        if m:
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            cal = _calendar_for(y, calendar)
            if cal:
                date = to_gregorian(y, mo, d, cal)
                if date:
                    return ParsedDate(date, cal, raw)
    if re.search(r"[A-Za-z]{3}", s) and re.search(r"\d{4}", s):  # «Tue, 14 Jul 2021 10:00 GMT»
        import pandas as pd

        try:
            ts = pd.to_datetime(s, utc=True)
        except (ValueError, TypeError, OverflowError):
            ts = None
        if ts is not None and not pd.isna(ts):
            return ParsedDate(ts.date(), "gregorian", raw)
    return None


def date_from_url(url: str | None, pattern: re.Pattern | None) -> ParsedDate | None:
    """Jalali date encoded in a URL (Fars ids: /news/13911222000123 -> 1391/12/22)."""
    if not url or pattern is None:
        return None
    m = pattern.search(url)
    if not m:
        return None
    y = int(m.group("y"))
    if y < 100:
        y += 1300
    date = to_gregorian(y, int(m.group("m")), int(m.group("d")), "jalali")
    return ParsedDate(date, "jalali", m.group(0)) if date else None
