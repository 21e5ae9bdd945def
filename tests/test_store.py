"""The project store: schema, versioned imports, edits with history, undo/redo, durability."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.errors import ProjectError, WorkbenchError
from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.store import db as storedb
from workbench.store.documents import list_documents, list_segments, save_document
from workbench.store.translations import (
    get_translation,
    history,
    progress,
    redo,
    set_status,
    set_translation,
    undo,
)


def page(*paragraphs: str, title: str = "Iran Interlink Weekly Digest – 307",
         path: str = "/pages/307.txt") -> ParsedDocument:
    """A parsed page whose paragraphs are split on '|' into sentences."""
    passages = [ParsedPassage(kind="title", text=title, sentences=[title], lang="en")]
    for para in paragraphs:
        sentences = [s.strip() for s in para.split("|")]
        passages.append(ParsedPassage(kind="paragraph", text=" ".join(sentences),
                                      sentences=sentences, lang="en"))
    return ParsedDocument(title=title, passages=passages, format="text", source_path=path,
                          lang="en")


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = storedb.connect(tmp_path / "p.wbproj")
    yield c
    c.close()


def seg_ids(conn: sqlite3.Connection, doc_id: int) -> list[int]:
    return [r["id"] for r in list_segments(conn, doc_id)]


def test_new_project_uses_wal_and_records_migrations(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names[0] == "0001_core"
    assert names == sorted(n for n, _ in storedb.known_migrations())


def test_reimporting_identical_page_does_not_duplicate(conn: sqlite3.Connection) -> None:
    first = save_document(conn, page("Maryam Rajavi visited Tirana. | She met officials."))
    again = save_document(conn, page("Maryam Rajavi visited Tirana. | She met officials."))
    assert first.action == "created" and first.segments == 3
    assert again.action == "unchanged" and again.document_id == first.document_id
    assert len(list_documents(conn)) == 1


def test_changed_page_becomes_new_version_keeping_unchanged_translations(
        conn: sqlite3.Connection) -> None:
    v1 = save_document(conn, page("Maryam Rajavi visited Tirana. | She met officials."))
    ids = seg_ids(conn, v1.document_id)
    set_translation(conn, ids[1], "sq", "Maryam Rajavi vizitoi Tiranën.")
    set_translation(conn, ids[2], "sq", "Ajo takoi zyrtarë.")
    v2 = save_document(conn, page("Maryam Rajavi visited Tirana. | She met two officials."))
    assert (v2.action, v2.version, v2.carried_translations) == ("new-version", 2, 1)
    current = list_documents(conn)
    assert [d["id"] for d in current] == [v2.document_id]
    rows = list_segments(conn, v2.document_id, lang="sq")
    assert rows[1]["t_text"] == "Maryam Rajavi vizitoi Tiranën."
    assert rows[2]["t_text"] is None  # the changed sentence needs translating again
    assert len(list_documents(conn, include_old=True)) == 2


def test_every_edit_is_kept_and_undo_redo_walk_the_history(conn: sqlite3.Connection) -> None:
    doc = save_document(conn, page("Camp Ashraf is in Manez."))
    sid = seg_ids(conn, doc.document_id)[1]
    set_translation(conn, sid, "fa", "کمپ اشرف در مانز است", status="draft", origin="mt")
    set_translation(conn, sid, "fa", "اردوگاه اشرف در مانز است")
    set_status(conn, sid, "fa", "reviewed")
    assert len(history(conn, sid, "fa")) == 3

    assert undo(conn, sid, "fa").status == "translated"
    assert undo(conn, sid, "fa").text == "کمپ اشرف در مانز است"
    assert undo(conn, sid, "fa") is None  # back to no translation at all
    with pytest.raises(WorkbenchError, match="nothing to undo"):
        undo(conn, sid, "fa")
    assert redo(conn, sid, "fa").origin == "mt"
    assert redo(conn, sid, "fa").text == "اردوگاه اشرف در مانز است"
    set_translation(conn, sid, "fa", "اردوگاه اشرف در مانز قرار دارد")  # ends the redo chain
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        redo(conn, sid, "fa")
    assert len(history(conn, sid, "fa")) == 4


def test_confirmed_translations_feed_the_tm_and_unconfirmed_leave_it(
        conn: sqlite3.Connection) -> None:
    doc = save_document(conn, page("Nejat Society wrote to UNHCR."))
    sid = seg_ids(conn, doc.document_id)[1]

    def tm_targets() -> list[str]:
        return [r[0] for r in conn.execute("SELECT target FROM tm_units WHERE segment_id = ?",
                                           (sid,))]

    set_translation(conn, sid, "ar", "كتبت جمعية نجات إلى المفوضية", status="draft", origin="mt")
    assert tm_targets() == []
    set_translation(conn, sid, "ar", "كتبت جمعية نجات إلى المفوضية", status="translated")
    assert tm_targets() == ["كتبت جمعية نجات إلى المفوضية"]
    undo(conn, sid, "ar")
    assert tm_targets() == []
    # An aligned draft is not memory until a person reviews its link (issue 17).
    set_translation(conn, sid, "ar", "جمعية نجات كتبت", status="draft", origin="aligned")
    assert tm_targets() == []
    # A translation inserted from the TM is not added again (it would double its unit).
    set_translation(conn, sid, "ar", "كتبت جمعية نجات", status="translated", origin="tm")
    assert tm_targets() == []


def test_progress_counts_untranslated_segments_as_new(conn: sqlite3.Connection) -> None:
    doc = save_document(conn, page("One. | Two. | Three."))
    ids = seg_ids(conn, doc.document_id)
    set_translation(conn, ids[1], "sq", "Një.", status="approved")
    set_translation(conn, ids[2], "sq", "Dy.", status="draft", origin="mt")
    assert progress(conn, "sq") == {"new": 2, "draft": 1, "translated": 0, "reviewed": 0,
                                    "approved": 1}
    assert progress(conn, "fa")["new"] == 4


def test_page_text_is_stored_nfc_and_translations_as_written(conn: sqlite3.Connection) -> None:
    doc = save_document(conn, page("Tirane\u0308 is the capital."))  # e + combining diaeresis
    seg = list_segments(conn, doc.document_id)[1]
    assert seg["text"] == "Tiranë is the capital."  # the page's structure is rebuilt from NFC
    written = "Tirane\u0308 është kryeqyteti."  # as another tool or keyboard supplied it
    set_translation(conn, seg["id"], "sq", written)
    assert get_translation(conn, seg["id"], "sq").text == written  # type: ignore[union-attr]
    from workbench.tm.lookup import lookup

    match = lookup(conn, "Tiranë is the capital.", "en", "sq")[0]
    assert (match.score, match.target) == (100, written)  # matching folds the forms itself


@pytest.mark.parametrize("content, message", [
    (b"this is not a database at all, just some text\n" * 20, "not an SQLite database"),
    (b"SQLite format 3\x00" + b"\xff" * 4000, "header is damaged"),
])
def test_non_project_files_are_refused_untouched(tmp_path: Path, content: bytes,
                                                 message: str) -> None:
    bad = tmp_path / "bad.wbproj"
    bad.write_bytes(content)
    with pytest.raises(ProjectError, match=message) as err:
        storedb.connect(bad)
    assert str(bad) in err.value.render()
    assert bad.read_bytes() == content


def test_other_sqlite_databases_are_not_taken_over(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE customers(id)")
    with pytest.raises(ProjectError, match="not a workbench project"):
        storedb.connect(other)
    with sqlite3.connect(other) as c:
        assert [r[0] for r in c.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_project_from_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.wbproj"
    storedb.connect(path).execute(
        "INSERT INTO schema_migrations VALUES ('9999_from_the_future', '2030-01-01')")
    with pytest.raises(ProjectError, match="newer workbench"):
        storedb.connect(path)


def test_directory_and_missing_project_paths(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is a directory"):
        storedb.connect(tmp_path)
    with pytest.raises(ProjectError, match="does not exist"):
        storedb.connect(tmp_path / "missing.wbproj", create=False)


WRITER = textwrap.dedent("""
    import sys
    from workbench.store import db
    from workbench.store.translations import set_translation
    conn = db.connect(sys.argv[1])
    ids = [r[0] for r in conn.execute("SELECT id FROM segments ORDER BY position")]
    for i in range(int(sys.argv[3])):
        set_translation(conn, ids[i % len(ids)], sys.argv[2], f"edit {i}")
        print(i, flush=True)
    import time; time.sleep(60)
""")


def test_kill_9_after_an_edit_returns_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    c = storedb.connect(path)
    save_document(c, page("A. | B. | C."))
    c.close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "sq", "25"],
                            stdout=subprocess.PIPE, text=True)
    last = None
    for line in proc.stdout:  # type: ignore[union-attr]
        last = int(line)
        if last == 24:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    c = storedb.connect(path)
    edits = c.execute("SELECT count(*) FROM translation_history WHERE lang = 'sq'").fetchone()[0]
    assert last == 24 and edits == 25


def test_two_processes_can_write_the_same_project(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    c = storedb.connect(path)
    save_document(c, page("A. | B. | C."))
    c.close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER.replace("time.sleep(60)", "pass"),
                               str(path), lang, "40"], stdout=subprocess.DEVNULL)
             for lang in ("sq", "fa")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    c = storedb.connect(path)
    counts = dict(c.execute("SELECT lang, count(*) FROM translation_history GROUP BY lang"))
    assert counts == {"sq": 40, "fa": 40}
    assert get_translation(c, 1, "sq") is not None
