"""TBX-Basic and OmegaT TSV: round trips, the layout other tools read, and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from workbench.errors import InputError
from workbench.glossary.exchange import export_glossary, import_glossary
from workbench.glossary.store import count_concepts, get_concept, load_concepts
from workbench.project import open_project


@pytest.fixture
def empty_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A project without the starter glossary, to import into."""
    monkeypatch.setattr("workbench.glossary.starter.install_starter_glossary",
                        lambda project: 0)
    p = open_project(tmp_path / "empty.wbproj", with_seeds=False)
    yield p
    p.close()


def test_tbx_round_trip_keeps_every_field(project, empty_project, tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    assert export_glossary(project.db, path, "tbx") == count_concepts(project.db)
    report = import_glossary(empty_project.db, path)
    assert report.added == count_concepts(project.db) and report.conflicts == []
    assert load_concepts(empty_project.db) == load_concepts(project.db)


def test_tbx_is_tbx_basic_that_an_xml_library_reads(project, tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    export_glossary(project.db, path, "tbx", forbidden="keep")
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entry = root.find(".//termEntry[@id='maryam-rajavi']")
    fa = entry.find(f"langSet[@{xml_lang}='fa']")
    statuses = {tig.findtext("term"): tig.findtext("termNote[@type='administrativeStatus']")
                for tig in fa.findall("tig")}
    assert statuses == {"مریم رجوی": "preferredTerm-admn-sts",
                        "مريم رجوي": "deprecatedTerm-admn-sts"}
    mek = root.find(".//termEntry[@id='mek']/langSet[@{0}='en']".format(xml_lang))
    acronyms = [t.findtext("term") for t in mek.findall("tig")
                if t.findtext("termNote[@type='termType']") == "acronym"]
    assert "MKO" in acronyms
    bbc = root.find(f".//termEntry[@id='bbc']/langSet[@{xml_lang}='fa']/tig/term")
    assert bbc.text == "بی\u200cبی\u200cسی"  # ZWNJ survives


def test_forbidden_renderings_go_into_a_note_by_default_and_come_back(
        project, empty_project, tmp_path: Path) -> None:
    """OmegaT shows every TBX term as a translation, whatever its status: by default a
    forbidden rendering is a langSet note ("not: …"), which our reader takes back."""
    path = tmp_path / "glossary.tbx"
    export_glossary(project.db, path, "tbx")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    fa = etree.parse(str(path)).getroot().find(
        f".//termEntry[@id='maryam-rajavi']/langSet[@{xml_lang}='fa']")
    assert [t.findtext("term") for t in fa.findall("tig")] == ["مریم رجوی"]
    assert fa.findtext("note") == "not: مريم رجوي"
    import_glossary(empty_project.db, path)
    assert load_concepts(empty_project.db) == load_concepts(project.db)
    export_glossary(project.db, path, "tbx", lang="fa", forbidden="omit")
    assert "مريم رجوي" not in path.read_text(encoding="utf-8")  # (it is Arabic's rendering)


def test_tbx3_and_tbx_without_statuses_are_read(empty_project, tmp_path: Path) -> None:
    path = tmp_path / "v3.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        "<text><body>"
        '<conceptEntry id="c1"><langSec xml:lang="en-GB"><termSec><term>Camp Ashraf</term>'
        '</termSec></langSec><langSec xml:lang="fa-IR"><termSec><term>قرارگاه اشرف</term>'
        "</termSec><termSec><term>اردوگاه اشرف</term></termSec></langSec></conceptEntry>"
        "</body></text></tbx>", encoding="utf-8")
    report = import_glossary(empty_project.db, path)
    assert report.added == 1
    concept = get_concept(empty_project.db, "c1")
    assert concept.rendering("fa") == "قرارگاه اشرف"
    assert concept.terms["fa"].variants == ["اردوگاه اشرف"]


def test_tbx_import_merges_into_existing_concepts(project, tmp_path: Path) -> None:
    path = tmp_path / "extra.tbx"
    path.write_text(
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="t-1">'
        '<langSet xml:lang="en"><tig><term>Camp Liberty</term></tig></langSet>'
        '<langSet xml:lang="ar"><tig><term>معسكر الحرية</term></tig></langSet>'
        "</termEntry></body></text></martif>", encoding="utf-8")
    before = count_concepts(project.db)
    report = import_glossary(project.db, path)
    assert (report.added, report.merged) == (0, 1) and count_concepts(project.db) == before
    assert "معسكر الحرية" in get_concept(project.db, "camp-liberty").terms["ar"].variants
    assert report.conflicts  # the stored Arabic rendering was kept


BOMB = """<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="en">
<tig><term>&lol2;</term></tig></langSet></termEntry></body></text></martif>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE martif [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="en">
<tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>
"""


@pytest.mark.parametrize("content, entity, line", [(BOMB, "lol", 3), (XXE, "xxe", 2)])
def test_xml_bombs_and_external_entities_are_refused(project, tmp_path: Path, content: str,
                                                     entity: str, line: int) -> None:
    path = tmp_path / "evil.tbx"
    path.write_text(content, encoding="utf-8")
    before = count_concepts(project.db)
    with pytest.raises(InputError) as err:
        import_glossary(project.db, path)
    message = err.value.render()
    assert str(path) in message and f"entity declaration {entity!r}" in message
    assert err.value.line == line
    assert count_concepts(project.db) == before


def test_malformed_tbx_names_line_and_imports_nothing(project, tmp_path: Path) -> None:
    path = tmp_path / "broken.tbx"
    path.write_text('<martif type="TBX-Basic">\n<text><body>\n<termEntry id="a">'
                    '<langSet xml:lang="en"><tig><term>Ashraf</term></tig></langSet>'
                    "</termEntry>\n<termEntry id='b'>\n</body></text></martif>\n",
                    encoding="utf-8")
    before = count_concepts(project.db)
    with pytest.raises(InputError, match="malformed XML") as err:
        import_glossary(project.db, path)
    assert err.value.line == 5
    assert count_concepts(project.db) == before


def test_tbx_entry_without_english_term_names_the_entry(project, tmp_path: Path) -> None:
    path = tmp_path / "noen.tbx"
    path.write_text(
        '<martif type="TBX-Basic"><text><body>'
        '<termEntry id="ok"><langSet xml:lang="en"><tig><term>Good Name</term></tig></langSet>'
        '</termEntry><termEntry id="bad"><langSet xml:lang="fa"><tig><term>نام</term></tig>'
        "</langSet></termEntry></body></text></martif>", encoding="utf-8")
    before = count_concepts(project.db)
    with pytest.raises(InputError, match=r"<termEntry> #2 id='bad': no English term"):
        import_glossary(project.db, path)
    assert count_concepts(project.db) == before  # the good entry was not stored either


def test_omegat_tsv_layout(project, tmp_path: Path) -> None:
    path = tmp_path / "glossary-fa.utf8"
    lines = export_glossary(project.db, path, "tsv", lang="fa")
    text = path.read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert len(rows) == lines
    assert all(len(r) in (2, 3) and r[0] and r[1] for r in rows)
    assert ["MKO", "مجاهدین خلق"] == rows[[r[0] for r in rows].index("MKO")][:2]
    assert ["Tirana", "تیرانا"] == rows[[r[0] for r in rows].index("Tirana")][:2]
    assert not text.startswith("\ufeff") and "\r" not in text


def test_tsv_round_trip_into_an_empty_project(project, empty_project, tmp_path: Path) -> None:
    path = tmp_path / "glossary-ar.utf8"
    export_glossary(project.db, path, "tsv", lang="ar")
    report = import_glossary(empty_project.db, path, lang="ar")
    assert report.added == count_concepts(project.db)
    mek = next(c for c in load_concepts(empty_project.db) if c.rendering("ar") == "مجاهدي خلق")
    assert {"MEK", "MKO", "PMOI"} <= set(mek.terms["en"].acronyms)
    assert "مجاهدین خلق" in mek.terms["ar"].forbidden
    assert "منظمة مجاهدي خلق" in mek.terms["ar"].variants
    # and into the project it came from: nothing new, nothing doubled
    again = import_glossary(project.db, path, lang="ar")
    assert (again.added, again.merged) == (0, 0)


def test_tsv_accepts_bom_comments_crlf_and_two_columns(empty_project, tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_bytes("\ufeff# comment\r\nTirana\tTiranë\r\n\r\nDurres\tDurrës\tport city\r\n"
                     .encode())
    assert import_glossary(empty_project.db, path, lang="sq").added == 2
    assert get_concept(empty_project.db, "durres").note == "port city"


@pytest.mark.parametrize("content, line, message", [
    (b"Tirana\tTiran\xeb\n", 1, "not UTF-8"),
    ("Tirana\tTiranë\nDurres\n".encode(), 2, "found 1"),
    ("Tirana\tTiranë\nA\tB\tC\tD\n".encode(), 2, "found 4"),
    ("Tirana\tTiranë\n\tDurrës\n".encode(), 2, "empty source"),
])
def test_bad_tsv_names_the_line_and_imports_nothing(project, tmp_path: Path, content: bytes,
                                                    line: int, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    before = load_concepts(project.db)
    with pytest.raises(InputError, match=message) as err:
        import_glossary(project.db, path, lang="sq")
    assert err.value.line == line and str(path) in err.value.render()
    assert load_concepts(project.db) == before


def test_tsv_needs_a_language_and_unknown_formats_are_refused(project, tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("A\tB\n", encoding="utf-8")
    with pytest.raises(InputError, match="--lang"):
        import_glossary(project.db, path)
    other = tmp_path / "g.docx"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown glossary format"):
        import_glossary(project.db, other)


def test_partial_import_stores_good_lines_and_lists_bad_ones(empty_project,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "mixed.tsv"
    path.write_bytes("Tirana\tTiranë\nonly one\nDurres\tDurrës\n".encode() + b"Paris\tPar\xefs\n")
    report = import_glossary(empty_project.db, path, lang="sq", partial=True)
    assert report.added == 2
    assert len(report.skipped) == 2
    assert report.skipped[0].startswith(f"{path}:2: expected 2 or 3")
    assert report.skipped[1].startswith(f"{path}:4: not UTF-8")


def test_partial_tbx_import_skips_entries_without_english(empty_project, tmp_path: Path) -> None:
    path = tmp_path / "partial.tbx"
    path.write_text(
        '<martif type="TBX-Basic"><text><body>'
        '<termEntry id="ok"><langSet xml:lang="en"><tig><term>Good Name</term></tig></langSet>'
        '</termEntry><termEntry id="bad"><langSet xml:lang="fa"><tig><term>نام</term></tig>'
        "</langSet></termEntry></body></text></martif>", encoding="utf-8")
    report = import_glossary(empty_project.db, path, partial=True)
    assert report.added == 1 and "id='bad': no English term" in report.skipped[0]


def test_entries_of_one_file_with_the_same_english_merge(empty_project, tmp_path: Path) -> None:
    path = tmp_path / "dups.tbx"
    path.write_text(
        '<martif type="TBX-Basic"><text><body>'
        '<termEntry id="c1"><langSet xml:lang="en"><tig><term>Camp Ashraf</term></tig>'
        '</langSet><langSet xml:lang="fa"><tig><term>قرارگاه اشرف</term></tig></langSet>'
        '</termEntry><termEntry id="c2"><langSet xml:lang="en"><tig><term>camp ashraf</term>'
        '</tig></langSet><langSet xml:lang="ar"><tig><term>معسكر أشرف</term></tig></langSet>'
        "</termEntry></body></text></martif>", encoding="utf-8")
    report = import_glossary(empty_project.db, path)
    assert (report.added, report.merged) == (1, 1)
    [concept] = load_concepts(empty_project.db)
    assert (concept.rendering("fa"), concept.rendering("ar")) == ("قرارگاه اشرف", "معسكر أشرف")


def test_same_id_for_a_different_concept_is_not_merged(empty_project, tmp_path: Path) -> None:
    for n, (en, fa) in enumerate([("Camp Ashraf", "قرارگاه اشرف"), ("Tirana", "تیرانا")]):
        path = tmp_path / f"tool{n}.tbx"
        path.write_text(
            '<martif type="TBX-Basic"><text><body><termEntry id="c1">'
            f'<langSet xml:lang="en"><tig><term>{en}</term></tig></langSet>'
            f'<langSet xml:lang="fa"><tig><term>{fa}</term></tig></langSet>'
            "</termEntry></body></text></martif>", encoding="utf-8")
        report = import_glossary(empty_project.db, path)
    assert report.added == 1 and "stored as 'c1-2'" in report.conflicts[0]
    assert get_concept(empty_project.db, "c1-2").rendering("fa") == "تیرانا"
    assert get_concept(empty_project.db, "c1").rendering("fa") == "قرارگاه اشرف"


def test_csv_round_trip_with_commas_and_quotes(project, empty_project, tmp_path: Path) -> None:
    path = tmp_path / "glossary-sq.csv"
    export_glossary(project.db, path, "tsv", lang="sq")
    assert '"' in path.read_text(encoding="utf-8")  # comments with commas are quoted
    report = import_glossary(empty_project.db, path, lang="sq")
    assert report.added == count_concepts(project.db) and report.skipped == []
    assert get_concept(empty_project.db, "tirana").terms["sq"].variants == [
        "Tiranë", "Tiranës", "Tiranën"]


def test_bad_csv_names_the_line(project, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('Tirana,Tiranë\n"Durres, port",Durrës,"a, b",extra\n', encoding="utf-8")
    with pytest.raises(InputError, match="expected 2 or 3 comma-separated columns") as err:
        import_glossary(project.db, path, lang="sq")
    assert err.value.line == 2
