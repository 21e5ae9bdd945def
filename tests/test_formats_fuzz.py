"""Fuzzing every importer: any bytes, and files that are well-formed but wrong, give a result or
a WorkbenchError — never another exception — and a refused file stores nothing.

Importers covered: page import (HTML and text captures), import-tm (TMX, XLIFF 1.2 and 2.0,
TSV, Moses, JSONL) and glossary import (TBX, OmegaT TSV/CSV, TOML). The XML, JSON and TOML
strategies build documents from the names these formats use (<tu>, <trans-unit>, <segment>,
<pc>, <mrk mtype="seg">, x-status, state, srclang ...), with values chosen to break readers.
A few hundred examples in all; no deadline, so a loaded machine cannot make them flaky.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.formats.service import import_tm
from workbench.glossary.exchange import import_glossary
from workbench.ingest.importer import import_paths
from workbench.project import Project, open_project
from workbench.text.langtag import is_lang_tag

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

WEIRD = st.sampled_from(["", " ", "en", "fa-IR", "*all*", "x" * 300, "1.4", "2.0", "1.2",
                         "yes", "no", "final", "seg", "x-sdl-deleted", "x-mq-tc", "del",
                         "FFFF", "110000", "-1", "0", "\u202e", "a\tb", "<", "&amp;",
                         "99999999999999999999999", "translated", "draft", "wb:approved"])
TEXT = st.one_of(st.text(max_size=20), WEIRD)
NAMES = ["tmx", "header", "body", "tu", "tuv", "seg", "prop", "note", "hi", "bpt", "ept",
         "ph", "it", "sub", "xliff", "file", "group", "unit", "segment", "source", "target",
         "trans-unit", "seg-source", "mrk", "g", "x", "pc", "cp", "sc", "ec", "notes",
         "mda:metadata", "mda:metaGroup", "mda:meta", "sdl:seg-defs", "sdl:seg",
         "martif", "text", "termEntry", "langSet", "tig", "term", "termNote", "descrip"]
ATTRS = ["xml:lang", "lang", "version", "srclang", "srcLang", "trgLang", "source-language",
         "target-language", "state", "subState", "approved", "mtype", "mid", "id", "hex",
         "type", "conf", "mq:status", "mq:tctype", "creationdate", "changedate", "creationid",
         "category"]
NAMESPACES = {"tmx": "", "xliff": ' xmlns="urn:oasis:names:tc:xliff:document:{}"'}
ROOT_NS = ' xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" ' \
          'xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns:mq="MQXliff"'


@st.composite
def xml_element(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(st.sampled_from(NAMES))
    attrs = draw(st.dictionaries(st.sampled_from(ATTRS), TEXT, max_size=3))
    inner = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    children = [] if depth > 4 else draw(st.lists(st.one_of(
        TEXT.map(escape), xml_element(depth + 1)), max_size=4))
    return f"<{name}{inner}>{''.join(children)}</{name}>"


@st.composite
def xml_document(draw: st.DrawFn) -> str:
    root = draw(st.sampled_from(["tmx", "xliff", "martif"]))
    version = draw(st.sampled_from(["1.4", "1.1", "1.2", "2.0", "", "9"]))
    ns = NAMESPACES.get(root, "").format(draw(st.sampled_from(["1.2", "2.0", "1.1"])))
    langs = draw(st.sampled_from(['', ' srclang="en"', ' srcLang="en" trgLang="fa"',
                                  ' srclang="*all*"', ' srcLang="' + "x" * 50 + '"']))
    body = "".join(draw(st.lists(xml_element(), min_size=1, max_size=4)))
    vattr = f' version="{version}"' if version else ""
    return f'<?xml version="1.0"?>\n<{root}{ns}{ROOT_NS}{vattr}{langs}>{body}</{root}>'


INLINE = st.sampled_from(["hi", "bpt", "ept", "ph", "it", "sub", "g", "x", "mrk", "pc", "cp",
                          "sc", "ec", "sm", "bx"])


@st.composite
def inline_content(draw: st.DrawFn, depth: int = 0) -> str:
    """Segment text with inline elements of any of the formats, some nested."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 3 and draw(st.booleans()):
            name = draw(INLINE)
            attrs = draw(st.dictionaries(st.sampled_from(["id", "hex", "mtype", "mid", "i", "x",
                                                          "mq:tctype", "type"]), TEXT,
                                         max_size=2))
            inner = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
            parts.append(f"<{name}{inner}>{draw(inline_content(depth + 1))}</{name}>")
        else:
            parts.append(escape(draw(TEXT)))
    return "".join(parts)


