"""Right-to-left display for read-only views (the editor always shows logical order).

Neither Textual nor Rich implements the Unicode bidi algorithm, and terminals disagree: some
reorder what they print (VTE, Konsole), some do not (Windows Terminal, Ghostty). Reordering
twice reverses the text again, so the user picks one of two modes (setting `rtl_render`):

- "app": we reorder. Text is wrapped in *logical* order to the column width first and each
  line is reordered on its own with python-bidi — reordering a multi-line string would move
  words across lines.
- "terminal": the terminal reorders. Each RTL line is wrapped in RLI…PDI isolates (zero
  width) so the terminal's reordering cannot leak into the neighbouring column. RLI rather
  than FSI because the direction comes from the target language, not from the first strong
  character (a Farsi sentence starting with "MEK" is still right to left).

Stored, searched, exported and copied text is always the logical string. Every function here
that lays out text for the screen first passes it through `text.display.for_display`
(terminal escape sequences and control characters removed, bidi overrides made visible), so a
page line holding `ESC ] 0 ; title BEL` cannot retitle or erase the terminal.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import regex
from bidi import algorithm as _bidi
from rich.cells import cell_len

from workbench.text.codes import TOKEN_RE
from workbench.text.display import for_display
from workbench.text.scripts import is_rtl

# python-bidi 0.6 ships two implementations and each gets something wrong for us: the Rust
# `bidi.get_display` keeps ZWNJ but does not mirror brackets ("(NATO)" shows as ")NATO(" and
# «» as »«, rule L4); the reference `bidi.algorithm.get_display` mirrors but deletes ZWNJ/ZWJ
# (class BN, rule X9), which breaks Persian words, and neither applies rule L3: after an RTL
# run is reversed, a combining mark comes *before* its base letter, and a terminal draws it on
# the letter before that (`التجسُّس`, the ezafe of `خلاصهٔ` land on the wrong letter). So we run
# the reference algorithm's steps ourselves: joiners are typed as non-spacing marks (they then
# take their neighbour's direction instead of being dropped), levels are resolved and brackets
# mirrored per character, and the reordering (L1, L2) moves whole clusters — a base character
# with the combining marks that follow it — so every mark stays right after its base (L3).
_JOINERS = ("\u200c", "\u200d")
_MARKS = ("Mn", "Me", "Mc")


def _clusters(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each base character with the combining marks after it, as one unit to reorder."""
    out: list[dict[str, Any]] = []
    for ch in chars:
        if out and ch["ch"] not in _JOINERS and unicodedata.category(ch["ch"]) in _MARKS:
            out[-1]["ch"] += ch["ch"]
        else:
            out.append(dict(ch))
    return out


def get_display(text: str, base_dir: str = "R") -> str:
    """Visual order of one line: brackets mirrored, ZWNJ/ZWJ kept in place, combining marks
    after their base (Unicode bidi rules L1-L4 with L3); inline-code tokens whole."""
    if "⟨" in text and TOKEN_RE.search(text):
        return _tokens_whole(text, base_dir)
    storage = _bidi.get_empty_storage()
    storage["base_level"] = _bidi.PARAGRAPH_LEVELS[base_dir]
    storage["base_dir"] = base_dir
    _bidi.get_embedding_levels(text, storage)
    for ch in storage["chars"]:
        if ch["ch"] in _JOINERS:
            ch["type"] = ch["orig"] = "NSM"
    _bidi.explicit_embed_and_overrides(storage)
    _bidi.resolve_weak_types(storage)
    _bidi.resolve_neutral_types(storage, False)
    _bidi.resolve_implicit_levels(storage, False)
    _bidi.apply_mirroring(storage, False)
    storage["chars"] = _clusters(storage["chars"])
    _bidi.reorder_resolved_levels(storage, False)
    return "".join(ch["ch"] for ch in storage["chars"])


