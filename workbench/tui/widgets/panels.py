"""Read-only panels around the editor: source, preview, MT, TM, glossary and QA.

Each panel lays its text out itself at the width it is given: right-to-left text must be
wrapped in logical order *before* it is reordered line by line (see tui.bidi), which Rich's own
wrapping cannot do. Everything shown is `rich.text.Text` built from data — user, page, MT and
glossary strings are never parsed as markup. Panels hold only what they display; the review
screen reads the store and calls `show_*`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from workbench.text.display import for_display
from workbench.text.scripts import is_rtl, lang_name
from workbench.tui.bidi import visual_line, visual_lines, visual_mixed_line, wrap_cells

LABEL = Style(bold=True)
MUTED = Style(dim=True)
WARNING = Style(color="black", bgcolor="yellow", bold=True)
# Tracked-changes reading of a TM diff (match source → this source): words only in the match are
# struck out, words this source has and the match lacks are underlined.
DIFF_STYLES = {"equal": Style(), "insert": Style(color="red", strike=True),
               "replace": Style(color="red", strike=True),
               "delete": Style(color="dodger_blue1", underline=True)}
SEVERITY = {"error": ("✖", Style(color="red", bold=True)),
            "warning": ("▲", Style(color="yellow", bold=True)),
            "info": ("ℹ", Style(color="cyan"))}


class TextPanel(Widget):
    """A panel whose content is a list of lines it wraps and orders itself.

    Panels get their height from the stylesheet (fractions of a column), never from their
    content: a height that follows content would lay the whole screen out again on every
    segment change and most keystrokes. Content taller than the panel ends with a line
    saying how much more there is.
    """

    DEFAULT_CSS = """
    TextPanel { height: 1fr; padding: 0 1; border: round $panel-lighten-2; }
    TextPanel.-empty { display: none; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self.rtl_mode = "app"
        self._built: tuple[int, list[Text]] | None = None

    def build(self, width: int) -> list[Text]:
        """The panel's lines at `width` cells (each at most `width` wide)."""
        raise NotImplementedError

    def lines(self, width: int) -> list[Text]:
        """`build(width)`, computed once per change of data or width."""
        width = max(1, width)
        if self._built is None or self._built[0] != width:
            self._built = (width, self.build(width))
        return self._built[1]

    def changed(self) -> None:
        """Data changed: draw again (only this panel; the layout stays as it is, unless the
        stylesheet sizes the panel by its content, as on short terminals)."""
        self._built = None
        self._content_height_cache = (None, 0)
        self.refresh(layout=self.styles.height is not None and self.styles.height.is_auto)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))

    def render(self) -> Text:
        lines = self.lines(self.content_size.width)
        height = self.content_size.height
        if 0 < height < len(lines):
            more = len(lines) - height + 1
            lines = [*lines[:height - 1], Text(f"… {more} more line(s)", style=MUTED)]
        return Text("\n").join(lines)

    def block(self, text: str, width: int, lang: str | None, style: Style | None = None,
              indent: int = 0) -> list[Text]:
        """`text` in `lang` wrapped to the panel, RTL lines reordered and right-aligned."""
        inner = max(1, width - indent)
        out = []
        for line in visual_lines(text, inner, lang, self.rtl_mode):
            pad = inner - cell_len(line) if is_rtl(lang) else 0
            out.append(Text(" " * (indent + pad) + line, style=style or Style()))
        return out


class SourcePanel(TextPanel):
    """The current segment's source, glossary terms underlined."""


    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Source", id=id)
        self.text = ""
        self.terms: list[str] = []

    def show(self, text: str, terms: Sequence[str], title: str) -> None:
        self.text, self.terms, self.border_title = text, list(terms), title
        self.changed()

    def build(self, width: int) -> list[Text]:
        lines = [Text(line) for line in wrap_cells(self.text, width)]
        for line in lines:
            line.highlight_words(self.terms, Style(underline=True, color="magenta"))
        return lines


