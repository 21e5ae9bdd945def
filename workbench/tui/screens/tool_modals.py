"""Dialogs of the palette's project tools: export (every format of `workbench export`) and
installing an MT model from a package file. They only ask; the App runs the job."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Select

from workbench.formats.export_any import EDITION_FORMATS, FORMATS
from workbench.tui.screens.modals import Modal

SUFFIX = {"tmx": ".tmx", "xliff": ".xlf", "tsv": ".tsv", "jsonl": ".jsonl"}


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    langs: tuple[str, ...]
    out: Path
    doc_id: int | None
    keep_untranslated: bool


def default_output(fmt: str, name: str) -> str:
    """Where an export goes unless the user types another place: a file for pair formats,
    a folder for editions and Moses (one file per language)."""
    if fmt in SUFFIX:
        return f"~/workbench-export/{name}{SUFFIX[fmt]}"
    return f"~/workbench-export/{name}-{fmt}/"


class ExportModal(Modal):
    """Format, languages, where, and (from a review screen) only its document."""

    def __init__(self, langs: tuple[str, ...], name: str, doc_id: int | None) -> None:
        super().__init__("Export")
        self.langs, self.stem, self.doc_id = langs, name, doc_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Format")
            yield Select([(f, f) for f in FORMATS], value="tmx", allow_blank=False,
                         id="format")
            yield Label("Target languages (comma-separated)")
            yield Input(",".join(self.langs), id="langs")
            yield Label("Save to (a file; html/text/moses: a folder)")
            yield Input(default_output("tmx", self.stem), id="out")
            if self.doc_id is not None:
                yield Checkbox("Only this document", True, id="only-doc")
            yield Checkbox("html/text: untranslated in the source language",
                           id="keep")
            yield Label("Enter exports in the background · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#out", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        out = self.query_one("#out", Input)
        if any(out.value == default_output(f, self.stem) for f in FORMATS):
            out.value = default_output(str(event.value), self.stem)  # not typed by the user

    def on_input_submitted(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        langs = tuple(x.strip() for x in self.query_one("#langs", Input).value.split(",")
                      if x.strip())
        out = self.query_one("#out", Input).value.strip()
        if not out or not langs:
            return
        only = self.query(Checkbox).filter("#only-doc")
        doc = self.doc_id if only and only.first(Checkbox).value else None
        self.dismiss(ExportRequest(fmt, langs, Path(out).expanduser(), doc,
                                   fmt in EDITION_FORMATS
                                   and self.query_one("#keep", Checkbox).value))


class InstallModelModal(Modal):
    """The path of an Argos package file (.argosmodel) to install."""

    def __init__(self) -> None:
        super().__init__("Install an MT model")

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Argos package file (.argosmodel; ~ is expanded)")
            yield Input(placeholder="~/Downloads/translate-en_fa-1_0.argosmodel", id="path")
            yield Label("Enter installs in the background · Esc cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(Path(event.value.strip()).expanduser())
