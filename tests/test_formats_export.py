"""Exports: one contract for every format, then what each format promises on its own."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from test_formats_helpers import CONTROL_TARGET, TRICKY_SOURCE, ZWNJ, Built, build

from workbench.errors import WorkbenchError
from workbench.formats.lines import unescape
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs
from workbench.project import Project

DATA = Path(__file__).parent / "data" / "formats"
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:2.0",
            "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALL = ("sq", "fa", "ar")


@pytest.fixture
def built(seeded_project: Project) -> Built:
    return build(seeded_project)


def _xliff_text(elem: etree._Element) -> str:
    """Text of <source>/<target>, with <cp hex/> code points decoded (per XLIFF 2.0 §4.3.1.1)."""
    parts = [elem.text or ""]
    for child in elem:
        if etree.QName(child).localname == "cp":
            parts.append(chr(int(child.get("hex"), 16)))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_back(fmt: str, files: list[str]) -> list[tuple[str, str, str]]:
    """(source, lang, target) of every pair in the written files, parsed independently."""
    pairs = []
    if fmt == "tmx":
        root = etree.parse(files[0]).getroot()
        for tu in root.iter("tu"):
            segs = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext())
                    for tuv in tu.iter("tuv")}
            src = segs.pop("en")
            pairs += [(src, lang, text) for lang, text in segs.items()]
    elif fmt == "xliff":
        for f in files:
            root = etree.parse(f).getroot()
            lang = root.get("trgLang")
            for seg in root.iterfind(".//x:segment", XLIFF_NS):
                pairs.append((_xliff_text(seg.find("x:source", XLIFF_NS)), lang,
                              _xliff_text(seg.find("x:target", XLIFF_NS))))
    elif fmt == "tsv":
        # splitlines() also breaks at VT, U+2028...: the escapes keep those off the line too
        lines = Path(files[0]).read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, map(unescape, line.split("\t")), strict=True))
            pairs.append((row["source"], row["tgt_lang"], row["target"]))
    elif fmt == "moses":
        for src_file, tgt_file in zip(files[::2], files[1::2], strict=True):
            lang = tgt_file.rsplit(".", 1)[1]
            src = Path(src_file).read_text(encoding="utf-8").splitlines()
            tgt = Path(tgt_file).read_text(encoding="utf-8").splitlines()
            assert len(src) == len(tgt)
            pairs += [(unescape(s), lang, unescape(t)) for s, t in zip(src, tgt, strict=True)]
    elif fmt == "jsonl":
        for line in Path(files[0]).read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            pairs.append((obj["source"], obj["tgt_lang"], obj["target"]))
    return sorted(pairs)


def _expected(built: Built, *, statuses: tuple[str, ...] = ("translated", "reviewed", "approved"),
              xml_clean: bool = False) -> list[tuple[str, str, str]]:
    out = []
    for source, lang, target, status, _origin in built.pairs:
        if status in statuses:
            if xml_clean:
                target = target.replace("\x01", "").replace("\x0b", "")
            out.append((source, lang, target))
    return sorted(out)


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "tsv", "moses", "jsonl"])
class TestEveryFormat:
    """The contract every exporter keeps."""

    def test_pairs_come_back_exactly(self, fmt: str, seeded_project: Project, built: Built,
                                     tmp_path: Path) -> None:
        report = export_pairs(seeded_project.db, ExportFilter(ALL), fmt, tmp_path / "out")
        # TMX cannot carry control characters (dropped and reported); the others keep them.
        assert _read_back(fmt, report.files) == _expected(built, xml_clean=fmt == "tmx")
        assert report.pairs == 12 and report.units == 5

    def test_tricky_text_survives(self, fmt: str, seeded_project: Project, built: Built,
                                  tmp_path: Path) -> None:
        report = export_pairs(seeded_project.db, ExportFilter(ALL), fmt, tmp_path / "out")
        pairs = _read_back(fmt, report.files)
        fa = {t for s, lang, t in pairs if lang == "fa" and s == TRICKY_SOURCE}
        assert fa == {f'تام & جری گفتند "x < y" — این <b>درست</b> است و می{ZWNJ}دانند.'}
        assert any("\t" in t and "\n" in t for _, _, t in pairs)  # tab and newline in a segment

    def test_filters(self, fmt: str, seeded_project: Project, built: Built,
                     tmp_path: Path) -> None:
        flt = ExportFilter(("fa", "ar"), min_status="reviewed", origins=("human", "mt"),
                           doc_id=built.doc_id)
        report = export_pairs(seeded_project.db, flt, fmt, tmp_path / "out")
        assert [(s, lang) for s, lang, _ in _read_back(fmt, report.files)] == sorted(
            [("Rajavi’s “regime change” agenda", "fa"), (TRICKY_SOURCE, "ar")])

    def test_drafts_only_when_asked(self, fmt: str, seeded_project: Project, built: Built,
                                    tmp_path: Path) -> None:
        report = export_pairs(seeded_project.db, ExportFilter(ALL, min_status="draft"), fmt,
                              tmp_path / "out")
        expected = _expected(built, statuses=("draft", "translated", "reviewed", "approved"),
                             xml_clean=fmt == "tmx")
        assert _read_back(fmt, report.files) == expected

    def test_empty_selection_is_refused(self, fmt: str, seeded_project: Project, built: Built,
                                        tmp_path: Path) -> None:
        out = tmp_path / "out"
        with pytest.raises(WorkbenchError, match="nothing to export"):
            export_pairs(seeded_project.db, ExportFilter(("sq",), origins=("tm",)), fmt,
                         out / "x")
        assert not out.exists()

    def test_interrupted_export_leaves_no_file(self, fmt: str, seeded_project: Project,
                                               built: Built, tmp_path: Path) -> None:
        out = tmp_path / "out"
        with pytest.raises(KeyboardInterrupt):
            export_pairs(seeded_project.db, ExportFilter(ALL), fmt, out / "x",
                         progress=_interrupt)
        assert list(out.iterdir()) == []  # neither half a file nor a .part


def _interrupt(done: int, total: int) -> None:
    raise KeyboardInterrupt


def test_tmx_header_tu_and_props(seeded_project: Project, built: Built, tmp_path: Path) -> None:
    report = export_pairs(seeded_project.db, ExportFilter(ALL), "tmx", tmp_path / "a.tmx")
    doc = etree.parse(report.files[0])
    dtd = etree.DTD(str(DATA / "tmx14.dtd"))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    root = doc.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr, value in {"creationtool": "workbench", "segtype": "sentence", "adminlang": "en",
                        "srclang": "en", "datatype": "plaintext", "o-tmf": "workbench"}.items():
        assert header.get(attr) == value
    assert header.get("creationtoolversion")
    tu = next(t for t in root.iter("tu")
              if t.find("tuv/seg").text == "Rajavi’s “regime change” agenda")
    assert [tuv.get(XML_LANG) for tuv in tu.iter("tuv")] == ["en", "sq", "fa", "ar"]
    assert tu.find("prop[@type='x-document']").text == "Quotes & <tags> — “test”"
    fa = tu.find(f"tuv[@{{{XML_LANG[1:].split('}')[0]}}}lang='fa']")
    assert fa.find("prop[@type='x-status']").text == "reviewed"
    assert fa.find("prop[@type='x-origin']").text == "human"
    for elem in (tu, fa):
        assert re.fullmatch(r"\d{8}T\d{6}Z", elem.get("creationdate"))
        assert re.fullmatch(r"\d{8}T\d{6}Z", elem.get("changedate"))


def test_tmx_control_characters_are_stripped_and_reported(seeded_project: Project, built: Built,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "a.tmx"
    proc = subprocess.run([sys.executable, "-m", "workbench", "--project",
                           str(seeded_project.path), "export", "--format", "tmx", "--to", "sq",
                           "-o", str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    segment = next(s for s, lang, t, _, _ in built.pairs if t == CONTROL_TARGET)
    seg_id = seeded_project.db.execute("SELECT id FROM segments WHERE text = ?",
                                       (segment,)).fetchone()[0]
    assert "removed 2 characters that XML 1.0 forbids" in proc.stderr
    assert f"s{seg_id} (sq) x2" in proc.stderr
    segs = [s.text for s in etree.parse(str(out)).iter("seg")]
    assert "Çmimet u rritën 5% > e pritshme." in segs
    assert str(out) in proc.stdout


def test_xliff_validates_against_the_oasis_schema(seeded_project: Project, built: Built,
                                                   tmp_path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(DATA / "xliff_core_2.0.xsd")))
    report = export_pairs(seeded_project.db, ExportFilter(ALL, min_status="draft"), "xliff",
                          tmp_path / "out" / "site.{lang}.xlf")
    assert sorted(Path(f).name for f in report.files) == ["site.ar.xlf", "site.fa.xlf",
                                                          "site.sq.xlf"]
    for f in report.files:
        doc = etree.parse(f)
        assert schema.validate(doc), schema.error_log.last_error


def test_xliff_structure_states_and_code_points(seeded_project: Project, built: Built,
                                               tmp_path: Path) -> None:
    report = export_pairs(seeded_project.db, ExportFilter(("sq", "fa"), min_status="draft"),
                          "xliff", tmp_path / "site.xlf")
    assert [Path(f).name for f in report.files] == ["site.sq.xlf", "site.fa.xlf"]
    sq = etree.parse(report.files[0]).getroot()
    fa = etree.parse(report.files[1]).getroot()
    assert (sq.get("srcLang"), sq.get("trgLang"), fa.get("trgLang")) == ("en", "sq", "fa")
    assert fa.find("x:file", XLIFF_NS).get("trgDir") == "rtl"
    assert sq.find("x:file", XLIFF_NS).get("trgDir") is None
    # a <file> per document, a <unit> per passage, a <segment> per sentence
    files = sq.findall("x:file", XLIFF_NS)
    assert [f.get("id") for f in files] == ["d1", f"d{built.doc_id}"]
    tricky_units = files[1].findall("x:unit", XLIFF_NS)
    assert [len(u.findall("x:segment", XLIFF_NS)) for u in tricky_units] == [1, 2]
    states = {s.find("x:source", XLIFF_NS).text: (s.get("state"), s.get("subState"))
              for s in sq.iterfind(".//x:segment", XLIFF_NS)}
    assert states["Rajavi’s “regime change” agenda"] == ("final", "wb:approved")
    assert states["MEK Conduit for Spying Activity"] == ("reviewed", "wb:reviewed")
    fa_states = {s.get("subState"): s.get("state") for s in fa.iterfind(".//x:segment", XLIFF_NS)}
    assert fa_states["wb:draft"] == "initial"
    # control characters travel as <cp hex="..."/> instead of being lost
    cps = [cp.get("hex") for cp in sq.iterfind(".//x:target/x:cp", XLIFF_NS)]
    assert cps == ["000B", "0001"]
    origin = sq.find(".//mda:metaGroup/mda:meta[@type='origin']", XLIFF_NS)
    assert origin.text == "human"


def test_tsv_and_moses_keep_one_segment_per_line(seeded_project: Project, built: Built,
                                                 tmp_path: Path) -> None:
    report = export_pairs(seeded_project.db, ExportFilter(("sq",)), "tsv", tmp_path / "a.tsv")
    lines = Path(report.files[0]).read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t")[:4] == ["source", "target", "src_lang", "tgt_lang"]
    assert len(lines) == 1 + 5 + 1  # header, 5 sq pairs, final newline
    assert "MEK, kanal për veprimtari\\tspiunazhi\\nnë Shqipëri" in lines[2]
    report = export_pairs(seeded_project.db, ExportFilter(("sq", "ar")), "moses",
                          tmp_path / "corpus")
    assert [Path(f).name for f in report.files] == ["corpus.en-sq.en", "corpus.en-sq.sq",
                                                    "corpus.en-ar.en", "corpus.en-ar.ar"]
    sq_lines = Path(report.files[1]).read_text(encoding="utf-8").splitlines()
    into_dir = export_pairs(seeded_project.db, ExportFilter(("sq",)), "moses", tmp_path)
    assert into_dir.files == [str(tmp_path / "corpus.en-sq.en"), str(tmp_path / "corpus.en-sq.sq")]
    assert "MEK, kanal për veprimtari\\tspiunazhi\\nnë Shqipëri" in sq_lines
    assert len(Path(report.files[0]).read_text(encoding="utf-8").splitlines()) == len(sq_lines)
    # A language with nothing to export gets no (empty) corpus files.
    partial = export_pairs(seeded_project.db, ExportFilter(("sq", "de")), "moses",
                           tmp_path / "partial")
    assert [Path(f).name for f in partial.files] == ["partial.en-sq.en", "partial.en-sq.sq"]
    assert not list(tmp_path.glob("partial.en-de*"))


def test_jsonl_carries_metadata(seeded_project: Project, built: Built, tmp_path: Path) -> None:
    report = export_pairs(seeded_project.db, ExportFilter(("ar",)), "jsonl", tmp_path / "a.jsonl")
    objs = [json.loads(x) for x in Path(report.files[0]).read_text(encoding="utf-8").splitlines()]
    tricky = next(o for o in objs if o["source"] == TRICKY_SOURCE)
    assert tricky["status"] == "reviewed" and tricky["origin"] == "mt"
    assert tricky["document"] == "Quotes & <tags> — “test”"
    assert tricky["document_id"] == built.doc_id and tricky["src_lang"] == "en"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", tricky["changed"])
    assert "قال توم" in Path(report.files[0]).read_text(encoding="utf-8")  # not \\u-escaped


def test_cli_export_exit_codes(seeded_project: Project, built: Built, tmp_path: Path) -> None:
    base = [sys.executable, "-m", "workbench", "--project", str(seeded_project.path), "export"]
    out = tmp_path / "xliff"
    ok = subprocess.run(base + ["-f", "xliff", "--to", "sq,fa", "-o", f"{out}/"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert sorted(p.name for p in out.iterdir()) == ["export.en-fa.xlf", "export.en-sq.xlf"]
    bad = subprocess.run(base + ["-f", "tmx", "--to", "sq", "--origin", "robot", "-o",
                                 str(tmp_path / "x.tmx")], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 1
    assert "unknown origin 'robot'" in bad.stderr
    missing = subprocess.run(base + ["-f", "tsv", "--to", "sq", "--doc", "999", "-o",
                                     str(tmp_path / "x.tsv")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 1 and "no document 999" in missing.stderr


def test_progress_ends_at_the_total(seeded_project: Project, built: Built,
                                    tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_pairs(seeded_project.db, ExportFilter(ALL), "tsv", tmp_path / "a.tsv",
                 progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (5, 5)
