"""Offset maps: point every span of a normalized text back at the original characters.

Normalization changes lengths (spaces inserted and removed, ZWNJ restored, ``\\u200c`` debris
decoded, ``...`` folded to ``…``). :func:`align` walks the original and the normalized text
side by side and records, for each normalized character ``j``, the span ``[start_j, end_j)`` of
original characters it came from (an empty span for an inserted character). The map is stored
run-length encoded: an *anchor* ``(j, start, end)`` is kept only where ``start - j`` or
``end - j`` changes, so an unchanged text costs one anchor.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

# Characters that normalization may insert, delete or swap for one another.
SPACE_LIKE = frozenset(" \t\n\r\u200c\u200b\u200d\u00a0\u202f\u2009\u200a\u2002\u2003\u3000")
DELETABLE = SPACE_LIKE | frozenset(
    "\u0640"  # tatweel
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670"  # harakat
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
)
# (original, normalized) pairs that count as the same character.
EQUIVALENT = frozenset(
    {
        ('"', "«"), ('"', "»"), ("'", "«"), ("'", "»"), ("“", "«"), ("”", "»"), ("„", "«"),
        (".", "٫"), (",", "،"), (";", "؛"), ("?", "؟"), ("%", "٪"), ("٪", "%"),
        ("ٔ", "ی"),
    }
)

def _common_run(O: str, i: int, N: str, j: int, limit: int) -> int:
    """Length of the common run of O[i:] and N[j:] (at least 1, at most ``limit``): doubling then
    bisection over slice comparisons, each comparing only characters not yet known equal."""
    lo, step = 1, 1  # O[i:i+lo] == N[j:j+lo]
    while True:
        hi = min(limit, lo + step)
        if hi == lo:
            return lo
        if O[i + lo : i + hi] != N[j + lo : j + hi]:
            break
        lo, step = hi, step * 2
    while hi - lo > 1:  # O[i:i+lo] equal, O[i:i+hi] not
        mid = (lo + hi) // 2
        if O[i + lo : i + mid] == N[j + lo : j + mid]:
            lo = mid
        else:
            hi = mid
    return lo


@dataclass(frozen=True)
class OffsetMap:
    """Run-length encoded map from normalized positions to original spans."""

    js: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    n: int  # length of the normalized text
    m: int  # length of the original text

    @classmethod
    def identity(cls, n: int) -> "OffsetMap":
        return cls((0,), (0,), (1,), n, n) if n else cls((), (), (), 0, 0)

    # -- lookups -------------------------------------------------------------------------
    def _at(self, j: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.js, j) - 1
        if k < 0:
            return 0, 0
        d = j - self.js[k]
        return self.starts[k] + d, self.ends[k] + d

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span ``[ostart, oend)`` covering normalized ``[start, end)``."""
        if not 0 <= start <= end <= self.n:
            raise IndexError(f"span [{start}, {end}) outside normalized text of length {self.n}")
        if start == end:
            return (self._at(start)[0], self._at(start)[0]) if start < self.n else (self.m, self.m)
        os_, _ = self._at(start)
        _, oe = self._at(end - 1)
        return os_, max(os_, oe)

    def spans(self, starts, ends) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`span` for arrays of non-empty spans."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        if not self.js:
            return np.zeros_like(starts), np.zeros_like(ends)
        js = np.asarray(self.js, dtype=np.int64)
        st = np.asarray(self.starts, dtype=np.int64)
        en = np.asarray(self.ends, dtype=np.int64)
        k1 = np.searchsorted(js, starts, side="right") - 1
        last = np.maximum(ends - 1, starts)
        k2 = np.searchsorted(js, last, side="right") - 1
        os_ = st[k1] + (starts - js[k1])
        oe = en[k2] + (last - js[k2])
        empty = ends <= starts
        oe = np.where(empty, os_, np.maximum(oe, os_))
        return os_, oe

    # -- storage ---------------------------------------------------------------------------
    def to_list(self) -> list[int]:
        """Flat ``[n, m, j0, s0, e0, j1, s1, e1, ...]`` for a Parquet list<int> column."""
        out = [self.n, self.m]
        for j, s, e in zip(self.js, self.starts, self.ends):
            out.extend((j, s, e))
        return out

    @classmethod
    def from_list(cls, flat) -> "OffsetMap":
        flat = [int(x) for x in flat]
        n, m, rest = flat[0], flat[1], flat[2:]
        return cls(tuple(rest[0::3]), tuple(rest[1::3]), tuple(rest[2::3]), n, m)

    def __len__(self) -> int:
        return len(self.js)


