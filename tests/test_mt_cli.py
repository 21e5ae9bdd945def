"""`workbench models ...` and `workbench translate` end to end on the test packages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.project import open_project

SEED = Path(__file__).resolve().parents[1] / "seeds" / "004_2e7118d64fe3d325.txt"


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """A text capture of the seed page's shorter sentences (a random model is slow on long
    ones: it decodes every sentence up to its length cap)."""
    from workbench.ingest.segment import split_sentences

    text = SEED.read_text(encoding="utf-8")
    short = [s for s in split_sentences(text, "en") if 30 < len(s) < 120][:8]
    path = tmp_path / "page.txt"
    path.write_text("Iran Interlink Weekly Digest\n\n" + "\n\n".join(short) + "\n",
                    encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_models_list_install_verify_remove(capsys: pytest.CaptureFixture[str],
                                           argos_package_files: dict[str, Path]) -> None:
    code, out, _ = run(capsys, "models", "list")
    assert code == 0
    assert "missing" in out and "workbench models install en_sq en_fa en_ar" in out

    code, out, _ = run(capsys, "models", "install", str(argos_package_files["en_sq"]),
                       str(argos_package_files["sq_en"]))
    assert code == 0
    assert "installed en_sq 1.0" in out and "test model: output is not a translation" in out

    code, out, _ = run(capsys, "models", "list")
    line = next(ln for ln in out.splitlines() if ln.startswith("en_sq"))
    assert "installed" in line and "1.0" in line and "TEST MODEL" in line and "KB" in line
    assert next(ln for ln in out.splitlines() if ln.startswith("en_fa")).split()[1] == "missing"
    assert "workbench models install en_fa en_ar" in out

    code, out, _ = run(capsys, "models", "verify")
    assert code == 0 and out.count("ok ") == 2 and "loads and translates" in out

    code, out, _ = run(capsys, "models", "remove", "sq_en")
    assert code == 0 and "removed sq_en" in out
    code, _, err = run(capsys, "models", "remove", "sq_en")
    assert code == 1 and "no installed package 'sq_en'" in err


def test_install_refuses_a_bad_file_with_one_line(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    code, out, err = run(capsys, "models", "install", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"workbench: error: {bad}: ") and len(err.strip().splitlines()) == 1


def test_install_by_code_offline_explains_what_to_do(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    code, _, err = run(capsys, "models", "install", "en_sq")
    assert code == 1
    assert "cannot reach the Argos index" in err and "workbench models install FILE" in err


def test_translate_a_project_end_to_end(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        installed_models: Path, page: Path) -> None:
    # Greedy decoding keeps this test quick; beam search is covered by the engine tests.
    Path(os.environ["WORKBENCH_CONFIG"]).write_text("beam_size = 1\n", encoding="utf-8")
    path = tmp_path / "cli.wbproj"
    assert run(capsys, "--project", str(path), "import", str(page))[0] == 0
    code, out, err = run(capsys, "--project", str(path), "translate", "--to", "sq,fa")
    assert code == 0
    rows = {ln.split()[0]: ln.split() for ln in out.splitlines()[1:]}
    assert set(rows) == {"sq", "fa"}
    with open_project(path, create=False) as project:
        segments = project.db.execute("SELECT count(*) FROM segments").fetchone()[0]
        counts = dict(project.db.execute(
            "SELECT lang, count(*) FROM suggestions WHERE is_test_model = 1 GROUP BY lang"))
        assert project.db.execute("SELECT count(*) FROM translations").fetchone()[0] == 0
    assert segments >= 5 and counts == {"sq": segments, "fa": segments}
    assert rows["sq"][1] == str(segments) and rows["sq"][6] != "-"  # flags reported
    assert "test model: output is not a translation" in err
    code, _, err = run(capsys, "--project", str(path), "translate", "--to", "sq", "--doc", "99")
    assert code == 1 and "no document 99" in err
    # Nothing left to do on a second run.
    code, out, _ = run(capsys, "--project", str(path), "translate", "--to", "sq")
    assert code == 0 and out.splitlines()[1].split()[1] == "0"


def test_translate_without_a_model_says_which_to_install(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path, page: Path) -> None:
    path = tmp_path / "nomodel.wbproj"
    run(capsys, "--project", str(path), "import", str(page))
    code, out, err = run(capsys, "--project", str(path), "translate", "--to", "ar")
    assert code == 1 and out == ""
    assert "no translation model installed for en→ar" in err
    assert "workbench models install en_ar" in err


def test_translate_on_a_busy_project_says_busy_and_keeps_what_was_stored(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, installed_models: Path,
        page: Path) -> None:
    """Another program holds the write lock past `lock_wait`: the MT cache and suggestion
    writes (through the store's transaction helper) end in one "busy" line, not "database is
    locked", and the project is unchanged."""
    import sqlite3
    import subprocess
    import sys

    Path(os.environ["WORKBENCH_CONFIG"]).write_text("beam_size = 1\nlock_wait = 0.5\n",
                                                    encoding="utf-8")
    path = tmp_path / "busy.wbproj"
    assert run(capsys, "--project", str(path), "import", str(page))[0] == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.read()",
         str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        code, out, err = run(capsys, "--project", str(path), "translate", "--to", "sq")
    finally:
        holder.communicate("")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "busy" in err and "database is locked" not in err
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM mt_cache").fetchone()[0] == 0


def test_draft_mode_is_recorded_and_replaced_by_a_normal_run(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, installed_models: Path,
        page: Path) -> None:
    path = tmp_path / "draft.wbproj"
    assert run(capsys, "--project", str(path), "import", str(page))[0] == 0
    code, out, _ = run(capsys, "models", "list")
    assert "engine: beam 4 (quality;" in out and "translate --draft" in out
    code, out, _ = run(capsys, "--project", str(path), "translate", "--to", "sq", "--draft")
    assert code == 0 and out.splitlines()[1].split()[-1] == "en_sq@1.0/draft"
    with open_project(path, create=False) as project:
        drafts = project.db.execute("SELECT count(*) FROM suggestions WHERE model = "
                                    "'en_sq@1.0/draft'").fetchone()[0]
    assert drafts >= 5
    Path(os.environ["WORKBENCH_CONFIG"]).write_text("beam_size = 2\n", encoding="utf-8")
    code, out, _ = run(capsys, "--project", str(path), "translate", "--to", "sq")
    row = out.splitlines()[1].split()
    assert code == 0 and row[1] == str(drafts) and row[-1] == "en_sq@1.0"  # drafts redone
