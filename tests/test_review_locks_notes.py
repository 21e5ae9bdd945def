"""Locked segments and segment notes (issue 18, "missing CAT actions"): what a translator
notices — a locked segment cannot be edited and nothing fills it (MT, pre-translation,
propagation), notes and locks leave in XLIFF/TMX and come back with import-xliff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from workbench.errors import LockedError, WorkbenchError
from workbench.formats.handoff import import_xliff
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs, import_tm
from workbench.formats.tmx import LOCKED_NOTE
from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.project import Project, open_project
from workbench.review import Edit, ReviewSession
from workbench.store.locks import set_locked
from workbench.store.mt import pending_segments
from workbench.store.tm_fill import untranslated_segments

REPEATED = "Read more on our website."


def repeats(project: Project) -> int:
    return save_doc(project, [REPEATED, "The MEK moved 3,000 members.", REPEATED, "Tirana."])


def save_doc(project: Project, sentences: list[str]) -> int:
    from workbench.store.documents import save_document

    return save_document(project.db, ParsedDocument("Repeats", [ParsedPassage(
        "paragraph", "", sentences)], "text", source_path="r.txt", lang="en")).document_id


def run_cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", "--project", str(project.path),
                           *args], capture_output=True, text=True)


def test_a_locked_segment_is_not_edited_or_filled(project: Project) -> None:
    doc = repeats(project)
    locked = run_cli(project, "lock", str(doc), "3-4", "--to", "sq")
    assert locked.returncode == 0, locked.stderr
    assert "locked 2 segment(s) in sq: 3, 4" in locked.stdout
    session = ReviewSession.open(project, doc, "sq")
    first, _, third, fourth = (session.row_number(n) for n in range(1, 5))
    assert third and third.locked and fourth and fourth.locked and first and not first.locked
    with pytest.raises(LockedError, match="segment 3 is locked in sq"):
        session.confirm(Edit(third.id, "Lexoni më shumë.", "confirm"))
    with pytest.raises(LockedError):
        session.save_draft(Edit(fourth.id, "Tirana.", "draft"))
    saved = session.confirm(Edit(first.id, "Lexoni më shumë në faqen tonë.", "confirm"))
    assert saved.filled == []  # the locked repetition is not propagated into
    assert session.row_number(3).target is None  # type: ignore[union-attr]
    ids = {r["id"] for r in untranslated_segments(project.db, "sq", doc_id=doc)}
    assert ids == {session.row_number(2).id}  # type: ignore[union-attr]
    assert {r["id"] for r in pending_segments(project.db, "sq", "m", doc_id=doc)} == ids
    assert {r["id"] for r in pending_segments(project.db, "fa", "m", doc_id=doc)} >= {
        third.id, fourth.id}  # locked per language
    assert "unlocked 1 segment(s) in sq: 3" in run_cli(project, "lock", str(doc), "3",
                                                       "--to", "sq", "--unlock").stdout
    assert session.confirm(Edit(third.id, "Lexoni më shumë.", "confirm")).row


def test_notes_need_a_translation_and_show_in_the_cli(project: Project) -> None:
    doc = repeats(project)
    none = run_cli(project, "note", str(doc), "2", "Check 3,000", "--to", "fa")
    assert none.returncode == 1 and "has no translation to attach a note to" in none.stderr
    session = ReviewSession.open(project, doc, "fa")
    row = session.row_number(2)
    assert row is not None
    session.save_draft(Edit(row.id, "مجاهدین ۳۰۰۰ عضو را منتقل کرد.", "draft"))
    done = run_cli(project, "note", str(doc), "2", "Check 3,000 [/] & <b>", "--to", "fa")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("note: Check 3,000 [/] & <b>")
    assert session.row(row.id).note == "Check 3,000 [/] & <b>"  # type: ignore[union-attr]
    assert session.set_note(row.id, "  ").note is None  # type: ignore[union-attr]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_notes_and_locks_survive_xliff_export_and_import(project: Project, tmp_path: Path,
                                                         version: str) -> None:
    doc = repeats(project)
    session = ReviewSession.open(project, doc, "fa")
    rows = [session.row_number(n) for n in range(1, 5)]
    ids = [r.id for r in rows if r]
    session.confirm(Edit(ids[1], "مجاهدین ۳۰۰۰ عضو را منتقل کرد.", "confirm"))
    session.confirm(Edit(ids[3], "تیرانا.", "confirm"))
    session.set_note(ids[1], "ZWNJ: می\u200cخواهد & <i>")
    session.set_locked([ids[2], ids[3]], True)
    path = Path(export_pairs(project.db, ExportFilter(("fa",), doc_id=doc, all_segments=True,
                                                      xliff_version=version),
                             "xliff", tmp_path / "out.xlf").files[0])
    root = etree.parse(str(path)).getroot()
    text = path.read_text(encoding="utf-8")
    if version == "1.2":
        marked = {u.get("id") for u in root.iter("{*}trans-unit") if u.get("translate") == "no"}
        assert marked == {f"s{ids[2]}", f"s{ids[3]}"}
    else:
        assert text.count('<mda:meta type="locked">yes</mda:meta>') == 2
    assert "ZWNJ: می\u200cخواهد &amp; &lt;i&gt;" in text
    # The project forgets both; the returned file (segment 4 edited outside) restores them.
    session.set_note(ids[1], "")
    session.set_locked(ids, False)
    set_locked(project.db, [ids[3]], "fa", True)  # still locked here: its text is kept
    for target in root.iter("{*}target"):
        if target.text == "تیرانا.":
            target.text = "تیرانای دیگر."
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    report = import_xliff(project.db, path)
    assert report.locked == [ids[2]]
    assert [c.kind for c in report.changes if c.segment_id == ids[3]] == ["kept-locked"]
    back = {r.id: r for r in session.rows_by_id(ids)}
    assert [back[i].locked for i in ids] == [False, False, True, True]
    assert back[ids[1]].note == "ZWNJ: می\u200cخواهد & <i>"
    assert back[ids[3]].target == "تیرانا."


def test_tmx_marks_locked_translations_and_the_tm_keeps_the_fact(project: Project,
                                                                 tmp_path: Path) -> None:
    doc = repeats(project)
    session = ReviewSession.open(project, doc, "sq")
    row = session.row_number(4)
    assert row is not None
    session.confirm(Edit(row.id, "Tirana.", "confirm"))
    session.set_note(row.id, "Emër vendi")
    session.set_locked([row.id], True)
    out = tmp_path / "out.tmx"
    export_pairs(project.db, ExportFilter(("sq",), doc_id=doc), "tmx", out)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    (tuv,) = [t for t in etree.parse(str(out)).getroot().iter("{*}tuv") if t.get(xml_lang) == "sq"]
    props = {p.get("type"): p.text for p in tuv.iter("{*}prop")}
    assert props["x-locked"] == "yes"
    assert [n.text for n in tuv.iter("{*}note")] == ["Emër vendi"]
    other = open_project(tmp_path / "other.wbproj", with_seeds=False)
    import_tm(other.db, [out])
    (note,) = other.db.execute("SELECT note FROM tm_units WHERE target = 'Tirana.'").fetchone()
    assert note.splitlines() == ["Emër vendi", LOCKED_NOTE]
    other.close()


def test_locking_nothing_new_says_so(project: Project) -> None:
    doc = repeats(project)
    run_cli(project, "lock", str(doc), "1", "--to", "ar")
    again = run_cli(project, "lock", str(doc), "1", "--to", "ar")
    assert "locked 0 segment(s) in ar (all were locked already)" in again.stdout
    bad = run_cli(project, "lock", str(doc), "1-x", "--to", "ar")
    assert bad.returncode == 1 and "not a segment number or range" in bad.stderr
    with pytest.raises(WorkbenchError):
        ReviewSession.open(project, doc, "ar").set_note(1, "x")
