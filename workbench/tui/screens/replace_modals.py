"""Find & replace dialogs of the review screen (Alt+H): what to find and how, then the
preview of every change (before → after per segment) before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.replace import Change, Found, Plan, Query, excerpt
from workbench.tui.bidi import labelled
from workbench.tui.screens.modals import Modal

APPLY = "apply"  # what the preview dismisses with when the translator replaces


@dataclass(frozen=True)
class ReplaceRequest:
    """The dialog's answer: what to find, and the replacement (None: find only)."""

    query: Query
    replacement: str | None


class ReplaceModal(Modal):
    """Find, replace with, options. Enter (or Preview) shows what would change; nothing is
    written before the preview is accepted."""

    def __init__(self, find: str = "") -> None:
        super().__init__("Find and replace in this document")
        self.find = find

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Find (ی/ي, ک/ك, ZWNJ, digits and case folded)")
            yield Input(self.find, id="find")
            yield Label("Replace with (in the translations)")
            yield Input(id="replacement")
            with Horizontal(classes="options"):
                yield Checkbox("Whole words", id="whole")
                yield Checkbox("Match case", id="case")
                yield Checkbox("Search the source (find only)", id="source")
            with Horizontal(classes="buttons"):
                yield Button("Preview", variant="primary", id="preview")
                yield Button("Find only", id="find-only")
            yield Label("Enter previews · Esc cancels · locked segments are never changed",
                        classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#replacement" if self.find else "#find", Input).focus()

    def answer(self, *, find_only: bool) -> None:
        text = self.query_one("#find", Input).value
        if not text.strip():
            self.query_one("#find", Input).focus()
            return
        source = self.query_one("#source", Checkbox).value
        query = Query(text, side="source" if source else "target",
                      whole_word=self.query_one("#whole", Checkbox).value,
                      case_sensitive=self.query_one("#case", Checkbox).value)
        replacement = self.query_one("#replacement", Input).value
        self.dismiss(ReplaceRequest(query, None if find_only or source else replacement))

    def on_input_submitted(self) -> None:
        self.answer(find_only=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.answer(find_only=event.button.id == "find-only")


class ReplacePreviewModal(Modal):
    """Every change (or every match, for a find): choosing one goes to that segment (the
    dialog closes, nothing is written); `r` or the button replaces them all, as one step."""

    BINDINGS = [Binding("r", "replace_all", "Replace all", id="replace.apply")]

    def __init__(self, title: str, lang: str, rtl_mode: str, *, plan: Plan | None = None,
                 found: list[Found] | None = None) -> None:
        super().__init__(title)
        self.lang, self.rtl_mode, self.plan, self.found = lang, rtl_mode, plan, found or []

    def options(self) -> list[Option]:
        if self.plan is not None:
            return [self.change_option(c) for c in self.plan.changes]
        return [Option(Text.assemble((f"#{f.number:<4} ", "bold"),
                                     labelled("", f.text, self.lang, self.rtl_mode)),
                       id=str(f.segment_id)) for f in self.found]

    def change_option(self, change: Change) -> Option:
        """Two lines: the changed part of the text before, and after (see replace.excerpt)."""
        before, after = excerpt(change.before, change.after)
        return Option(Text.assemble((f"#{change.number:<4} ", "bold"),
                                    labelled("", before, self.lang, self.rtl_mode),
                                    ("\n      → ", "green"),
                                    labelled("", after, self.lang, self.rtl_mode)),
                      id=str(change.segment_id))

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box replace-box"):
            yield Static(Text(self.plan.summary() if self.plan else
                              f"{len(self.found)} segment(s) match"), id="replace-summary")
            yield OptionList(*self.options(), id="changes")
            with Horizontal(classes="buttons"):
                if self.plan is not None and self.plan.changes:
                    yield Button(f"Replace all ({len(self.plan.changes)}) (r)",
                                 variant="warning", id="apply")
                yield Button("Close", id="close")
            yield Label("Enter goes to a segment · Esc closes", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option_id or 0))

    def action_replace_all(self) -> None:
        if self.plan is not None and self.plan.changes:
            self.dismiss(APPLY)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_replace_all()
        else:
            self.dismiss(None)
