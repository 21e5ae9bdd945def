"""Right-to-left display: visual order in read-only views, logical order stored and edited."""

from __future__ import annotations

import unicodedata
from collections import Counter

from bidi import get_display
from fixtures.tui import ReviewDoc, open_review
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.widgets import TextArea

from workbench.glossary.match import find_terms
from workbench.store import translations as tr
from workbench.store.documents import list_segments
from workbench.tui.app import make_app
from workbench.tui.bidi import PDI, RLI, visual_cell, visual_line, visual_lines, wrap_cells
from workbench.tui.bidi import get_display as get_display_l3
from workbench.tui.screens.rtl_check import RtlCheckScreen
from workbench.tui.widgets.panels import PreviewPanel
from workbench.tui.widgets.segment_grid import SegmentGrid

FA_SENTENCE = "مریم رجوی در سال 2024 در Paris سخنرانی کرد."
FA_LONG = ("سازمان مجاهدین خلق سال‌ها در اردوگاه اشرف در عراق بود و سپس اعضای خود را به "
           "آلبانی منتقل کرد؛ مریم رجوی در Paris گفت که این سازمان در Tirana می‌ماند.")


def test_mixed_latin_and_numbers_keep_their_place() -> None:
    shown = visual_line(FA_SENTENCE, "fa", "app")
    assert "Paris" in shown and "2024" in shown          # LTR runs are not reversed
    assert shown.startswith(".")                          # sentence end is on the left
    assert shown.endswith("میرم")                         # first word (مریم) at the right
    assert visual_line(FA_SENTENCE, "sq", "app") == FA_SENTENCE  # LTR targets untouched


def test_wrap_in_logical_order_then_reorder_each_line() -> None:
    lines = wrap_cells(FA_LONG, 24)
    assert " ".join(lines) == FA_LONG                     # nothing lost or moved by wrapping
    assert all(cell_len(line) <= 24 for line in lines)
    shown = visual_lines(FA_LONG, 24, "fa", "app")
    assert shown == [get_display(line, base_dir="R") for line in lines]
    # Reordering the whole paragraph first and cutting it afterwards would put the end of
    # the sentence on the first line: the first shown line must hold the first logical words.
    assert "نامزاس" in shown[0]


def test_zwnj_survives_reordering() -> None:
    assert "\u200c" in visual_line("می‌ماند", "fa", "app")


def test_terminal_mode_isolates_logical_text() -> None:
    assert visual_line(FA_SENTENCE, "fa", "terminal") == f"{RLI}{FA_SENTENCE}{PDI}"
    cell = visual_cell(FA_SENTENCE, 60, "fa", "terminal")
    assert cell_len(cell) == 60 and cell.endswith(PDI)


def test_lam_alef_cells_keep_columns_aligned() -> None:
    for text in ("لا تزال", "لا", "الإسلام لا", "no rtl"):
        assert cell_len(visual_cell(text, 10, "ar", "app")) == 10
        assert cell_len(visual_cell(text * 5, 10, "ar", "app")) == 10


def test_glossary_renderings_from_the_starter_glossary(review_doc: ReviewDoc) -> None:
    conn = review_doc.project.db
    hits = find_terms(conn, "Maryam Rajavi spoke in Paris in 2024.", "en", "fa")
    assert [h.rendering for h in hits if h.matched == "Maryam Rajavi"] == ["مریم رجوی"]
    ar = find_terms(conn, "Maryam Rajavi spoke in Paris in 2024.", "en", "ar")
    assert [h.rendering for h in ar if h.matched == "Maryam Rajavi"] == ["مريم رجوي"]


async def test_review_panels_and_grid_show_display_order(review_doc: ReviewDoc) -> None:
    project = review_doc.project
    rows = list_segments(project.db, review_doc.doc_id)
    arabic = ["رجوي في تيرانا", "تحدثت مريم رجوي في Paris عام 2024.",
              "لا تزال مجاهدي خلق تنقل 3,000 عضو إلى ألبانيا."]
    for row, text in zip(rows, arabic, strict=False):
        tr.set_translation(project.db, row["id"], "ar", text)
    app = make_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot, "ar")
        await pilot.press("alt+down")
        await pilot.pause()

        # Glossary panel: the approved Arabic rendering in display order after its term.
        panel = screen.side.glossary
        lines = [line.plain for line in panel.build(panel.width)]
        assert f"Maryam Rajavi → {get_display('مريم رجوي', base_dir='R')}" in lines
        # A rendering too long for the line gets lines of its own, right-aligned.
        narrow = [line.plain for line in panel.build(20)]
        assert get_display("مريم رجوي", base_dir="R").rjust(20) in narrow

        # The editor holds logical order; the preview shows display order.
        assert screen.query_one(TextArea).text == arabic[1]
        preview = [line.plain.strip() for line in screen.query_one(PreviewPanel).build(80)]
        assert preview == [get_display(arabic[1], base_dir="R")]

        # Grid: every row is exactly as wide as the grid and the column separator stays in
        # the same cell column, lam-alef (لا) rows included.
        grid = screen.query_one(SegmentGrid)
        strips = [grid.render_line(y) for y in range(6)]
        assert {strip.cell_length for strip in strips} == {grid.size.width}
        columns = {cell_len(strip.text.split("│")[0]) for strip in strips if "│" in strip.text}
        assert len(columns) == 1
        assert any(get_display(arabic[2], base_dir="R")[-10:] in s.text for s in strips)

        # Switching to terminal reordering: logical text inside isolates, stored text unchanged.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, RtlCheckScreen)
        await pilot.press("2")
        await pilot.pause()
        assert app.rtl_mode == "terminal" and project.get_setting("rtl_render") == "terminal"
        await pilot.press("enter")
        await pilot.pause()
        grid = app.screen.query_one(SegmentGrid)
        assert f"{RLI}{arabic[0]}{PDI}" in grid.render_line(0).text
    assert tr.get_translation(project.db, rows[2]["id"], "ar").text == arabic[2]


