"""Alignment at site scale: batches from a pairs file or two folders, re-runs, bulk review."""

from __future__ import annotations

from pathlib import Path

import pytest
from align_samples import EN, FA, site_pages

from workbench.align import store as align_store
from workbench.align.batch import PagePair, date_key, match_folders, name_key, read_pairs
from workbench.cli import main
from workbench.errors import InputError
from workbench.project import open_project


def page(sentences: list[str]) -> str:
    return " ".join(sentences[:3]) + "\n\n" + " ".join(sentences[3:]) + "\n"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "report.en.txt", tmp_path / "report.fa.txt"
    src.write_text(page(EN), encoding="utf-8")
    tgt.write_text(page(FA), encoding="utf-8")
    return src, tgt


def align(proj: Path, *args: object) -> int:
    return main(["--project", str(proj), "align", *map(str, args)])


def test_aligning_the_same_pages_again_replaces_never_duplicates(
        pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.wbproj"
    assert align(proj, *pair, "--tgt-lang", "fa") == 0
    assert align(proj, *pair, "--tgt-lang", "fa") == 0
    assert "alignment 1 (unchanged: same links as before)" in capsys.readouterr().out
    project = open_project(proj, create=False)
    db = project.db
    assert db.execute("SELECT count(*) FROM alignments").fetchone()[0] == 1
    links = align_store.list_links(db, 1)
    align_store.confirm_link(db, links[0].id)
    align_store.split_link(db, links[3].id)  # a person's edit the aligner would not repeat
    project.close()
    # Aligning again would undo the reviewer's split: refused, nothing changes...
    assert align(proj, *pair, "--tgt-lang", "fa") == 1
    err = capsys.readouterr().err
    assert "alignment 1 of these pages has 2 reviewed or edited link(s)" in err
    assert "--replace" in err
    # ... unless asked for; the confirmed link the run reproduces stays confirmed.
    assert align(proj, *pair, "--tgt-lang", "fa", "--replace") == 0
    assert "alignment 1 (replaced the earlier run, 1 reviewed link(s) kept)" in \
        capsys.readouterr().out
    project = open_project(proj, create=False)
    again = align_store.list_links(project.db, 1)
    assert [link.status for link in again].count("confirmed") == 1
    assert [link.kind for link in again] == [link.kind for link in links]
    project.close()
    # A corrected edition (a sentence added at the end) is a new document version: its
    # alignment replaces the old one in the lists and keeps the review of unchanged links.
    pair[1].write_text(page(FA) + "\nیک جملهٔ تازه در پایان.\n", encoding="utf-8")
    assert align(proj, *pair, "--tgt-lang", "fa") == 0
    assert "alignment 2 (new; replaces alignment 1 of an earlier version of the pages, " \
        "1 reviewed link(s) kept)" in capsys.readouterr().out
    project = open_project(proj, create=False)
    assert [r["id"] for r in align_store.list_alignments(project.db)] == [2]
    assert align_store.list_links(project.db, 2)[0].status == "confirmed"
    project.close()


def test_rerun_after_a_changed_edition_version_keeps_review_of_unchanged_links(
        pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.align.aligner import Link
    from workbench.align.store import ReviewWouldBeLost, save_alignment

    proj = tmp_path / "p.wbproj"
    assert align(proj, *pair, "--tgt-lang", "fa") == 0
    project = open_project(proj, create=False)
    db = project.db
    before = align_store.list_links(db, 1)
    align_store.confirm_link(db, before[0].id)
    src_ids = [r[0] for r in db.execute("SELECT id FROM segments WHERE document_id = 1 "
                                        "ORDER BY position")]
    tgt_ids = [r[0] for r in db.execute("SELECT id FROM segments WHERE document_id = 2 "
                                        "ORDER BY position")]
    index = {sid: k for k, sid in enumerate(src_ids)} | {t: k for k, t in enumerate(tgt_ids)}
    links = [Link(tuple(index[i] for i in link.src_ids), tuple(index[j] for j in link.tgt_ids),
                  link.confidence) for link in before]
    # Same documents, a run that differs late but keeps the confirmed first link: replaced in
    # place, the confirmation carried over.
    changed = links[:-2] + [Link(links[-2].src + links[-1].src, links[-2].tgt + links[-1].tgt,
                                 0.4)]
    outcome = save_alignment(db, src_doc_id=1, tgt_doc_id=2, src_lang="en", tgt_lang="fa",
                             links=changed, src_segment_ids=src_ids, tgt_segment_ids=tgt_ids)
    assert (outcome.alignment_id, outcome.action, outcome.carried) == (1, "replaced", 1)
    after = align_store.list_links(db, 1)
    assert after[0].status == "confirmed" and len(after) == len(before) - 1
    # A run that would change the confirmed link is refused.
    with pytest.raises(ReviewWouldBeLost):
        save_alignment(db, src_doc_id=1, tgt_doc_id=2, src_lang="en", tgt_lang="fa",
                       links=[Link(links[0].src + links[1].src, links[0].tgt + links[1].tgt,
                                   0.5)] + links[2:],
                       src_segment_ids=src_ids, tgt_segment_ids=tgt_ids)
    assert align_store.list_links(db, 1)[0].status == "confirmed"
    project.close()


def test_edited_translation_text_reaches_the_tm_and_the_segment(
        pair: tuple[Path, Path], tmp_path: Path) -> None:
    from workbench.store.translations import get_translation

    proj = tmp_path / "p.wbproj"
    assert align(proj, *pair, "--tgt-lang", "fa") == 0
    project = open_project(proj, create=False)
    db = project.db
    link = align_store.list_links(db, 1)[0]
    fixed = FA[0].replace("تازه‌ای", "جدیدی")
    align_store.edit_translation(db, link.id, f"  {fixed} ")
    edited = align_store.list_links(db, 1)[0]
    assert (edited.tgt_text, edited.edition_text, edited.retyped) == (fixed, FA[0], True)
    current = get_translation(db, link.src_ids[0], "fa")
    assert current is not None and (current.text, current.status) == (fixed, "draft")
    assert db.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 0
    align_store.confirm_link(db, link.id)
    assert [r[0] for r in db.execute("SELECT target FROM tm_units")] == [fixed]
    # Merging the corrected link with its neighbour drops the correction (it no longer fits)
    # and takes the segment out of a one-source link... the stale draft goes too.
    align_store.merge_with_next(db, link.id)
    merged = align_store.list_links(db, 1)[0]
    assert merged.kind == "2-2" and not merged.retyped and merged.status == "draft"
    second = get_translation(db, merged.src_ids[1], "fa")
    assert second is not None and (second.text, second.status) == ("", "new")
    project.close()


def test_pairs_file_aligns_every_pair_and_reports_bad_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = site_pages(tmp_path / "site", count=5)
    (tmp_path / "empty.fa.txt").write_text("\n", encoding="utf-8")
    lines = [f"{s.relative_to(tmp_path)}\t{t.relative_to(tmp_path)}\t{lang}"
             for s, t, lang in pages]
    lines.insert(2, f"{pages[0][0].relative_to(tmp_path)}\tempty.fa.txt\tfa")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("# site pages\n" + "\n".join(lines) + "\n", encoding="utf-8")
    proj = tmp_path / "p.wbproj"
    assert main(["--project", str(proj), "align", "--pairs", str(tsv)]) == 1
    captured = capsys.readouterr()
    assert "empty.fa.txt" in captured.err and captured.err.count("workbench: error:") == 1
    assert "batch 'pairs.tsv': 5 of 6 pairs aligned, 1 failed" in captured.out
    assert main(["--project", str(proj), "alignments", "--batch", "pairs.tsv"]) == 0
    table = capsys.readouterr().out.splitlines()
    means = [float(line.split()[5]) for line in table[1:]]
    assert len(means) == 5 and means == sorted(means)  # least confident first


def test_bad_pairs_file_is_one_clear_error(tmp_path: Path) -> None:
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("only-one-column.html\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pairs\.tsv:1: expected SOURCE<TAB>TRANSLATED"):
        read_pairs(tsv)
    tsv.write_text("# nothing\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no page pairs"):
        read_pairs(tsv)


def test_folders_are_matched_by_name_then_by_date(tmp_path: Path) -> None:
    en, fa = tmp_path / "en", tmp_path / "fa"
    en.mkdir()
    fa.mkdir()
    for name in ("About_Us.en.html", "news-2024-05-12.html", "contact.html", "lonely.txt"):
        (en / name).write_text("x", encoding="utf-8")
    for name in ("about-us-fa.html", "akhbar_20240512.html", "contact.fa.html", "extra.htm"):
        (fa / name).write_text("x", encoding="utf-8")
    assert name_key(Path("About_Us.en.html")) == name_key(Path("about-us-fa.html")) == "about-us"
    assert date_key(Path("akhbar_20240512.html")) == "2024-05-12"
    matching = match_folders(en, fa)
    assert {(p.source.name, p.translated.name) for p in matching.pairs} == {
        ("About_Us.en.html", "about-us-fa.html"), ("contact.html", "contact.fa.html"),
        ("news-2024-05-12.html", "akhbar_20240512.html")}
    assert [p.name for p in matching.unmatched_source] == ["lonely.txt"]
    assert [p.name for p in matching.unmatched_translated] == ["extra.htm"]
    assert all(isinstance(p, PagePair) for p in matching.pairs)


def test_two_folders_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site_pages(tmp_path / "site", count=4)
    proj = tmp_path / "p.wbproj"
    assert main(["--project", str(proj), "align", str(tmp_path / "site" / "en"),
                 str(tmp_path / "site" / "xx")]) == 0
    out = capsys.readouterr().out
    assert "batch 'en ↔ xx': 4 of 4 pairs aligned" in out
    project = open_project(proj, create=False)
    rows = align_store.list_alignments(project.db, batch="en ↔ xx")
    assert sorted(r["tgt_lang"] for r in rows) == ["ar", "fa", "sq", "sq"]  # detected
    project.close()
