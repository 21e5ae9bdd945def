"""Stored alignments: the `align` command, review edits, TM and translation sync, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from align_samples import EN, FA, GOLD, SQ

from workbench.align import store as align_store
from workbench.align.links import format_link
from workbench.cli import main
from workbench.project import Project, open_project


def page(sentences: list[str], cuts: list[tuple[int, int]]) -> str:
    """A plain-text page: one paragraph per (start, end) range of sentences."""
    return "\n\n".join(" ".join(sentences[a:b]) for a, b in cuts) + "\n"


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    files = {"en": page(EN, [(0, 3), (3, 6), (6, 10)]),
             "fa": page(FA, [(0, 3), (3, 6), (6, 9)]),
             "sq": page(SQ, [(0, 3), (3, 9)])}  # the Albanian edition has one paragraph less
    out = {}
    for lang, text in files.items():
        out[lang] = tmp_path / f"page.{lang}.txt"
        out[lang].write_text(text, encoding="utf-8")
    return out


def run_align(project_path: Path, *args: str) -> int:
    return main(["--project", str(project_path), "align", *map(str, args)])


def open_db(path: Path) -> Project:
    return open_project(path, create=False)


def test_cli_aligns_pages_and_stores_drafts(pages: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.wbproj"
    assert run_align(proj, pages["en"], pages["fa"], "--tgt-lang", "fa") == 0
    out = capsys.readouterr().out
    assert "alignment 1 (new):" in out and "1-2" in out and "2-1" in out and "1-0" in out
    assert "mean confidence" in out and "low-confidence" in out
    project = open_db(proj)
    links = align_store.list_links(project.db, 1)
    position = {r["id"]: r["position"] for r in project.db.execute("SELECT * FROM segments")}
    got = [(tuple(position[i] for i in link.src_ids),
            tuple(position[j] for j in link.tgt_ids)) for link in links]
    assert got == GOLD
    edition = project.db.execute("SELECT role, lang FROM documents WHERE id = 2").fetchone()
    assert tuple(edition) == ("edition", "fa")
    # One-source links became draft aligned translations of the English segments; nothing
    # is approved, and nothing reached the TM: an unreviewed link may pair the wrong sentences.
    rows = project.db.execute("SELECT status, origin, lang FROM translations").fetchall()
    assert len(rows) == 7 and {tuple(r) for r in rows} == {("draft", "aligned", "fa")}
    assert project.db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 0
    project.close()
    # Accepting the links the aligner is sure of puts them in the TM, confidence kept.
    assert main(["--project", str(proj), "alignments", "--accept-above", "0.5"]) == 0
    out = capsys.readouterr().out
    project = open_db(proj)
    links = align_store.list_links(project.db, 1)
    sure = [link for link in links if link.confidence >= 0.5 and link.src_ids and link.tgt_ids]
    assert f"accepted {len(sure)} link(s)" in out and len(sure) >= 6
    assert {link.status for link in sure} == {"accepted"}
    units = project.db.execute("SELECT source, target, status, origin, confidence "
                               "FROM tm_units").fetchall()
    assert len(units) == len(sure) and {(u["status"], u["origin"]) for u in units} == {
        ("translated", "aligned")}
    assert sorted(u["confidence"] for u in units) == sorted(link.confidence for link in sure)
    merged = [u for u in units if u["source"] == f"{EN[3]} {EN[4]}"]
    assert [u["target"] for u in merged] == ([FA[3]] if any(
        link.kind == "2-1" for link in sure) else [])
    project.close()


def test_mismatched_paragraphs_and_wrong_declared_language(
        pages: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.wbproj"
    assert run_align(proj, pages["en"], pages["sq"], "--tgt-lang", "fa") == 0
    err = capsys.readouterr().err
    assert "declared Farsi (fa) but reads as Albanian (sq)" in err
    assert "paragraph counts differ (3 vs 2)" in err
    project = open_db(proj)
    assert len(align_store.list_links(project.db, 1)) == len(GOLD)
    project.close()


def test_not_a_translation_warns_and_stores_nothing_for_the_tm(
        pages: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.txt"
    other.write_text(page(["Qyteti ka një park të madh me pemë të vjetra.",
                           "Treni niset çdo mëngjes në orën shtatë.",
                           "Në dimër bie shumë borë në male.",
                           "Fëmijët luajnë futboll pas shkollës.",
                           "Tregu i peshkut është i hapur të shtunën.",
                           "Biblioteka ka libra në shumë gjuhë.",
                           "Rruga për në fshat është e ngushtë."], [(0, 7)]), encoding="utf-8")
    proj = tmp_path / "p.wbproj"
    assert run_align(proj, pages["en"], other, "--tgt-lang", "sq") == 0
    assert "does not look like a translation" in capsys.readouterr().err
    project = open_db(proj)
    assert project.db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM translations").fetchone()[0] == 0
    assert all(link.confidence < 0.5 for link in align_store.list_links(project.db, 1))
    project.close()


def test_empty_translated_page_is_a_clear_error(pages: dict[str, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert run_align(tmp_path / "p.wbproj", pages["en"], empty, "--tgt-lang", "fa") == 1
    err = capsys.readouterr().err
    assert err.startswith("workbench: error: ") and "empty.txt" in err
    assert not (tmp_path / "p.wbproj").exists()  # nothing half-stored


def test_research_mode_prints_links_without_a_project(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    src, tgt = tmp_path / "a.en", tmp_path / "a.sq"
    src.write_text("\n".join(EN) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(SQ) + "\n", encoding="utf-8")
    code = main(["align", str(src), str(tgt), "--presegmented", "--format", "links"])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [format_link(s, t) for s, t in GOLD]
    assert "[3, 4]:[3]" in lines and "[7]:[]" in lines
    data_dir = Path(__import__("os").environ["WORKBENCH_DATA_DIR"])
    assert not data_dir.exists() or not any(data_dir.rglob("*.wbproj"))


def test_research_mode_needs_a_language_and_lines(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    src, blank, dots = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    src.write_text("One.\n", encoding="utf-8")
    blank.write_text("\n \n", encoding="utf-8")
    dots.write_text("...\n", encoding="utf-8")
    assert main(["align", str(src), str(dots), "--presegmented"]) == 1
    err = capsys.readouterr().err
    assert "cannot tell the language" in err and "--tgt-lang" in err
    assert main(["align", str(src), str(blank), "--presegmented", "--src-lang", "en",
                 "--tgt-lang", "fa"]) == 1
    assert "b.txt" in capsys.readouterr().err


def test_review_edits_are_stored_and_confirm_feeds_the_tm(pages: dict[str, Path],
                                                          tmp_path: Path) -> None:
    proj = tmp_path / "p.wbproj"
    assert run_align(proj, pages["en"], pages["fa"], "--tgt-lang", "fa") == 0
    project = open_db(proj)
    db = project.db

    def shape() -> list[str]:
        return [link.kind for link in align_store.list_links(db, 1)]

    links = align_store.list_links(db, 1)
    assert shape() == ["1-1", "1-1", "1-1", "2-1", "1-2", "1-1", "1-0", "1-1", "1-1"]
    align_store.split_link(db, links[4].id)          # 1-2 → 1-1 + 0-1
    assert shape()[4:6] == ["1-1", "0-1"]
    links = align_store.list_links(db, 1)
    align_store.merge_with_next(db, links[4].id)     # and back
    assert shape()[4] == "1-2"
    links = align_store.list_links(db, 1)
    align_store.move_sentence(db, links[4].id, "tgt", "down")  # last target → next link
    assert shape()[4:6] == ["1-1", "1-2"]
    links = align_store.list_links(db, 1)
    align_store.move_sentence(db, links[5].id, "tgt", "up")    # and back up
    assert shape()[4:6] == ["1-2", "1-1"]
    links = align_store.list_links(db, 1)
    assert links[6].kind == "1-0"
    align_store.move_sentence(db, links[6].id, "src", "up")  # 1-0 link dissolves into link 5
    assert shape()[5:7] == ["2-1", "1-1"]
    first = align_store.list_links(db, 1)[0]
    align_store.confirm_link(db, first.id)
    (listed,) = align_store.list_alignments(db, doc_id=1)
    assert (listed["links"], listed["reviewed"], listed["tgt_lang"]) == (8, 1, "fa")
    row = db.execute("SELECT status, origin FROM translations WHERE segment_id = ?",
                     (first.src_ids[0],)).fetchone()
    assert tuple(row) == ("translated", "aligned")
    unit = db.execute("SELECT status, origin, confidence FROM tm_units WHERE segment_id = ?",
                      (first.src_ids[0],)).fetchone()
    assert (unit["status"], unit["origin"]) == ("translated", "aligned")
    assert unit["confidence"] == first.confidence < 1.0  # the aligner's, not overwritten
    assert align_store.list_links(db, 1)[0].confidence == first.confidence
    assert db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 1  # only reviewed
    stored = db.execute("SELECT status, src_ids FROM alignment_links WHERE id = ?",
                        (first.id,)).fetchone()
    assert stored["status"] == "confirmed" and json.loads(stored["src_ids"]) == first.src_ids
    assert db.execute("SELECT count(*) FROM translations WHERE status = 'approved'"
                      ).fetchone()[0] == 0
    project.close()


def test_one_side_ten_times_longer_warns(pages: dict[str, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    long_page = tmp_path / "long.txt"
    long_page.write_text(page(EN * 12, [(k, k + 10) for k in range(0, 120, 10)]),
                         encoding="utf-8")
    assert run_align(tmp_path / "p.wbproj", long_page, pages["sq"], "--tgt-lang", "sq") == 0
    captured = capsys.readouterr()
    assert "longer than the other side (120 vs 9 sentences)" in captured.err
    assert "1-0" in captured.out  # the surplus English is kept as unmatched, not dropped


def test_research_mode_tsv_has_text_and_confidence(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    src, tgt = tmp_path / "a.en", tmp_path / "a.ar"
    src.write_text("\n".join(EN), encoding="utf-8")
    tgt.write_text("\n".join(FA), encoding="utf-8")
    assert main(["align", str(src), str(tgt), "--presegmented", "--src-lang", "en",
                 "--tgt-lang", "fa", "--format", "tsv"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[3] == [f"{EN[3]} {EN[4]}", FA[3], rows[3][2]]
    assert rows[6][1] == "" and all(0 <= float(r[2]) <= 1 for r in rows)


def test_alignment_never_overwrites_a_persons_translation(pages: dict[str, Path],
                                                          tmp_path: Path) -> None:
    from workbench.ingest.importer import parse_file
    from workbench.store import translations as tr
    from workbench.store.documents import save_document
    from workbench.store.translations import get_translation, set_translation

    proj = tmp_path / "p.wbproj"
    project = open_project(proj, with_seeds=False)
    doc = save_document(project.db, parse_file(pages["en"]), role="source").document_id
    first, second = (r["id"] for r in project.db.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position LIMIT 2", (doc,)))
    set_translation(project.db, first, "fa", "ترجمهٔ خودم", status="translated", origin="human")
    project.close()
    assert run_align(proj, pages["en"], pages["fa"], "--tgt-lang", "fa") == 0
    assert run_align(proj, pages["en"], pages["fa"], "--tgt-lang", "fa") == 0  # re-run
    project = open_db(proj)
    mine = get_translation(project.db, first, "fa")
    assert mine is not None and (mine.text, mine.origin) == ("ترجمهٔ خودم", "human")
    other = get_translation(project.db, second, "fa")
    assert other is not None and (other.text, other.origin, other.status) == (
        FA[1], "aligned", "draft")
    assert len(tr.history(project.db, second, "fa")) == 1  # the identical re-run wrote nothing
    project.close()
