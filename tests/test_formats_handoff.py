"""Bilingual hand-off: a document exported as XLIFF 1.2 or 2.0 with every segment, edited
outside (here with lxml, as another tool would), comes back into the project's segments.

Checked as a translator would notice: the edits and their statuses and notes land on the
right segments, untranslated segments are exported empty or as a copy of the source, nothing
approved is overwritten unless asked, a change report lists every segment, a file for another
project, document or version is refused with nothing written, the edit history says who did
it (and undo works), and the XLIFF 1.2 file is valid against the OASIS schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from test_formats_helpers import Built, build

from workbench.cli import main
from workbench.errors import InputError
from workbench.formats.handoff import import_xliff
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs
from workbench.ingest.importer import import_paths
from workbench.project import Project, open_project
from workbench.store.translations import get_translation, history, set_translation, undo

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = Path(__file__).parent / "data" / "formats"
NS = {"1.2": {"x": "urn:oasis:names:tc:xliff:document:1.2"},
      "2.0": {"x": "urn:oasis:names:tc:xliff:document:2.0"}}
UNIT = {"1.2": "trans-unit", "2.0": "segment"}
VERSIONS = ["1.2", "2.0"]


@pytest.fixture
def built(seeded_project: Project) -> Built:
    return build(seeded_project)


def _export(project: Project, path: Path, version: str, *, doc_id: int = 1,
            untranslated: str = "empty") -> Path:
    flt = ExportFilter(("fa",), doc_id=doc_id, all_segments=True, untranslated=untranslated,
                       translator="Ana Hoxha", xliff_version=version)
    report = export_pairs(project.db, flt, "xliff", path)
    return Path(report.files[0])


def _unit(root: etree._Element, version: str, segment_id: int) -> etree._Element:
    (unit,) = root.iterfind(f".//x:{UNIT[version]}[@id='s{segment_id}']", NS[version])
    return unit


def _edit(unit: etree._Element, version: str, text: str, state: str | None = None,
          note: str | None = None) -> None:
    """Change a unit the way a CAT tool does: its target text, its state, a note."""
    target = unit.find("x:target", NS[version])
    target.text = text
    for child in list(target):
        target.remove(child)
    if state is not None:
        (unit if version == "2.0" else target).set("state", state)
        if version == "2.0":
            unit.attrib.pop("subState", None)
    if note is not None:
        if version == "1.2":
            etree.SubElement(unit, f"{{{NS[version]['x']}}}note", {"from": "Reviewer"}).text = note
        else:
            parent = unit.getparent()
            notes = parent.find("x:notes", NS[version])
            if notes is None:
                notes = etree.Element(f"{{{NS[version]['x']}}}notes")
                parent.insert(list(parent).index(unit), notes)
            etree.SubElement(notes, f"{{{NS[version]['x']}}}note",
                             {"id": f"n-{unit.get('id')}"}).text = note


def _edited(project: Project, path: Path, version: str, segment_id: int, text: str) -> Path:
    """A hand-off export of document 1 in which one segment's target was changed outside."""
    path = _export(project, path, version)
    root = etree.parse(str(path)).getroot()
    _edit(_unit(root, version, segment_id), version, text)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return path


def _segments(project: Project, doc_id: int) -> list[int]:
    return [r[0] for r in project.db.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (doc_id,))]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_segment_goes_out_and_edits_come_back(version: str, seeded_project: Project,
                                                    built: Built, tmp_path: Path) -> None:
    project = seeded_project
    seg = _segments(project, 1)
    path = _export(project, tmp_path / f"digest.{version}.xlf", version)
    root = etree.parse(str(path)).getroot()
    units = root.findall(f".//x:{UNIT[version]}", NS[version])
    assert len(units) == len(seg)  # every segment, translated or not
    untranslated = _unit(root, version, seg[5])
    assert (untranslated.find("x:target", NS[version]).text or "") == ""
    assert (untranslated.get("state") or untranslated.find("x:target", NS[version]).get(
        "state")) in ("initial", "needs-translation")
    # the translator's work, done in another tool
    _edit(_unit(root, version, seg[5]), version, "ترجمه‌ای تازه")  # state left as it was
    _edit(_unit(root, version, seg[6]), version, "پیش‌نویس مترجم",
          state="needs-review-translation" if version == "1.2" else "initial",
          note="Check the name")
    _edit(_unit(root, version, seg[0]), version, "خلاصهٔ هفتگی – ۳۰۷",
          state="final" if version == "1.2" else "final")
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    report = import_xliff(project.db, path, actor="Darya")
    kinds = {c.segment_id: c.kind for c in report.changes}
    assert kinds[seg[5]] == "added" and kinds[seg[6]] == "added"
    assert kinds[seg[0]] == "changed"
    assert report.count("unchanged") == 1 and report.count("untranslated") == len(seg) - 4
    new = get_translation(project.db, seg[5], "fa")
    assert (new.text, new.status, new.origin) == ("ترجمه‌ای تازه", "translated", "human")
    draft = get_translation(project.db, seg[6], "fa")
    assert (draft.text, draft.status) == ("پیش‌نویس مترجم", "draft")
    assert project.db.execute("SELECT note FROM translations WHERE segment_id = ? AND lang = "
                              "'fa'", (seg[6],)).fetchone()[0] == "Check the name"
    final = get_translation(project.db, seg[0], "fa")
    assert (final.text, final.status) == ("خلاصهٔ هفتگی – ۳۰۷", "approved")
    assert history(project.db, seg[5], "fa")[-1]["actor"] == "Darya"
    undo(project.db, seg[0], "fa")  # every change can be undone, one segment at a time
    assert get_translation(project.db, seg[0], "fa").text == "خلاصهٔ هفتگی ایران اینترلینک – ۳۰۷"
    assert import_xliff(project.db, path).count("added") == 0  # importing again adds nothing


