"""Read-only panels around the editor: source, preview, MT, TM, glossary and QA.

Each panel lays its text out itself at the width it is given: right-to-left text must be
wrapped in logical order *before* it is reordered line by line (see tui.bidi), which Rich's own
wrapping cannot do. Everything shown is `rich.text.Text` built from data — user, page, MT and
glossary strings are never parsed as markup. Panels hold only what they display; the review
screen reads the store and calls `show_*`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from workbench.text.codes import (
    OPEN,
    STANDALONE,
    TOKEN_RE,
    CodeTable,
    code_char,
    describe,
    has_codes,
    token,
)
from workbench.text.display import for_display
from workbench.text.scripts import is_rtl, lang_name
from workbench.tui.bidi import visual_line, visual_lines, visual_mixed_line, wrap_cells

LABEL = Style(bold=True)
MUTED = Style(dim=True)
CODE_STYLE = Style(color="cyan", bold=True)  # inline-code tokens ⟨1⟩ stand out from words
WARNING = Style(color="black", bgcolor="yellow", bold=True)
# Tracked-changes reading of a TM diff (match source → this source): words only in the match are
# struck out, words this source has and the match lacks are underlined.
DIFF_STYLES = {"equal": MUTED, "insert": Style(color="red", strike=True),
               "replace": Style(color="red", strike=True),
               "delete": Style(color="dodger_blue1", underline=True)}
SEVERITY = {"error": ("✖", Style(color="red", bold=True)),
            "warning": ("▲", Style(color="yellow", bold=True)),
            "info": ("ℹ", Style(color="cyan"))}


class Lines:
    """Something that lays its own lines out at a width: right-to-left text must be wrapped
    in logical order *before* it is reordered line by line (see tui.bidi)."""

    rtl_mode = "app"
    _built: tuple[int, list[Text]] | None = None

    def build(self, width: int) -> list[Text]:
        """The lines at `width` cells (each at most `width` wide)."""
        raise NotImplementedError

    def lines(self, width: int) -> list[Text]:
        """`build(width)`, computed once per change of data or width."""
        width = max(1, width)
        if self._built is None or self._built[0] != width:
            self._built = (width, self.build(width))
        return self._built[1]

    def changed(self) -> None:
        """The data changed: lay the lines out again when next drawn."""
        self._built = None

    def block(self, text: str, width: int, lang: str | None, style: Style | None = None,
              indent: int = 0) -> list[Text]:
        """`text` in `lang` wrapped to the width, RTL lines reordered and right-aligned."""
        inner = max(1, width - indent)
        out = []
        for line in visual_lines(text, inner, lang, self.rtl_mode):
            pad = inner - cell_len(line) if is_rtl(lang) else 0
            out.append(Text(" " * (indent + pad) + line, style=style or Style()))
        return out


def cut(lines: list[Text], height: int) -> list[Text]:
    """At most `height` lines, the last one saying how many more there are."""
    if 0 < height < len(lines):
        more = len(lines) - height + 1
        return [*lines[:height - 1], Text(f"… {more} more line(s)", style=MUTED)]
    return lines


def same_line(a: Text, b: Text) -> bool:
    """Whether two lines look alike (`Text.__eq__` ignores the style of the whole line)."""
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans


class LineWidget(Widget):
    """A widget drawn line by line (Textual's Line API) from the `Text` lines of `frame`.

    When its data changes (`redraw`) the new frame is compared with the one on screen and
    only the lines that differ are rendered again: a segment move changes a few lines of the
    side panels and the source, and turning every line of a `render()` result into strips
    again cost more UI time than the rest of the move."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._frame: list[Text] = []
        self._frame_size: Size | None = None  # None: lay the whole frame out when drawn
        self._strips: dict[int, Strip] = {}
        self._held: bool | None = None  # inside `changes`: whether a redraw was asked for
        self._base: Style | None = None  # the widget's own style, under every line

    def frame(self, width: int, height: int) -> list[Text]:
        """The lines to show in a content area of `width` × `height` cells."""
        raise NotImplementedError

    @contextmanager
    def changes(self) -> Iterator[None]:
        """Several changes of the data, drawn once at the end (a segment's context fills
        every side section: one new frame, not one per section)."""
        if self._held is not None:  # nested: the outer one draws
            yield
            return
        self._held = False
        try:
            yield
        finally:
            asked, self._held = self._held, None
            if asked:
                self.redraw()

    def redraw(self, *, layout: bool = False) -> None:
        """The data changed: repaint the lines that differ (everything after a new layout,
        or while the widget has no size yet)."""
        if self._held is not None and not layout:
            self._held = True
            return
        size = self.content_size
        if layout or self._frame_size != size or not size.area:
            self._frame_size = None
            self.refresh(layout=layout)
            return
        new = self.fitted(size)
        old, self._frame = self._frame, new
        changed = [y for y in range(max(len(old), len(new)))
                   if y >= len(old) or y >= len(new) or not same_line(old[y], new[y])]
        for y in changed:
            self._strips.pop(y, None)
        if changed:
            self.refresh(*(Region(0, y, size.width, 1) for y in changed))

    def fitted(self, size: Size) -> list[Text]:
        """The frame at `size`, lines wider than the widget wrapped, cut to its height."""
        out: list[Text] = []
        for line in self.frame(size.width, size.height):
            if line.cell_len > size.width:
                for part in line.wrap(self.app.console, max(1, size.width)):
                    part.rstrip()
                    out.append(part)
            else:
                out.append(line)
            if len(out) >= size.height:
                break
        return out[:size.height]

    def render_line(self, y: int) -> Strip:
        size = self.content_size
        if self._frame_size != size:
            self._frame = self.fitted(size)
            self._frame_size = size
            self._strips.clear()
        strip = self._strips.get(y)
        if strip is None:
            if self._base is None:  # (computing it walks the ancestors: once per style)
                self._base = self.rich_style
            console, base, segments, cells = self.app.console, self._base, [], 0
            if y < len(self._frame):  # (Text.render leaves out the style of the whole line)
                line = self._frame[y]
                span = self.text_selection.get_span(y) if self.text_selection else None
                if span is not None:  # text selected with the mouse (copied with Ctrl+C)
                    line = line.copy()
                    line.stylize(self.screen.get_component_rich_style("screen--selection"),
                                 span[0], len(line) if span[1] == -1 else span[1])
                segments = list(Segment.apply_style(line.render(console),
                                                    base + console.get_style(line.style)))
                cells = line.cell_len
            if cells < size.width:
                segments.append(Segment(" " * (size.width - cells), base))
            strip = Strip(segments, max(cells, size.width)).apply_offsets(0, y)
            self._strips[y] = strip
        return strip

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract("\n".join(line.plain for line in self._frame)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base = None


NOTE_MARK = "†"  # the footnote dagger, also the grid's mark of a segment with a note
NOTE_STYLE = Style(color="yellow", italic=True)


class TextPanel(Lines, LineWidget):
    """A bordered panel showing its lines (the source, the preview).

    The stylesheet gives it a fixed height, or `height: auto` (as tall as its content): then
    data with another number of lines lays the screen out again."""

    DEFAULT_CSS = """
    TextPanel { height: 1fr; padding: 0 1; border: round $panel-lighten-2; }
    TextPanel.-empty { display: none; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title

    def changed(self) -> None:
        """Draw again: only this panel, unless the stylesheet sizes it by its content and the
        number of lines changed (a new layout of the screen redraws every widget)."""
        super().changed()
        self._content_height_cache = (None, 0)
        auto = self.styles.height is not None and self.styles.height.is_auto
        width, height = self.content_size
        self.redraw(layout=auto and (width <= 0 or len(self.lines(width)) != height))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))

    def frame(self, width: int, height: int) -> list[Text]:
        return cut(self.lines(width), height)


class Section(Lines):
    """One part of the side view (MT, TM, glossary, QA): data and how it is laid out; the
    view draws it (`SidePanels`)."""

    TITLE = ""

    def __init__(self, view: SidePanels) -> None:
        self.view = view
        self.title = self.TITLE

    @property
    def width(self) -> int:
        """The width the view lays sections out at."""
        return self.view.section_width

    def changed(self) -> None:
        super().changed()
        self.view.section_changed()


class SourcePanel(TextPanel):
    """The current segment's source, glossary terms underlined."""


    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Source", id=id)
        self.text = ""
        self.terms: list[str] = []
        self.legend = ""
        self.note: str | None = None

    def show(self, text: str, terms: Sequence[str], title: str,
             codes: CodeTable | None = None, note: str | None = None) -> None:
        """The source, its terms underlined, and the translator's note (if any) below it.

        `codes`: the source's inline codes, listed under it ("⟨1⟩ link /about/ · ⟨2/⟩ line
        break") so the translator knows what each token stands for."""
        legend = " · ".join(
            f"{token(code_char(STANDALONE if c.kind == STANDALONE else OPEN, c.id))} "
            f"{describe(c)}" for c in (codes or {}).values())
        if (text, list(terms), title, legend, note) == (self.text, self.terms,
                                                        self.border_title, self.legend,
                                                        self.note):
            return
        self.text, self.terms, self.legend, self.note = text, list(terms), legend, note
        if self.border_title != title:
            self.border_title = title
        self.changed()

    def build(self, width: int) -> list[Text]:
        lines = [Text(line) for line in wrap_cells(self.text, width)]
        for line in lines:
            line.highlight_words(self.terms, Style(underline=True, color="magenta"))
            line.highlight_regex(TOKEN_RE.pattern, CODE_STYLE)
        if self.legend and has_codes(self.text):
            lines += [Text(line, style="dim") for line in wrap_cells(self.legend, width)]
        if self.note:
            note = for_display(" ".join(self.note.split()))
            lines += [Text(line, style=NOTE_STYLE)
                      for line in wrap_cells(f"{NOTE_MARK} Note: {note}", width)]
        return lines


class DisplayPanel(TextPanel):
    """A text in display order, whatever its language: right-to-left lines are wrapped in
    logical order, then reordered and right-aligned (a Static would show them reversed)."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(title, id=id)
        self.text, self.lang = "", "en"

    def show(self, text: str, lang: str) -> None:
        self.text, self.lang = text, lang
        self.changed()

    def build(self, width: int) -> list[Text]:
        return self.block(self.text, width, self.lang) or [Text("")]


class PreviewPanel(DisplayPanel):
    """How the translation being edited reads in display order (RTL targets only)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Preview (display order; edit above in logical order)", id=id)

    def show(self, text: str, lang: str) -> None:
        if self.has_class("-empty") == is_rtl(lang):
            self.set_class(not is_rtl(lang), "-empty")
        super().show(text, lang)


class MTPanel(Section):
    """The MT suggestion, what produced it, and a loud label when it is a test model; with
    no model installed, which one is missing and the command that installs it (shown as
    soon as the segment opens, not only after F9)."""

    TITLE = "Machine translation"

    def __init__(self, view: SidePanels) -> None:
        super().__init__(view)
        self.suggestion: Any = None
        self.lang = "en"
        self.install_command: str | None = None
        self.reading = False  # (not `loading`: that is Widget's spinner reactive)

    def show(self, suggestion: Any, lang: str, install_command: str | None = None,
             *, loading: bool = False) -> None:
        """A `store.suggestions.Suggestion` or None; `install_command` when no model is
        installed for `lang`."""
        self.suggestion, self.lang, self.reading = suggestion, lang, loading
        self.install_command = install_command
        self.changed()

    @property
    def missing(self) -> bool:
        return self.install_command is not None and self.suggestion is None

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
            note = "…" if self.reading else (f"No suggestion yet for {lang_name(self.lang)} "
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


class ListPanel(Section):
    """A section showing a list of core results (matches, terms, findings) for one target
    language, or a one-line message when there are none."""

    EMPTY = ""

    def __init__(self, view: SidePanels) -> None:
        super().__init__(view)
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


HEADER = Style(color="grey58")
HEADER_MISSING = Style(color="red", bold=True)
TAB_ACTIVE = Style(bold=True, reverse=True)
# When the four sections do not fit, each keeps at least this many lines and the rest goes to
# the first of these that still has more to show (QA first when it has an error).
FLOOR = 3
PRIORITY = ("mt", "tm", "glossary", "qa")


def allot(wanted: dict[str, int], height: int, order: tuple[str, ...]) -> dict[str, int]:
    """Lines each section gets out of `height` (each wants wanted[name], at least one)."""
    if sum(wanted.values()) <= height:
        return dict(wanted)
    got = {n: min(w, FLOOR) for n, w in wanted.items()}
    left = height - sum(got.values())
    for name in order:
        extra = max(0, min(wanted[name] - got[name], left))
        got[name] += extra
        left -= extra
    while left < 0:  # too short even for the floors: take from the last sections first
        name = next(n for n in reversed(order) if got[n] > 1)
        got[name] -= 1
        left += 1
    return got


class SidePanels(LineWidget, can_focus=False):
    """The MT, TM, glossary and QA sections of the current segment, drawn by one widget.

    One widget, not four bordered panels: moving to another segment changes what the
    sections hold, and with one fixed-size widget that is a repaint, never a new layout of
    the screen (a layout redraws every widget: tens of milliseconds per segment move). Tall
    terminals show the four stacked under title rules, each as tall as its content while
    they fit (see `allot`); the compact layout (`single`) shows one under a tab strip whose
    labels carry counts ("TM 2", "QA ✖1"), switched with F6 or a click."""

    DEFAULT_CSS = """
    SidePanels { padding: 0 1; }
    """
    NAMES = PRIORITY
    LABELS = {"mt": "MT", "tm": "TM", "glossary": "Terms", "qa": "QA"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mt = MTPanel(self)
        self.tm = TMPanel(self)
        self.glossary = GlossaryPanel(self)
        self.qa = QAPanel(self)
        self.sections: dict[str, Section] = {"mt": self.mt, "tm": self.tm,
                                             "glossary": self.glossary, "qa": self.qa}
        self.labels = dict(self.LABELS)
        self.active = "mt"
        self._single = False
        self._tabs: list[tuple[int, int, str]] = []  # x ranges of the tab labels

    @property
    def section_width(self) -> int:
        return max(1, self.content_size.width)

    def section_changed(self) -> None:
        self.redraw()

    @property
    def rtl_mode(self) -> str:
        return self.mt.rtl_mode

    @rtl_mode.setter
    def rtl_mode(self, mode: str) -> None:
        for section in self.sections.values():
            section.rtl_mode = mode
            section.changed()

    @property
    def single(self) -> bool:
        return self._single

    @single.setter
    def single(self, value: bool) -> None:
        self._single = value
        self.redraw()

    def select(self, name: str) -> None:
        """Show section `name` in the compact layout."""
        self.active = name
        self.redraw()

    def cycle(self) -> None:
        names = self.NAMES
        self.select(names[(names.index(self.active) + 1) % len(names)])

    def label(self, name: str, text: str) -> None:
        if self.labels[name] != text:
            self.labels[name] = text
            self.redraw()

    # -- layout of the lines ------------------------------------------------------------------
    def heights(self) -> dict[str, int]:
        """Lines (title rule included) each section gets in the stacked layout."""
        width = self.section_width
        wanted = {n: 1 + len(s.lines(width)) for n, s in self.sections.items()}
        order = ("qa", *PRIORITY[:3]) if any(
            f.severity == "error" for f in self.qa.items) else PRIORITY
        return allot(wanted, self.content_size.height, order)

    def shown(self, name: str) -> list[str]:
        """The lines of section `name` as on screen now ([] when it is not shown)."""
        if self.single:
            if name != self.active:
                return []
            return [t.plain for t in cut(self.sections[name].lines(self.section_width),
                                         self.content_size.height - 2)]
        height = self.heights()[name] - 1
        return [t.plain for t in cut(self.sections[name].lines(self.section_width), height)]

    def frame(self, width: int, height: int) -> list[Text]:
        width = max(1, width)
        out: list[Text] = []
        if self.single:
            out.append(self._tab_strip())
            out.append(self._rule(self.active, width))
            out += cut(self.sections[self.active].lines(width), height - 2)
        else:
            for name, lines in self.heights().items():
                if lines <= 0:
                    continue
                out.append(self._rule(name, width))
                out += cut(self.sections[name].lines(width), lines - 1)
        return out[:height]

    def _rule(self, name: str, width: int) -> Text:
        title = self.sections[name].title
        style = HEADER_MISSING if name == "mt" and self.mt.missing else HEADER
        return Text(f"─ {title} " + "─" * max(0, width - len(title) - 3), style=style)

    def _tab_strip(self) -> Text:
        strip, x = Text(), 0
        self._tabs = []
        for name in self.NAMES:
            label = f" {self.labels[name]} "
            strip.append(label, style=TAB_ACTIVE if name == self.active else HEADER)
            self._tabs.append((x, x + len(label), name))
            strip.append(" ")
            x += len(label) + 1
        return strip

    def on_click(self, event: events.Click) -> None:
        if self.single and event.y == 0:
            x = event.x - self.styles.padding.left
            for start, end, name in self._tabs:
                if start <= x < end:
                    self.select(name)

    # -- data -----------------------------------------------------------------------------------
    def show_context(self, ctx: Any, lang: str) -> None:
        """Fill every section from a `review.SegmentContext`."""
        with self.changes():
            self.mt.show(ctx.suggestion, lang, ctx.model_missing)
            self.tm.show(ctx.tm_matches, lang)
            self.glossary.show(ctx.terms, lang)
            self.label("tm", f"TM {len(ctx.tm_matches)}" if ctx.tm_matches else "TM")
            self.label("glossary", f"Terms {len(ctx.terms)}" if ctx.terms else "Terms")
            self.show_findings(ctx.findings, lang)

    def show_loading(self, lang: str, suggestion: Any = None) -> None:
        """A new segment: old matches, terms and findings must not stay on screen."""
        with self.changes():
            self.mt.show(suggestion, lang, loading=True)
            for section in (self.tm, self.glossary):
                section.show([], lang)

    def show_findings(self, findings: Sequence[Any], lang: str) -> None:
        with self.changes():
            self.qa.show(findings, lang)
            errors = sum(f.severity == "error" for f in findings)
            warnings = sum(f.severity == "warning" for f in findings)
            marks = (f" ✖{errors}" if errors else "") + (f" ▲{warnings}" if warnings else "")
            self.label("qa", f"QA{marks}")


@lru_cache(maxsize=1)
def _console() -> Console:
    """A console used only to wrap LTR Text (Rich needs one to measure cells)."""
    return Console(width=200, legacy_windows=False, no_color=True)
