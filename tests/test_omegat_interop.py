"""Interoperability with a real CAT tool: OmegaT pre-translates from our TMX.

The test builds an OmegaT project (omegat.project, source/ with a plain-text page, our exported
TMX in tm/auto/ — the folder whose exact matches OmegaT inserts by itself), runs OmegaT's
console mode and reads the translated page it writes to target/. It passes only if OmegaT
parsed our file and used its segments; a sentence that is not in the TMX must stay English.
Then the TMX files OmegaT writes itself are imported back: the same pairs must come out.

Install OmegaT with `apt-get install omegat` (Debian/Ubuntu); without it the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_formats_helpers import Built, build

from workbench.formats.model import ExportFilter
from workbench.formats.service import export_pairs, import_tm
from workbench.project import Project, open_project

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
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
NOT_IN_TM = "This sentence is not in the translation memory."


def _omegat_project(root: Path, lang: str, sources: list[str], tmx: Path) -> Path:
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(PROJECT_FILE.format(lang=lang), encoding="utf-8")
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
