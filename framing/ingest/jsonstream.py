"""A ``.json`` file's records, one at a time, each parsed only when it is under the cap.

``json.loads`` on a whole file holds all of it (and several times that as Python objects); a
file of a million articles, or one article of 800 MB, must not. :class:`JsonScanner` walks the
text of a stream without parsing it — strings, brackets, commas — to find where each value
starts and ends, keeping a value's text only while it is at most ``cap`` characters; the caller
parses each kept value with :func:`json.loads`. Scanning is iterative (no recursion, so deep
nesting is no danger) and holds at most one chunk plus one value under the cap.

:func:`json_records` gives the records of a file with the same rules as parsing it whole:
an array of records; an object that is one record (it has a text field); or an object that wraps
a non-empty array of objects (the first such array).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_WS = re.compile(r"[ \t\r\n]*")
_IN_CONTAINER = re.compile(r'["\[\]{}]')
_SCALAR = re.compile(r'[^\s,\]\}\[\{":]*')
KEY_CAP = 1 << 16  # an object key longer than this is not a field name
SCAN_CHUNK = 1 << 18  # characters read at a time


class EmptyJson(ValueError):
    """The file holds only white space."""


class JsonSyntaxError(ValueError):
    """The file is not JSON at ``line``."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass
class Value:
    """One scanned value: its text when at most the cap, else ``None``; its size and first line."""

    text: str | None
    size: int
    line: int
    first: str  # its first character: '{', '[', '"', or that of a number / literal


