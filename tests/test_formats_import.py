"""import-tm: files CAT tools write, round trips through every format, and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_formats_helpers import build, tm_content

from workbench.cli import main
from workbench.errors import InputError
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs, import_tm
from workbench.project import Project, open_project
from workbench.text.codes import to_tokens

DATA = Path(__file__).parent / "data" / "formats"
GOOD, BAD = DATA / "good", DATA / "bad"
TSV_TWO_LANGS = GOOD / "two_targets.tsv"


def _units(project: Project) -> list[tuple[str, str, str, str, str, str]]:
    """TM units with their inline codes shown as tokens (⟨1⟩MEK⟨/1⟩)."""
    return [(r[0], r[1], to_tokens(r[2]), to_tokens(r[3]), r[4], r[5]) for r in project.db.execute(
        "SELECT src_lang, tgt_lang, source, target, origin, status FROM tm_units ORDER BY id")]


def test_omegat_tmx_1_1_with_lang_attribute_doctype_and_inline_codes(project: Project) -> None:
    report = import_tm(project.db, [GOOD / "omegat_1.1.tmx"])
    assert (report.format, report.pairs, report.stored) == ("tmx", 2, 2)
    assert _units(project) == [
        ("en", "sq", "Hello ⟨1/⟩world & friends.", "Përshëndetje ⟨1/⟩botë & miq.", "tm",
         "translated"),
        ("en", "sq", "The ⟨1⟩MEK⟨/1⟩ is in Albania.", "⟨1⟩MEK⟨/1⟩ është në Shqipëri.", "tm",
         "translated")]
    ref = project.db.execute("SELECT origin_ref FROM tm_units").fetchone()[0]
    assert ref.endswith("omegat_1.1.tmx")


def test_omegat_tmx_1_4_keeps_dates(project: Project) -> None:
    import_tm(project.db, [GOOD / "omegat_1.4.tmx"])
    row = project.db.execute("SELECT tgt_lang, target, created_at, updated_at FROM tm_units"
                             ).fetchone()
    assert tuple(row) == ("fa", "مریم رجوی از اشرف ۳ دیدن کرد.", "2024-03-14T09:00:00Z",
                          "2024-03-15T10:15:00Z")


def test_memoq_tmx_regional_tags_aligned_prop_and_target_choice(project: Project) -> None:
    report = import_tm(project.db, [GOOD / "memoq.tmx"], tgt_lang="fa")
    assert report.languages == {("en", "fa")}
    assert _units(project) == [("en", "fa", "The ⟨1⟩MEK⟨/1⟩ is a cult.",
                                "⟨1⟩مجاهدین خلق⟨/1⟩ یک فرقه است.", "aligned", "translated")]
    import_tm(project.db, [GOOD / "memoq.tmx"])  # all targets; the fa pair is updated, not doubled
    assert [u[1] for u in _units(project)] == ["fa", "ar"]


def test_tmx_with_srclang_all_uses_the_given_source(project: Project) -> None:
    import_tm(project.db, [GOOD / "all_srclang.tmx"])
    assert _units(project)[0][:4] == ("en", "ar", "Hello", "مرحبا")


def test_xliff_1_2_okapi_segments_and_states(project: Project) -> None:
    report = import_tm(project.db, [GOOD / "okapi_1.2.xlf"])
    assert (report.empty, report.below_status["draft"], report.stored) == (1, 1, 2)
    assert len(_units(project)) == 2  # the draft is not served as a TM match by default
    report = import_tm(project.db, [GOOD / "okapi_1.2.xlf"], min_status="draft")
    assert report.empty == 1  # the untranslated unit
    assert _units(project) == [
        ("en", "sq", "First sentence.", "Fjalia e parë.", "tm", "approved"),
        ("en", "sq", "Second ⟨1⟩bold⟨/1⟩ one.", "E dyta ⟨1⟩e theksuar⟨/1⟩.", "tm", "approved"),
        ("en", "sq", "Line⟨1/⟩ break.", "Ndarje⟨1/⟩ rreshti.", "tm", "draft")]


def test_foreign_xliff_2_0(project: Project) -> None:
    assert import_tm(project.db, [GOOD / "foreign_2.0.xlf"], tgt_lang="fa").pairs == 0
    import_tm(project.db, [GOOD / "foreign_2.0.xlf"])
    assert _units(project) == [("en", "ar", "Peace ⟨1/⟩now.", "السلام ⟨1/⟩الآن.", "tm", "approved")]


def test_tsv_language_header_and_utf16(project: Project) -> None:
    import_tm(project.db, [GOOD / "langs_header.tsv"])
    import_tm(project.db, [GOOD / "utf16.tsv"])
    assert [u[:4] for u in _units(project)] == [("en", "fa", "Peace.", "صلح."),
                                                ("en", "fa", "War and peace.", "جنگ و صلح."),
                                                ("en", "sq", "Peace.", "Paqe.")]


def test_headerless_tsv_needs_and_takes_the_target_language(project: Project,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "plain.tsv"
    path.write_text("Peace.\tPaqe.\nC:\\\\new \\t tab\tNjë\\nDy\n", encoding="utf-8")
    with pytest.raises(InputError, match="target language is not known"):
        import_tm(project.db, [path])
    import_tm(project.db, [path], tgt_lang="sq")
    assert [u[2:4] for u in _units(project)] == [("Peace.", "Paqe."),
                                                 ("C:\\new \t tab", "Një\nDy")]


def test_moses_stem_and_two_files(project: Project, tmp_path: Path) -> None:
    (tmp_path / "c.en-fa.en").write_text("One.\nTwo.\n", encoding="utf-8")
    (tmp_path / "c.en-fa.fa").write_text("یک.\nدو.\n", encoding="utf-8")
    report = import_tm(project.db, [tmp_path / "c.en-fa"])
    assert (report.format, report.stored) == ("moses", 2)
    (tmp_path / "x.en").write_text("Three.\n", encoding="utf-8")
    (tmp_path / "x.sq").write_text("Tre.\n", encoding="utf-8")
    import_tm(project.db, [tmp_path / "x.en", tmp_path / "x.sq"])
    assert [u[1:4] for u in _units(project)] == [("fa", "One.", "یک."), ("fa", "Two.", "دو."),
                                                 ("sq", "Three.", "Tre.")]


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "tsv", "moses", "jsonl"])
def test_round_trip_export_import_export(fmt: str, seeded_project: Project,
                                         tmp_path: Path) -> None:
    """TM of project A → file → project B's TM → file: same pairs, same file content."""
    build(seeded_project)
    flt = ExportFilter(("sq", "fa", "ar"), what="tm", min_status="draft")
    name = {"tmx": "tm.tmx", "xliff": "tm.{lang}.xlf", "tsv": "tm.tsv", "moses": "tm",
            "jsonl": "tm.jsonl"}[fmt]
    first = export_pairs(seeded_project.db, flt, fmt, tmp_path / "a" / name)
    other = open_project(tmp_path / "b.wbproj", with_seeds=False)
    try:
        files = [Path(f) for f in first.files]
        groups = [files[i:i + 2] for i in range(0, len(files), 2)] if fmt == "moses" else \
            [[f] for f in files]
        for group in groups:
            import_tm(other.db, group)
        if fmt == "moses":  # plain parallel text carries no status, origin or dates
            keep = [r[:4] for r in tm_content(seeded_project.db)]
            assert [r[:4] for r in tm_content(other.db)] == keep
        elif fmt == "tmx":  # TMX cannot carry control characters: dropped (and reported)
            keep = [tuple(_no_controls(v) for v in r) for r in tm_content(seeded_project.db)]
            assert tm_content(other.db) == keep
        else:
            assert tm_content(other.db) == tm_content(seeded_project.db)
        second = export_pairs(other.db, flt, fmt, tmp_path / "b" / name)
    finally:
        other.close()
    assert len(second.files) == len(first.files)
    for a, b in zip(first.files, second.files, strict=True):
        assert _content(fmt, Path(a)) == _content(fmt, Path(b))


