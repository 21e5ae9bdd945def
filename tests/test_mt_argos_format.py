"""Our reader of the Argos format says what `argostranslate.package` says, and packages that
Argos Translate installed are found and used read only.

argostranslate is not a dependency (its metadata pins stanza → torch); the test command
installs it with --no-deps so this comparison runs. Argos is run in a subprocess with its own
HOME: importing `argostranslate.settings` creates directories in the home it finds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fixtures.argos_builder import read_entries, repack, use_bpe_tokenizer
from fixtures.mt import LAYOUTS

from workbench.cli import main
from workbench.config import load_settings
from workbench.errors import WorkbenchError
from workbench.mt.argos_format import argos_packages_dir, parse_index, read_metadata
from workbench.mt.engine import Engine
from workbench.mt.packages import ARGOS, WORKBENCH, install_file, installed_packages

pytest.importorskip("argostranslate.package", reason="the README's test command installs it")

FIELDS = ("from_code", "to_code", "package_version", "argos_version", "from_name", "to_name",
          "type", "target_prefix", "links", "code")
ARGOS_SAYS = """
import json, sys
from pathlib import Path
import argostranslate.package as package, argostranslate.settings as settings
out = {"packages_dir": str(settings.package_data_dir), "installed": {}, "index": []}
for pkg in package.get_installed_packages():
    fields = {k: getattr(pkg, k) for k in FIELDS}
    fields["tokenizer"] = type(getattr(pkg, "tokenizer", None)).__name__
    fields["sbd"] = pkg.packaged_sbd_path.name if pkg.packaged_sbd_path else None
    out["installed"][pkg.package_path.name] = fields
if len(sys.argv) > 1:
    for entry in json.loads(Path(sys.argv[1]).read_text()):
        available = package.AvailablePackage(entry)
        out["index"].append({k: getattr(available, k) for k in FIELDS})
