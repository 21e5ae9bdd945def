"""Hostile and broken input files: one clear error line naming file and line, nothing stored.

Each case here was a traceback or a silently wrong import before the error boundary and the
size limits (issue 13): inline markup nested a thousand deep, JSONL and TOML of the wrong
shape, ids SQLite cannot hold, CR-only rows, NUL bytes, a 50 MB language tag, a 200 MB
segment. Every test drives the CLI as a user would and checks the one line and the exit code.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import InputError
from workbench.formats.service import import_tm
from workbench.glossary.exchange import import_glossary
from workbench.glossary.store import load_concepts
from workbench.project import Project
from workbench.text.codes import code_chars, strip_codes


def _tm(project: Project) -> list[tuple[str, str, str, str]]:
    return [tuple(r) for r in project.db.execute(
        "SELECT src_lang, tgt_lang, source, target FROM tm_units ORDER BY id")]


def _one_line_error(capsys: pytest.CaptureFixture[str], code: int, *needles: str) -> str:
    """The CLI failed with exactly one error line on stderr holding every needle."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("workbench: created")]
    assert code != 0
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# ------------------------------------------------------------------ markup nested 1000 deep

def _deep(open_tag: str, close_tag: str, depth: int, inner: str = "x") -> str:
    return open_tag * depth + inner + close_tag * depth


DEEP_FILES = {
    "tmx": ('<tmx version="1.4"><header srclang="en"/><body><tu>\n'
            '<tuv xml:lang="en"><seg>{deep}</seg></tuv>'
            '<tuv xml:lang="fa"><seg>y</seg></tuv></tu></body></tmx>', "<hi>", "</hi>", "tu"),
    "xlf": ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file source-language="en" target-language="fa" datatype="plaintext" original="a">'
            '<body>\n<trans-unit id="1"><source>{deep}</source><target>y</target></trans-unit>'
            "</body></file></xliff>", '<g id="1">', "</g>", "trans-unit"),
    "xliff": ('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" '
              'trgLang="fa"><file id="f">\n<unit id="u"><segment><source>{deep}</source>'
              "<target>y</target></segment></unit></file></xliff>", '<pc id="1">', "</pc>",
              "unit"),
}


@pytest.mark.parametrize("suffix", list(DEEP_FILES))
def test_inline_markup_nested_1000_deep_is_one_error_line(
        suffix: str, project: Project, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    template, open_tag, close_tag, unit = DEEP_FILES[suffix]
    path = tmp_path / f"deep.{suffix}"
    path.write_text(template.format(deep=_deep(open_tag, close_tag, 1200)), encoding="utf-8")
    code = main(["--project", str(project.path), "import-tm", str(path)])
    _one_line_error(capsys, code, f"deep.{suffix}:2:", f"<{unit}> holds markup nested more "
                                                        "than 256 levels deep")
    assert _tm(project) == []


@pytest.mark.parametrize("suffix", list(DEEP_FILES))
def test_inline_markup_nested_200_deep_still_reads_its_text(suffix: str, project: Project,
                                                            tmp_path: Path) -> None:
    template, open_tag, close_tag, _ = DEEP_FILES[suffix]
    path = tmp_path / f"deep.{suffix}"
    path.write_text(template.format(deep="a " + _deep(open_tag, close_tag, 200, "deep") + " b"),
                    encoding="utf-8")
    import_tm(project.db, [path])
    [(src, tgt, source, target)] = _tm(project)
    assert (src, tgt, strip_codes(source), target) == ("en", "fa", "a deep b", "y")
    assert len(code_chars(source)) in (0, 400)  # TMX <hi> is text; <g>, <pc> are 200 pairs


# ---------------------------------------------------------------------- JSONL of wrong shape

JSONL_CASES = [
    ('{"source": "a", "target": "b", "tgt_lang": 5}', '"tgt_lang" must be a string or null'),
    ('{"source": "a", "target": "b", "tgt_lang": "fa", "note": {}}',
     '"note" must be a string or null, not dict'),
    ('{"source": "a", "target": "b", "tgt_lang": "fa", "document_id": ' + "7" * 100_000 + "}",
     "a number of 100,000 digits"),
    ('{"source": "\\ud800", "target": "b", "tgt_lang": "fa"}', "lone surrogate (U+D800)"),
    ('{"source": "a", "target": "b", "tgt_lang": "fa", "x": ' + "[" * 1000 + "]" * 1000 + "}",
     "JSON nested too deeply"),
    ('{"source": ["a"], "target": "b"}', '"source" must be a string'),
    ('{"source": "a", "target": "b", "tgt_lang": "' + "f" * 100 + '"}', "is not a language tag"),
]


@pytest.mark.parametrize(("line", "message"), JSONL_CASES,
                         ids=["tgt_lang-number", "note-object", "huge-number", "surrogate",
                              "deep-arrays", "source-list", "long-lang"])
def test_jsonl_of_the_wrong_shape_is_one_error_line(line: str, message: str, project: Project,
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"source": "ok", "target": "خوب", "tgt_lang": "fa"}\n' + line + "\n",
                    encoding="utf-8")
    code = main(["--project", str(project.path), "import-tm", str(path)])
    _one_line_error(capsys, code, "pairs.jsonl:2:", message)
    assert _tm(project) == []  # the good first line is not stored either


