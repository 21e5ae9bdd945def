"""Dialogs of alignment review: a confidence threshold, a link's corrected translation.

Both close with Esc (dismissing None) and show page text as `Text`, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static, TextArea

from workbench.text.display import for_display
from workbench.text.scripts import is_rtl
from workbench.tui.screens.modals import Modal, PathModal
from workbench.tui.widgets.panels import DisplayPanel, PreviewPanel

DEFAULT_THRESHOLD = 0.8


def parse_threshold(value: str) -> float | None:
    """'0.8', '.8', '80', '80%' → 0.8; None for anything that is not a confidence."""
    text = value.strip().rstrip("%").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    if number > 1.0 and (value.strip().endswith("%") or number <= 100.0):
        number /= 100.0
    return number if 0.0 <= number <= 1.0 else None


class AlignPathsModal(PathModal):
    """Ask what to align: a pairs file, two folders or two pages; dismisses the paths."""

    def __init__(self) -> None:
        super().__init__("Align pages", "pairs.tsv   or   en_folder; edition_folder   or   "
                                        "page.html; page.fa.html")

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text("A pairs file (SOURCE<TAB>TRANSLATED[<TAB>LANG] per line), or two "
                              "folders whose pages match by name or date, or two pages; "
                              "separate two paths with ';' (~ is expanded):"))
            yield Input(placeholder=self.placeholder, id="path")
            yield Label("Enter aligns in the background · Esc cancels", classes="hint")


class ThresholdModal(Modal):
    """Ask for the confidence above which links are accepted; dismisses a float."""

    def __init__(self, title: str, scope: str, *, default: float = DEFAULT_THRESHOLD) -> None:
        super().__init__(title)
        self.scope = scope
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(f"Accept every unreviewed link with at least this confidence in "
                             f"{self.scope}. Accepted links reach the translation memory as "
                             "aligned pairs, with their confidence."))
            yield Input(value=f"{self.default:.2f}", id="threshold")
            yield Label("Enter accepts · Esc cancels", classes="hint", id="threshold-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        threshold = parse_threshold(event.value)
        if threshold is None:
            self.query_one("#threshold-hint", Label).update(Text(
                f"{event.value!r} is not a confidence: give a number from 0 to 1 (e.g. 0.8)"))
            return
        self.dismiss(threshold)


class LinkTextModal(Modal):
    """Correct the translation of a link; dismisses the new text ("" restores the edition's).

    The editor shows logical order (as every editor in workbench does); the source sentence
    is shown above it for reference, the published text (when it differs) and, for Farsi and
    Arabic, a preview of the typed text in display order, as on the review screen.
    """

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="align_text.save",
                        tooltip="Store the corrected translation")]

    def __init__(self, source: str, translation: str, edition: str, lang: str, *,
                 rtl_mode: str = "app") -> None:
        super().__init__("Correct the translation")
        self.source, self.translation, self.edition, self.lang = (source, translation, edition,
                                                                  lang)
        self.rtl_mode = rtl_mode

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(for_display(self.source)), id="link-source")
            if self.translation != self.edition:
                published = DisplayPanel("Published", id="link-edition")
                published.rtl_mode = self.rtl_mode
                yield published
            area = TextArea(self.translation, id="link-text", soft_wrap=True)
            if is_rtl(self.lang):
                area.add_class("rtl")
            yield area
            preview = PreviewPanel(id="link-preview")
            preview.rtl_mode = self.rtl_mode
            yield preview
            yield Label("Ctrl+S stores it (empty restores the edition's text) · Esc cancels",
                        classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        for published in self.query("#link-edition").results(DisplayPanel):
            published.show(for_display(self.edition), self.lang)
        self.query_one(PreviewPanel).show(self.translation, self.lang)
        self.query_one(TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one(PreviewPanel).show(event.text_area.text, self.lang)

    def action_save(self) -> None:
        """Dismiss with the typed text."""
        self.dismiss(self.query_one(TextArea).text)
