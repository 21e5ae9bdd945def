"""Every real file in ../shared/interop imports with the right counts, languages, statuses and
text. The files were written by OmegaT, MateCat, the LISA TMX kit, Trados, memoQ, Weblate,
translate-toolkit and TICO-19 (SOURCES.md); `import-results.json` holds pair counts taken
independently with lxml (`count`) and what an earlier workbench stored (`stored`). Where our
numbers differ from those, the reason is written next to the difference below.
"""

from __future__ import annotations

import json
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from workbench.cli import main
from workbench.formats.service import import_tm
from workbench.glossary.exchange import import_glossary
from workbench.glossary.store import load_concepts
from workbench.project import Project, open_project
from workbench.text.codes import without_codes
from workbench.tm.lookup import lookup

INTEROP = Path(__file__).resolve().parents[2] / "shared" / "interop"
RESULTS = {r["file"]: r for r in json.loads((INTEROP / "import-results.json").read_text(
    encoding="utf-8"))}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TM_FILES = sorted(p.name for p in INTEROP.iterdir()
                  if p.suffix.lower() in (".tmx", ".xlf", ".xliff", ".sdlxliff", ".mqxliff",
                                          ".zip"))
GLOSSARY_FILES = sorted(p.name for p in INTEROP.iterdir() if p.suffix == ".tbx") + [
    "omegat36out__glossary.txt"]

# Files that do not name a language need it given (without it: a one-line error, tested below).
OPTIONS = {"matecat__no-trgLang.xliff": {"tgt_lang": "es"},
           "omegat__filters_xliff_filters4-xliff2_ex.9.5.xlf": {"tgt_lang": "fr"}}
# Pairs read where they differ from the independent count, and why.
READ = {
    "omegat__tmx_test-multiple-tuv.tmx": 11,  # every regional variant is a pair (ES-AR, ES-BO,
    # the second FR-CA...); the count took one <tuv> per base language, as workbench used to
    "disfr__tmx_sample_document.tmx": 3,  # FR-CA and FR-FR of one unit, both read (same text:
    # stored once)
    "disfr__multilanguage.tmx": 6,  # the count found no <tu>: the file uses a TMX namespace
    "omegat__tmx_invalid.tmx": 0,  # its one <tu> holds nothing but inline codes (no source)
    "matecat__no-trgLang.xliff": 1, "omegat__filters_xliff_filters4-xliff2_ex.9.5.xlf": 1,
    "tico__all.en-ar.tmx.zip": 3071, "tico__all.en-fa.tmx.zip": 3071,
    "tico__all.fa-prs.tmx.zip": 3071,
}
# Units stored per language pair where they differ from the earlier run's `stored`, and why.
STORED = {
    "omegat__tmx_test-multiple-tuv.tmx": {"en->de": 2, "en->es": 4, "en->fr": 5},  # variants
    "omegat__LISAkit_ImportTest1K.tmx": {"de->en": 1, "fr->en": 1},  # each <tu srclang> names
    # its own source (de-de, fr-ca); the header's en-us is only the default
    "matecat__no-trgLang.xliff": {"en->es": 1},
    "omegat__filters_xliff_filters4-xliff2_ex.9.5.xlf": {"en->fr": 1},
    "tico__all.en-ar.tmx.zip": {"en->ar": 3070}, "tico__all.en-fa.tmx.zip": {"en->fa": 3070},
    "tico__all.fa-prs.tmx.zip": {"fa->prs": 3066},  # (one, one and five repeated pairs)
    # XLIFF 1.1 namespace without a version attribute: refused before, read now
    "omegat__filters_xliff_filters3_file-XLIFFFilter-SMP.xlf": {"en->be": 1},
    "omegat__filters_xliff_filters3_file-XLIFFFilter-tags.xlf": {"en->be": 9},  # 1 repeated
    # "The big black cat sleeps." twice, with its bold and underline on other words: two units
    # now that inline codes are kept (they were one while codes were dropped)
    "omegat__LISAkit_ExportTest2A.tmx": {"en->fr": 6},
}
# Statuses other than "translated" (the files' own: XLIFF state/approved, Trados, memoQ).
STATUSES = {
    "matecat__Test_stati_sdlxliff.txt_it-IT_en-US.sdlxliff":  # no conf, Draft, Translated,
        {"draft": 4, "translated": 1, "reviewed": 1, "approved": 1},  # Rejected x2, Approved x2
    "disfr__ChangeTracking_memoQ_1.mqxliff": {"draft": 5},  # mq:status PartiallyEdited
    "matecat__entities.xliff": {"approved": 2},  # state="final" approved="yes"
    "tt__po2xliff_fa.xlf": {"approved": 9, "translated": 1},  # approved="yes"; the PO header
}
# Text as the file means it: tracked changes applied, no double space where a code was.
TEXTS = {
    "disfr__ChangeTracking_Trados_1.sdlxliff": [
        ("Paragraph #1.", "#1."), ("Paragraph #2.", "PARAGRAPH #2 INSERTED."),
        ("Paragraph #3 with tags.", "WITH TAGS, PARAGRAPH #3."),
        ("Paragraph #4 with tags.", "ABRACADABRA #4 with TAGS.")],
    "disfr__ChangeTracking_memoQ_1.mqxliff": [
        ("Paragraph #1.", "#1."), ("Paragraph #3 with tags.", "WITH TAGS, PARAGRAPH #3.")],
    "omegat__LISAkit_ImportTest2C.tmx": [("Click to start.", "Cliquez pour commencer.")],
    "omegat__LISAkit_ExportTest2A.tmx": [("The big black cat sleeps.",
                                          "Le gros chat noir dors.")],
    "omegat__tmx_test-multiple-tuv.tmx": [("Hello World!", "(es_AR) ¡Hola Mundo!"),
                                          ("Hello World!", "(es_BO) ¡Hola Mundo!"),
                                          ("Hello World!", "fr_CA Bonjour tout le monde\u00a0!")],
    "matecat__entities.xliff": [],
}


