"""The conflict dialog: someone else saved a segment while this translator was editing it.

Both texts are shown — theirs with who saved it and when, mine as typed — and the translator
takes mine (saved on top of theirs), takes theirs (mine is dropped, on purpose), or edits a
merge (starting from mine) and saves that. Esc decides later: nothing is written, the text
stays in the editor and in the grid, marked NOT SAVED, and confirming it again reopens this
dialog. Texts are shown as data in display order (Farsi/Arabic), never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from workbench.errors import ConflictError
from workbench.review import who_when
from workbench.text.display import for_display
from workbench.text.scripts import lang_name
from workbench.tui.bidi import visual_lines
from workbench.tui.screens.modals import Modal

TEXT_WIDTH = 76  # cells the two texts are wrapped to (the box is at most 100 wide)


@dataclass(frozen=True)
class Resolution:
    """What the translator chose: "mine", "theirs" or "merge", and the text to keep."""

    choice: str
    text: str | None


class ConflictModal(Modal):
    """Take mine / take theirs / save a merge; dismisses a `Resolution` (None on Esc)."""

    BINDINGS = [Binding("m", "choose('mine')", "Take mine", id="conflict.mine"),
                Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
                Binding("ctrl+s", "choose('merge')", "Save merge", id="conflict.merge",
                        priority=True)]

    def __init__(self, number: int, conflict: ConflictError, mine: str, rtl_mode: str) -> None:
        super().__init__(f"Conflict: segment {number} [{conflict.lang}]")
        self.number = number
        self.conflict = conflict
        self.mine = mine
        self.rtl_mode = rtl_mode

    def shown(self, text: str | None) -> Text:
        if text is None:
            return Text("(no translation: it was removed)", style="italic")
        return Text("\n".join(visual_lines(text, TEXT_WIDTH, self.conflict.lang,
                                           self.rtl_mode)))

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(classes="modal-box conflict-box"):
            yield Static(Text(for_display(
                f"{c.theirs_actor or 'Someone else'} saved segment {self.number} in "
                f"{lang_name(c.lang)} while you were editing it. Nothing was overwritten.")))
            yield Label(Text(for_display(f"Theirs ({c.theirs_status or 'removed'}; "
                                         f"{who_when(c)}):")), classes="conflict-label")
            yield Static(self.shown(c.theirs), id="theirs", classes="conflict-text")
            yield Label("Mine (not saved):", classes="conflict-label")
            yield Static(self.shown(self.mine), id="mine", classes="conflict-text")
            yield Label("Merge (edit, then ctrl+s saves it):", classes="conflict-label")
            yield TextArea(self.mine, id="merge", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Take mine (m)", variant="primary", id="mine-button")
                yield Button("Take theirs (t)", id="theirs-button")
                yield Button("Save merge (ctrl+s)", id="merge-button")
            yield Label("Esc: decide later (your text stays in the editor, NOT SAVED)",
                        classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#mine-button", Button).focus()

    def action_choose(self, choice: str) -> None:
        if choice == "theirs":
            self.dismiss(Resolution("theirs", self.conflict.theirs))
        elif choice == "mine":
            self.dismiss(Resolution("mine", self.mine))
        else:
            text = self.query_one("#merge", TextArea).text
            if not text.strip():
                self.notify("The merge is empty: type the text to keep.", severity="warning")
                return
            self.dismiss(Resolution("merge", text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "mine").removesuffix("-button"))
