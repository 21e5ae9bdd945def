"""RTL display check: one known sentence printed both ways; the user picks what reads right.

Whether the terminal reorders right-to-left text itself cannot be detected, and getting it
wrong shows every Farsi/Arabic line backwards. So we ask, once, with a sentence whose correct
reading is unmistakable (Farsi with a Latin name and a number in the middle).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from workbench.tui.bidi import visual_line
from workbench.tui.screens.modals import Modal

# "Maryam Rajavi spoke in Paris in 2024." — the Latin name must sit at the right end of the
# first half, the number just before the last word when read right to left.
SAMPLE = "مریم رجوی در سال 2024 در Paris سخنرانی کرد."
SAMPLE_LANG = "fa"


class RtlCheckScreen(Modal):
    """Shows SAMPLE in both modes; 1 or 2 chooses and dismisses the chosen mode."""

    BINDINGS = [Binding("1", "choose('app')", "App reorders", id="rtl.app"),
                Binding("2", "choose('terminal')", "Terminal reorders", id="rtl.terminal")]

    def __init__(self, current: str) -> None:
        super().__init__("Right-to-left display check")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text("Which line reads correctly from right to left, with “Paris” "
                              "and “2024” in the middle? (the sentence means: Maryam Rajavi "
                              "spoke in Paris in 2024.)"))
            for number, mode in ((1, "app"), (2, "terminal")):
                marker = " (current)" if mode == self.current else ""
                yield Static(Text(f"{number}  {mode}{marker}", style="bold"))
                yield Static(Text("   " + visual_line(SAMPLE, SAMPLE_LANG, mode)),
                             classes="rtl-sample")
            yield Static(Text("Press 1 or 2 · Esc keeps the current mode"), classes="hint")

    def action_choose(self, mode: str) -> None:
        self.dismiss(mode)