def _path(name: str, tmp_path: Path) -> Path:
    if not name.endswith(".zip"):
        return INTEROP / name
    with zipfile.ZipFile(INTEROP / name) as archive:
        (member,) = archive.namelist()
        archive.extract(member, tmp_path)
    return tmp_path / member


def _expected_read(name: str) -> int:
    if name in READ:
        return READ[name]
    count = RESULTS[name]["count"]
    return int(count["expected_pairs"] if "expected_pairs" in count else count["with_target"])


def _expected_stored(name: str) -> dict[str, int]:
    return STORED.get(name, RESULTS[name]["stored"] if name in RESULTS else {})


@pytest.fixture
def target(tmp_path: Path) -> Project:
    p = open_project(tmp_path / "interop.wbproj", with_seeds=False)
    yield p
    p.close()


@pytest.mark.parametrize("name", TM_FILES)
def test_every_interop_file_imports_right(name: str, target: Project, tmp_path: Path) -> None:
    report = import_tm(target.db, [_path(name, tmp_path)], min_status="new",
                       **OPTIONS.get(name, {}))
    assert report.pairs == _expected_read(name)
    rows = target.db.execute("SELECT src_lang, tgt_lang, status, source, target FROM tm_units"
                             ).fetchall()
    by_pair = Counter(f"{r['src_lang']}->{r['tgt_lang']}" for r in rows)
    assert dict(by_pair) == _expected_stored(name)
    assert report.stored == len(rows) == report.added  # a new TM: every stored unit is new
    assert report.pairs == report.stored + report.duplicates
    statuses = Counter(r["status"] for r in rows)
    assert dict(statuses) == STATUSES.get(name, {"translated": len(rows)} if rows else {})
    pairs = {(without_codes(r["source"]), without_codes(r["target"])) for r in rows}
    for source, text in TEXTS.get(name, []):  # the words; inline codes are kept beside them
        assert (source, text) in pairs


def test_default_import_keeps_unconfirmed_segments_out_of_the_tm(target: Project) -> None:
    """Draft, rejected and not-translated Trados segments never come back as 100% matches."""
    report = import_tm(target.db, [INTEROP / "matecat__Test_stati_sdlxliff.txt_it-IT_en-US"
                                             ".sdlxliff"])
    assert (report.pairs, report.stored, dict(report.below_status)) == (7, 3, {"draft": 4})
    notes = dict(target.db.execute("SELECT target, note FROM tm_units").fetchall())
    assert set(notes) == {"Segment 3", "Segment 5", "Segment 7"}
    kept = import_tm(target.db, [INTEROP / "matecat__Test_stati_sdlxliff.txt_it-IT_en-US"
                                           ".sdlxliff"], min_status="draft")
    assert kept.added == 4
    rejected = target.db.execute("SELECT note FROM tm_units WHERE target = 'Segment 4'"
                                 ).fetchone()[0]
    assert rejected == "status in the file: Trados RejectedTranslation"  # kept, not dropped


def test_regional_variants_keep_their_tags_and_the_report_names_what_it_skipped(
        target: Project, capsys: pytest.CaptureFixture[str]) -> None:
    import_tm(target.db, [INTEROP / "omegat__tmx_test-multiple-tuv.tmx"])
    tags = {r[0] for r in target.db.execute("SELECT tgt_tag FROM tm_units")}
    assert {"es-AR", "es-BO", "fr-CA", "fr-FR", None} <= tags
    code = main(["--project", str(target.path), "import-tm",
                 str(INTEROP / "omegat__LISAkit_ImportTest1D.tmx")])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 in a variant of the source language (not a translation)" in out
    assert "empty or no source" not in out


