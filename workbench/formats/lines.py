"""Line-based files (TSV, Moses, JSONL): one text escape and strict, line-aware decoding.

A segment can contain a newline or a tab, which would break a line-per-segment file. Both TSV
and Moses use the same backslash escapes, so a file written by one tool reads back the same:

    \\\\ → backslash   \\t → tab   \\n → newline   \\r → carriage return
    \\uXXXX → the other characters Python's str.splitlines() and many tools break lines at
              (VT, FF, FS, GS, RS, NEL, U+2028, U+2029)

Any other backslash is kept as it is. Files are read as UTF-8 (a UTF-8 byte-order mark is
skipped; a UTF-16 one is honoured) and a byte that is not valid in the encoding is an error
naming its line — a file mixing UTF-8 with a legacy encoding is refused rather than garbled.

A line ends at LF, CR LF or a lone CR (old Mac and some spreadsheet exports): splitting at LF
only would merge CR-separated rows into one, storing `B\rC` and losing the pair C→D. A raw CR
cannot occur inside a field of our own files (it is written `\r`). Lines are read in blocks
with a bound on their length, so a one-line 200 MB file is refused after a bounded read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from workbench.errors import InputError
from workbench.limits import MAX_SEGMENT_CHARS, line_bytes

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_NEEDS_ESCAPE = re.compile("[\\\\\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ESCAPED = re.compile(r"\\([\\tnr]|u[0-9A-Fa-f]{4})")
_EOL = re.compile(rb"\r\n|\r|\n")
_EOL_TEXT = re.compile("\r\n|\r|\n")
_BLOCK = 1 << 16


def escape(text: str) -> str:
    """Text safe for one field of one line."""
    return _NEEDS_ESCAPE.sub(
        lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04x}", text)


def unescape(text: str) -> str:
    """Inverse of `escape` (one left-to-right pass, so an escaped backslash stays one)."""
    return _ESCAPED.sub(lambda m: _UNESCAPES.get(m.group(1)) or chr(int(m.group(1)[1:], 16)),
                        text)


def split_lines(data: bytes) -> list[bytes]:
    """The lines of `data` without their ends; LF, CR LF and a lone CR all end a line."""
    lines = _EOL.split(data)
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


class LineTooLong(Exception):
    """A line is longer than the bound given to `raw_lines` (carries its number)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def raw_lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """The lines of a binary stream (ends removed), read in blocks; LineTooLong when one
    exceeds `max_bytes`."""
    buf = b""
    number = 0
    while block := fh.read(_BLOCK):
        buf += block
        start = 0
        for m in _EOL.finditer(buf):
            if m.group() == b"\r" and m.end() == len(buf):
                break  # maybe the first half of a CR LF split across blocks
            number += 1
            yield buf[start:m.start()]
            start = m.end()
        buf = buf[start:]
        if len(buf) > max_bytes:
            raise LineTooLong(number + 1)
    if buf.endswith(b"\r"):
        buf = buf[:-1]
    if buf:
        yield buf


def read_lines(path: Path, *, max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[tuple[int, str]]:
    """(line number, line without its end-of-line) for every line of a text file, streamed.

    `max_chars` is the segment limit; a line that could not hold segments within it is refused.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    max_bytes = line_bytes(max_chars)
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield from _read_utf16(path, fh.read())
            return
        try:
            for number, raw in enumerate(raw_lines(fh, max_bytes), start=1):
                yield number, _decode_line(raw, number, path)
        except LineTooLong as exc:
            raise InputError(f"a line longer than {max_bytes:,} bytes", path=path,
                             line=exc.number,
                             hint="not a line-per-segment file, or segments over "
                                  "max_segment_chars (config.toml)") from None


def _decode_line(raw: bytes, number: int, path: Path) -> str:
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})",
            path=path, line=number,
            hint="save the file as UTF-8 (it may mix encodings)") from None
    if "\x00" in line:
        raise InputError("contains NUL bytes (a binary or UTF-16 file without BOM?)",
                         path=path, line=number, hint="save the file as UTF-8")
    return line


def _read_utf16(path: Path, data: bytes) -> Iterator[tuple[int, str]]:
    """UTF-16 files (spreadsheet exports) are decoded whole: they are rare and small."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        number = data[:exc.start].decode("utf-16", errors="replace").count("\n") + 1
        raise InputError("not valid UTF-16", path=path, line=number,
                         hint="save the file as UTF-8") from None
    lines = _EOL_TEXT.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    yield from enumerate(lines, start=1)
