"""Interoperability with a real CAT tool: OmegaT uses our TMX, our XLIFF 1.2 and our glossary.

* TMX: an OmegaT project (omegat.project, source/ with a plain-text page, our exported TMX in
  tm/auto/ — the folder whose exact matches OmegaT inserts by itself) is translated in console
  mode; the page it writes to target/ must carry our translations, and a sentence that is not
  in the TMX must stay English. The TMX files OmegaT writes come back as the same pairs.
* XLIFF 1.2 hand-off: our export (every segment, untranslated ones as source copies, which is
  what OmegaT's XLIFF filter translates) is the project's source file; OmegaT's output must
  keep our targets and hold its own translation of an untranslated sentence, and
  `import-xliff` of that output brings the new translation into the project.
* Glossary: OmegaT's own glossary readers (GlossaryReaderTBX/TSV/CSV, run from
  tests/omegat/GlossaryCheck.java) read our TBX, .txt and .csv exports; no forbidden
  rendering may appear among the terms OmegaT offers (with `--forbidden keep` they do, which
  is what the default avoids).

Install OmegaT with `apt-get install omegat` (Debian/Ubuntu); without it the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_formats_helpers import Built, build

from workbench.formats.handoff import import_xliff
from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs, import_tm
from workbench.glossary.exchange import export_glossary
from workbench.glossary.store import load_concepts
from workbench.project import Project, open_project
from workbench.store.translations import get_translation

OMEGAT = shutil.which("omegat")
pytestmark = pytest.mark.skipif(
    OMEGAT is None, reason="OmegaT is not installed (sudo apt-get install -y omegat)")

PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>{lang}</target_lang>
    <sentence_seg>{sentence_seg}</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
NOT_IN_TM = "This sentence is not in the translation memory."


def _omegat_project(root: Path, lang: str, sources: list[str], tmx: Path) -> Path:
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(PROJECT_FILE.format(lang=lang, sentence_seg="true"),
                                         encoding="utf-8")
    # one sentence per paragraph, so OmegaT's segments are exactly our segments
    (root / "source" / "page.txt").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    shutil.copy(tmx, root / "tm" / "auto" / "workbench.tmx")
    return root


def _run_omegat(project_dir: Path, config_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"}
    return subprocess.run(
        [str(OMEGAT), str(project_dir), "--mode=console-translate", "--quiet",
         f"--config-dir={config_dir}", "--disable-project-locking", "--no-team"],
        capture_output=True, text=True, timeout=600, env=env, stdin=subprocess.DEVNULL)


@pytest.fixture
def built(seeded_project: Project) -> Built:
    return build(seeded_project)


@pytest.mark.parametrize("lang", ["sq", "fa", "ar"])
def test_omegat_pretranslates_from_our_multilingual_tmx(lang: str, seeded_project: Project,
                                                         built: Built, tmp_path: Path) -> None:
    report = export_pairs(seeded_project.db, ExportFilter(("sq", "fa", "ar")), "tmx",
                          tmp_path / "workbench.tmx")
    pairs = [(s, t) for s, pair_lang, t, status, _ in built.pairs
             if pair_lang == lang and status != "draft" and "\n" not in t
             and "\x01" not in t]
    assert pairs, "the test data must have pairs in every language"
    sources = [s for s, _ in pairs] + [NOT_IN_TM]
    project_dir = _omegat_project(tmp_path / "omegat", lang, sources, Path(report.files[0]))
    proc = _run_omegat(project_dir, tmp_path / "omegat-config")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    translated = (project_dir / "target" / "page.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in translated.split("\n\n")]
    assert paragraphs == [t for _, t in pairs] + [NOT_IN_TM]
    # ...and what OmegaT writes back (TMX 1.1 with <tuv lang>, and 1.4) imports as the same pairs
    for written in ("*-omegat.tmx", "*-level2.tmx"):
        other = open_project(tmp_path / f"back{written[2:8]}.wbproj", with_seeds=False)
        try:
            (tmx,) = project_dir.glob(written)
            import_tm(other.db, [tmx])
            back = other.db.execute("SELECT source, target FROM tm_units WHERE tgt_lang = ?",
                                    (lang,)).fetchall()
        finally:
            other.close()
        assert sorted(tuple(r) for r in back) == sorted(pairs)


XLIFF = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
GLOSSARY_CHECK = Path(__file__).parent / "omegat" / "GlossaryCheck.java"
OMEGAT_HOME = Path("/usr/share/omegat")


def test_omegat_translates_our_xliff_1_2_and_the_work_comes_back(
        seeded_project: Project, built: Built, tmp_path: Path) -> None:
    from lxml import etree

    project = seeded_project
    segments = [r[0] for r in project.db.execute(
        "SELECT id FROM segments WHERE document_id = 1 ORDER BY position")]
    ours = {sid: get_translation(project.db, sid, "fa") for sid in segments}
    translated = {sid: t.text for sid, t in ours.items() if t is not None}
    assert len(translated) >= 2
    report = export_pairs(project.db, ExportFilter(("fa",), doc_id=1, all_segments=True,
                                                   untranslated="source",
                                                   xliff_version="1.2"),
                          "xliff", tmp_path / "digest.xlf")
    root = tmp_path / "omegat"
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(PROJECT_FILE.format(lang="fa", sentence_seg="false"),
                                         encoding="utf-8")
    shutil.copy(report.files[0], root / "source" / "digest.xlf")
    # the OmegaT translator's work on one untranslated sentence, as an exact match
    todo = next(sid for sid in segments if sid not in translated)
    source = project.db.execute("SELECT text FROM segments WHERE id = ?", (todo,)).fetchone()[0]
    (root / "tm" / "auto" / "work.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="paragraph" o-tmf="t" adminlang="en" srclang="en" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>'
        + source.replace("&", "&amp;").replace("<", "&lt;")
        + '</seg></tuv><tuv xml:lang="fa"><seg>ترجمهٔ مترجم در امگاتی</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    proc = _run_omegat(root, tmp_path / "omegat-config")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = root / "target" / "digest.xlf"
    targets = {u.get("id"): "".join(u.find("x:target", XLIFF).itertext())
               for u in etree.parse(str(out)).getroot().iterfind(".//x:trans-unit", XLIFF)}
    assert len(targets) == len(segments)
    for sid, text in translated.items():
        assert targets[f"s{sid}"] == text  # OmegaT shows and keeps our targets
    assert targets[f"s{todo}"] == "ترجمهٔ مترجم در امگاتی"
    back = import_xliff(project.db, out, actor="OmegaT translator")
    assert [c.kind for c in back.changes if c.segment_id == todo] == ["added"]
    assert back.count("changed") == 0 and back.count("added") == 1
    new = get_translation(project.db, todo, "fa")
    assert (new.text, new.status) == ("ترجمهٔ مترجم در امگاتی", "translated")


def _omegat_glossary(path: Path, lang: str) -> list[tuple[str, list[str], str]]:
    """(source, target terms, comment) of every entry OmegaT's own reader takes from `path`."""
    classpath = f"{OMEGAT_HOME / 'OmegaT.jar'}:{OMEGAT_HOME / 'lib'}/*"
    proc = subprocess.run(["java", "-Djava.awt.headless=true", "-cp", classpath,
                           str(GLOSSARY_CHECK), str(path), "en", lang],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    return [(src, terms.split("|"), comment) for src, terms, comment in rows]


@pytest.mark.parametrize("name", ["workbench.fa.tbx", "workbench.fa.txt", "workbench.fa.csv"])
def test_omegat_reads_our_glossary_without_a_forbidden_form(name: str, project: Project,
                                                            tmp_path: Path) -> None:
    concepts = load_concepts(project.db)
    forbidden = {t for c in concepts if "fa" in c.terms for t in c.terms["fa"].forbidden}
    approved = {c.rendering("fa") for c in concepts if c.rendering("fa")}
    assert len(forbidden) > 20  # the starter glossary forbids Arabic letters in Persian names
    path = tmp_path / name
    export_glossary(project.db, path, "tbx" if name.endswith(".tbx") else "tsv", lang="fa")
    entries = _omegat_glossary(path, "fa")
    offered = {term for _, terms, _ in entries for term in terms}
    assert approved <= offered
    assert not offered & forbidden
    rajavi = [comment for src, _, comment in entries if src == "Maryam Rajavi"]
    assert rajavi and all("not: مريم رجوي" in c for c in rajavi)  # shown as a warning
    if name.endswith(".tbx"):  # the TBX-Basic status OmegaT ignores: what the default avoids
        export_glossary(project.db, path, "tbx", lang="fa", forbidden="keep")
        assert {t for _, terms, _ in _omegat_glossary(path, "fa") for t in terms} & forbidden
