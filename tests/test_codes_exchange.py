"""Segments with inline codes round-trip through TMX and XLIFF (codes included), valid against
the TMX DTD and the XLIFF 2.0 schema; TSV and Moses get the text without codes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest
from lxml import etree

from workbench.formats.inline import CodeReader, align, xliff12_inline
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs, import_tm
from workbench.formats.xmlsafe import text_of
from workbench.ingest.importer import import_paths
from workbench.project import Project, open_project
from workbench.store.documents import list_segments
from workbench.store.translations import set_translation
from workbench.text.codes import code_chars, from_tokens, to_tokens

DATA = Path(__file__).parent / "data"
PAGE = DATA / "edition" / "leak.html"
TRANSLATIONS = json.loads((DATA / "edition" / "leak.translations.json").read_text("utf-8"))
# A translator's broken codes: a pair crossing another, one only half there.
CROSSING = "Një ⟨1⟩raport ⟨2⟩i BBC-së⟨/1⟩ tha se⟨/2⟩ rrjedhja ishte e madhe.⟨3/⟩"


@pytest.fixture
def translated(project: Project) -> Project:
    outcome = import_paths(project, [PAGE])[0]
    assert outcome.result is not None
    for lang in ("sq", "fa"):
        for seg, text in zip(list_segments(project.db, outcome.result.document_id),
                             TRANSLATIONS[lang], strict=True):
            set_translation(project.db, seg["id"], lang, from_tokens(text))
    return project


def pairs(project: Project, lang: str) -> list[tuple[str, str]]:
    return [(to_tokens(r[0]), to_tokens(r[1])) for r in project.db.execute(
        "SELECT source, target FROM tm_units WHERE tgt_lang = ? AND segment_id IS NULL "
        "ORDER BY id", (lang,))]


def expected(project: Project, lang: str) -> list[tuple[str, str]]:
    return [(to_tokens(s["text"]), to_tokens(s["t_text"]))
            for s in list_segments(project.db, 1, lang=lang)]


def test_tmx_writes_bpt_ept_ph_and_reads_them_back(translated: Project, tmp_path: Path) -> None:
    out = tmp_path / "leak.tmx"
    export_pairs(translated.db, ExportFilter(("sq", "fa")), "tmx", out)
    doc = etree.parse(str(out))
    dtd = etree.DTD(str(DATA / "formats" / "tmx14.dtd"))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    seg = next(s for s in doc.iter("seg") if (s.text or "").startswith("A "))
    assert etree.tostring(seg, encoding="unicode").startswith(
        '<seg>A <bpt i="1" x="1" type="link">&lt;a href="https://www.bbc.com/news/world-europe'
        '-59972421"&gt;</bpt>BBC report<ept i="1">&lt;/a&gt;</ept>')
    assert [(p.get("type"), p.text) for p in seg.iter("ph")] == [("lb", "<br>")]
    handle = next(p for p in doc.iter("ph") if p.get("type") == "x-handle")
    assert handle.text == "@OlsiJ"
    fresh = open_project(tmp_path / "other.wbproj", with_seeds=False)
    import_tm(fresh.db, [out])
    assert pairs(fresh, "sq") == expected(translated, "sq")
    assert pairs(fresh, "fa") == expected(translated, "fa")


def test_xliff_2_writes_pc_ph_with_original_data_and_reads_them_back(translated: Project,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / "leak.fa.xlf"
    export_pairs(translated.db, ExportFilter(("fa",)), "xliff", out)
    schema = etree.XMLSchema(etree.parse(str(DATA / "formats" / "xliff_core_2.0.xsd")))
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log.last_error
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    pc = doc.xpath("//x:target//x:pc[@type='link']", namespaces=ns)[1]
    assert pc.text == "بی‌بی‌سی"
    data = {d.get("id"): d.text for d in doc.xpath("//x:data", namespaces=ns)}
    assert data[pc.get("dataRefStart")].startswith('<a href="https://www.bbc.com/')
    assert data[pc.get("dataRefEnd")] == "</a>"
    fresh = open_project(tmp_path / "other.wbproj", with_seeds=False)
    import_tm(fresh.db, [out])
    assert pairs(fresh, "fa") == expected(translated, "fa")


def xliff12_schema() -> etree.XMLSchema:
    source = (DATA / "formats" / "xliff_core_1.2_strict.xsd").read_text(encoding="utf-8")
    source = source.replace('schemaLocation="http://www.w3.org/2001/xml.xsd"',
                            f'schemaLocation="{(DATA / "formats" / "xml.xsd").as_uri()}"')
    return etree.XMLSchema(etree.fromstring(source.encode()))


def test_xliff_1_2_writes_g_x_ph_valid_and_reads_them_back(translated: Project,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "leak.sq.xlf"
    export_pairs(translated.db, ExportFilter(("sq",), xliff_version="1.2"), "xliff", out)
    schema = xliff12_schema()
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log.last_error
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert [g.text for g in doc.xpath("//x:target//x:g[@ctype='bold']", namespaces=ns)] == [
        "shumë e madhe", "Kampit Ashraf 3"]
    assert doc.xpath("//x:target//x:x[@ctype='lb']", namespaces=ns)
    assert [p.text for p in doc.xpath("//x:target//x:ph", namespaces=ns)] == [
        '<a href="https://t.co/x">pic.twitter.com/OSP2wqo4rE</a>', "@OlsiJ"]
    fresh = open_project(tmp_path / "other.wbproj", with_seeds=False)
    import_tm(fresh.db, [out])
    assert pairs(fresh, "sq") == expected(translated, "sq")


def test_a_hand_off_translated_elsewhere_comes_back_with_its_codes(translated: Project,
                                                                   tmp_path: Path) -> None:
    """export --all-segments → another tool moves words around the codes → import-xliff."""
    from workbench.formats.handoff import import_xliff

    out = tmp_path / "handoff.xlf"
    export_pairs(translated.db, ExportFilter(("sq",), all_segments=True, xliff_version="1.2"),
                 "xliff", out)
    returned = out.read_text("utf-8").replace(
        "Një <g id=\"1\" ctype=\"link\">raport i BBC-së</g>",
        "<g id=\"1\" ctype=\"link\">Raporti i BBC-së</g>")
    assert returned != out.read_text("utf-8")
    out.write_text(returned, encoding="utf-8")
    import_xliff(translated.db, out)
    third = list_segments(translated.db, 1, lang="sq")[2]
    assert to_tokens(third["t_text"]) == (
        "⟨1⟩Raporti i BBC-së⟨/1⟩ tha se rrjedhja ishte ⟨2⟩shumë e madhe⟨/2⟩.⟨3/⟩")


def test_crossing_and_isolated_codes_stay_valid(translated: Project, tmp_path: Path) -> None:
    third = list_segments(translated.db, 1)[2]
    set_translation(translated.db, third["id"], "sq", from_tokens(CROSSING))
    tmx, xlf = tmp_path / "x.tmx", tmp_path / "x.xlf"
    export_pairs(translated.db, ExportFilter(("sq",)), "tmx", tmx)
    export_pairs(translated.db, ExportFilter(("sq",)), "xliff", xlf)
    assert etree.DTD(str(DATA / "formats" / "tmx14.dtd")).validate(etree.parse(str(tmx)))
    schema = etree.XMLSchema(etree.parse(str(DATA / "formats" / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.parse(str(xlf))), schema.error_log.last_error
    for path in (tmx, xlf):
        fresh = open_project(tmp_path / f"{path.suffix}.wbproj", with_seeds=False)
        import_tm(fresh.db, [path])
        assert dict(pairs(fresh, "sq"))[to_tokens(third["text"])] == CROSSING


def test_xliff_1_2_g_and_x_round_trip() -> None:
    """The XLIFF 1.2 writer (for the 1.2 export) and reader agree; a code the target has and
    the source lacks is dropped."""
    from workbench.text.codes import InlineCode

    source = from_tokens("A ⟨1⟩BBC report⟨/1⟩ said ⟨2⟩it⟨/2⟩.⟨3/⟩ See ⟨4/⟩")
    target = from_tokens("⟨2⟩Ai⟨/2⟩ tha ⟨1⟩raport ⟨5/⟩i BBC⟨/1⟩.⟨3/⟩ Shih ⟨4/⟩")
    table = {1: InlineCode(1, "pair", "a", '<a href="/r">', "</a>"),
             2: InlineCode(2, "pair", "b", "<b>", "</b>"),
             3: InlineCode(3, "standalone", "br", "<br>", "", "\n"),
             4: InlineCode(4, "standalone", "url", "x.com/a", "", "x.com/a")}
    xml = (f"<unit><source>{xliff12_inline(source, table)}</source>"
           f"<target>{xliff12_inline(target, table)}</target></unit>")
    assert '<g id="1" ctype="link">BBC report</g>' in xml
    assert '<x id="3" ctype="lb"/>' in xml and '<ph id="4" ctype="x-url">x.com/a</ph>' in xml
    unit = fromstring(xml)
    src_codes, tgt_codes = CodeReader(), CodeReader()
    got_src, got_tgt, got_table = align(text_of(unit[0], src_codes.xliff12), src_codes,
                                        text_of(unit[1], tgt_codes.xliff12), tgt_codes)
    assert got_src == source
    assert to_tokens(got_tgt or "") == "⟨2⟩Ai⟨/2⟩ tha ⟨1⟩raport i BBC⟨/1⟩.⟨3/⟩ Shih ⟨4/⟩"
    assert (got_table[1].name, got_table[3].name, got_table[4].text) == ("a", "br", "x.com/a")


def test_tsv_and_moses_get_text_without_codes(translated: Project, tmp_path: Path) -> None:
    export_pairs(translated.db, ExportFilter(("sq",)), "tsv", tmp_path / "a.tsv")
    export_pairs(translated.db, ExportFilter(("sq",)), "moses", tmp_path / "corpus")
    tsv = (tmp_path / "a.tsv").read_text("utf-8")
    src = (tmp_path / "corpus.en-sq.en").read_text("utf-8").splitlines()
    tgt = (tmp_path / "corpus.en-sq.sq").read_text("utf-8").splitlines()
    assert "A BBC report said that the leak was very large." in src
    assert "Një raport i BBC-së tha se rrjedhja ishte shumë e madhe." in tgt
    assert "— Olsi Jazexhi (@OlsiJ)" in src  # protected text is text in a corpus
    for content in (tsv, "\n".join(src + tgt)):
        assert not code_chars(content) and "⟨" not in content


def test_tm_match_with_other_codes_is_offered_at_99_with_codes_renumbered(
        translated: Project) -> None:
    """The confirmed "A ⟨1⟩BBC report⟨/1⟩ said … ⟨2⟩very large⟨/2⟩.⟨3/⟩" answers the same
    sentence with its link and bold elsewhere: 99 (1 point for the codes), codes mapped."""
    from workbench.tm.lookup import lookup

    new = from_tokens("⟨1⟩A BBC report said that the leak was very large⟨/1⟩.")
    [match] = lookup(translated.db, new, "en", "sq", min_score=90, limit=1)
    assert match.score == 99
    assert to_tokens(match.target) == (
        "Një ⟨1⟩raport i BBC-së⟨/1⟩ tha se rrjedhja ishte shumë e madhe.")
    same_codes = from_tokens("A ⟨1⟩BBC report⟨/1⟩ said that the leak was ⟨2⟩large⟨/2⟩.⟨3/⟩")
    plain = "A BBC report said that the leak was large."
    alike = lookup(translated.db, same_codes, "en", "sq", min_score=60, limit=1)[0]
    other = lookup(translated.db, plain, "en", "sq", min_score=60, limit=1)[0]
    assert alike.score - other.score == 1  # the same words; other codes cost one point