@st.composite
def skeleton(draw: st.DrawFn) -> str:
    """A TMX, XLIFF 1.2 or XLIFF 2.0 document of the right outline with wrong details."""
    kind = draw(st.sampled_from(["tmx", "xliff12", "xliff20"]))
    lang = st.one_of(st.sampled_from(["en", "fa", "en-US", "FA-IR", "ar_EG", "*all*"]), TEXT)
    attr = lambda name: f" {name}={quoteattr(draw(lang))}" if draw(st.booleans()) else ""  # noqa: E731
    units = []
    for _ in range(draw(st.integers(0, 3))):
        if kind == "tmx":
            tuvs = "".join(f"<tuv{attr('xml:lang')}>"
                           + draw(st.sampled_from(["", "<prop type=\"x-status\">draft</prop>",
                                                   "<note>n</note>"]))
                           + f"<seg>{draw(inline_content())}</seg></tuv>"
                           for _ in range(draw(st.integers(0, 3))))
            units.append(f"<tu{attr('srclang')}>{tuvs}</tu>")
        elif kind == "xliff12":
            state = f' state={quoteattr(draw(TEXT))}' if draw(st.booleans()) else ""
            seg = (f"<seg-source><mrk mtype=\"seg\" mid=\"1\">{draw(inline_content())}</mrk>"
                   "</seg-source>" if draw(st.booleans()) else "")
            units.append(f'<trans-unit id={quoteattr(draw(TEXT))}{attr("approved")}>'
                         f"<source>{draw(inline_content())}</source>{seg}"
                         f"<target{state}>{draw(inline_content())}</target></trans-unit>")
        else:
            units.append(f'<unit id="u"><segment{attr("state")}{attr("subState")}>'
                         f"<source>{draw(inline_content())}</source>"
                         f"<target>{draw(inline_content())}</target></segment></unit>")
    if kind == "tmx":
        return (f'<tmx version="1.4"><header{attr("srclang")}/><body>{"".join(units)}'
                "</body></tmx>")
    if kind == "xliff12":
        return ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" '
                'xmlns:mq="MQXliff">'
                f'<file original="a" datatype="plaintext"{attr("source-language")}'
                f'{attr("target-language")}><body>{"".join(units)}</body></file></xliff>')
    return ('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"'
            f'{attr("srcLang")}{attr("trgLang")}><file id="f">{"".join(units)}</file></xliff>')


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                          lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c,
                                                                               max_size=3),
                          max_leaves=8)
JSON_KEYS = st.sampled_from(["source", "target", "src_lang", "tgt_lang", "status", "origin",
                             "note", "created", "changed", "id", "document_id", "created_by"])
JSON_PAIR = st.fixed_dictionaries(
    {"source": TEXT, "target": TEXT, "tgt_lang": st.one_of(TEXT, JSON_VALUE)},
    optional={k: st.one_of(TEXT, JSON_VALUE) for k in
              ("src_lang", "status", "origin", "note", "created", "id")})
JSON_LINE = st.one_of(
    JSON_PAIR.map(json.dumps), JSON_PAIR.map(json.dumps),
    st.dictionaries(JSON_KEYS, st.one_of(TEXT, JSON_VALUE), max_size=6).map(json.dumps),
    JSON_VALUE.map(json.dumps), TEXT)

TOML_VALUE = st.one_of(
    st.integers().map(str), st.booleans().map(lambda b: str(b).lower()),
    TEXT.map(json.dumps), st.lists(TEXT.map(json.dumps), max_size=3).map(
        lambda xs: "[" + ", ".join(xs) + "]"), st.just("{a = 1}"), st.just("[[1], [2]]"))
TOML_KEYS = st.sampled_from(["en", "fa", "sq", "ar", "id", "note", "domain", "dnt",
                             "fa_forbidden", "en_variants", "sq_acronyms", "concept", "x y"])


@st.composite
def toml_document(draw: st.DrawFn) -> str:
    lines = [f"{draw(TOML_KEYS)} = {draw(TOML_VALUE)}" for _ in range(draw(st.integers(0, 2)))]
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(st.sampled_from(["[[concept]]", "[concept]", "[[concept.x]]"])))
        lines += [f"{draw(TOML_KEYS)} = {draw(TOML_VALUE)}"
                  for _ in range(draw(st.integers(0, 4)))]
    return "\n".join(lines) + "\n"


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Project]:
    p = open_project(tmp_path / "fuzz.wbproj", with_seeds=False)
    yield p
    p.close()


