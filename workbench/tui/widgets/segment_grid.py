"""The segment grid: one line per segment, passages separated, rendered with the Line API.

A `DataTable` needs ~1 s to mount 10k rows; this `ScrollView` renders only the lines on screen
(`render_line`) and keeps an LRU of rendered strips keyed by (segment id, revision, width,
selected, ...), so scrolling a 10,000-segment document costs a handful of strips per frame and
an edit re-renders one line. The widget holds view state only (rows to draw, cursor); the
review screen gets rows from its `ReviewSession` and hands them over.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.review import ReviewRow
from workbench.tui.bidi import visual_cell
from workbench.tui.widgets.panels import NOTE_MARK, NOTE_STYLE

# One shape per status (✓ and ✔ were told apart only by weight).
STATUS_GLYPHS = {"new": "·", "draft": "✎", "translated": "✓", "reviewed": "◆", "approved": "★"}
STATUS_COLOURS = {"new": "grey50", "draft": "yellow", "translated": "dodger_blue1",
                  "reviewed": "cyan", "approved": "green"}
HEADING_KINDS = ("title", "heading")
NUMBER_WIDTH, SEPARATOR = 6, " │ "
CACHE_SIZE = 4096
TEST_LABEL = "TEST "
TEST_STYLE = Style(color="black", bgcolor="yellow", bold=True)
DIM = Style(dim=True)
LOCK_MARK = "⊘"  # locked in this language: not editable


def row_mark(row: ReviewRow) -> tuple[str, Style]:
    """The second column: an edit not yet stored, a QA error or warning, an MT guard flag."""
    if row.unsaved:
        return "*", Style(color="red", bold=True, reverse=True)
    if row.qa == "error":
        return "✖", Style(color="red", bold=True)
    if row.qa == "warning":
        return "▲", Style(color="yellow")
    if row.flags:
        return "!", Style(color="red", bold=True)
    return " ", Style()


def info_mark(row: ReviewRow, styles: dict[str, Style]) -> tuple[str, Style]:
    """The third column: locked (⊘) or carrying a translator's note (†)."""
    if row.locked:
        return LOCK_MARK, styles["dim"]
    if row.note:
        return NOTE_MARK, styles["base"] + NOTE_STYLE
    return " ", styles["base"]