def _tokens_whole(text: str, base_dir: str) -> str:
    """Reorder a line holding inline-code tokens (⟨1⟩, ⟨/1⟩, ⟨2/⟩) with each token as one
    neutral character, then put the tokens back unreversed: reversed and mirrored, "⟨/1⟩"
    would read "⟨1/⟩", another code. As a neutral, a token takes the direction of the words
    around it, so "⟨1⟩" stays on the reading side of the word it opens."""
    free = (chr(cp) for cp in range(0x2500, 0x2580) if chr(cp) not in text)  # neutral, ON
    tokens: dict[str, str] = {}

    def hold(m: regex.Match[str]) -> str:
        stand_in = next(free, None)
        if stand_in is None:
            return m.group()
        tokens[stand_in] = m.group()
        return stand_in

    shown = get_display(TOKEN_RE.sub(hold, text), base_dir)
    return "".join(tokens.get(ch, ch) for ch in shown)


MODES = ("app", "terminal")
RLI, PDI = "\u2067", "\u2069"
ELLIPSIS = "…"
_RTL_RUN = regex.compile(r"[\p{Arabic}\p{Hebrew}](?:[\p{Arabic}\p{Hebrew}\p{M}\u200c\d ]*"
                         r"[\p{Arabic}\p{Hebrew}\d])?")


def one_line(text: str) -> str:
    """Newlines and tabs as spaces: a grid cell shows one line of a segment."""
    return " ".join(for_display(text).split())


def _split_cells(word: str, width: int) -> list[str]:
    """Cut a word longer than the column into pieces of at most `width` cells."""
    pieces, current = [], ""
    for ch in word:
        if current and cell_len(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_cells(text: str, width: int) -> list[str]:
    """Word-wrap logical text to `width` terminal cells (CJK and lam-alef measured right)."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in for_display(text, keep_newlines=True).splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if cell_len(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _split_cells(word, width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines


def truncate(text: str, width: int) -> str:
    """Cut logical text to `width` cells, marking the cut with an ellipsis at its logical end."""
    if text.isascii() and text.isprintable():  # one cell per character (most source rows)
        return text if len(text) <= width else text[:max(0, width - 1)] + ELLIPSIS
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        used += cell_len(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + ELLIPSIS


def visual_line(line: str, lang: str | None, mode: str) -> str:
    """One line (already fitted to its column) as it must be printed for `mode`."""
    line = for_display(line)
    if not is_rtl(lang) or not line:
        return line
    if mode == "terminal":
        return f"{RLI}{line}{PDI}"
    return get_display(line, base_dir="R")


def visual_mixed_line(line: str, mode: str) -> str:
    """A line of left-to-right text that quotes RTL words (a QA message naming a Farsi term).

    In "app" mode each run of right-to-left words is reordered on its own; quotes, arrows
    and other punctuation between runs stay where the left-to-right sentence put them (the
    full bidi algorithm would pull "' → '" between two Farsi runs into one reversed run).
    In "terminal" mode the terminal does it.
    """
    line = for_display(line)
    if mode != "app" or not _RTL_RUN.search(line):
        return line
    return _RTL_RUN.sub(lambda m: get_display(m.group(0), base_dir="R"), line)


def visual_lines(text: str, width: int, lang: str | None, mode: str) -> list[str]:
    """Wrap logical text to `width` cells, then order each line for display."""
    return [visual_line(line, lang, mode) for line in wrap_cells(text, width)]


def visual_cell(text: str, width: int, lang: str | None, mode: str) -> str:
    """A one-line grid cell of exactly `width` cells; RTL text is right-aligned."""
    fitted = truncate(one_line(text), width)
    pad = " " * max(0, width - cell_len(fitted))
    shown = visual_line(fitted, lang, mode)
    return pad + shown if is_rtl(lang) else shown + pad


def labelled(prefix: str, text: str, lang: str | None, mode: str) -> str:
    """A one-line pick-list label: `prefix` (left to right) then `text` in `lang` as a whole
    line in display order (a Latin name inside a Farsi sentence stays in its place)."""
    return prefix + visual_line(one_line(text), lang, mode)
