"""Size limits applied where text enters a project (page import, import-tm, import-xliff).

The segment limit is the `max_segment_chars` setting (config.MAX_SEGMENT_CHARS by default).
Readers check it as soon as a segment is known, naming the file and line, so a 200 MB <seg>
is refused after reading a bounded amount of it, never after building it in memory.
"""

from __future__ import annotations

from pathlib import Path

from workbench.config import MAX_SEGMENT_CHARS
from workbench.errors import InputError

__all__ = ["MAX_SEGMENT_CHARS", "MAX_TERM_CHARS", "MAX_GLOSSARY_BYTES", "check_segment",
           "line_bytes", "element_chars"]

MAX_TERM_CHARS = 1000          # a glossary term is a name or a phrase; longer is a broken file
MAX_GLOSSARY_BYTES = 64 << 20  # glossary files (TBX, TSV, TOML) are parsed whole


def check_segment(text: str, limit: int, *, path: str | Path | None, line: int | None = None,
                  what: str = "segment") -> str:
    """`text`, or InputError when it is longer than `limit` characters."""
    if len(text) > limit:
        raise InputError(f"a {what} of {len(text):,} characters is longer than the limit "
                         f"({limit:,})", path=path, line=line,
                         hint="split it, or raise max_segment_chars in config.toml")
    return text


def line_bytes(limit: int) -> int:
    """The longest line a line-based file (TSV, Moses, JSONL) may have for segments of at most
    `limit` characters: several fields, 4 UTF-8 bytes a character, JSON's 6-byte escapes."""
    return 16 * limit + 65536


def element_chars(limit: int) -> int:
    """The most character data one collected XML element (a <tu>, a <unit>) may hold: many
    languages or segments of up to `limit` characters each, notes and properties."""
    return 64 * limit + 65536