def _no_controls(value: object) -> object:
    return value.replace("\x01", "").replace("\x0b", "") if isinstance(value, str) else value


def _content(fmt: str, path: Path) -> object:
    """A file's pairs and metadata, minus what must differ between projects (ids, now())."""
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        return sorted(json.dumps({k: v for k, v in json.loads(x).items() if k != "id"},
                                 sort_keys=True) for x in text.splitlines())
    if fmt in ("tsv", "moses"):
        return sorted(text.split("\n"))
    text = re.sub(r' (tuid|id)="[^"]*"', "", text)  # unit ids are per project
    text = re.sub(r'(<header[^>]*) creationdate="[^"]*"', r"\1", text)
    return sorted(text.split("\n"))


def test_segment_export_feeds_the_tm_with_status_and_origin(seeded_project: Project,
                                                            tmp_path: Path) -> None:
    built = build(seeded_project)
    report = export_pairs(seeded_project.db, ExportFilter(("fa",)), "tmx", tmp_path / "fa.tmx")
    other = open_project(tmp_path / "b.wbproj", with_seeds=False)
    try:
        import_tm(other.db, [Path(report.files[0])])
        got = {(u[2], u[3], u[4], u[5]) for u in _units(other)}
    finally:
        other.close()
    assert got == {(s, t, origin, status) for s, lang, t, status, origin in built.pairs
                   if lang == "fa" and status != "draft"}


