"""The translation editor: a TextArea that edits logical order and is safe to show anything.

Self-contained on purpose (inline codes will be shown as tokens here later): the review screen
only loads text, reads it back and asks whether the translator typed since the last load.

What it adds to TextArea:
* the format characters Persian and Arabic keyboards send (ZWNJ, ZWJ, LRM, RLM) are typed —
  TextArea inserts only printable characters and would drop them silently;
* every character is typed, including `£ ™ ¡` (no key of the review screen takes them);
* Ctrl+A selects everything;
* terminal control characters in the text (an escape sequence in an imported translation, a
  U+202E override) are kept in the document but never sent to the terminal: they are dropped
  from the rendered line (they are zero cells wide, so the cursor still lines up);
* undo that stays in the editor: `has_history` tells the screen whether Ctrl+Z still has
  typing to undo, and undo/redo leave the cursor where the change was.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import TextArea

from workbench.text.display import BIDI_CONTROLS

# Format characters translators type (Textual's key name → character).
JOINERS_AND_MARKS = {"zero_width_non_joiner": "\u200c", "zero_width_joiner": "\u200d",
                     "left_to_right_mark": "\u200e", "right_to_left_mark": "\u200f"}
JOINERS_AND_MARKS.update({c: c for c in list(JOINERS_AND_MARKS.values())})

# Never printed raw: C0 (tab is shown by TextArea as spaces), DEL, C1 and the bidi embeddings,
# overrides and isolates. All are zero cells wide, so dropping them keeps columns aligned.
_UNSAFE = {c: None for c in (*range(0x20), *range(0x7F, 0xA0))}
_UNSAFE.update({ord(c): None for c in BIDI_CONTROLS})


def _safe_strip(strip: Strip) -> Strip:
    segments = list(strip)
    if all(seg.text.isprintable() for seg in segments):
        return strip
    return Strip([Segment(seg.text.translate(_UNSAFE), seg.style, seg.control)
                  for seg in segments], strip.cell_length)


class TranslationEditor(TextArea):
    """The editor of the review screen (logical order, soft-wrapped)."""

    BINDINGS = [Binding("ctrl+a", "select_all", "Select all", show=False,
                        id="editor.select_all")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")

    async def _on_key(self, event: events.Key) -> None:
        char = event.character if event.character in JOINERS_AND_MARKS else \
            JOINERS_AND_MARKS.get(event.key)
        if char and not self.read_only:
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self.replace(char, start, end)
            return
        await super()._on_key(event)

    def _render_line(self, y: int) -> Strip:
        return _safe_strip(super()._render_line(y))

    @property
    def has_history(self) -> bool:
        """Typing since the last `load_text` that Ctrl+Z can still undo in the editor."""
        return bool(self.history.undo_stack)

    @property
    def has_redo(self) -> bool:
        return bool(self.history.redo_stack)

    def put(self, text: str) -> None:
        """Replace the whole text as one undoable edit, cursor at the end."""
        self.replace(text, self.document.start, self.document.end)
        self.move_cursor(self.document.end)