class PreviewPanel(TextPanel):
    """How the translation being edited reads in display order (RTL targets only)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Preview (display order; edit above in logical order)", id=id)
        self.text, self.lang = "", "en"

    def show(self, text: str, lang: str) -> None:
        self.text, self.lang = text, lang
        self.set_class(not is_rtl(lang), "-empty")
        self.changed()

    def build(self, width: int) -> list[Text]:
        return self.block(self.text, width, self.lang) or [Text("")]


class MTPanel(TextPanel):
    """The MT suggestion, what produced it, and a loud label when it is a test model."""


    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Machine translation", id=id)
        self.suggestion: Any = None
        self.lang = "en"
        self.missing: str | None = None
        self.install_command = ""

    def show(self, suggestion: Any, lang: str) -> None:
        """A `store.suggestions.Suggestion` or None."""
        self.suggestion, self.lang = suggestion, lang
        self.changed()

    def show_missing(self, message: str | None, command: str = "") -> None:
        """No model installed for this language: say which and how to install it. The
        install `command` comes first, on a line of its own, so a short panel that cuts the
        message off still shows what to run."""
        self.missing, self.install_command = message, command
        self.set_class(message is not None, "-missing")
        self.changed()

    def build(self, width: int) -> list[Text]:
        lines: list[Text] = []
        if self.missing:
            lines.append(Text("No MT model installed · install with:",
                              style=Style(color="red", bold=True)))
            lines += [Text(line, style=LABEL) for line in wrap_cells(self.install_command, width)]
            lines += [Text(line) for line in wrap_cells(self.missing, width)]
            lines.append(Text("You can still translate by hand.", style=MUTED))
        s = self.suggestion
        if s is None:
            if not self.missing:
                lines.append(Text(f"No suggestion yet for {lang_name(self.lang)} "
                                  "(F9 translates this document).", style=MUTED))
            return lines
        if s.is_test_model:
            lines.append(Text(" TEST MODEL — output is not a translation ", style=WARNING))
        lines += self.block(s.text, width, self.lang,
                            Style(italic=True, dim=True) if s.is_test_model else None)
        meta = f"ctrl+t accepts · {s.model}"
        if s.flags:
            meta += f" · flags: {s.flags}"
        lines += [Text(line, style=MUTED) for line in wrap_cells(meta, width)]
        return lines


class ListPanel(TextPanel):
    """A panel showing a list of core results (matches, terms, findings) for one target
    language, or a one-line message when there are none."""

    TITLE = ""
    EMPTY = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(self.TITLE, id=id)
        self.items: list[Any] = []
        self.lang = "en"

    def show(self, items: Sequence[Any], lang: str = "en") -> None:
        """Replace the list and redraw."""
        self.items, self.lang = list(items), lang
        self.changed()

    def build(self, width: int) -> list[Text]:
        if not self.items:
            return [Text(self.EMPTY, style=MUTED)]
        return self.build_items(width)

    def build_items(self, width: int) -> list[Text]:
        """Lines for a non-empty list."""
        raise NotImplementedError


class TMPanel(ListPanel):
    """Translation-memory matches (`tm.lookup.TMMatch`, best first): score, what differs from
    this source, the target."""

    TITLE = "Translation memory"
    EMPTY = "No matches."

    def build_items(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for n, m in enumerate(self.items, 1):
            key = "f5 " if n == 1 else ""
            head = Text(f"{key}{m.score}%", style=LABEL)
            head.append(f"  {m.origin} · {m.updated_at[:10]}", style=MUTED)
            lines.append(head)
            diff = Text()
            for op, words in m.diff:
                diff.append(for_display(words) + " ", style=DIFF_STYLES.get(op, Style()))
            lines += diff.wrap(_console(), max(1, width - 2))
            lines += self.block(m.target, width, self.lang, indent=2)
        lines.append(Text("f5 inserts the best match · ctrl+b picks one", style=MUTED))
        return lines


class GlossaryPanel(ListPanel):
    """Glossary terms found in the source (`glossary.match.TermHit`, in source order) with the
    approved rendering in the target."""

    TITLE = "Glossary"
    EMPTY = "No glossary terms in this segment."

    def build_items(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for hit in self.items:
            head = Text(for_display(hit.matched), style=LABEL)
            if hit.do_not_translate:
                head.append("  keep as is", style=MUTED)
            elif not hit.rendering:
                head.append("  no approved rendering", style=MUTED)
            lines += self.labelled(head, hit.rendering or "", width, Style(color="green"))
            if hit.forbidden:
                sep = "، " if is_rtl(self.lang) else ", "
                lines += self.labelled(Text("  avoid:", style=Style(color="red")),
                                       sep.join(hit.forbidden), width,
                                       Style(color="red", strike=True), arrow=" ")
        lines.append(Text("ctrl+g inserts a rendering", style=MUTED))
        return lines

    def labelled(self, label: Text, value: str, width: int, style: Style,
                 arrow: str = " → ") -> list[Text]:
        """`label → value` on one line when it fits, else the value on lines of its own."""
        if not value:
            return [label]
        shown = visual_line(value, self.lang, self.rtl_mode)
        if label.cell_len + len(arrow) + cell_len(shown) <= width:
            line = label.copy()
            line.append(arrow)
            line.append(shown, style=style)
            return [line]
        return [label, *self.block(value, width, self.lang, style, indent=4)]


class QAPanel(ListPanel):
    """Quality checks of the translation against the source (`qa.checks.Finding`)."""

    TITLE = "QA"
    EMPTY = "No problems found."

    def build_items(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for f in self.items:
            icon, style = SEVERITY.get(f.severity, ("•", Style()))
            message = f.message + (f" → {f.suggestion}" if f.suggestion else "")
            for n, part in enumerate(wrap_cells(message, max(1, width - 2))):
                line = Text(f"{icon} " if n == 0 else "  ", style=style)
                line.append(visual_mixed_line(part, self.rtl_mode))
                lines.append(line)
        return lines


@lru_cache(maxsize=1)
def _console() -> Console:
    """A console used only to wrap LTR Text (Rich needs one to measure cells)."""
    return Console(width=200, legacy_windows=False, no_color=True)