class SegmentGrid(ScrollView, can_focus=True):
    """Scrollable list of segments with a cursor; Enter or a click selects."""

    COMPONENT_CLASSES = {"segment-grid--cursor", "segment-grid--heading",
                         "segment-grid--suggestion"}
    DEFAULT_CSS = """
    SegmentGrid { overflow-x: hidden; background: $surface; }
    SegmentGrid > .segment-grid--cursor { background: $accent 40%; }
    SegmentGrid:focus > .segment-grid--cursor { background: $accent 70%; }
    SegmentGrid > .segment-grid--heading { text-style: bold; color: $text-primary; }
    SegmentGrid > .segment-grid--suggestion { color: $text-muted; text-style: italic; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Previous", show=False),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Edit", show=False),
    ]

    # repaint=False: `watch_cursor` redraws the two lines whose highlight changed (or all of
    # them after a scroll); a repainting reactive redrew every line on each cursor move.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class CursorMoved(Message):
        """The highlighted segment changed."""

        def __init__(self, grid: SegmentGrid, row: ReviewRow | None) -> None:
            super().__init__()
            self.grid = grid
            self.row = row

    class Selected(Message):
        """Enter on a segment: the user wants to edit it."""

    def __init__(self, *, src_lang: str, lang: str, rtl_mode: str,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ReviewRow] = []
        self.src_lang = src_lang
        self.lang = lang
        self.rtl_mode = rtl_mode
        self._lines: list[int] = []      # y → row index, -1 for a passage separator
        self._row_line: list[int] = []   # row index → y
        self._index: dict[int, int] = {}  # segment id → row index
        self._cache: OrderedDict[tuple, Strip] = OrderedDict()
        self._style_cache: dict[tuple[bool, bool], dict[str, Style]] = {}
        self.step = 0  # rows the cursor moved last time (a page, one row …): what comes next

    # -- data ---------------------------------------------------------------------------------
    def set_rows(self, rows: list[ReviewRow], *, keep_segment: int | None = None) -> None:
        """Show `rows` (already filtered), keeping the cursor on `keep_segment` if present."""
        self.rows = list(rows)
        self._relayout()
        target = self._index.get(keep_segment, 0) if keep_segment is not None else 0
        self.cursor = min(target, max(0, len(self.rows) - 1))

    def append_rows(self, rows: list[ReviewRow]) -> None:
        """Add rows at the end (the next page of a long document) without moving the cursor."""
        if not rows:
            return
        self.rows.extend(rows)
        self._relayout()
        if len(self.rows) == len(rows):
            self.cursor = 0

    def update_row(self, row: ReviewRow) -> None:
        """Replace the row of the same segment; only its own line is re-rendered."""
        index = self._index.get(row.id)
        if index is None:
            return
        self.rows[index] = row
        self._refresh_row_line(index)
        if index == self.cursor:
            self.post_message(self.CursorMoved(self, row))

    def select_segment(self, segment_id: int) -> bool:
        """Put the cursor on `segment_id` if it is shown; False if it is not."""
        index = self._index.get(segment_id)
        if index is not None:
            self.move_to(index)
        return index is not None

    def row_of(self, segment_id: int) -> ReviewRow | None:
        """The row showing `segment_id`, if it is shown."""
        index = self._index.get(segment_id)
        return self.rows[index] if index is not None else None

    def set_view(self, *, lang: str, rtl_mode: str) -> None:
        """Switch target language or RTL mode (every cached strip is stale)."""
        self.lang, self.rtl_mode = lang, rtl_mode
        self._cache.clear()
        self.refresh()

    @property
    def current(self) -> ReviewRow | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _relayout(self) -> None:
        lines: list[int] = []
        row_line: list[int] = []
        previous = None
        for i, row in enumerate(self.rows):
            if previous is not None and row.passage != previous:
                lines.append(-1)
            previous = row.passage
            row_line.append(len(lines))
            lines.append(i)
        self._lines, self._row_line = lines, row_line
        self._index = {row.id: i for i, row in enumerate(self.rows)}
        self.virtual_size = Size(0, len(lines))
        self.refresh()

    # -- cursor -------------------------------------------------------------------------------
    def watch_cursor(self, previous: int, cursor: int) -> None:
        self.step = cursor - previous
        if not self.rows:
            self.post_message(self.CursorMoved(self, None))
            return
        top = self.scroll_offset.y
        # A move that leaves the view brings the cursor to the middle: the next rows show
        # ahead, and going on row by row redraws the grid once every half page, not on every
        # move. Page Up/Down scroll by a page.
        height = max(1, self.scrollable_content_region.height)
        self.show_cursor(middle=abs(self.step) != max(1, height - 1))
        if self.scroll_offset.y != top:
            self.refresh()
        else:  # only the two lines whose highlight changed
            for index in {previous, cursor}:
                self._refresh_row_line(index)
        self.post_message(self.CursorMoved(self, self.rows[cursor]))

    def show_cursor(self, *, middle: bool = False) -> None:
        """Scroll so that the cursor's row (and the line above it) is in view: just enough,
        or with the row in the middle."""
        if not 0 <= self.cursor < len(self._row_line):
            return
        y = self._row_line[self.cursor]
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        if y - 1 < top:
            self.scroll_to(y=max(0, y - height // 2 if middle else y - 1), animate=False,
                           immediate=True)
        elif y >= top + height:
            self.scroll_to(y=y - height // 2 if middle else y - height + 1, animate=False,
                           immediate=True)

    def _refresh_row_line(self, index: int) -> None:
        if 0 <= index < len(self._row_line):
            y = self._row_line[index] - self.scroll_offset.y
            self.refresh(Region(0, y, self.size.width, 1))

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped)."""
        if self.rows:
            self.cursor = max(0, min(index, len(self.rows) - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        self.move_to(index if index >= 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        self.post_message(self.Selected())

    def on_click(self, event: events.Click) -> None:
        y = event.y + self.scroll_offset.y
        if 0 <= y < len(self._lines) and self._lines[y] >= 0:
            self.move_to(self._lines[y])

    # -- rendering ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + self.scroll_offset.y
        if line >= len(self._lines) or width <= 0:
            return Strip.blank(width, self.rich_style)
        index = self._lines[line]
        if index < 0:  # a blank line between passages
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        selected = index == self.cursor
        key = (*row.cache_key, width, selected, selected and self.has_focus, self.lang,
               self.rtl_mode)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, width, selected)
            self._cache[key] = strip
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return strip

    def _styles(self, selected: bool) -> dict[str, Style]:
        """The styles a row is drawn with, computed once per (selected, focus) and kept until
        the view changes: looking component styles up for every row made a page move slow."""
        key = (selected, selected and self.has_focus)
        found = self._style_cache.get(key)
        if found is None:
            base = self.rich_style
            if selected:
                base = base + self.get_component_rich_style("segment-grid--cursor")
            found = {"base": base, "dim": base + DIM, "test": base + TEST_STYLE,
                     "heading": base + self.get_component_rich_style(
                         "segment-grid--heading", partial=True),
                     "suggestion": base + self.get_component_rich_style(
                         "segment-grid--suggestion", partial=True)}
            found.update({f"status-{s}": base + Style(color=c) for s, c in
                          STATUS_COLOURS.items()})
            self._style_cache[key] = found
        return found

    def _render_row(self, row: ReviewRow, width: int, selected: bool) -> Strip:
        styles = self._styles(selected)
        base = styles["base"]
        # number, status glyph, flag, space | source | target, one cell of right margin
        text_width = max(2, width - NUMBER_WIDTH - 4 - len(SEPARATOR))
        src_width = text_width // 2
        tgt_width = text_width - src_width
        src_style = styles["heading"] if row.kind in HEADING_KINDS else base
        label = []
        if row.target is not None:
            target, tgt_style = row.target, base
        else:
            target, tgt_style = row.suggestion or "", styles["suggestion"]
            if row.suggestion and row.suggestion_is_test:  # never pass for a translation
                label = [Segment(TEST_LABEL, styles["test"])]
                tgt_width -= len(TEST_LABEL)
        mark, mark_style = row_mark(row)
        segments = [
            Segment(f"{row.position + 1:>{NUMBER_WIDTH - 1}} ", styles["dim"]),
            Segment(STATUS_GLYPHS.get(row.status, "?"), styles.get(f"status-{row.status}",
                                                                   base)),
            Segment(mark, base + mark_style),
            Segment(*info_mark(row, styles)),
            Segment(visual_cell(row.source, src_width, self.src_lang, self.rtl_mode), src_style),
            Segment(SEPARATOR, styles["dim"]),
            *label,
            Segment(visual_cell(target, tgt_width, self.lang, self.rtl_mode), tgt_style),
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def on_resize(self) -> None:
        """A shorter grid (the compact layout's source panel grows with a long segment) must
        not leave the cursor's row below its bottom. (Strips are cached by width: a change of
        height keeps them.)"""
        self.show_cursor()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._cache.clear()
