"""The add/edit glossary term dialog of the review screen (Alt+G): the English form and the
rendering in the target language, prefilled from the selections; Enter saves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from workbench.text.scripts import lang_name
from workbench.tui.bidi import visual_mixed_line
from workbench.tui.screens.modals import Modal


class TermModal(Modal):
    """Dismisses (english, rendering), both non-empty, or None (Esc). `current` names what
    the glossary holds for the term now, so the translator sees an edit is a replacement."""

    def __init__(self, english: str, rendering: str, lang: str, current: str = "",
                 rtl_mode: str = "app") -> None:
        super().__init__("Glossary term")
        self.english, self.rendering, self.lang, self.current = english, rendering, lang, current
        self.rtl_mode = rtl_mode

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("English term (as the source writes it)")
            yield Input(self.english, id="english")
            yield Label(f"Approved rendering in {lang_name(self.lang)}")
            yield Input(self.rendering, id="rendering")
            yield Static(Text(visual_mixed_line(self.current, self.rtl_mode) if self.current else
                              "A new term: it is checked by QA and kept by MT from now on."),
                         id="current", classes="hint")
            yield Label("Enter saves · Tab next field · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        empty = [i for i in self.query(Input) if not i.value.strip()]
        (empty[0] if empty else self.query_one("#rendering", Input)).focus()

    def on_input_submitted(self) -> None:
        english = self.query_one("#english", Input).value.strip()
        rendering = self.query_one("#rendering", Input).value.strip()
        if english and rendering:
            self.dismiss((english, rendering))
        else:
            self.query_one("#english" if not english else "#rendering", Input).focus()
