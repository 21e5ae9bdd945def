"""Split and merge segments (workbench.resegment, `workbench split` / `merge`), on both
backends: ids of untouched segments stay, positions stay contiguous, translations and
history are kept, the TM keeps its pairs, inline code pairs are never cut, locks refuse."""

from __future__ import annotations

import pytest
from test_store import page

from workbench.cli import main
from workbench.errors import InputError, LockedError
from workbench.project import Project
from workbench.resegment import merge, split, split_point
from workbench.store.documents import list_segments, save_document
from workbench.store.locks import set_locked
from workbench.store.translations import get_translation, history, set_translation
from workbench.text.codes import code_char


def _doc(project: Project) -> int:
    return save_document(project.db, page("Gen. | Jones visited Tirana. | He left. Then "
                                          "he came back.", "Another paragraph.")).document_id


def _texts(project: Project, doc: int) -> list[tuple[int, int, str]]:
    return [(r["position"], r["id"], r["text"]) for r in list_segments(project.db, doc)]


def _tm_pairs(project: Project) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in project.db.execute("SELECT source, target FROM tm_units")}


def test_merge_then_split_keep_ids_translations_history_and_the_tm(
        store_project: Project) -> None:
    db = store_project.db
    doc = _doc(store_project)
    before = _texts(store_project, doc)
    title, gen, jones, left, other = (row[1] for row in before)
    set_translation(db, gen, "sq", "Gjen.", status="translated")
    set_translation(db, jones, "sq", "Jones vizitoi Tiranën.", status="reviewed")
    set_translation(db, left, "fa", "او رفت. سپس برگشت.")
    tm_before = _tm_pairs(store_project)
    assert ("Gen.", "Gjen.") in tm_before
    done = merge(store_project, doc, 2)
    assert (done.kept, done.other) == (gen, jones)
    after = _texts(store_project, doc)
    assert after == [(0, title, before[0][2]), (1, gen, "Gen. Jones visited Tirana."),
                     (2, left, "He left. Then he came back."), (3, other, "Another paragraph.")]
    merged = get_translation(db, gen, "sq")
    assert (merged.text, merged.status) == ("Gjen. Jones vizitoi Tiranën.", "translated")
    assert tm_before <= _tm_pairs(store_project)  # the old pairs are still in the memory
    assert ("Gen. Jones visited Tirana.", "Gjen. Jones vizitoi Tiranën.") in \
        _tm_pairs(store_project)
    assert "Jones vizitoi Tiranën." in [h["new_text"] for h in history(db, gen, "sq")]
    with pytest.raises(InputError, match="last of its paragraph"):
        merge(store_project, doc, 3)

    text = after[2][2]
    done = split(store_project, doc, 3, split_point(text, "then"))
    assert done.kept == left and "stays on the first part" in done.message
    after = _texts(store_project, doc)
    assert [(p, i) for p, i, _ in after][:3] == [(0, title), (1, gen), (2, left)]
    assert [t for _, _, t in after[2:4]] == ["He left.", "Then he came back."]
    assert after[4] == (4, other, "Another paragraph.")
    kept = get_translation(db, left, "fa")
    assert (kept.text, kept.status) == ("او رفت. سپس برگشت.", "draft")
    assert get_translation(db, after[3][1], "fa") is None


def test_a_split_never_cuts_a_code_pair_and_a_lock_refuses(store_project: Project) -> None:
    from workbench.store.codes import code_rows, save_codes, segment_codes
    from workbench.text.codes import InlineCode

    db = store_project.db
    doc = _doc(store_project)
    o, c, br = code_char("open", 1), code_char("close", 1), code_char("standalone", 2)
    seg = _texts(store_project, doc)[3][1]
    db.execute("UPDATE segments SET text = ? WHERE id = ?",
               (f"He {o}left. Then{c} he came back.{br} Later.", seg))
    save_codes(db, code_rows(seg, {1: InlineCode(1, "pair", "b", "<b>", "</b>"),
                                   2: InlineCode(2, "standalone", "br", "<br>", text="\n")}))
    db.commit()
    with pytest.raises(InputError, match="cut the inline code ⟨1⟩…⟨/1⟩"):
        split(store_project, doc, 4, split_point(f"He {o}left. Then{c} he came back.", "Then"))
    done = split(store_project, doc, 4, split_point(f"He {o}left. Then{c} he came back.{br} "
                                                    "Later.", "Later"))
    assert list(segment_codes(db, seg)) == [1, 2]
    assert list(segment_codes(db, done.other)) == []
    set_locked(db, [seg], "ar", True)
    with pytest.raises(LockedError):
        merge(store_project, doc, 4)


def test_cli_split_and_merge(store_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc(store_project)
    base = ["--project", store_project.location]
    assert main([*base, "merge", str(doc), "2"]) == 0
    assert "segments 2 and 3 merged into 2" in capsys.readouterr().out
    assert main([*base, "split", str(doc), "3", "--before", "Then"]) == 0
    assert "segment 3 split in two" in capsys.readouterr().out
    assert [t for _, _, t in _texts(store_project, doc)][1:4] == [
        "Gen. Jones visited Tirana.", "He left.", "Then he came back."]
    assert main([*base, "split", str(doc), "3", "--before", "nowhere"]) != 0
    assert "is not in the segment" in capsys.readouterr().err


def test_an_aligned_segment_is_split_and_merged_in_the_alignment_review(
        store_project: Project) -> None:
    from workbench.store.alignments import LinkRow, insert_alignment, replace_links
    from workbench.store.db import transaction

    db = store_project.db
    doc = _doc(store_project)
    edition = save_document(db, page("Gjen. Jones vizitoi Tiranën.", path="/pages/sq.txt"),
                            role="edition").document_id
    ids = [row[1] for row in _texts(store_project, doc)]
    with transaction(db):
        alignment = insert_alignment(db, src_doc_id=doc, tgt_doc_id=edition, src_lang="en",
                                     tgt_lang="sq", warnings="", to_memory=False, batch=None)
        replace_links(db, alignment, [LinkRow([ids[1], ids[2]], [], 0.9)])
    with pytest.raises(InputError, match=f"part of alignment {alignment}"):
        merge(store_project, doc, 2)
    with pytest.raises(InputError, match="alignment review"):
        split(store_project, doc, 3, 5)
    assert [t for _, _, t in _texts(store_project, doc)][1:3] == ["Gen.",
                                                                  "Jones visited Tirana."]
    split(store_project, doc, 4, 9)  # "He left. Then he came back." is in no link
