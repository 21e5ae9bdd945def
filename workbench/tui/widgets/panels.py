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
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Tab, Tabs

from workbench.text.display import for_display
from workbench.text.scripts import is_rtl, lang_name
from workbench.tui.bidi import visual_line, visual_lines, visual_mixed_line, wrap_cells

LABEL = Style(bold=True)
MUTED = Style(dim=True)
WARNING = Style(color="black", bgcolor="yellow", bold=True)
# Tracked-changes reading of a TM diff (match source → this source): words only in the match are
# struck out, words this source has and the match lacks are underlined.
DIFF_STYLES = {"equal": MUTED, "insert": Style(color="red", strike=True),
               "replace": Style(color="red", strike=True),
               "delete": Style(color="dodger_blue1", underline=True)}
SEVERITY = {"error": ("✖", Style(color="red", bold=True)),
            "warning": ("▲", Style(color="yellow", bold=True)),
            "info": ("ℹ", Style(color="cyan"))}


class TextPanel(Widget):
    """A panel whose content is a list of lines it wraps and orders itself.

    A panel is either as tall as its content up to a stylesheet limit (`height: auto`: a
    change of data lays the screen out again, which happens once per segment, never per
    key: the preview, which follows each key, has a fixed height) or a fixed share of its
    column. Content taller than the panel ends with a line saying how much more there is.
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
    """The MT suggestion, what produced it, and a loud label when it is a test model; with
    no model installed, which one is missing and the command that installs it (shown as
    soon as the segment opens, not only after F9)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Machine translation", id=id)
        self.suggestion: Any = None
        self.lang = "en"
        self.install_command: str | None = None
        self.loading = False

    def show(self, suggestion: Any, lang: str, install_command: str | None = None,
             *, loading: bool = False) -> None:
        """A `store.suggestions.Suggestion` or None; `install_command` when no model is
        installed for `lang`."""
        self.suggestion, self.lang, self.loading = suggestion, lang, loading
        self.install_command = install_command
        self.set_class(install_command is not None and suggestion is None, "-missing")
        self.changed()

    def build(self, width: int) -> list[Text]:
        lines: list[Text] = []
        s = self.suggestion
        if s is None and self.install_command:
            lines.append(Text(f"No MT model installed for {lang_name(self.lang)} · "
                              "install with:", style=Style(color="red", bold=True)))
            lines += [Text(line, style=LABEL) for line in wrap_cells(self.install_command,
                                                                       width)]
            lines.append(Text("You can still translate by hand.", style=MUTED))
            return lines
        if s is None:
            note = "…" if self.loading else (f"No suggestion yet for {lang_name(self.lang)} "
                                             "(F9 translates this document).")
            return [Text(note, style=MUTED)]
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
    """Translation-memory matches (`tm.lookup.TMMatch`, best first): score, the match's
    translation (what gets inserted), then how its source differs from this one."""

    TITLE = "Translation memory"
    EMPTY = "No matches."

    def build_items(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for n, m in enumerate(self.items, 1):
            key = "f5 " if n == 1 else f"{n}. "
            head = Text(f"{key}{m.score}%", style=LABEL)
            head.append(f"  {for_display(m.origin)} · {m.updated_at[:10]}", style=MUTED)
            lines.append(head)
            lines += self.block(m.target, width, self.lang, indent=2)
            diff = Text()
            for op, words in m.diff:
                diff.append(for_display(words) + " ", style=DIFF_STYLES.get(op, MUTED))
            lines += [Text("  ") + line for line in diff.wrap(_console(), max(1, width - 2))]
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
            sep = "، " if is_rtl(self.lang) else ", "
            if hit.variants:
                lines += self.labelled(Text("  also:", style=MUTED), sep.join(hit.variants),
                                       width, Style(color="green"), arrow=" ")
            if hit.forbidden:
                lines += self.labelled(Text("  avoid:", style=Style(color="red")),
                                       sep.join(hit.forbidden), width,
                                       Style(color="red", strike=True), arrow=" ")
        lines.append(Text("ctrl+g inserts a rendering or a form", style=MUTED))
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
    """Quality checks of the translation against the source (`qa.checks.Finding`, errors
    first). A fix in the target language is laid out as a block in the target's direction
    (wrapped in logical order, then each line reordered), never reordered inside the
    left-to-right message, where a Latin name would split it into runs read backwards."""

    TITLE = "QA"
    EMPTY = "No problems found."

    def build_items(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for f in self.items:
            icon, style = SEVERITY.get(f.severity, ("•", Style()))
            for n, part in enumerate(wrap_cells(f.message, max(1, width - 2))):
                line = Text(f"{icon} " if n == 0 else "  ", style=style)
                line.append(visual_mixed_line(part, self.rtl_mode))
                lines.append(line)
            if f.suggestion:
                lines.append(Text("  fix:", style=MUTED))
                lines += self.block(f.suggestion, width, self.lang, Style(color="green"),
                                    indent=2)
        return lines


class SidePanels(Vertical):
    """The MT, TM, glossary and QA panels of the current segment.

    Wide and tall terminals show all four stacked; in the compact layout of small terminals
    (`single = True`) only one shows at a time, under a one-line tab strip whose labels carry
    counts ("TM 2", "QA ✖1"), switched with F6 or a click."""

    DEFAULT_CSS = """
    SidePanels > Tabs { display: none; height: 1; }
    SidePanels > Tabs Underline { display: none; }
    SidePanels.-single > Tabs { display: block; }
    SidePanels.-single > TextPanel { display: none; height: 1fr; }
    SidePanels.-single > TextPanel.-active { display: block; }
    """
    NAMES = ("mt", "tm", "glossary", "qa")
    LABELS = {"mt": "MT", "tm": "TM", "glossary": "Terms", "qa": "QA"}

    def compose(self) -> ComposeResult:
        yield Tabs(*[Tab(self.LABELS[n], id=f"tab-{n}") for n in self.NAMES])
        yield MTPanel(id="mt")
        yield TMPanel(id="tm")
        yield GlossaryPanel(id="glossary")
        yield QAPanel(id="qa")

    def on_mount(self) -> None:
        self.select("mt")

    @property
    def single(self) -> bool:
        return self.has_class("-single")

    @single.setter
    def single(self, value: bool) -> None:
        self.set_class(value, "-single")

    @property
    def active(self) -> str:
        return (self.query_one(Tabs).active or "tab-mt").removeprefix("tab-")

    def select(self, name: str) -> None:
        """Show panel `name` in the compact layout."""
        self.query_one(Tabs).active = f"tab-{name}"
        for panel_name in self.NAMES:
            self.query_one(f"#{panel_name}").set_class(panel_name == name, "-active")

    def cycle(self) -> None:
        names = self.NAMES
        self.select(names[(names.index(self.active) + 1) % len(names)])

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.select((event.tab.id or "tab-mt").removeprefix("tab-"))

    def label(self, name: str, text: str) -> None:
        self.query_one(f"#tab-{name}", Tab).label = Text(text)

    def show_context(self, ctx: Any, lang: str) -> None:
        """Fill every panel from a `review.SegmentContext`."""
        self.query_one(MTPanel).show(ctx.suggestion, lang, ctx.model_missing)
        self.query_one(TMPanel).show(ctx.tm_matches, lang)
        self.query_one(GlossaryPanel).show(ctx.terms, lang)
        self.label("tm", f"TM {len(ctx.tm_matches)}" if ctx.tm_matches else "TM")
        self.label("glossary", f"Terms {len(ctx.terms)}" if ctx.terms else "Terms")
        self.show_findings(ctx.findings, lang)

    def show_loading(self, lang: str, suggestion: Any = None) -> None:
        """A new segment: old matches, terms and findings must not stay on screen."""
        self.query_one(MTPanel).show(suggestion, lang, loading=True)
        for panel in (self.query_one(TMPanel), self.query_one(GlossaryPanel)):
            panel.show([], lang)

    def show_findings(self, findings: Sequence[Any], lang: str) -> None:
        self.query_one(QAPanel).show(findings, lang)
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        marks = (f" ✖{errors}" if errors else "") + (f" ▲{warnings}" if warnings else "")
        self.label("qa", f"QA{marks}")


@lru_cache(maxsize=1)
def _console() -> Console:
    """A console used only to wrap LTR Text (Rich needs one to measure cells)."""
    return Console(width=200, legacy_windows=False, no_color=True)
