"""Concordance (Ctrl+K): how a word or phrase was translated before, from the whole TM.

The search is folded like every workbench search (case, accents, digits, ی/ي, ZWNJ). Source
occurrences are highlighted; a right-to-left target is shown in display order, wrapped to the
dialog first (highlighting is kept for left-to-right targets only: reordering moves the spans).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from workbench.project import Project
from workbench.text.display import for_display
from workbench.text.scripts import is_rtl, lang_name
from workbench.tm.concordance import ConcordanceHit, concordance
from workbench.tui.bidi import visual_lines
from workbench.tui.screens.modals import Modal

HIT = Style(bold=True, underline=True, color="yellow")
LIMIT = 50


def highlighted(text: str, spans: list[tuple[int, int]]) -> Text:
    """`text` as plain Text with the given spans styled (none if sanitising the text for
    the terminal removed characters: the spans would point at the wrong letters)."""
    shown = for_display(text, keep_newlines=True)
    out = Text(shown)
    if shown == text:
        for start, end in spans:
            out.stylize(HIT, start, end)
    return out


class ConcordanceScreen(Modal):
    """Search the translation memory into the current target language."""

    def __init__(self, project: Project, lang: str, query: str = "") -> None:
        super().__init__(f"Concordance — {lang_name(lang)}")
        self.project = project
        self.lang = lang
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box concordance-box"):
            yield Input(value=self.query_text, placeholder="word or phrase", id="query")
            yield Label("", id="summary", classes="hint")
            yield VerticalScroll(id="hits")

    def on_mount(self) -> None:
        super().on_mount()
        if self.query_text:  # after layout, so hits wrap to the dialog's real width
            self.call_after_refresh(self.search, self.query_text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search(event.value)

    def search(self, query: str) -> None:
        """Run the concordance and list the hits (best first)."""
        hits = concordance(self.project.db, query, tgt_lang=self.lang, limit=LIMIT) \
            if query.strip() else []
        box = self.query_one("#hits", VerticalScroll)
        box.remove_children()
        box.mount_all([Static(self.render_hit(hit), classes="hit") for hit in hits])
        self.query_one("#summary", Label).update(
            Text(f"{len(hits)}{'+' if len(hits) == LIMIT else ''} unit(s)"))

    def render_hit(self, hit: ConcordanceHit) -> Text:
        width = max(20, self.query_one("#hits").content_size.width - 2)
        out = highlighted(hit.source, hit.source_spans)
        out.append(f"\n{for_display(hit.origin)} · {hit.updated_at[:10]}\n", style="dim")
        if is_rtl(self.lang):
            mode = self.app.rtl_mode  # type: ignore[attr-defined]
            lines = visual_lines(hit.target, width, self.lang, mode)
            out.append("\n".join(line.rjust(width) for line in lines))
        else:
            out.append_text(highlighted(hit.target, hit.target_spans))
        return out