# ------------------------------------------------------------------ TOML glossaries of wrong shape

TOML_CASES = [
    ("concept = 5\n", "'concept' must be an array of tables ([[concept]]), not a number"),
    ("concept = [1, 2]\n", "[[concept]] #1 must be a table, not a number"),
    ("deep = " + "[" * 1000 + "]" * 1000 + "\n", "nested too deeply"),
    ('domain = 3\n[[concept]]\nen = "A"\n', "domain must be a string, not a number"),
    ('[[concept]]\nen = "A"\nnote = {a = 1}\n', "note must be a string, not a table"),
    ('[[concept]]\nen = "A"\nfa = "\\u0000b"\n', "control character U+0000"),
]


@pytest.mark.parametrize(("content", "message"), TOML_CASES,
                         ids=["concept-number", "concept-numbers", "deep", "domain", "note",
                              "nul"])
def test_toml_glossary_of_the_wrong_shape_is_one_error_line(
        content: str, message: str, project: Project, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = load_concepts(project.db)
    path = tmp_path / "terms.toml"
    path.write_text(content, encoding="utf-8")
    code = main(["--project", str(project.path), "glossary", "import", str(path)])
    _one_line_error(capsys, code, "terms.toml", message)
    assert load_concepts(project.db) == before


# --------------------------------------------------------------------- ids SQLite cannot hold

@pytest.mark.parametrize("argv", [
    ["segments", "99999999999999999999999"],
    ["export", "--format", "tmx", "--to", "fa", "-o", "x.tmx", "--doc",
     "99999999999999999999999"],
    ["qa", "--doc", "99999999999999999999999"],
    ["pretranslate", "--doc", "99999999999999999999999"],
    ["analyze", "--doc", "99999999999999999999999"],
    ["translate", "--doc", "99999999999999999999999"],
    ["segments", "0"],
    ["concordance", "x", "--limit", "99999999999999999999999"],
    ["tm-lookup", "x", "--to", "fa", "--min-score", "101"],
], ids=lambda argv: "-".join(argv[:1] + argv[-2:-1]))
def test_ids_sqlite_cannot_hold_are_refused_by_the_parser(
        argv: list[str], project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--project", str(project.path), *argv])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "out of range" in err and "Traceback" not in err and "OverflowError" not in err


# --------------------------------------------------------------------- line ends and NUL bytes

def test_cr_only_rows_are_rows_in_import_tm(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "mac.tsv"
    path.write_bytes(b"A\tB\rC\tD\r")  # classic Mac line ends: two pairs, not "B\rC"
    report = import_tm(project.db, [path], tgt_lang="fa")
    assert report.pairs == 2
    assert _tm(project) == [("en", "fa", "A", "B"), ("en", "fa", "C", "D")]


def test_cr_only_rows_are_rows_in_a_glossary_tsv(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "mac.tsv"
    path.write_bytes(b"Alpha\t\xd8\xa2\rBeta\t\xd8\xa8\r")
    report = import_glossary(project.db, path, lang="fa")
    assert report.added == 2
    renderings = {c.english: c.rendering("fa") for c in load_concepts(project.db, search="a")}
    assert renderings["Alpha"] == "آ" and renderings["Beta"] == "ب"


def test_nul_in_a_glossary_tsv_is_refused(project: Project, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = load_concepts(project.db)
    path = tmp_path / "nul.tsv"
    path.write_bytes(b"Good\tok\nBad\tx\x00y\n")
    code = main(["--project", str(project.path), "glossary", "import", str(path),
                 "--lang", "fa"])
    _one_line_error(capsys, code, "nul.tsv:2:", "control character U+0000")
    assert load_concepts(project.db) == before


# ------------------------------------------------------------------------ sizes and limits

def test_a_50_mb_language_tag_is_not_stored_as_a_language(project: Project, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    for size, message in ((1 << 20, "is not a language tag"),
                          (20 << 20, "a single tag longer than 16 MB")):
        path = tmp_path / f"lang{size}.tmx"
        path.write_text('<tmx version="1.4"><header srclang="en"/><body><tu>\n'
                        '<tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="'
                        + "f" * size + '"><seg>b</seg></tuv></tu></body></tmx>',
                        encoding="ascii")
        code = main(["--project", str(project.path), "import-tm", str(path)])
        _one_line_error(capsys, code, path.name, message)
    assert _tm(project) == [] and project.db.execute(
        "SELECT count(*) FROM tm_units WHERE length(tgt_lang) > 35").fetchone()[0] == 0


def test_a_huge_segment_is_refused_after_a_bounded_read(project: Project, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    path = tmp_path / "huge.tmx"
    with path.open("w", encoding="ascii") as fh:
        fh.write('<tmx version="1.4"><header srclang="en"/><body><tu>\n<tuv xml:lang="en">'
                 "<seg>")
        for _ in range(40):
            fh.write("word " * 200_000)  # 40 MB in one <seg>
        fh.write('</seg></tuv><tuv xml:lang="fa"><seg>b</seg></tuv></tu></body></tmx>')
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="holds more than 1,345,536 characters") as err:
            import_tm(project.db, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.line == 1 and "max_segment_chars" in (err.value.hint or "")
    assert peak < 40 << 20  # far below the file: the segment was never built whole
    assert _tm(project) == []


def test_segment_limit_is_a_setting_applied_by_import_and_import_tm(
        project: Project, tmp_path: Path, isolated_env: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    sentence = "word " * 5000 + "end."  # 25,004 characters: over the default 20,000
    page = tmp_path / "page.txt"
    page.write_text("A title\n\n" + sentence + "\n", encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("short\tکوتاه\n" + sentence + "\tبلند\n", encoding="utf-8")
    code = main(["--project", str(project.path), "import", str(page)])
    assert code == 1
    assert "a sentence of 25,004 characters is longer than the limit (20,000)" in \
        capsys.readouterr().out
    code = main(["--project", str(project.path), "import-tm", str(pairs), "--tgt-lang", "fa"])
    _one_line_error(capsys, code, "pairs.tsv:2:", "a source of 25,004 characters")
    (isolated_env / "config.toml").write_text("max_segment_chars = 30000\n", encoding="utf-8")
    assert main(["--project", str(project.path), "import", str(page)]) == 0
    assert main(["--project", str(project.path), "import-tm", str(pairs), "--tgt-lang",
                 "fa"]) == 0
    assert len(_tm(project)) == 2


def test_a_one_line_file_of_megabytes_is_refused_without_reading_it_whole(
        project: Project, tmp_path: Path) -> None:
    path = tmp_path / "one.tsv"
    path.write_bytes(b"x" * (8 << 20))  # no line end at all
    with pytest.raises(InputError, match="a line longer than 385,536 bytes") as err:
        import_tm(project.db, [path], tgt_lang="fa")
    assert err.value.line == 1


def test_bad_settings_for_the_limits_are_named(isolated_env: Path, project: Project,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (isolated_env / "config.toml").write_text("max_segment_chars = 5\n", encoding="utf-8")
    code = main(["--project", str(project.path), "documents"])
    _one_line_error(capsys, code, "max_segment_chars = 5 must be a whole number of at least 100")


# ------------------------------------------------------------------ a pipe instead of a file

FIFO_COMMANDS = {
    "page import": ["import", "{fifo}.html"],
    "TM import": ["import-tm", "{fifo}.tmx"],
    "Moses import": ["import-tm", "{fifo}.en", "{fifo}.fa", "--format", "moses"],
    "hand-off return": ["import-xliff", "{fifo}.xlf"],
    "glossary import": ["glossary", "import", "{fifo}.tsv"],
}


@pytest.mark.parametrize("what", sorted(FIFO_COMMANDS))
def test_a_named_pipe_is_refused_by_its_type_without_waiting(
        what: str, project: Project, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Opening a FIFO would block until a writer comes (the CLI would hang); its size of 0
    # once made it "empty", and the format readers called it "not found".
    import os

    args = [a.format(fifo=tmp_path / "pipe") for a in FIFO_COMMANDS[what]]
    for arg in args:
        if arg.startswith(str(tmp_path)):
            os.mkfifo(arg)
    code = main(["--project", str(project.path), *args])
    captured = capsys.readouterr()  # a page import reports each file on stdout, and goes on
    said = [line for line in (captured.out + captured.err).splitlines()
            if "pipe" in line and not line.startswith("workbench: created")]
    assert code != 0 and len(said) == 1 and "Traceback" not in captured.err
    assert "is a pipe, socket or device, not a file" in said[0]
    assert _tm(project) == []
