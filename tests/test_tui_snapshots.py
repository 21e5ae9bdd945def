"""Snapshots of the main screens (pytest-textual-snapshot), with Farsi and Arabic rows.

Regenerate after an intended change with `pytest tests/test_tui_snapshots.py
--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.tui import ReviewDoc, open_review, settle
from pytest_textual_snapshot import SVGImageExtension
from textual.widgets import TextArea

from workbench.store import translations as tr
from workbench.store.documents import list_segments
from workbench.tui.app import make_app

SIZE = (120, 40)
SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
FARSI = ("رجوی در تیرانا", "مریم رجوی در سال 2024 در Paris سخنرانی کرد.",
         "مجاهدین خلق ۳٬۰۰۰ عضو را به آلبانی منتقل کرد.")
ARABIC = ("رجوي في تيرانا", "تحدثت مريم رجوي في Paris عام 2024.",
          "لا تزال مجاهدي خلق تنقل 3,000 عضو إلى ألبانيا.")


@pytest.fixture(autouse=True)
def snapshots_under_tests_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the SVGs in tests/snapshots/ (the project's place for them, excluded from lint)
    rather than syrupy's default __snapshots__ directory."""
    monkeypatch.setattr(SVGImageExtension, "dirname", classmethod(
        lambda cls, *, test_location: str(SNAPSHOT_DIR / Path(test_location.filepath).stem)))


def translate_first(review_doc: ReviewDoc, lang: str, texts: tuple[str, ...]) -> None:
    conn = review_doc.project.db
    for row, text in zip(list_segments(conn, review_doc.doc_id), texts, strict=False):
        tr.set_translation(conn, row["id"], lang, text)


async def open_second_segment(pilot, lang: str) -> None:  # type: ignore[no-untyped-def]
    await open_review(pilot, lang)
    pilot.app.screen.query_one(TextArea).cursor_blink = False  # a blink would make it flaky
    await pilot.press("alt+down")  # segment 2: a Latin name and a number inside RTL text
    await settle(pilot)


ALBANIAN = ("Rajavi në Tiranë", "Maryam Rajavi foli në Paris në 2024.",
            "MEK zhvendosi 3,000 anëtarë në Shqipëri.")
TEXTS = {"fa": FARSI, "ar": ARABIC, "sq": ALBANIAN}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_documents_screen(snap_compare, review_doc: ReviewDoc, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Every target language's column is on screen, at 80×24 too."""
    translate_first(review_doc, "fa", FARSI)
    assert snap_compare(make_app(review_doc.project), terminal_size=size)


@pytest.mark.parametrize(("size", "lang"), [
    ((80, 24), "fa"), ((80, 24), "sq"), ((100, 30), "ar"), ((120, 40), "fa"),
    ((120, 40), "ar"), ((140, 45), "fa"), ((200, 60), "ar")])
def test_review_screen(snap_compare, review_doc: ReviewDoc, size: tuple[int, int],  # type: ignore[no-untyped-def]
                       lang: str) -> None:
    """The review layout at every size from 80×24 up: under 110×32 the compact layout (one
    side panel under a tab strip), source, editor and the segment's status always shown."""
    translate_first(review_doc, lang, TEXTS[lang])
    assert snap_compare(make_app(review_doc.project), terminal_size=size,
                        run_before=lambda pilot: open_second_segment(pilot, lang))