print(json.dumps(out))
"""


def argos_says(home: Path, env: dict[str, str], index: Path | None = None) -> dict:
    """What argostranslate.package reads, run with `home` as HOME and `env` added."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    code = f"FIELDS = {FIELDS!r}\n{ARGOS_SAYS}"
    out = subprocess.run([sys.executable, "-c", code, *([str(index)] if index else [])],
                         env={**base, "HOME": str(home), **env}, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def install_as_argos_does(archive: Path, packages_dir: Path) -> Path:
    """What `argostranslate.package.install_from_path` does: extract the zip into its packages
    directory (it then imports its translate module, which needs torch, so we stop here)."""
    packages_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(packages_dir)
    return packages_dir / next(iter(read_entries(archive))).split("/")[0]


def test_our_reader_agrees_with_argostranslate_on_every_layout(
        layout_packages: dict[str, Path], tmp_path: Path, empty_argos_dir: Path) -> None:
    argos_dir = empty_argos_dir
    argos_dir.mkdir()
    bpe = repack(layout_packages[LAYOUTS[0]], tmp_path / "bpe.argosmodel", use_bpe_tokenizer)
    folders = {}
    for n, archive in enumerate([*layout_packages.values(), bpe]):
        # one folder per package: renamed so that packages of the same pair sit side by side
        folder = install_as_argos_does(archive, tmp_path / f"unpack{n}")
        folders[f"pkg{n}"] = folder.rename(argos_dir / f"pkg{n}")
    said = argos_says(tmp_path / "home", {"ARGOS_PACKAGES_DIR": str(argos_dir)})
    assert Path(said["packages_dir"]) == argos_dir
    assert set(said["installed"]) == set(folders)
    ours = {p.path.name: p for p in installed_packages(tmp_path / "no-models")}
    assert set(ours) == set(folders)
    for name, argos in said["installed"].items():
        meta = read_metadata(folders[name])
        mine = {k: getattr(meta, k) for k in FIELDS}
        mine["links"] = list(mine["links"])
        argos_fields = {k: argos[k] for k in FIELDS}
        argos_fields["code"] = argos_fields["code"] or ""
        assert mine == argos_fields, name
        tokenizer = {"SentencePieceTokenizer": "sentencepiece", "BPETokenizer": "bpe"}
        assert ours[name].layout.tokenizer == tokenizer[argos["tokenizer"]]
        assert ours[name].layout.stanza == (argos["sbd"] == "stanza")
        assert ours[name].location == ARGOS and ours[name].read_only


def test_our_index_reader_agrees_with_argostranslate(tmp_path: Path) -> None:
    """Entries shaped like the real index (its `code` field, ipfs links, numbers as versions in
    hand-written indexes, missing names) read the same; entries that are no translation
    package are left out by us."""
    entries = [
        {"package_version": "1.9", "argos_version": "1.9.0", "from_code": "en",
         "from_name": "English", "to_code": "sq", "to_name": "Albanian",
         "code": "translate-en_sq",
         "links": ["https://example.org/v1/translate-en_sq-1_9.argosmodel"]},
        {"package_version": "1.0", "argos_version": "1.0", "from_code": "en",
         "from_name": "English", "to_code": "ar", "to_name": "Arabic", "code": "translate-en_ar",
         "links": ["https://example.org/v1/translate-en_ar-1_0.argosmodel", "ipfs://QmV5bmf8"]},
        {"package_version": "1.5", "argos_version": "1.5", "from_code": "en", "to_code": "fa",
         "links": ["https://example.org/v1/translate-en_fa-1_5.argosmodel"]},
        {"package_version": "1.0", "from_code": "en", "to_code": "de", "type": "translate",
         "target_prefix": "__de__", "links": []},
    ]
    index = tmp_path / "index.json"
    index.write_text(json.dumps(entries + [{"type": "sbd", "package_version": "1.0"}]))
    said = argos_says(tmp_path / "home", {"ARGOS_PACKAGES_DIR": str(tmp_path / "p")}, index)
    ours = parse_index(index.read_bytes(), where=str(index))
    assert [m.pair for m in ours] == ["en_sq", "en_ar", "en_fa", "en_de"]
    for meta, argos in zip(ours, said["index"], strict=False):
        mine = {k: getattr(meta, k) for k in FIELDS}
        assert {**mine, "links": list(mine["links"])} == {**argos, "code": argos["code"] or ""}


@pytest.mark.parametrize("how", ["environment", "settings.json", "default"])
def test_we_look_where_argos_installs(how: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    env: dict[str, str] = {}
    if how == "environment":
        env["ARGOS_PACKAGES_DIR"] = str(tmp_path / "elsewhere")
    elif how == "settings.json":
        config = home / ".config" / "argos-translate"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(json.dumps(
            {"ARGOS_PACKAGES_DIR": str(tmp_path / "from-settings")}))
    said = argos_says(home, env)
    monkeypatch.setenv("HOME", str(home))
    for var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert argos_packages_dir() == Path(said["packages_dir"])


def test_packages_argos_installed_are_used_read_only(
        argos_package_files: dict[str, Path], empty_argos_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A user who ran `argospm install translate-en_fa` needs nothing more: workbench lists
    the package with where it lives, translates with it, and never writes there."""
    folder = install_as_argos_does(argos_package_files["en_fa"], empty_argos_dir)
    before = {p: p.stat().st_mtime_ns for p in empty_argos_dir.rglob("*")}
    models = load_settings().models_dir

    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    row = next(ln for ln in out.splitlines() if ln.startswith("en_fa"))
    assert "installed" in row and "argos (read only)" in row and "TEST MODEL" in row
    assert f"Argos Translate packages (read only): {empty_argos_dir}" in out
    result = Engine(load_settings()).translate(["Maryam Rajavi visited Tirana."], "en", "fa")
    assert result[0].model == "en_fa@1.0" and result[0].text
    assert main(["models", "verify", "en_fa"]) == 0
    assert "ok     en_fa 1.0" in capsys.readouterr().out

    with pytest.raises(WorkbenchError) as err:
        from workbench.mt.packages import remove_package

        remove_package(models, "en_fa")
    assert "argospm remove translate-en_fa" in err.value.render()
    assert {p: p.stat().st_mtime_ns for p in empty_argos_dir.rglob("*")} == before
    assert folder.is_dir() and not models.exists()  # nothing written anywhere

    # Installing the pair into workbench's own directory takes precedence; Argos's stays.
    install_file(argos_package_files["en_fa"], models)
    found = [(p.code, p.location) for p in installed_packages(models)]
    assert found == [("en_fa", WORKBENCH), ("en_fa", ARGOS)]
    assert main(["models", "list"]) == 0
    rows = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("en_fa")]
    assert [r.split()[1] for r in rows] == ["installed", "not"]  # "not used"
