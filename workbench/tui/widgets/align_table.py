"""The alignment table: aligned pairs side by side, one row per link, wrapped to the columns.

Rows are built from `align.store.StoredLink`s. Text is always a `rich.text.Text` (page text is
data, never markup); right-to-left target text is wrapped in logical order first and then
reordered line by line for display (tui.bidi), so words never jump between lines. Links
below the low-confidence threshold are highlighted; the # column marks confirmed (✓) and
accepted-above-a-threshold (≥) links, and links whose translation a reviewer corrected (✎).

Every column has a fixed width computed from the table's own width: a DataTable left to size
columns from their content re-measures them when the cursor moves, grows wider than the
screen, and cuts the end of each row, which for right-aligned RTL text is the start of
every line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import JustifyMethod
from rich.text import Text
from textual.widgets import DataTable

from workbench.align.confidence import LOW_CONFIDENCE
from workbench.align.store import StoredLink
from workbench.text.display import for_display
from workbench.text.scripts import is_rtl
from workbench.tui.bidi import visual_lines

LOW_STYLE = "bold yellow on dark_red"
CONF_WIDTH = 4  # "0.95"
MARKS = {"confirmed": "✓", "accepted": "≥"}


class AlignTable(DataTable):
    """Side-by-side view of an alignment; the screen owns the data and the edits."""

    DEFAULT_CSS = """
    AlignTable { height: 1fr; }
    """

    def __init__(self, *, src_lang: str, tgt_lang: str, rtl_mode: str, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.src_lang, self.tgt_lang, self.rtl_mode = src_lang, tgt_lang, rtl_mode

    def show(self, links: Sequence[StoredLink], *, total_width: int) -> None:
        """Replace the rows with `links`, keeping the cursor on the same row number."""
        row = self.cursor_row
        self.clear(columns=True)
        number_width = len(str(max(len(links), 1))) + 2  # mark, number, corrected-text mark
        type_width = max([4] + [len(link.kind) for link in links])
        width = self.size.width or total_width
        fixed = number_width + CONF_WIDTH + type_width + 2 * self.cell_padding * 5 + \
            self.styles.scrollbar_size_vertical
        text_width = max(10, (width - fixed) // 2)
        self.add_column("#", key="pos", width=number_width)
        self.add_column("conf", key="conf", width=CONF_WIDTH)
        self.add_column("type", key="type", width=type_width)
        self.add_column(f"source ({self.src_lang})", key="src", width=text_width)
        self.add_column(f"translation ({self.tgt_lang})", key="tgt", width=text_width)
        justify: JustifyMethod = "right" if is_rtl(self.tgt_lang) else "left"
        for link in links:
            src = visual_lines(for_display(link.src_text), text_width, self.src_lang,
                               self.rtl_mode)
            tgt = visual_lines(for_display(link.tgt_text), text_width, self.tgt_lang,
                               self.rtl_mode)
            low = link.confidence < LOW_CONFIDENCE and not link.reviewed
            mark = MARKS.get(link.status, "!" if low else " ")
            self.add_row(
                Text(f"{mark}{link.position + 1}{'✎' if link.retyped else ''}", no_wrap=True),
                Text(f"{link.confidence:.2f}", style=LOW_STYLE if low else ""),
                Text(link.kind, style=LOW_STYLE if low else ""),
                Text("\n".join(src) if link.src_ids else "—", style="dim" if not
                     link.src_ids else ""),
                Text("\n".join(tgt) if link.tgt_ids else "—", justify=justify,
                     style="dim" if not link.tgt_ids else ""),
                height=max(len(src), len(tgt), 1), key=str(link.id))
        if links:
            self.move_cursor(row=min(max(row, 0), len(links) - 1))
