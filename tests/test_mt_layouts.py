"""Every package layout the Argos index has served installs, lists, verifies and translates.

The packages are genuine (fixtures.mt.LAYOUTS): CTranslate2 3+ models with .json or .txt,
shared or separate vocabularies, a target prefix; CTranslate2 2.x models without config.json
(the real old-layout file in ../shared/argos-formats, and variants of it), with a stanza/
folder. bpe.model packages are refused with what to do.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.argos_builder import (
    OLD_FORMAT_EN_AR,
    SEEDS,
    read_entries,
    repack,
    use_bpe_tokenizer,
)
from fixtures.mt import LAYOUTS, TARGET_PREFIX

from workbench.cli import main
from workbench.config import load_settings
from workbench.errors import InputError
from workbench.mt.engine import Engine, load_model
from workbench.mt.packages import find_package, install_file, installed_packages
from workbench.project import open_project

SENTENCES = ["Maryam Rajavi visited Tirana.", "The MEK is in Albania.", "Hello."]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def models_dir() -> Path:
    return Path(os.environ["WORKBENCH_MODELS_DIR"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_installs_lists_verifies_and_translates(
        layout: str, layout_packages: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "install", str(layout_packages[layout]))
    assert code == 0 and layout in out
    [info] = installed_packages(models_dir())
    assert info.layout.describe() == layout and info.is_test_model
    assert (info.path / "stanza").is_dir() == ("+stanza" in layout)  # kept, not used

    code, out, _ = run(capsys, "models", "list")
    row = next(ln for ln in out.splitlines() if ln.startswith(info.code))
    assert "installed" in row and layout in row and "TEST MODEL" in row
    assert row.split()[3] == info.argos_version  # the ARGOS column
    code, out, _ = run(capsys, "models", "verify")
    assert code == 0 and out.startswith(f"ok     {info.code}") and "loads and translates" in out

    results = Engine(replace(load_settings(), beam_size=2)).translate(
        SENTENCES, info.from_code, info.to_code)
    assert all(r.text.strip() and r.is_test_model for r in results)
    assert len({r.text for r in results}) == len(SENTENCES)
    assert not any(r.text.startswith(TARGET_PREFIX) for r in results)


def test_target_prefix_is_applied_and_stripped(layout_packages: dict[str, Path]) -> None:
    """The package's target prefix is forced as the first output token (it changes what the
    model writes) and never shows in the output, as in Argos's translate module."""
    info = install_file(layout_packages[LAYOUTS[3]], models_dir())
    assert info.target_prefix == TARGET_PREFIX
    model = load_model(info)
    tokens = [model.encode(s) for s in SENTENCES]
    raw = model.translator.translate_batch(  # type: ignore[attr-defined]
        tokens, beam_size=1, max_decoding_length=40, target_prefix=[[TARGET_PREFIX]] * 3)
    assert all(r.hypotheses[0][0] == TARGET_PREFIX for r in raw)
    unprefixed = model.translator.translate_batch(  # type: ignore[attr-defined]
        tokens, beam_size=1, max_decoding_length=40)
    ours = Engine(replace(load_settings(), beam_size=1)).translate(SENTENCES, "en", "sq")
    for mine, forced, free in zip(ours, raw, unprefixed, strict=True):
        expected = model.decode(forced.hypotheses[0][1:])
        assert expected.startswith(mine.text[:20])  # same decoding, prefix token removed
        assert mine.text != model.decode(free.hypotheses[0])  # the prefix was really applied


def test_old_layout_en_ar_package_installs_verifies_and_translates_a_seed_page(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Issue 21's case: the old-layout en→ar package (as the Argos index serves en→ar 1.0)
    through the real installer, `models verify`, `translate` of a seed page, `models list`."""
    assert set(read_entries(OLD_FORMAT_EN_AR)) == {
        "translate-en_ar/metadata.json", "translate-en_ar/model/model.bin",
        "translate-en_ar/model/shared_vocabulary.txt", "translate-en_ar/sentencepiece.model"}
    code, out, _ = run(capsys, "models", "install", str(OLD_FORMAT_EN_AR))
    assert code == 0 and "installed en_ar 1.0" in out and "test model" in out
    code, out, _ = run(capsys, "models", "list")
    row = next(ln for ln in out.splitlines() if ln.startswith("en_ar"))
    assert row.split()[:4] == ["en_ar", "installed", "1.0", "1.0"]
    assert "ct2 2.x, shared.txt, spm" in row and "TEST MODEL" in row
    code, out, _ = run(capsys, "models", "verify", "en_ar")
    assert code == 0 and out.startswith("ok     en_ar 1.0 [ct2 2.x, shared.txt, spm]")

    page = sorted(SEEDS.glob("*.txt"))[0]
    project = tmp_path / "ar.wbproj"
    assert run(capsys, "--project", str(project), "import", str(page))[0] == 0
    code, out, err = run(capsys, "--project", str(project), "translate", "--to", "ar")
    assert code == 0 and "test model: output is not a translation" in err
    with open_project(project, create=False) as p:
        segments = p.db.execute("SELECT count(*) FROM segments").fetchone()[0]
        rows = p.db.execute("SELECT model, is_test_model, text FROM suggestions "
                            "WHERE lang = 'ar'").fetchall()
    assert segments > 10 and len(rows) == segments
    assert {(r[0], r[1]) for r in rows} == {("en_ar@1.0", 1)}
    assert all(r[2].strip() for r in rows)


def test_bpe_package_is_refused_naming_the_layout_and_what_to_do(
        layout_packages: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    bpe = repack(layout_packages[LAYOUTS[0]], tmp_path / "bpe.argosmodel", use_bpe_tokenizer)
    code, out, err = run(capsys, "models", "install", str(bpe))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "bpe.model" in err and "SentencePiece package" in err
    assert installed_packages(models_dir()) == []
    assert sorted(p.name for p in models_dir().iterdir()) == []


def test_validation_loads_the_model_instead_of_checking_a_file_list(
        layout_packages: dict[str, Path], tmp_path: Path) -> None:
    """No vocabulary at all: CTranslate2 cannot load it, and the error names the layout."""
    def drop_vocabulary(entries: dict[str, bytes], top: str) -> None:
        entries.pop(f"{top}/model/shared_vocabulary.json")

    broken = repack(layout_packages[LAYOUTS[0]], tmp_path / "novocab.argosmodel",
                    drop_vocabulary)
    with pytest.raises(InputError) as err:
        install_file(broken, models_dir())
    assert "cannot load or run this model" in err.value.message
    assert "layout: ct2 3+, none, spm" in err.value.message
    assert find_package(models_dir(), "en", "sq") is None