# The bad-input list: every file in tests/data/formats/bad/ and what the user is told.
BAD_FILES = [
    (["malformed.tmx"], 6, "malformed XML: mismatched tag"),
    (["truncated.tmx"], 6, "ends before its last element is closed"),
    (["empty.tmx"], None, "empty file"),
    (["billion_laughs.tmx"], 3, "possible XML bomb"),
    (["xxe.tmx"], 3, "possible XXE attack"),
    (["wrong_version.tmx"], 2, "unsupported TMX version '2.0'"),
    (["tuv_no_lang.tmx"], 8, "<tuv> has no xml:lang"),
    (["not_tmx.tmx"], 2, "not a TMX file (root element <html>"),
    (["latin1_in_utf8.tmx"], 6, "a character that is not allowed here"),
    (["wrong_version.xlf"], 2, "unsupported XLIFF version '3.0'"),
    (["no_languages.xlf"], 5, "does not say its source and target languages"),
    (["no_source.xlf"], 6, "<segment> has no <source>"),
    (["bomb.xlf"], 3, "possible XML bomb"),
    (["bad_columns.tsv"], 3, "expected 3 tab-separated columns, found 1"),
    (["mixed_encoding.tsv"], 3, "not valid UTF-8 (byte 0xe9"),
    (["bad.jsonl"], 2, "not valid JSON"),
    (["not_objects.jsonl"], 2, 'object with "source" and "target"'),
    (["mismatched.en-fa.en", "mismatched.en-fa.fa"], 3, "has fewer lines than"),
]


def test_bad_file_list_is_complete() -> None:
    listed = {name for names, _, _ in BAD_FILES for name in names}
    assert listed == {p.name for p in BAD.iterdir()}


@pytest.mark.parametrize(("names", "line", "message"), BAD_FILES,
                         ids=[names[0] for names, _, _ in BAD_FILES])
def test_bad_input_is_refused_cleanly(names: list[str], line: int | None, message: str,
                                      project: Project, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    import_tm(project.db, [GOOD / "omegat_1.1.tmx"])
    before = _units(project)
    paths = [BAD / n for n in names]
    with pytest.raises(InputError) as info:
        import_tm(project.db, paths)
    err = info.value
    assert message in err.message
    assert err.line == line
    assert err.path is not None and Path(err.path).name in names
    assert _units(project) == before  # nothing half-imported
    # the CLI prints one line naming file and line, and exits non-zero
    code = main(["--project", str(project.path), "import-tm", *map(str, paths)])
    stderr = capsys.readouterr().err
    assert code == 1
    where = f"{Path(err.path).name}:{line}: " if line else f"{Path(err.path).name}: "
    assert where in stderr and message in stderr and stderr.count("\n") == 1
    assert _units(project) == before


def test_bad_input_deep_in_a_file_stores_nothing(project: Project, tmp_path: Path) -> None:
    good = GOOD / "omegat_1.4.tmx"
    lines = good.read_text(encoding="utf-8").replace("</body>", "<tu><tuv><seg>x</seg></tuv>"
                                                                 "</tu></body>")
    path = tmp_path / "late_error.tmx"
    path.write_text(lines, encoding="utf-8")
    with pytest.raises(InputError, match="no xml:lang"):
        import_tm(project.db, [path])
    assert _units(project) == []


def test_cli_import_tm_summarises(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--project", str(project.path), "import-tm", str(GOOD / "memoq.tmx")])
    out = capsys.readouterr().out
    assert code == 0
    assert "memoq.tmx: 2 pairs read (tmx; en→ar, en→fa), 2 stored in the TM" in out
    code = main(["--project", str(project.path), "import-tm", str(TSV_TWO_LANGS),
                 "--tgt-lang", "sq"])
    assert code == 0 and "1 pair read (tsv; en→sq)" in capsys.readouterr().out
    code = main(["--project", str(project.path), "import-tm", str(BAD / "xxe.tmx"),
                 str(GOOD / "omegat_1.4.tmx"), str(GOOD / "langs_header.tsv")])
    captured = capsys.readouterr()
    assert code == 1  # one bad file: reported, the others imported
    assert "xxe.tmx:3: refused" in captured.err
    assert "omegat_1.4.tmx: 1 pair read" in captured.out
    assert ("en", "fa", "Peace.", "صلح.", "tm", "translated") in _units(project)


def test_trados_style_utf16_tmx(project: Project) -> None:
    import_tm(project.db, [GOOD / "trados_utf16.tmx"])
    row = project.db.execute("SELECT src_lang, tgt_lang, source, target, updated_at FROM tm_units"
                             ).fetchone()
    assert tuple(row) == ("en", "sq", "Human rights matter.", "Të drejtat e njeriut kanë rëndësi.",
                          "2023-01-06T10:00:00Z")
