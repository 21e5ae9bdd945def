"""Small modal dialogs: error, path input, filter, go-to, pick one of several, yes/no.

Every modal closes with Esc (dismissing None) and shows data as `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.text.display import for_display
from workbench.tui.bidi import visual_mixed_line
from workbench.tui.filters import FILTER_KINDS, ORIGIN_CHOICES, SegmentFilter


class Modal(ModalScreen):
    """Base: Esc closes, content sits in a centred box titled by `title`."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close", id="modal.close")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.box_title = title

    def on_mount(self) -> None:
        self.query_one(".modal-box").border_title = self.box_title

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ErrorModal(Modal):
    """A problem the user should read (worker failures, import errors)."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(title)
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box error-box"):
            yield Static(Text(for_display(self.message, keep_newlines=True)),
                         id="error-message")
            yield Button("Close", variant="error", id="close")

    def on_button_pressed(self) -> None:
        self.dismiss(None)


class PathModal(Modal):
    """Ask for one or more paths (files or folders) to import."""

    def __init__(self, title: str, placeholder: str = "path/to/page.html or a folder") -> None:
        super().__init__(title)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Files or folders, separated by ';' (~ is expanded):")
            yield Input(placeholder=self.placeholder, id="path")
            yield Label("Enter imports · Esc cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        paths = [p.strip() for p in event.value.split(";") if p.strip()]
        self.dismiss(paths or None)


class FilterModal(Modal):
    """Choose what the grid shows: status or QA severity, origin, and a folded text search.
    The text field has the focus first; Tab moves on without losing what was typed."""

    def __init__(self, current: SegmentFilter) -> None:
        super().__init__("Filter segments")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Containing (source or translation; digits, ی/ي, ZWNJ folded)")
            yield Input(value=self.current.text, id="text")
            yield Label("Show")
            yield Select([(k, k) for k in FILTER_KINDS], value=self.current.kind,
                         allow_blank=False, id="kind")
            yield Label("Origin of the translation")
            yield Select([(o, o) for o in ORIGIN_CHOICES], value=self.current.origin,
                         allow_blank=False, id="origin")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
            yield Label("Enter applies · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        text = self.query_one("#text", Input)
        text.focus()
        text.cursor_position = len(text.value)

    def _result(self) -> SegmentFilter:
        return SegmentFilter(str(self.query_one("#kind", Select).value),
                             self.query_one("#text", Input).value.strip(),
                             str(self.query_one("#origin", Select).value))

    def on_input_submitted(self) -> None:
        self.dismiss(self._result())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(SegmentFilter() if event.button.id == "clear" else self._result())


class NumberModal(Modal):
    """Ask for a number (a segment to jump to, an alignment to open)."""

    def __init__(self, title: str, prompt: str) -> None:
        super().__init__(title)
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(self.prompt)
            yield Input(type="integer", id="number")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(int(event.value) if event.value.strip().isdigit() else None)


class TextModal(Modal):
    """Ask for one line of text, starting from `value` (a segment's note); Enter keeps it,
    Esc cancels (None)."""

    def __init__(self, title: str, prompt: str, value: str = "") -> None:
        super().__init__(title)
        self.prompt, self.value = prompt, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(self.prompt)
            yield Input(self.value, id="text")
            yield Label("Enter saves · Esc cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class PickModal(Modal):
    """Choose one of several labelled values (a glossary rendering, a TM match...). Labels
    quoting Farsi or Arabic words are shown in display order, like the rest of the screen; a
    label given as `Text` is shown as it is (the caller laid out a right-to-left text)."""

    def __init__(self, title: str, choices: Sequence[tuple[str | Text, Any]],
                 rtl_mode: str = "app") -> None:
        super().__init__(title)
        self.choices = list(choices)
        self.rtl_mode = rtl_mode

    def compose(self) -> ComposeResult:
        def shown(label: str | Text) -> Text:
            return label if isinstance(label, Text) else \
                Text(visual_mixed_line(label, self.rtl_mode))

        with Vertical(classes="modal-box"):
            yield OptionList(*[Option(shown(label), id=str(i))
                               for i, (label, _) in enumerate(self.choices)], id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option_id or 0)][1])


class ConfirmModal(Modal):
    """A yes/no question; dismisses True or False (None on Esc)."""

    BINDINGS = [Binding("y", "answer(True)", "Yes", id="modal.yes"),
                Binding("n", "answer(False)", "No", id="modal.no")]

    def __init__(self, title: str, question: str) -> None:
        super().__init__(title)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(for_display(self.question, keep_newlines=True)))
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