class JsonScanner:
    """Scans one JSON text from a character stream (see the module doc)."""

    def __init__(self, fh, chunk: int | None = None):
        self.fh = fh
        self.chunk = chunk or SCAN_CHUNK
        self.buf = ""
        self.pos = 0
        self.line = 1
        # the value being read by read_value: its pieces (None once over the cap), where it
        # starts in the buffer, its size so far and its cap
        self._capturing = False
        self._pieces: list[str] | None = None
        self._cap_from = 0
        self._cap_size = 0
        self._cap_limit = 0

    # -- the buffer ------------------------------------------------------------------------------------
    def _more(self) -> bool:
        """Read another chunk; False at the end of the stream. Text before ``pos`` is dropped
        (after handing it to the value being captured, if any)."""
        data = self.fh.read(self.chunk)
        if not data:
            return False
        self._flush_capture()
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        self._cap_from = 0
        return True

    def _flush_capture(self) -> None:
        if not self._capturing:
            return
        piece_len = self.pos - self._cap_from
        self._cap_size += piece_len
        if self._cap_size > self._cap_limit:
            self._pieces = None  # over the cap: keep counting, stop keeping
        elif piece_len and self._pieces is not None:
            self._pieces.append(self.buf[self._cap_from : self.pos])
        self._cap_from = self.pos

    def _advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next character that is not white space ('' at the end), not consumed."""
        while True:
            m = _WS.match(self.buf, self.pos)
            self._advance(m.end())
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        c = self.peek()
        if not c or c not in chars:
            found = repr(c) if c else "the end of the file"
            raise JsonSyntaxError(f"expected {what} at line {self.line}, found {found}", self.line)
        self._advance(self.pos + 1)
        return c

    # -- skipping one value ----------------------------------------------------------------------------
    def _skip_string(self) -> None:
        """From an opening quote to past its closing one: the first quote that is not escaped, that
        is, not preceded by an odd run of backslashes. One step per quote, not per escape."""
        self._advance(self.pos + 1)
        while True:
            buf, start = self.buf, self.pos
            q = buf.find('"', start)
            while q >= 0:
                k = q
                while k > start and buf[k - 1] == "\\":
                    k -= 1
                if (q - k) % 2 == 0:
                    self._advance(q + 1)
                    return
                q = buf.find('"', q + 1)
            # no closing quote in the buffer: keep at most one trailing backslash (pairs escape
            # each other), so that a quote in the next chunk is read with what precedes it
            end = len(buf)
            while end > start and buf[end - 1] == "\\":
                end -= 1
            self._advance(end + (len(buf) - end) // 2 * 2)
            if not self._more():
                raise JsonSyntaxError(f"unterminated string at line {self.line}", self.line)

    def _skip_container(self) -> None:
        depth = 0
        while True:
            m = _IN_CONTAINER.search(self.buf, self.pos)
            if m is None:
                self._advance(len(self.buf))
                if not self._more():
                    raise JsonSyntaxError(f"unterminated array or object at line {self.line}", self.line)
                continue
            c = m.group()
            if c == '"':
                self._advance(m.start())
                self._skip_string()
                continue
            self._advance(m.end())
            depth += 1 if c in "[{" else -1
            if depth == 0:
                return

    def _skip_scalar(self) -> None:
        """A number, true, false or null (checked by json.loads later, not here)."""
        consumed = 0
        while True:
            m = _SCALAR.match(self.buf, self.pos)
            consumed += m.end() - self.pos
            self._advance(m.end())
            if self.pos < len(self.buf) or not self._more():
                break
        if not consumed:
            c = self.buf[self.pos] if self.pos < len(self.buf) else ""
            found = repr(c) if c else "the end of the file"
            raise JsonSyntaxError(f"expected a value at line {self.line}, found {found}", self.line)

    def skip_value(self) -> str:
        """Skip one value; returns its first character."""
        c = self.peek()
        if c == '"':
            self._skip_string()
        elif c in ("[", "{"):
            self._skip_container()
        else:
            self._skip_scalar()
        return c

    def read_value(self, cap: int) -> Value:
        """One value, its text kept when it is at most ``cap`` characters."""
        first = self.peek()
        line = self.line
        self._capturing, self._pieces, self._cap_from, self._cap_size, self._cap_limit = True, [], self.pos, 0, cap
        try:
            self.skip_value()
            self._flush_capture()
            text = None if self._pieces is None else "".join(self._pieces)
            return Value(text, self._cap_size, line, first)
        finally:
            self._capturing, self._pieces = False, None

    # -- containers ------------------------------------------------------------------------------------
    def array_items(self, each: Callable[[int], object]) -> Iterator[object]:
        """At a '[': call ``each(index)`` at the start of every item (it must consume the item)
        and yield what it returns; consumes the closing ']'."""
        self.expect("[", "'['")
        if self.peek() == "]":
            self._advance(self.pos + 1)
            return
        index = 0
        while True:
            index += 1
            yield each(index)
            if self.expect(",]", "',' or ']' after an array item") == "]":
                return

    def object_members(self) -> Iterator[str]:
        """At a '{': yield each key (the caller consumes its value); consumes the closing '}'."""
        self.expect("{", "'{'")
        if self.peek() == "}":
            self._advance(self.pos + 1)
            return
        while True:
            if self.peek() != '"':
                self.expect('"', "a string key")
            key = self.read_value(KEY_CAP)
            if key.text is None:
                raise JsonSyntaxError(f"object key longer than {KEY_CAP:,} characters at line {key.line}", key.line)
            try:
                name = json.loads(key.text)
            except ValueError as exc:
                raise JsonSyntaxError(f"invalid object key at line {key.line}: {exc}", key.line) from None
            self.expect(":", "':' after an object key")
            self.peek()
            yield name
            if self.expect(",}", "',' or '}' after an object member") == "}":
                return

    def end(self) -> None:
        """Only white space may follow the top-level value."""
        c = self.peek()
        if c:
            raise JsonSyntaxError(f"extra data after the JSON value at line {self.line}", self.line)


# -- a file's records ------------------------------------------------------------------------------------------
@dataclass
class Item:
    """A record candidate: its number in the file (1-based), first line, text (``None`` when over
    the cap), size in characters and first character."""

    index: int
    line: int
    text: str | None
    size: int
    first: str


@dataclass
class _Member:
    key: str
    records: bool  # a non-empty array whose items are all objects
    present: bool  # not null, not blank, not an empty array: counts as the field being there


def _is_present(value: Value, scanner_items: int | None) -> bool:
    """What :func:`framing.ingest.readers.canonical_fields` counts as a field being there."""
    if value.first == "[":
        return bool(scanner_items)
    if value.text is None:  # over the cap: certainly not blank
        return value.first != "n"
    try:
        v = json.loads(value.text)
    except (ValueError, RecursionError):
        return True
    return not (v is None or (isinstance(v, str) and not v.strip()))


def _layout(open_text, text_aliases: list[str]) -> tuple[str, int | None]:
    """First pass: ('array', None), ('record', None) or ('wrapper', member position)."""
    with open_text() as fh:
        sc = JsonScanner(fh)
        first = sc.peek()
        if first == "":
            raise EmptyJson("empty file")
        if first == "[":
            return "array", None
        if first != "{":
            return "scalar", None
        members: list[_Member] = []
        for key in sc.object_members():
            c = sc.peek()
            if c == "[":
                kinds = list(sc.array_items(lambda i: sc.skip_value()))
                members.append(_Member(key, bool(kinds) and all(k == "{" for k in kinds), bool(kinds)))
                continue
            if str(key).lower() in text_aliases:
                v = sc.read_value(KEY_CAP)
                members.append(_Member(key, False, _is_present(v, None)))
            else:
                sc.skip_value()
                members.append(_Member(key, False, True))
        sc.end()
    # as json.loads would build the dict: the last value of a repeated key wins, in the key's first place
    final: dict[str, tuple[int, _Member]] = {}
    for pos, m in enumerate(members):
        final[m.key] = (final[m.key][0] if m.key in final else pos, m)
    lower = {str(k).lower(): k for k in final}
    has_text = any(a in lower and final[lower[a]][1].present for a in text_aliases)
    lists = sorted((pos, m) for pos, m in final.values() if m.records) if not has_text else []
    if not lists:
        return "record", None
    # the member's position among the members as they appear in the file
    key = lists[0][1].key
    last = max(i for i, m in enumerate(members) if m.key == key)
    return "wrapper", last


def json_records(open_text, cap: int, text_aliases: list[str]) -> Iterator[Item]:
    """The record candidates of a ``.json`` file (see the module doc). ``open_text()`` returns a
    fresh text stream of the file. Raises :class:`JsonSyntaxError` where the file stops being
    JSON (items before that point have been yielded)."""
    kind, member = _layout(open_text, text_aliases)
    with open_text() as fh:
        sc = JsonScanner(fh)

        def item(index: int) -> Item:
            v = sc.read_value(cap)
            return Item(index, v.line, v.text, v.size, v.first)

        if kind == "array":
            yield from sc.array_items(item)
            sc.end()
        elif kind == "wrapper":
            for pos, _key in enumerate(sc.object_members()):
                if pos == member:
                    yield from sc.array_items(item)
                else:
                    sc.skip_value()
            sc.end()
        else:  # one record (or a scalar, which the caller reports as not an object)
            yield item(1)
            sc.end()