class _Builder:
    __slots__ = ("js", "ss", "es", "ds", "de")

    def __init__(self) -> None:
        self.js: list[int] = []
        self.ss: list[int] = []
        self.es: list[int] = []
        self.ds = None
        self.de = None

    def emit(self, j: int, s: int, e: int) -> None:
        ds, de = s - j, e - j
        if ds != self.ds or de != self.de:
            self.js.append(j)
            self.ss.append(s)
            self.es.append(e)
            self.ds, self.de = ds, de


def align(original: str, normalized: str, fold: dict[int, int | str] | None = None) -> OffsetMap:
    """Align ``normalized`` to ``original`` and return the offset map.

    ``fold`` is a ``str.translate`` table (or a function) applied to the original before comparing (one
    character to one character, e.g. Arabic «ي» -> Persian «ی», Latin digits -> Persian digits).
    """
    O = (fold(original) if callable(fold) else original.translate(fold)) if fold else original
    if len(O) != len(original):
        raise ValueError("fold table must map one character to one character")
    N = normalized
    m, n = len(O), len(N)
    if O == N:
        return OffsetMap.identity(n)
    b = _Builder()
    i = j = 0
    while j < n:
        if i < m and O[i] == N[j]:
            b.emit(j, i, i + 1)  # the whole equal run shares this delta: one entry
            k = _common_run(O, i, N, j, min(m - i, n - j))
            i += k
            j += k
            continue
        c = N[j]
        a = O[i] if i < m else ""
        if a and ((a in SPACE_LIKE and c in SPACE_LIKE) or (a, c) in EQUIVALENT):
            b.emit(j, i, i + 1)
            i += 1
            j += 1
        elif c in SPACE_LIKE:  # inserted space / ZWNJ
            b.emit(j, i, i)
            j += 1
        elif a and a in DELETABLE:  # removed space, diacritic, control character
            i += 1
        elif not a:  # original exhausted: trailing insertions
            b.emit(j, m, m)
            j += 1
        else:
            i, j = _resync(O, N, i, j, b)
    return OffsetMap(tuple(b.js), tuple(b.ss), tuple(b.es), n, len(original))


_LOCAL = sorted(((dk, dl) for dk in range(0, 13) for dl in range(0, 5) if dk or dl), key=lambda t: (t[0] + t[1], t[1]))


def _resync(O: str, N: str, i: int, j: int, b: _Builder) -> tuple[int, int]:
    """Find the next common stretch after a many-to-many replacement and map the gap.

    Small local edits are tried first (``\\u200c`` -> ZWNJ deletes 6 characters, «...» -> «…»
    replaces 3 with 1), smallest first; a windowed diff handles the rest.
    """
    m, n = len(O), len(N)
    for dk, dl in _LOCAL:
        a0, b0 = i + dk, j + dl
        k = min(3, m - a0, n - b0)
        if k <= 0:
            continue
        if (k == 3 or (a0 + k == m and b0 + k == n)) and O[a0 : a0 + k] == N[b0 : b0 + k]:
            for q in range(j, b0):
                b.emit(q, i, a0)
            return a0, b0
    w = 24
    while True:
        a_end, b_end = min(m, i + w), min(n, j + w)
        sm = SequenceMatcher(None, O[i:a_end], N[j:b_end], autojunk=False)
        at_end = a_end == m and b_end == n
        for blk in sm.get_matching_blocks():
            if blk.size >= 3 or (blk.size and at_end):
                a0, b0 = blk.a, blk.b
                for k in range(j, j + b0):  # the replaced stretch maps to the whole original gap
                    b.emit(k, i, i + a0)
                return i + a0, j + b0
        if at_end:
            for k in range(j, n):
                b.emit(k, i, m)
            return m, n
        w *= 2
