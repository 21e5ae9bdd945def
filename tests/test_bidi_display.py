"""Right-to-left lines in display order: mirrored brackets and kept joiners (app mode)."""

from __future__ import annotations

from workbench.tui.bidi import get_display, visual_line


def test_brackets_and_guillemets_read_the_right_way_round_in_arabic() -> None:
    shown = get_display("اجتمعوا مع حلف (NATO) في 2024. «سلام»")
    assert "(NATO)" in shown and ")NATO(" not in shown
    assert "«مالس»" in shown and "2024" in shown


def test_persian_zwnj_survives_reordering_next_to_its_letter() -> None:
    shown = visual_line("می‌خواهم به تیرانا بروم", "fa", "app")
    assert shown.count("\u200c") == 1
    assert "مهاوخ\u200cیم" in shown  # the joiner stays between the same two letters


def test_terminal_mode_leaves_order_to_the_terminal() -> None:
    line = "سازمان ملل (UN)"
    assert visual_line(line, "ar", "terminal") == "\u2067" + line + "\u2069"
    assert visual_line("Tiranë (Shqipëri)", "sq", "app") == "Tiranë (Shqipëri)"