def test_import_tm_reports_new_present_and_repeated(target: Project,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = INTEROP / "tt__po2xliff_fa.xlf"
    assert main(["--project", str(target.path), "import-tm", str(path)]) == 0
    assert "15 pairs read (xliff; en→fa), 10 stored in the TM (10 new, 0 already there, 5 " \
           "repeated in the file)" in capsys.readouterr().out
    assert main(["--project", str(target.path), "import-tm", str(path)]) == 0
    assert "10 stored in the TM (0 new, 10 already there, 5 repeated in the file)" in \
        capsys.readouterr().out


def test_tgt_lang_selects_or_names_and_says_which(target: Project,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`import-tm a.tmx b.xlf --tgt-lang es`: a filter for the file that names its languages,
    the target language of the one that does not — and the report says so for each."""
    a = INTEROP / "omegat__LISAkit_ImportTest1C.tmx"  # en → en-GB, ja, fr, es
    b = INTEROP / "matecat__no-trgLang.xliff"  # names no target language
    code = main(["--project", str(target.path), "import-tm", str(a), str(b), "--tgt-lang", "es"])
    out = capsys.readouterr().out
    assert code == 0
    assert "left out: 6 pairs into fr, ja (--tgt-lang es selects the pairs into that language)" \
        in out
    assert "note: the file does not name its target language: --tgt-lang es used" in out
    assert dict(Counter(r[0] for r in target.db.execute("SELECT tgt_lang FROM tm_units"))) == \
        {"es": 4}
    capsys.readouterr()
    assert main(["--project", str(target.path), "import-tm", str(b)]) == 1
    err = capsys.readouterr().err
    assert "does not say its source and target languages — pass --src-lang and --tgt-lang" in err


def test_xliff_1_1_without_a_version_attribute_is_read(target: Project) -> None:
    report = import_tm(target.db, [INTEROP / "omegat__filters_xliff_filters3_file-XLIFFFilter"
                                             "-tags.xlf"])
    assert report.pairs == RESULTS["omegat__filters_xliff_filters3_file-XLIFFFilter-tags.xlf"][
        "count"]["with_target"]


def test_tico_arabic_keeps_the_suppliers_bytes(target: Project, tmp_path: Path) -> None:
    """No NFC on store: 384 of the Arabic targets are not in NFC and must stay as supplied."""
    path = _path("tico__all.en-ar.tmx.zip", tmp_path)
    supplied, sources = [], []
    for tu in etree.parse(str(path)).getroot().iter("tu"):
        segs = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        supplied.append(segs["ar"])
        sources.append(segs["en"])
    import_tm(target.db, [path])
    stored = {r[0] for r in target.db.execute("SELECT target FROM tm_units")}
    not_nfc = [t for t in supplied if unicodedata.normalize("NFC", t) != t]
    assert len(not_nfc) == 384
    assert all(t in stored for t in supplied)
    not_nfc_at = supplied.index(not_nfc[0])
    source, text = sources[not_nfc_at], supplied[not_nfc_at]
    matches = lookup(target.db, unicodedata.normalize("NFD", source), "en", "ar", limit=3)
    assert matches and matches[0].score == 100 and matches[0].target == text  # matching folds


# --------------------------------------------------------------------------- glossaries

@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setattr("workbench.glossary.starter.install_starter_glossary",
                        lambda project: 0)
    p = open_project(tmp_path / "g.wbproj", with_seeds=False)
    yield p
    p.close()


@pytest.mark.parametrize("name", GLOSSARY_FILES)
def test_every_interop_glossary_imports_right(name: str, empty: Project) -> None:
    report = import_glossary(empty.db, INTEROP / name, lang="fa" if name.endswith(".txt")
                             else None)
    concepts = load_concepts(empty.db)
    if name in RESULTS:
        count = RESULTS[name]["count"]
        assert report.added + report.merged + report.unchanged == count["entries"]
        langs = {lang.replace("_", "-").split("-")[0].lower() for lang in count["langs"]}
        assert {lang for c in concepts for lang in c.terms} == langs
    else:  # OmegaT's own glossary file (GlossaryReaderTSV.append): three entries
        assert report.added == 3
        assert {c.english: c.rendering("fa") for c in concepts}["Tirana"] == "تیرانا"
    assert all(c.english for c in concepts)


def test_tbx_definitions_notes_and_statuses_are_kept(empty: Project) -> None:
    import_glossary(empty.db, INTEROP / "weblate__fr-extended-metadata.tbx")
    bus, code = sorted(load_concepts(empty.db), key=lambda c: c.id)
    assert bus.english == "data bus"
    assert bus.rendering("fr") is None  # "obsolete" is not an approval...
    assert bus.terms["fr"].forbidden == ["bus de données"]  # ...it is a rendering to avoid
    assert "definition: Superseded but still found in older manuals." in bus.note
    assert "Usage note: Avoid using this term in any documentation." in bus.note
    assert code.keeps_source("fr")  # Weblate's "Translation needed: No"
    assert "Do not translate error codes." in code.note
    import_glossary(empty.db, INTEROP / "omegat__glossaries_sampleTBXfile.tbx")
    alpha = next(c for c in load_concepts(empty.db) if c.english == "alpha smoothing factor")
    assert alpha.domain == "manufacturing" and "definition: A value between 0 and 1" in alpha.note