def _counts(project: Project) -> tuple[int, int, int]:
    db = project.db
    return (db.execute("SELECT count(*) FROM tm_units").fetchone()[0],
            db.execute("SELECT count(*) FROM glossary_terms").fetchone()[0],
            db.execute("SELECT count(*) FROM documents").fetchone()[0])


def _import_tm_holds(project: Project, paths: list[Path], **kwargs: str) -> None:
    before = _counts(project)
    try:
        report = import_tm(project.db, paths, **kwargs)  # type: ignore[arg-type]
    except WorkbenchError as exc:
        assert exc.render() and "\n" not in exc.render()
        assert _counts(project) == before  # a refused file stores nothing
        return
    assert report.stored <= report.pairs
    for src, tgt in project.db.execute("SELECT src_lang, tgt_lang FROM tm_units"):
        assert is_lang_tag(src) and is_lang_tag(tgt)


def _import_glossary_holds(project: Project, path: Path, **kwargs: str) -> None:
    before = _counts(project)
    try:
        import_glossary(project.db, path, **kwargs)  # type: ignore[arg-type]
    except WorkbenchError as exc:
        assert exc.render() and "\n" not in exc.render()
        assert _counts(project) == before


@FUZZ
@given(data=st.binary(max_size=3000),
       suffix=st.sampled_from([".tmx", ".xlf", ".xliff", ".sdlxliff", ".tsv", ".jsonl"]))
def test_import_tm_of_arbitrary_bytes(data: bytes, suffix: str, target: Project,
                                      tmp_path: Path) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    _import_tm_holds(target, [path], tgt_lang="fa")


@FUZZ
@given(left=st.binary(max_size=500), right=st.binary(max_size=500))
def test_moses_import_of_arbitrary_bytes(left: bytes, right: bytes, target: Project,
                                         tmp_path: Path) -> None:
    (tmp_path / "c.en").write_bytes(left)
    (tmp_path / "c.fa").write_bytes(right)
    _import_tm_holds(target, [tmp_path / "c.en", tmp_path / "c.fa"], fmt="moses")


@settings(FUZZ, max_examples=60)
@given(doc=st.one_of(xml_document(), skeleton(), skeleton()),
       suffix=st.sampled_from([".tmx", ".xlf"]),
       tgt=st.sampled_from([None, "fa"]))
def test_import_tm_of_structured_but_wrong_xml(doc: str, suffix: str, tgt: str | None,
                                               target: Project, tmp_path: Path) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text(doc, encoding="utf-8")
    _import_tm_holds(target, [path], **({"tgt_lang": tgt} if tgt else {}))


@FUZZ
@given(lines=st.lists(JSON_LINE, min_size=1, max_size=5))
def test_import_tm_of_structured_but_wrong_json(lines: list[str], target: Project,
                                                tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    _import_tm_holds(target, [path], tgt_lang="fa")  # lines without tgt_lang get past it


@FUZZ
@given(rows=st.lists(st.lists(TEXT, max_size=4).map("\t".join), min_size=1, max_size=6),
       end=st.sampled_from(["\n", "\r", "\r\n"]))
def test_import_tm_of_wrong_tsv(rows: list[str], end: str, target: Project,
                                tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(end.join(rows), encoding="utf-8", newline="")
    _import_tm_holds(target, [path], tgt_lang="fa")


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), xml_document().map(str.encode)),
       suffix=st.sampled_from([".tbx", ".tsv", ".csv", ".toml"]))
def test_glossary_import_of_arbitrary_and_wrong_files(data: bytes, suffix: str,
                                                      target: Project, tmp_path: Path) -> None:
    path = tmp_path / f"terms{suffix}"
    path.write_bytes(data)
    _import_glossary_holds(target, path, lang="fa")


@FUZZ
@given(doc=toml_document())
def test_glossary_import_of_structured_but_wrong_toml(doc: str, target: Project,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(doc, encoding="utf-8")
    _import_glossary_holds(target, path)


@settings(FUZZ, max_examples=30)
@given(data=st.one_of(st.binary(max_size=2000),
                      xml_document().map(lambda d: ("<html><body>" + d).encode()),
                      st.text(max_size=500).map(str.encode)),
       suffix=st.sampled_from([".html", ".txt"]))
def test_page_import_of_arbitrary_bytes(data: bytes, suffix: str, target: Project,
                                        tmp_path: Path) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_bytes(data)
    before = _counts(target)
    (outcome,) = import_paths(target, [path])
    assert (outcome.result is None) != (outcome.error is None)
    if outcome.error is not None:
        assert "\n" not in outcome.error and _counts(target) == before
