"""Line-based files (TSV, Moses, JSONL): one text escape and strict, line-aware decoding.

A segment can contain a newline or a tab, which would break a line-per-segment file. Both TSV
and Moses use the same backslash escapes, so a file written by one tool reads back the same:

    \\\\ → backslash   \\t → tab   \\n → newline   \\r → carriage return
    \\uXXXX → the other characters Python's str.splitlines() and many tools break lines at
              (VT, FF, FS, GS, RS, NEL, U+2028, U+2029)

Any other backslash is kept as it is. Files are read as UTF-8 (a UTF-8 byte-order mark is
skipped; a UTF-16 one is honoured) and a byte that is not valid in the encoding is an error
naming its line — a file mixing UTF-8 with a legacy encoding is refused rather than garbled.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import InputError

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_NEEDS_ESCAPE = re.compile("[\\\\\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ESCAPED = re.compile(r"\\([\\tnr]|u[0-9A-Fa-f]{4})")


def escape(text: str) -> str:
    """Text safe for one field of one line."""
    return _NEEDS_ESCAPE.sub(
        lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04x}", text)


def unescape(text: str) -> str:
    """Inverse of `escape` (one left-to-right pass, so an escaped backslash stays one)."""
    return _ESCAPED.sub(lambda m: _UNESCAPES.get(m.group(1)) or chr(int(m.group(1)[1:], 16)),
                        text)


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line without its end-of-line) for every line of a text file, streamed."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield from _read_utf16(path, fh.read())
            return
        for number, raw in enumerate(fh, start=1):
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
            yield number, line.rstrip("\r\n")


def _read_utf16(path: Path, data: bytes) -> Iterator[tuple[int, str]]:
    """UTF-16 files (spreadsheet exports) are decoded whole: they are rare and small."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        number = data[:exc.start].decode("utf-16", errors="replace").count("\n") + 1
        raise InputError("not valid UTF-16", path=path, line=number,
                         hint="save the file as UTF-8") from None
    if text.endswith("\n"):
        text = text[:-1]
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.rstrip("\r")
