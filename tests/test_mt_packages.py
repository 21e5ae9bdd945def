"""Installing Argos packages: the real install path, refusing bad archives, the index."""

from __future__ import annotations

import functools
import http.server
import json
import os
import stat
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workbench.errors import InputError, ModelMissingError, WorkbenchError
from workbench.mt.engine import Engine
from workbench.mt.packages import (
    find_package,
    install_file,
    install_from_index,
    installed_packages,
    remove_package,
)

Entries = dict[str, bytes]


def rewrite(src: Path, dest: Path, change: Callable[[Entries], None],
            extra: Callable[[zipfile.ZipFile], None] | None = None) -> Path:
    """A copy of an .argosmodel with its entries changed (to build bad packages)."""
    with zipfile.ZipFile(src) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    change(entries)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if extra:
            extra(zf)
    return dest


TOP = "translate-en_sq-1_0"


def _symlink(zf: zipfile.ZipFile) -> None:
    info = zipfile.ZipInfo(f"{TOP}/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    zf.writestr(info, "/etc/passwd")


def _absolute(zf: zipfile.ZipFile) -> None:
    zf.writestr(zipfile.ZipInfo("/tmp/workbench-evil.txt"), "x")


def _bomb(zf: zipfile.ZipFile) -> None:
    zf.writestr(f"{TOP}/padding.bin", b"\0" * (8 * 1024 * 1024))


BAD: dict[str, tuple[Callable[[Entries], None], Callable[[zipfile.ZipFile], None] | None, str]] = {
    "zip-slip": (lambda e: e.__setitem__(f"{TOP}/../../evil.txt", b"x"), None, "escaping"),
    "absolute path": (lambda e: None, _absolute, "absolute"),
    "symlink": (lambda e: None, _symlink, "symbolic link"),
    "zip bomb": (lambda e: None, _bomb, "zip bomb"),
    "missing model.bin": (lambda e: e.pop(f"{TOP}/model/model.bin"), None, "model.bin"),
    "missing sentencepiece": (lambda e: e.pop(f"{TOP}/sentencepiece.model"), None,
                              "sentencepiece.model"),
    "metadata not JSON": (lambda e: e.__setitem__(f"{TOP}/metadata.json", b"{nope"), None,
                          "not valid JSON"),
    "metadata without codes": (lambda e: e.__setitem__(f"{TOP}/metadata.json",
                                                       b'{"from_code": "en"}'), None, "to_code"),
    "two top directories": (lambda e: e.__setitem__("other/README.md", b"x"), None,
                            "one top-level directory"),
    "model does not load": (lambda e: e.__setitem__(f"{TOP}/model/model.bin", b"garbage" * 99),
                            None, "does not load"),
}


def snapshot(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir()) if models_dir.exists() else []


def test_install_lists_the_package_as_a_test_model(installed_models: Path) -> None:
    codes = [p.code for p in installed_packages(installed_models)]
    assert codes == ["en_ar", "en_fa", "en_sq", "sq_en"]
    info = find_package(installed_models, "en", "fa")
    assert info is not None and info.is_test_model and info.version == "1.0"
    assert (info.path / "model" / "model.bin").is_file() and info.size_bytes > 10_000
    assert not [p for p in installed_models.iterdir() if p.name.startswith(".install")]


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_packages_are_refused_and_change_nothing(
        case: str, installed_models: Path, argos_package_files: dict[str, Path],
        tmp_path: Path) -> None:
    change, extra, message = BAD[case]
    bad = rewrite(argos_package_files["en_sq"], tmp_path / "bad.argosmodel", change, extra)
    before = snapshot(installed_models)
    with pytest.raises(InputError) as err:
        install_file(bad, installed_models)
    assert message in err.value.render()
    assert str(bad) in err.value.render()  # names the file
    assert snapshot(installed_models) == before
    assert not Path("/tmp/workbench-evil.txt").exists()
    assert not (installed_models.parent / "evil.txt").exists()
    # The package that was installed still translates.
    from workbench.config import load_settings

    assert Engine(load_settings()).translate(["Hello."], "en", "sq")[0].model == "en_sq@1.0"


def test_corrupt_and_non_zip_files_are_refused(argos_package_files: dict[str, Path],
                                               tmp_path: Path) -> None:
    models = tmp_path / "models"
    data = argos_package_files["en_fa"].read_bytes()
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(data[: len(data) // 2])
    flipped = tmp_path / "flipped.argosmodel"
    middle = len(data) // 2
    flipped.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64])
                        + data[middle + 64:])
    text = tmp_path / "notes.argosmodel"
    text.write_text("not a package")
    for path in (truncated, flipped, text):
        with pytest.raises(InputError) as err:
            install_file(path, models)
        assert "zip" in err.value.render() or "corrupt" in err.value.render()
        assert snapshot(models) in ([], [".argos"])
    with pytest.raises(InputError, match="no such file"):
        install_file(tmp_path / "missing.argosmodel", models)


