"""The translation editor: a TextArea that edits logical order and is safe to show anything.

Self-contained on purpose: the review screen only loads text, reads it back and asks whether
the translator typed since the last load.

What it adds to TextArea:
* the format characters Persian and Arabic keyboards send (ZWNJ, ZWJ, LRM, RLM) are typed —
  TextArea inserts only printable characters and would drop them silently;
* every character is typed, including `£ ™ ¡` (no key of the review screen takes them);
* Ctrl+A selects everything;
* terminal control characters in the text (an escape sequence in an imported translation, a
  U+202E override) are kept in the document but never sent to the terminal: they are dropped
  from the rendered line (they are zero cells wide, so the cursor still lines up);
* undo that stays in the editor: `has_history` tells the screen whether Ctrl+Z still has
  typing to undo, and undo/redo leave the cursor where the change was;
* inline codes (`workbench.text.codes`) are shown as tokens, `⟨1⟩link⟨/1⟩` and `⟨2/⟩`, and a
  token is one unit: the cursor steps over it, Backspace and Delete remove all of it, typing
  never lands inside it. `text`, `load_text`, `put` and `insert` speak code characters (what
  the store holds); the document holds the tokens. `insert_next_code` is the insert-tag key
  (OmegaT's Ctrl+T, memoQ's F9): the next code of the source the translation lacks goes in at
  the cursor — with words selected, a pair goes around them.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult

from workbench.text.codes import closing_of, from_tokens, next_missing, to_tokens, token
from workbench.text.codes import token_spans as _token_spans
from workbench.text.display import BIDI_CONTROLS

Location = tuple[int, int]

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
        self.replace(to_tokens(text), self.document.start, self.document.end)
        self.move_cursor(self.document.end)

    # -- inline codes as tokens ------------------------------------------------------------
    @property  # type: ignore[override]
    def text(self) -> str:
        """The text with its codes as code characters (the document shows tokens)."""
        return from_tokens(self.document.text)

    @text.setter
    def text(self, value: str) -> None:
        self.load_text(value)

    def load_text(self, text: str) -> None:
        super().load_text(to_tokens(text))

    def insert(self, text: str, location: Location | None = None, *,  # type: ignore[override]
               maintain_selection_offset: bool = True) -> EditResult:
        return super().insert(to_tokens(text), location,
                              maintain_selection_offset=maintain_selection_offset)

    def _token_at(self, location: Location, *, inside: bool = True) -> tuple[int, int] | None:
        """(start, end) columns of the token around `location` (strictly inside, or touching
        it when `inside` is False)."""
        row, col = location
        if row >= self.document.line_count:
            return None
        for start, end in _token_spans(self.document[row]):
            if start < col < end or (not inside and start <= col <= end):
                return start, end
        return None

    def _snap(self, location: Location, *, forward: bool = True) -> Location:
        """A location inside a token moved to its end (or start)."""
        span = self._token_at(location)
        if span is None:
            return location
        return (location[0], span[1] if forward else span[0])

    def _whole_tokens(self, start: Location, end: Location) -> tuple[Location, Location]:
        first, last = sorted((start, end))
        return self._snap(first, forward=False), self._snap(last)

    def get_cursor_left_location(self) -> Location:
        row, col = self.cursor_location
        for start, end in _token_spans(self.document[row]):
            if start < col <= end:
                return row, start
        return super().get_cursor_left_location()

    def get_cursor_right_location(self) -> Location:
        row, col = self.cursor_location
        for start, end in _token_spans(self.document[row]):
            if start <= col < end:
                return row, end
        return super().get_cursor_right_location()

    def _replace_via_keyboard(self, insert: str, start: Location,
                              end: Location) -> EditResult | None:
        if start == end:
            start = end = self._snap(start)
        else:
            start, end = self._whole_tokens(start, end)
        return super()._replace_via_keyboard(insert, start, end)

    def _delete_via_keyboard(self, start: Location, end: Location) -> EditResult | None:
        return super()._delete_via_keyboard(*self._whole_tokens(start, end))

    def insert_next_code(self, source: str) -> str | None:
        """Insert the next code of `source` that the text lacks; returns its token(s), or None
        when every code is there."""
        code = next_missing(source, self.text)
        if code is None or self.read_only:
            return None
        start, end = self._whole_tokens(*self.selection)
        closing = closing_of(code)
        if start != end and closing is not None and closing not in self.text:
            words = self.get_text_range(start, end)
            self.replace(token(code) + words + token(closing), start, end)
            return token(code) + "…" + token(closing)
        at = self._snap(self.cursor_location)
        self.replace(token(code), at, at)
        return token(code)
