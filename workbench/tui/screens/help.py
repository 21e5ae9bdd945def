"""Help: every key of the screen you came from, generated from its bindings (never stale)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from workbench.tui.screens.modals import Modal

NOTES = (
    "Confirming stores the translation at once (status translated). Text taken from the MT "
    "suggestion or a TM match and confirmed unchanged keeps origin mt/tm; anything you typed "
    "is origin human. Unconfirmed typing is saved as a draft a second after you stop typing "
    "and when you leave the segment.\n"
    "F5 inserts the best TM match and Ctrl+B picks one (any terminal); Ctrl+1..3 / Alt+1..3 "
    "insert matches 1-3 where the terminal can send them. A match's numbers are updated for "
    "this source (e.g. 307 → 278, in the target's digits).\n"
    "Grid marks: · new  ✎ draft  ✓ translated  ◆ reviewed  ★ approved; then ✖ QA error, "
    "▲ QA warning, ! MT guard flag, * an edit the project has not accepted yet (kept in "
    "memory and retried; never lost); then ⊘ locked (Alt+L unlocks), † has a note (F3).\n"
    "Alt+← goes back to the segment you last stored an edit in, in any document.\n"
    "Alt+G adds a glossary term: select the English words in the source with the mouse and "
    "its rendering in the editor; with no source selection it offers the segment's terms "
    "(to change a rendering) and a new one.\n"
    "Alt+H finds and replaces in this document's translations (folded like the filter); the "
    "preview shows every change before r replaces them; Ctrl+P \"Undo last replace\" takes "
    "a replace back. Locked segments and matches across an inline code are never changed.\n"
    "Alt+S splits the segment before the words selected in the source (or words you type); "
    "Alt+M merges it with the next segment of its paragraph.\n"
    "Small terminals (under 110×32) show one side section at a time: F6 switches.\n"
    "Farsi and Arabic are edited in logical order; the preview below the editor and the grid "
    "show display order. If they read backwards, press c on the documents screen (or use the "
    "palette: RTL display check) and pick the other mode."
)


def bindings_table(screen: Screen) -> Table:
    """Key, action and explanation for every binding active on `screen` (and the app)."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Key", no_wrap=True, style="cyan")
    table.add_column("Action", no_wrap=True)
    table.add_column("What it does", ratio=1)
    table.add_column("Id (keymap.toml)", no_wrap=True, style="dim")
    keys: dict[str, list[str]] = {}
    found: dict[str, Binding] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, screen.app) or not binding.description or binding.system:
            continue
        keys.setdefault(binding.action, []).append(screen.app.get_key_display(binding))
        found.setdefault(binding.action, binding)
    for action, binding in found.items():
        table.add_row(Text(", ".join(keys[action])), Text(binding.description),
                      Text(binding.tooltip), Text(binding.id or ""))
    return table


class HelpScreen(Modal):
    """F1 / ?: the keys of the screen underneath."""

    def __init__(self, screen: Screen) -> None:
        super().__init__(f"Help — {screen.title or 'workbench'}")
        self.table = bindings_table(screen)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box help-box"):
            yield Static(self.table)
            yield Static(Text(NOTES), classes="hint")
            yield Static(Text("Ctrl+P opens the command palette (every action). Esc closes. "
                              "Keys can be changed in keymap.toml next to your config.toml, "
                              "one line per id, e.g. \"review.confirm\" = \"ctrl+s\"."),
                         classes="hint")