def test_reinstall_replaces_the_pair_and_remove_uninstalls(
        installed_models: Path, argos_package_files: dict[str, Path], tmp_path: Path) -> None:
    def bump(entries: Entries) -> None:
        meta = json.loads(entries[f"{TOP}/metadata.json"])
        meta["package_version"] = "1.1"
        entries[f"{TOP}/metadata.json"] = json.dumps(meta).encode()

    newer = rewrite(argos_package_files["en_sq"], tmp_path / "newer.argosmodel", bump)
    info = install_file(newer, installed_models)
    assert info.version == "1.1"
    assert [p.version for p in installed_packages(installed_models) if p.code == "en_sq"] == ["1.1"]
    removed = remove_package(installed_models, "en_sq")
    assert removed.code == "en_sq" and find_package(installed_models, "en", "sq") is None
    with pytest.raises(ModelMissingError, match="models list"):
        remove_package(installed_models, "en_sq")


def test_unreachable_index_says_how_to_install_offline(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    with pytest.raises(WorkbenchError) as err:
        install_from_index(["en_sq"], tmp_path / "models", timeout=5)
    text = err.value.render()
    assert "cannot reach the Argos index" in text
    assert "workbench models install FILE" in text


@pytest.fixture
def local_index(tmp_path: Path, argos_package_files: dict[str, Path],
                monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An Argos-style index served over HTTP from this machine."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "en_sq.argosmodel").write_bytes(argos_package_files["en_sq"].read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    (root / "index.json").write_text(json.dumps([{
        "package_version": "1.0", "argos_version": "1.11", "from_code": "en", "to_code": "sq",
        "from_name": "English", "to_name": "Albanian", "type": "translate",
        "links": [url + "en_sq.argosmodel"]}]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    yield url
    server.shutdown()
    server.server_close()


def test_install_by_code_downloads_from_the_index(local_index: str, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    models = tmp_path / "models"
    infos = install_from_index(["en_sq"], models, progress=lambda d, t: seen.append((d, t)))
    assert [i.code for i in infos] == ["en_sq"]
    assert find_package(models, "en", "sq") is not None
    assert seen and seen[-1][0] == seen[-1][1] > 0
    with pytest.raises(InputError, match="no package 'en_xx'"):
        install_from_index(["en_xx"], models)


def test_mt_never_imports_torch_or_argos_translate_nor_writes_home(
        installed_models: Path, tmp_path: Path) -> None:
    """Importing and using the MT code loads neither torch/stanza nor argostranslate.translate
    and leaves the user's home alone (Argos's settings are aimed at the models directory)."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import sys\n"
        "from workbench.config import load_settings\n"
        "from workbench.mt.engine import Engine\n"
        "import workbench.mt.service, workbench.cli.models_cmds\n"
        "Engine(load_settings()).translate(['Hello there.'], 'en', 'sq')\n"
        "from workbench.mt.packages import installed_packages\n"
        "assert installed_packages(load_settings().models_dir)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'stanza', 'spacy')"
        " or m == 'argostranslate.translate']\n"
        "print(bad)\n")
    env = {**os.environ, "HOME": str(home)}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env.pop(var, None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
    assert list(home.iterdir()) == []
