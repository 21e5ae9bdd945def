"""Who translated, and when, travels with every export; no local path ever does.

The `translator` setting names the person at this workbench (the edit history's "user"); an
import-xliff names whoever did the work outside. TMX carries them as creationid/changeid (as
OmegaT and Trados write them), XLIFF 1.2 as phases, XLIFF 2.0 in its metadata, TSV/JSONL as
columns, and the TM keeps what imported files said. Exports name documents by file name or
URL: a project imported from /home/ana/clients/... must not leak that path to a client.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from test_formats_helpers import Built, build

from workbench.cli import main
from workbench.formats.handoff import import_xliff
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs, import_tm
from workbench.glossary.exchange import export_glossary
from workbench.project import Project, open_project
from workbench.store.translations import history, set_translation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MDA = {"x": "urn:oasis:names:tc:xliff:document:2.0",
       "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


@pytest.fixture
def built(seeded_project: Project) -> Built:
    return build(seeded_project)


def _tuvs(path: Path, lang: str) -> dict[str, etree._Element]:
    """source text → the <tuv> in `lang` of its <tu>."""
    found = {}
    for tu in etree.parse(str(path)).getroot().iter("tu"):
        tuvs = {t.get(XML_LANG): t for t in tu.iter("tuv")}
        if lang in tuvs:
            found["".join(tuvs["en"].find("seg").itertext())] = tuvs[lang]
    return found


def test_the_translator_setting_and_the_history_name_the_people_in_every_export(
        seeded_project: Project, built: Built, tmp_path: Path, isolated_env: Path) -> None:
    project = seeded_project
    (isolated_env / "config.toml").write_text('translator = "Ana Hoxha"\n', encoding="utf-8")
    seg = project.db.execute("SELECT id, text FROM segments WHERE document_id = 1 "
                             "ORDER BY position LIMIT 1").fetchone()
    out = tmp_path / "fa.tmx"
    assert main(["--project", str(project.path), "export", "--format", "tmx", "--to", "fa",
                 "-o", str(out)]) == 0
    tuv = _tuvs(out, "fa")[seg["text"]]
    assert (tuv.get("creationid"), tuv.get("changeid")) == ("Ana Hoxha", "Ana Hoxha")
    # a reviewer elsewhere changes it; the hand-off import records who
    handoff = export_pairs(project.db, ExportFilter(("fa",), doc_id=1, all_segments=True),
                           "xliff", tmp_path / "h.xlf")
    root = etree.parse(handoff.files[0]).getroot()
    (segment,) = root.iterfind(f".//x:segment[@id='s{seg['id']}']", MDA)
    segment.find("x:target", MDA).text = "خلاصهٔ بازبینی‌شده"
    Path(handoff.files[0]).write_bytes(etree.tostring(root, encoding="UTF-8"))
    import_xliff(project.db, Path(handoff.files[0]), actor="Darya Karimi")
    assert [h["actor"] for h in history(project.db, seg["id"], "fa")][-1] == "Darya Karimi"
    assert main(["--project", str(project.path), "export", "--format", "tmx", "--to", "fa",
                 "-o", str(out)]) == 0
    tuv = _tuvs(out, "fa")[seg["text"]]
    assert (tuv.get("creationid"), tuv.get("changeid")) == ("Ana Hoxha", "Darya Karimi")
    # XLIFF 2.0 metadata and XLIFF 1.2 phases say the same
    assert main(["--project", str(project.path), "export", "--format", "xliff", "--to", "fa",
                 "--doc", "1", "--all-segments", "-o", str(tmp_path / "v2.xlf")]) == 0
    group = etree.parse(str(tmp_path / "v2.xlf")).getroot().find(
        f".//mda:metaGroup[@id='s{seg['id']}']", MDA)
    meta = {m.get("type"): m.text for m in group}
    assert (meta["created_by"], meta["changed_by"]) == ("Ana Hoxha", "Darya Karimi")
    assert main(["--project", str(project.path), "export", "--format", "xliff", "--to", "fa",
                 "--doc", "1", "--all-segments", "--xliff-version", "1.2",
                 "-o", str(tmp_path / "v12.xlf")]) == 0
    v12 = etree.parse(str(tmp_path / "v12.xlf")).getroot()
    target = v12.find(f".//x:trans-unit[@id='s{seg['id']}']/x:target", X12)
    phase = v12.find(f".//x:phase[@phase-name='{target.get('phase-name')}']", X12)
    assert phase.get("contact-name") == "Darya Karimi"
    # the TM's own export knows who changed its units too
    assert main(["--project", str(project.path), "export", "--format", "tmx", "--to", "fa",
                 "--what", "tm", "-o", str(tmp_path / "tm.tmx")]) == 0
    assert _tuvs(tmp_path / "tm.tmx", "fa")[seg["text"]].get("changeid") == "Darya Karimi"


def test_creationid_and_changeid_come_back_from_a_tmx(seeded_project: Project, built: Built,
                                                      tmp_path: Path) -> None:
    report = export_pairs(seeded_project.db, ExportFilter(("sq",), translator="Ana Hoxha"),
                          "tmx", tmp_path / "sq.tmx")
    other = open_project(tmp_path / "other.wbproj", with_seeds=False)
    try:
        import_tm(other.db, [Path(report.files[0])])
        people = {tuple(r) for r in other.db.execute("SELECT created_by, changed_by FROM tm_units")}
    finally:
        other.close()
    assert people == {("Ana Hoxha", "Ana Hoxha")}


def test_no_export_carries_a_local_path(seeded_project: Project, built: Built,
                                        tmp_path: Path) -> None:
    project = seeded_project
    page = tmp_path / "clients" / "ana" / "secret-page.txt"
    page.parent.mkdir(parents=True)
    page.write_text("A page\n\nOne sentence here. Another one there.\n", encoding="utf-8")
    assert main(["--project", str(project.path), "import", str(page)]) == 0
    doc = project.db.execute("SELECT id, source_path FROM documents ORDER BY id DESC LIMIT 1"
                             ).fetchone()
    assert doc["source_path"] == str(page.resolve())  # the project itself knows the path
    seg = project.db.execute("SELECT id FROM segments WHERE document_id = ? LIMIT 1",
                             (doc["id"],)).fetchone()[0]
    set_translation(project.db, seg, "fa", "یک جمله", status="translated")
    out = tmp_path / "out"
    written: list[str] = []
    for fmt, name, extra in (("tmx", "a.tmx", {}), ("tsv", "a.tsv", {}), ("jsonl", "a.jsonl", {}),
                             ("moses", "corpus", {}), ("xliff", "a.xlf", {}),
                             ("xliff", "b.xlf", {"xliff_version": "1.2"}),
                             ("xliff", "c.xlf", {"all_segments": True, "doc_id": doc["id"]}),
                             ("xliff", "d.xlf", {"all_segments": True, "doc_id": doc["id"],
                                                 "xliff_version": "1.2"})):
        flt = ExportFilter(("fa",), min_status="draft", **extra)  # type: ignore[arg-type]
        written += export_pairs(project.db, flt, fmt, out / name).files
    for fmt in ("tbx", "tsv"):
        export_glossary(project.db, out / f"g.{fmt}", fmt, lang="fa")
        written.append(str(out / f"g.{fmt}"))
    for f in written:
        content = Path(f).read_text(encoding="utf-8")
        assert str(tmp_path) not in content and "/clients/ana" not in content, f
    originals = {f.get("original") for f in etree.parse(str(out / "c.xlf")).getroot().iterfind(
        ".//x:file", MDA)}
    assert originals == {"secret-page.txt"}