def test_rtl_words_quoted_in_an_ltr_message_keep_the_punctuation_in_place() -> None:
    from workbench.tui.bidi import visual_mixed_line

    message = "glossary term 'General Jones' should be rendered 'جیمز جونز' → جیمز جونز"
    shown = visual_mixed_line(message, "app")
    assert shown == ("glossary term 'General Jones' should be rendered "
                     f"'{get_display('جیمز جونز')}' → {get_display('جیمز جونز')}")
    assert visual_mixed_line(message, "terminal") == message
    assert visual_mixed_line("no RTL here [/]", "app") == "no RTL here [/]"


# -- properties of the display order (hypothesis) ---------------------------------------------

LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةءأإآؤئ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0670"  # harakat, ezafe hamza
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
BRACKETS = "()[]«»"
_MIRROR = str.maketrans({c: "(" for c in BRACKETS})


def _word(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["rtl", "rtl", "rtl", "latin", "number", "bracket"]))
    if kind == "latin":
        return draw(st.text("abcdefXYZ", min_size=1, max_size=6))
    if kind == "number":
        return draw(st.text(DIGITS, min_size=1, max_size=4))
    if kind == "bracket":
        return draw(st.sampled_from(BRACKETS))
    letters = draw(st.lists(st.tuples(st.sampled_from(LETTERS),
                                      st.text(MARKS, max_size=2)), min_size=1, max_size=6))
    word = "".join(letter + marks for letter, marks in letters)
    if len(word) > 1 and draw(st.booleans()):
        cut = draw(st.integers(1, len(word) - 1))
        if not unicodedata.combining(word[cut]):
            word = word[:cut] + "\u200c" + word[cut:]  # ZWNJ between two letters
    return word


@st.composite
def rtl_text(draw: st.DrawFn, pure: bool = False) -> str:
    words = draw(st.lists(st.builds(lambda: None), min_size=1, max_size=14))
    out = []
    for _ in words:
        word = _word(draw)
        if pure:
            word = "".join(c for c in word if c in LETTERS or c in MARKS or c == "\u200c") or "ب"
        out.append(word)
    return " ".join(out)


def clusters(text: str) -> list[str]:
    """Each base character with the combining marks that follow it."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@settings(max_examples=300, deadline=None)
@given(rtl_text())
def test_combining_marks_stay_after_their_base_in_display_order(text: str) -> None:
    shown = get_display_l3(text)
    assert not shown or not unicodedata.combining(shown[0])
    # the same letter+marks clusters, only their order changed (brackets may be mirrored)
    assert Counter(clusters(shown.translate(_MIRROR))) == Counter(
        clusters(text.translate(_MIRROR)))


@settings(max_examples=200, deadline=None)
@given(rtl_text(), st.integers(4, 40))
def test_wrapping_keeps_the_reading_order(text: str, width: int) -> None:
    logical = wrap_cells(text, width)
    shown = visual_lines(text, width, "fa", "app")
    assert "".join(logical).replace(" ", "") == text.replace(" ", "")  # nothing lost or moved
    assert len(shown) == len(logical)
    for line, visual in zip(logical, shown, strict=True):  # line i holds chunk i, whole
        assert Counter(clusters(visual.translate(_MIRROR))) == Counter(
            clusters(line.translate(_MIRROR)))


@settings(max_examples=200, deadline=None)
@given(rtl_text(pure=True), st.integers(4, 40))
def test_pure_rtl_lines_read_right_to_left_in_logical_order(text: str, width: int) -> None:
    for line, visual in zip(wrap_cells(text, width), visual_lines(text, width, "ar", "app"),
                            strict=True):
        assert "".join(reversed(clusters(visual))) == line