@pytest.mark.parametrize("version", VERSIONS)
def test_approved_work_is_kept_unless_asked(version: str, seeded_project: Project,
                                            built: Built, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    project = seeded_project
    seg = _segments(project, 1)
    set_translation(project.db, seg[2], "fa", "تأییدشده", status="approved")
    path = _edited(project, tmp_path / "a.xlf", version, seg[2], "بازنویسی")
    code = main(["--project", str(project.path), "import-xliff", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"(s{seg[2]}) kept-approved" in out and "--overwrite-approved" in out
    assert get_translation(project.db, seg[2], "fa").text == "تأییدشده"
    assert main(["--project", str(project.path), "import-xliff", str(path),
                 "--overwrite-approved"]) == 0
    assert get_translation(project.db, seg[2], "fa").text == "بازنویسی"


def test_a_translation_changed_here_after_the_export_is_a_conflict(
        seeded_project: Project, built: Built, tmp_path: Path) -> None:
    project = seeded_project
    seg = _segments(project, 1)
    path = _edited(project, tmp_path / "a.xlf", "1.2", seg[1], "از بیرون")
    project.db.execute("UPDATE translations SET updated_at = '2999-01-01T00:00:00Z' "
                       "WHERE segment_id = ? AND lang = 'fa'", (seg[1],))
    report = import_xliff(project.db, path)
    assert [c.kind for c in report.changes if c.segment_id == seg[1]] == ["conflict"]
    assert get_translation(project.db, seg[1], "fa").text != "از بیرون"
    import_xliff(project.db, path, overwrite_newer=True)
    assert get_translation(project.db, seg[1], "fa").text == "از بیرون"


def test_source_copies_go_out_and_untouched_ones_change_nothing(
        seeded_project: Project, built: Built, tmp_path: Path) -> None:
    project = seeded_project
    seg = _segments(project, 1)
    path = _export(project, tmp_path / "copy.xlf", "1.2", untranslated="source")
    root = etree.parse(str(path)).getroot()
    unit = _unit(root, "1.2", seg[9])
    assert unit.findtext("x:target", namespaces=NS["1.2"]) == unit.findtext(
        "x:source", namespaces=NS["1.2"])
    before = project.db.execute("SELECT count(*) FROM translations").fetchone()[0]
    report = import_xliff(project.db, path)
    assert report.count("added") == 0 and report.count("changed") == 0
    assert project.db.execute("SELECT count(*) FROM translations").fetchone()[0] == before


@pytest.mark.parametrize("version", VERSIONS)
def test_a_file_for_another_version_document_or_project_is_refused(
        version: str, seeded_project: Project, built: Built, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    project = seeded_project
    page = tmp_path / "page.txt"
    page.write_text("A page\n\nThe first sentence. The second one.\n", encoding="utf-8")
    (outcome,) = import_paths(project, [page])
    doc = outcome.result.document_id
    old = _export(project, tmp_path / "old.xlf", version, doc_id=doc)
    page.write_text("A page\n\nThe first sentence. A changed second one.\n", encoding="utf-8")
    import_paths(project, [page])  # the page changed: a new version of the document
    before = project.db.execute("SELECT count(*), max(id) FROM translation_history").fetchone()
    code = main(["--project", str(project.path), "import-xliff", str(old)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert f"the file is for version 1 of document {doc}" in err
    assert "the project's current version is version 2" in err
    other = open_project(tmp_path / "other.wbproj", with_seeds=False)
    try:
        with pytest.raises(InputError, match="is not in this project"):
            import_xliff(other.db, old)
    finally:
        other.close()
    mine = _export(project, tmp_path / "mine.xlf", version)
    text = mine.read_text(encoding="utf-8").replace("MEK Conduit for Spying Activity",
                                                    "Something else entirely")
    mine.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="the file's source differs from the project's"):
        import_xliff(project.db, mine)
    foreign = DATA / "good" / ("okapi_1.2.xlf" if version == "1.2" else "foreign_2.0.xlf")
    with pytest.raises(InputError, match="is not a segment workbench exported"):
        import_xliff(project.db, foreign)
    after = project.db.execute("SELECT count(*), max(id) FROM translation_history").fetchone()
    assert tuple(after) == tuple(before)  # nothing written by any refused file


def test_dry_run_reports_and_changes_nothing(seeded_project: Project, built: Built,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    project = seeded_project
    seg = _segments(project, 1)
    path = _edited(project, tmp_path / "a.xlf", "2.0", seg[7], "فقط نمایش")
    assert main(["--project", str(project.path), "import-xliff", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would change 1 of" in out and f"#8 (s{seg[7]}) added [new → translated]" in out
    assert get_translation(project.db, seg[7], "fa") is None


def test_xliff_1_2_hand_off_is_valid_against_the_oasis_schema(seeded_project: Project,
                                                              built: Built,
                                                              tmp_path: Path) -> None:
    source = (DATA / "xliff_core_1.2_strict.xsd").read_text(encoding="utf-8")
    source = source.replace('schemaLocation="http://www.w3.org/2001/xml.xsd"',
                            f'schemaLocation="{(DATA / "xml.xsd").as_uri()}"')
    schema = etree.XMLSchema(etree.fromstring(source.encode()))
    set_translation(seeded_project.db, _segments(seeded_project, 1)[3], "fa", "یادداشت دار",
                    status="reviewed")
    for doc in (1, built.doc_id):
        for untranslated in ("empty", "source"):
            path = _export(seeded_project, tmp_path / f"{doc}{untranslated}.xlf", "1.2",
                           doc_id=doc, untranslated=untranslated)
            assert schema.validate(etree.parse(str(path))), schema.error_log.last_error
    pairs = export_pairs(seeded_project.db, ExportFilter(("sq", "fa", "ar"), min_status="draft",
                                                         xliff_version="1.2"),
                         "xliff", tmp_path / "all.{lang}.xlf")
    for f in pairs.files:
        assert schema.validate(etree.parse(f)), schema.error_log.last_error
    core = etree.XMLSchema(etree.parse(str(DATA / "xliff_core_2.0.xsd")))
    path = _export(seeded_project, tmp_path / "v2.xlf", "2.0")
    assert core.validate(etree.parse(str(path))), core.error_log.last_error


def test_who_translated_travels_in_the_xliff_1_2_phases(seeded_project: Project, built: Built,
                                                        tmp_path: Path) -> None:
    path = _export(seeded_project, tmp_path / "who.xlf", "1.2")
    root = etree.parse(str(path)).getroot()
    phases = {p.get("phase-name"): p for p in root.iterfind(".//x:phase", NS["1.2"])}
    assert {p.get("contact-name") for p in phases.values()} == {"Ana Hoxha"}
    target = _unit(root, "1.2", _segments(seeded_project, 1)[0]).find("x:target", NS["1.2"])
    assert phases[target.get("phase-name")].get("process-name") == "translation"


def test_hand_off_round_trip_on_every_backend(store_project: Project, tmp_path: Path) -> None:
    """The export and import-xliff SQL (store.exports, store.interop) on SQLite and PostgreSQL."""
    from workbench.ingest.importer import parse_text
    from workbench.store.documents import save_document

    project = store_project
    doc = save_document(project.db, parse_text("A title\n\nOne. Two. Three.", title="t")
                        ).document_id
    seg = _segments(project, doc)
    set_translation(project.db, seg[0], "fa", "عنوان", status="approved")
    for version in VERSIONS:
        flt = ExportFilter(("fa",), doc_id=doc, all_segments=True, xliff_version=version)
        path = Path(export_pairs(project.db, flt, "xliff", tmp_path / f"{version}.xlf").files[0])
        root = etree.parse(str(path)).getroot()
        _edit(_unit(root, version, seg[1]), version, f"یک {version}", note="n")
        path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        report = import_xliff(project.db, path, actor="Darya")
        assert [c.kind for c in report.changes] == ["unchanged", "added" if version == "1.2"
                                                    else "changed", "untranslated",
                                                    "untranslated"]
        assert get_translation(project.db, seg[1], "fa").text == f"یک {version}"
