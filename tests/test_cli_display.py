"""Terminal escape injection: user text printed by the CLI cannot drive the terminal.

A page line `x ESC]0;PWNED-TITLE BEL y ESC[2J z` would set the terminal's title and clear the
screen when printed raw, and U+202E would reverse the rest of the line. Every command that
prints user text (segments, translations, documents, concordance, tm-lookup, qa, glossary,
import-tm's report) must show it without the control sequences and with the override made
visible, while the project keeps the text exactly as imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.project import open_project
from workbench.store.translations import set_translation

HOSTILE = "x \x1b]0;PWNED-TITLE\x07 y \x1b[2J z \u202eevil\u202c."
SHOWN = "x  y  z ⟦RLO⟧evil⟦PDF⟧."
TRANSLATION = "ترجمه \x1b[31mقرمز\x1b[0m \u202eوارونه"


@pytest.fixture
def hostile_project(tmp_path: Path) -> Path:
    """A project whose page, translation, TM and glossary all hold escape sequences."""
    page = tmp_path / "page \x1b]0;PWNED-TITLE\x07 \u202eevil.txt"  # its name is the title
    page.write_text(f"Report {HOSTILE}\n\nThe {HOSTILE}\n", encoding="utf-8")
    path = tmp_path / "p.wbproj"
    assert main(["--project", str(path), "import", str(page)]) == 0
    tsv = tmp_path / "tm.tsv"
    tsv.write_text(f"Ashraf {HOSTILE}\tاشرف {HOSTILE}\n", encoding="utf-8")
    assert main(["--project", str(path), "import-tm", str(tsv), "--tgt-lang", "fa"]) == 0
    assert main(["--project", str(path), "glossary", "add", f"Camp {HOSTILE}", "--fa",
                 f"قرارگاه {HOSTILE}"]) == 0
    with open_project(path) as project:
        seg = project.db.execute("SELECT id FROM segments WHERE text LIKE 'The%'").fetchone()[0]
        set_translation(project.db, seg, "fa", TRANSLATION + " 2019", status="translated")
    return path


def _clean(out: str) -> None:
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "PWNED-TITLE" not in out


@pytest.mark.parametrize("argv, shown", [
    (["segments", "1", "--to", "fa"], [SHOWN, "ترجمه قرمز ⟦RLO⟧وارونه"]),
    (["documents"], ["page  ⟦RLO⟧evil"]),
    (["concordance", "Ashraf"], [SHOWN]),
    (["tm-lookup", f"Ashraf {HOSTILE}", "--to", "fa"], [SHOWN]),
    (["qa", "--to", "fa"], [SHOWN, "ترجمه قرمز ⟦RLO⟧وارونه"]),
    (["glossary", "list", "--lang", "fa", "--search", "Camp"], ["Camp x  y  z"]),
], ids=lambda v: v[0] if isinstance(v[0], str) else "")
def test_printed_user_text_carries_no_terminal_controls(
        argv: list[str], shown: list[str], hostile_project: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["--project", str(hostile_project), *argv])
    out = capsys.readouterr()
    _clean(out.out)
    _clean(out.err)
    for text in shown:
        assert text in out.out, out.out


def test_stored_text_is_unchanged(hostile_project: Path) -> None:
    with open_project(hostile_project) as project:
        segment = project.db.execute("SELECT text FROM segments WHERE text LIKE 'The%'"
                                     ).fetchone()[0]
        target = project.db.execute("SELECT target FROM tm_units WHERE source LIKE 'Ashraf%'"
                                    ).fetchone()[0]
        translation = project.db.execute("SELECT text FROM translations").fetchone()[0]
    assert segment == f"The {HOSTILE}"
    assert target == f"اشرف {HOSTILE}"
    assert translation == TRANSLATION + " 2019"


def test_an_import_report_and_an_error_naming_a_hostile_file_are_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = tmp_path / "a\x1b[2Jb.tmx"
    name.write_text("not xml", encoding="utf-8")
    code = main(["--project", str(tmp_path / "p.wbproj"), "import-tm", str(name)])
    out = capsys.readouterr()
    assert code == 1
    _clean(out.out + out.err)
    assert "ab.tmx" in out.err
