"""Read a JSON array one element at a time, with line numbers, without loading the file.

`json_records` also streams the array inside a wrapping document (`{"Records": [...]}`,
`{"kind": "EventList", "items": [...]}`) and reads documents written one after another.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import MAX_LINE

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TextIO

CHUNK = 1024 * 1024
_SPACE = re.compile(r"[ \t\r\n]*")


class JsonArrayError(Exception):
    """The text is not a JSON array (or stops being one) at `line`."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


def json_array_records(stream: TextIO) -> Iterator[tuple[int, object]]:
    """Each element of the top-level array with the line it starts on."""
    return _Scanner(stream).elements()


def json_records(stream: TextIO, containers: frozenset[str]) -> Iterator[tuple[int, object]]:
    """Each record with the line it starts on: an array's elements, the elements of an
    array under one of the `containers` keys of an object, or else the object itself."""
    return _Scanner(stream).documents(containers)


# Keys kept from a wrapping object that turns out to be a record itself.
MAX_KEYS = 10_000


class _Scanner:
    """A window on the stream: text before `pos` is done, the rest is still to decode."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()
        # Line number of the character at `mark`, advanced as the window moves.
        self.mark = 0
        self.mark_line = 1

    def line_at(self, index: int) -> int:
        if index >= self.mark:
            self.mark_line += self.buf.count("\n", self.mark, index)
        else:
            self.mark_line -= self.buf.count("\n", index, self.mark)
        self.mark = index
        return self.mark_line

    def more(self) -> bool:
        """Drop the decoded text and read another chunk; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line_at(self.pos)
        self.buf = self.buf[self.pos :] + chunk
        self.mark = self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end of the file."""
        while True:
            match = _SPACE.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def fail(self, message: str, index: int | None = None) -> JsonArrayError:
        return JsonArrayError(message, self.line_at(self.pos if index is None else index))

    def elements(self) -> Iterator[tuple[int, object]]:
        if self.peek() != "[":
            raise self.fail("expected a JSON array of objects")
        self.pos += 1
        if self.peek() == "]":
            self.pos += 1
        else:
            yield from self._items()
        if self.peek():
            raise self.fail("unexpected text after the end of the array")

    def documents(self, containers: frozenset[str]) -> Iterator[tuple[int, object]]:
        while char := self.peek():
            if char == "[":
                self.pos += 1
                if self.peek() == "]":
                    self.pos += 1
                else:
                    yield from self._items()
            elif char == "{":
                yield from self._object(containers)
            else:
                raise self.fail("expected a JSON object or array")

    def _object(self, containers: frozenset[str]) -> Iterator[tuple[int, object]]:
        line = self.line_at(self.pos)
        self.pos += 1
        kept: dict[str, object] = {}
        streamed = False
        char = self.peek()
        while char != "}":
            key = self._decode() if char == '"' else None
            if not isinstance(key, str):
                raise self.fail("expected a property name in double quotes")
            if self.peek() != ":":
                raise self.fail("expected ':' after a property name")
            self.pos += 1
            if self.peek() == "[" and key in containers:
                self.pos += 1
                streamed = True
                if self.peek() == "]":
                    self.pos += 1
                else:
                    yield from self._items()
            elif len(kept) < MAX_KEYS:
                kept[key] = self._decode()
            else:
                self._decode()
            char = self.peek()
            if char == ",":
                self.pos += 1
                char = self.peek()
                if char == "}":
                    raise self.fail("trailing comma before '}'")
            elif char != "}":
                raise self.fail("expected ',' or '}'" if char else "the object is not closed")
        self.pos += 1
        if not streamed:
            yield line, kept

    def _items(self) -> Iterator[tuple[int, object]]:
        while True:
            if self.peek() == "]":
                raise self.fail("trailing comma before ']'")
            line = self.line_at(self.pos)
            yield line, self._decode()
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                message = "expected ',' or ']'" if char else "the array is not closed"
                raise self.fail(message, self.pos - 1)

    def _decode(self) -> object:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos <= MAX_LINE and self.more():
                    continue
                raise self.fail(f"invalid JSON: {exc.msg}", exc.pos) from None
            except (ValueError, RecursionError) as exc:  # a 5000-digit number, deep nesting
                raise self.fail(f"invalid JSON: {str(exc)[:80]}") from None
            # A number or literal at the end of the window may go on in the next chunk.
            if end == len(self.buf) and not isinstance(value, dict | list | str) and self.more():
                continue
            self.pos = end
            return value
