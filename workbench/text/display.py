"""Make user text safe to show on a terminal, without changing what is stored.

Page captures, TM files and glossaries come from the web and from other tools; a line holding
`ESC ] 0 ; title BEL` or `ESC [ 2 J` would set the terminal's title or erase the screen when the
CLI prints it, and a U+202E RIGHT-TO-LEFT OVERRIDE would silently reverse the rest of a line.
Everything the CLI prints and the TUI shows passes through `for_display` first:

* ANSI/VT escape sequences (CSI `ESC [`, OSC `ESC ]` … BEL/ST, DCS/SOS/PM/APC strings, and
  two-byte `ESC x` sequences) are removed whole, so no fragment of them reaches the screen;
* other C0 and C1 control characters (and DEL) are removed; tab becomes a space; newlines are
  kept only when the caller asks (a multi-line view), else they become a space;
* bidi *embedding, override and isolate* controls (U+202A–U+202E, U+2066–U+2069) are shown as
  visible tokens such as `⟦RLO⟧`, because hiding them would show text in an order its author
  did not type and keeping them would let them reorder the rest of the terminal line. The marks
  that Persian and Arabic typing needs (ZWNJ, ZWJ, LRM, RLM, ALM) are kept: they are part of the
  text and cannot leak past their own word;
* inline codes (`workbench.text.codes`, Private Use Area characters) are shown as their
  tokens, `⟨1⟩link⟨/1⟩` and `⟨2/⟩`.

Stored text is never passed through this module: it is for display only.
"""

from __future__ import annotations

import re
from functools import cache

# ESC [ params intermediates final  |  ESC ] … (BEL | ESC \)  |  ESC P/X/^/_ … ST  |  ESC x
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)

BIDI_CONTROLS = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}


@cache
def _table(keep_newlines: bool) -> dict[int, str | None]:
    """The translate table, built on the first text that needs it: its 3,000 code tokens
    cost more than most commands' output, which is plain and takes the fast path."""
    from workbench.text.codes import FIRST as CODE_FIRST
    from workbench.text.codes import LAST as CODE_LAST
    from workbench.text.codes import token

    table: dict[int, str | None] = {c: None for c in range(0x20)}
    table.update({c: None for c in range(0x7F, 0xA0)})
    table[ord("\t")] = " "
    table[ord("\r")] = None if keep_newlines else " "
    table[ord("\n")] = "\n" if keep_newlines else " "
    table.update({0x2028: "\n" if keep_newlines else " ", 0x2029: "\n" if keep_newlines else " "})
    table.update({ord(c): f"⟦{name}⟧" for c, name in BIDI_CONTROLS.items()})
    table.update({cp: token(chr(cp)) for cp in range(CODE_FIRST, CODE_LAST + 1)})
    return table


def for_display(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with escape sequences and control characters removed and bidi controls made
    visible, ready to print or render. Plain text passes through unchanged (a fast path)."""
    if text.isprintable():
        return text
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPES.sub("", text)
    return text.translate(_table(keep_newlines))
