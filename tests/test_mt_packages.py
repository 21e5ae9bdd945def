"""Installing Argos packages: the real install path, refusing bad archives, the index.

Every bad archive (issue 13's attacks included) is refused through the real CLI with one line
and exit 1, and leaves the installed set exactly as it was."""

from __future__ import annotations

import functools
import http.server
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixtures.argos_builder import Entries, read_entries, set_metadata, write_entries

from workbench.cli import main
from workbench.errors import InputError, ModelMissingError, WorkbenchError
from workbench.mt.engine import Engine
from workbench.mt.packages import (
    clean_stale_staging,
    find_package,
    install_file,
    install_from_index,
    installed_packages,
    remove_package,
)

TOP = "translate-en_sq-1_0"
MIB = 1024 * 1024


def rewrite(src: Path, dest: Path, change: Callable[[Entries], None],
            extra: Callable[[zipfile.ZipFile], None] | None = None) -> Path:
    """A copy of an .argosmodel with its entries changed (to build bad packages)."""
    entries = read_entries(src)
    change(entries)
    write_entries(dest, entries)
    if extra:
        with zipfile.ZipFile(dest, "a", zipfile.ZIP_DEFLATED) as zf:
            extra(zf)
    return dest


def _symlink(zf: zipfile.ZipFile) -> None:
    info = zipfile.ZipInfo(f"{TOP}/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    zf.writestr(info, "/etc/passwd")


def _absolute(zf: zipfile.ZipFile) -> None:
    zf.writestr(zipfile.ZipInfo("/tmp/workbench-evil.txt"), "x")


def _bomb(zf: zipfile.ZipFile) -> None:
    zf.writestr(f"{TOP}/padding.bin", b"\0" * (8 * MIB))


def _zero_entries(count: int) -> Callable[[zipfile.ZipFile], None]:
    """`count` entries of 1 MiB of zeros each (1 KB compressed apiece)."""
    def add(zf: zipfile.ZipFile) -> None:
        block = b"\0" * MIB
        for n in range(count):
            zf.writestr(f"{TOP}/stanza/pad{n}.bin", block)
    return add


def _directory_entry(name: str) -> Callable[[zipfile.ZipFile], None]:
    return lambda zf: zf.writestr(zipfile.ZipInfo(f"{TOP}/{name}"), b"")


def _metadata(raw: bytes) -> Callable[[Entries], None]:
    return lambda e: e.__setitem__(f"{TOP}/metadata.json", raw)


def _change_metadata(**fields: object) -> Callable[[Entries], None]:
    change = set_metadata(**fields)
    return lambda e: change(e, TOP)


BAD: dict[str, tuple[Callable[[Entries], None], Callable[[zipfile.ZipFile], None] | None, str]] = {
    "zip-slip": (lambda e: e.__setitem__(f"{TOP}/../../evil.txt", b"x"), None, "escaping"),
    "absolute path": (lambda e: None, _absolute, "absolute"),
    "symlink": (lambda e: None, _symlink, "symbolic link"),
    "zip bomb": (lambda e: None, _bomb, "zip bomb"),
    "missing model.bin": (lambda e: e.pop(f"{TOP}/model/model.bin"), None, "model.bin"),
    "missing sentencepiece": (lambda e: e.pop(f"{TOP}/sentencepiece.model"), None,
                              "sentencepiece.model"),
    "metadata not JSON": (_metadata(b"{nope"), None, "not valid JSON"),
    "metadata without codes": (_metadata(b'{"from_code": "en"}'), None, "to_code"),
    "two top directories": (lambda e: e.__setitem__("other/README.md", b"x"), None,
                            "one top-level folder"),
    "model does not load": (lambda e: e.__setitem__(f"{TOP}/model/model.bin", b"garbage" * 99),
                            None, "cannot load or run"),
    # issue 13
    "metadata nested 100k deep": (_metadata(b"[" * 100_000 + b"]" * 100_000), None,
                                  "nested too deeply"),
    "entry model/model.bin/ next to the file": (lambda e: None,
                                                _directory_entry("model/model.bin/"),
                                                "'translate-en_sq-1_0/model/model.bin' appears"),
    "model/model.bin/ instead of the file": (lambda e: e.pop(f"{TOP}/model/model.bin"),
                                             _directory_entry("model/model.bin/"),
                                             "model/model.bin is missing"),
    "300-character entry name": (lambda e: e.__setitem__(f"{TOP}/{'n' * 300}", b"x"), None,
                                 "entry name of 320 characters"),
    "package_version as an object": (_change_metadata(package_version={"a": 1}), None,
                                     "package_version must be a string, not an object"),
    "1,400 entries of 1 MiB zeros": (lambda e: None, _zero_entries(1400), "1406 entries"),
    "300 MiB of zeros in 300 entries": (lambda e: None, _zero_entries(300), "zip bomb"),
    "control character in a name": (lambda e: e.__setitem__(f"{TOP}/a\x1b]0;x\x07", b"x"),
                                    None, "control character"),
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
def test_bad_packages_are_refused_with_one_line_and_change_nothing(
        case: str, installed_models: Path, argos_package_files: dict[str, Path],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change, extra, message = BAD[case]
    bad = rewrite(argos_package_files["en_sq"], tmp_path / "bad.argosmodel", change, extra)
    before = snapshot(installed_models)
    code = main(["models", "install", str(bad)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith(f"workbench: error: {bad}: ") and len(err.strip().splitlines()) == 1
    assert message in err
    assert "{'a': 1}" not in err and "\x1b" not in err
    assert snapshot(installed_models) == before
    assert not Path("/tmp/workbench-evil.txt").exists()
    assert not (installed_models.parent / "evil.txt").exists()
    # The package that was installed still translates.
    from workbench.config import load_settings

    assert Engine(load_settings()).translate(["Hello."], "en", "sq")[0].model == "en_sq@1.0"


def _corrupt_entry(src: Path, dest: Path, name: str, *, stored: bool) -> Path:
    """A copy whose entry `name` has damaged data but intact headers (so only reading the
    data finds it: a broken deflate stream, or a stored entry whose CRC does not match)."""
    entries = read_entries(src)
    with zipfile.ZipFile(dest, "w") as zf:
        for entry, data in entries.items():
            zf.writestr(entry, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(dest) as zf:
        info = zf.getinfo(name)
    raw = bytearray(dest.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 400):
        raw[i] ^= 0x5A
    dest.write_bytes(bytes(raw))
    return dest


@pytest.mark.parametrize("stored", [False, True], ids=["deflate stream", "stored CRC"])
def test_crc_corrupt_entry_is_refused_with_one_line(
        stored: bool, installed_models: Path, argos_package_files: dict[str, Path],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _corrupt_entry(argos_package_files["en_sq"], tmp_path / "crc.argosmodel",
                         f"{TOP}/model/model.bin", stored=stored)
    before = snapshot(installed_models)
    code = main(["models", "install", str(bad)])
    _, err = capsys.readouterr()
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "corrupt archive" in err and "download the .argosmodel again" in err
    assert snapshot(installed_models) == before


def test_a_package_in_another_pairs_folder_never_replaces_that_pair(
        installed_models: Path, argos_package_files: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A valid en→fa package zipped under translate-en_sq-1_0/ must not uninstall en_sq."""
    entries = read_entries(argos_package_files["en_fa"])
    moved = {TOP + name[name.index("/"):]: data for name, data in entries.items()}
    bad = write_entries(tmp_path / "mislabelled.argosmodel", moved)
    sq_before = find_package(installed_models, "en", "sq")
    before = snapshot(installed_models)
    code = main(["models", "install", str(bad)])
    _, err = capsys.readouterr()
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "names en_sq but its metadata.json says en_fa" in err
    assert snapshot(installed_models) == before
    assert find_package(installed_models, "en", "sq") == sq_before


def test_an_install_killed_midway_leaves_nothing_after_the_next_start(
        argos_package_files: dict[str, Path], tmp_path: Path) -> None:
    """kill -9 while a package is being unpacked: the staging folder is removed by the next
    workbench run (its lock died with the process); a running install's folder is kept."""
    models = tmp_path / "models"
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import workbench.mt.packages as packages\n"
        "real = packages.extract\n"
        "def slow(src, dest):\n"
        "    real(src, dest)\n"
        "    print('extracted', flush=True)\n"
        "    time.sleep(600)\n"
        "packages.extract = slow\n"
        "packages.install_file(Path(sys.argv[1]), Path(sys.argv[2]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(argos_package_files["en_sq"]),
                             str(models)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "extracted\n"
        staging = [p for p in models.iterdir() if p.name.startswith(".install-")]
        assert len(staging) == 1 and (staging[0] / TOP / "model" / "model.bin").is_file()
        assert clean_stale_staging(models) == []  # still running: kept
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert staging[0].exists()  # leaked by the kill
    env = {**os.environ, "WORKBENCH_MODELS_DIR": str(models)}
    subprocess.run([sys.executable, "-m", "workbench", "models", "list"], env=env, check=True,
                   capture_output=True)
    assert snapshot(models) == []


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
        assert snapshot(models) == []
    with pytest.raises(InputError, match="no such file"):
        install_file(tmp_path / "missing.argosmodel", models)


def test_reinstall_replaces_the_pair_and_remove_uninstalls(
        installed_models: Path, argos_package_files: dict[str, Path], tmp_path: Path) -> None:
    newer = rewrite(argos_package_files["en_sq"], tmp_path / "newer.argosmodel",
                    _change_metadata(package_version="1.1"))
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
    """An Argos-style index served over HTTP from this machine (entries shaped like the real
    index's: a `code` field, an ipfs:// link that must be skipped)."""
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    entries = []
    for code in ("en_sq", "sq_en"):
        (root / f"{code}.argosmodel").write_bytes(argos_package_files[code].read_bytes())
        src, tgt = code.split("_")
        entries.append({
            "package_version": "1.0", "argos_version": "1.11", "from_code": src,
            "to_code": tgt, "from_name": src, "to_name": tgt, "code": f"translate-{code}",
            "links": ["ipfs://QmNotFetched", url + f"{code}.argosmodel"]})
    (root / "index.json").write_text(json.dumps(entries))
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


def test_mt_works_without_argostranslate_and_never_writes_home(
        argos_package_files: dict[str, Path], local_index: str, tmp_path: Path) -> None:
    """What a plain `pip install workbench` has: no argostranslate at all (made unimportable
    here), and still install from a file and from the index, list, verify and translate —
    with nothing written in the user's home and no torch/stanza/spacy loaded."""
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import sys\n"
        "sys.modules['argostranslate'] = None  # any import of it now fails\n"
        "from pathlib import Path\n"
        "from workbench.cli import main\n"
        "assert main(['models', 'install', sys.argv[1], 'sq_en']) == 0\n"
        "assert main(['models', 'list']) == 0\n"
        "assert main(['models', 'verify']) == 0\n"
        "from workbench.config import load_settings\n"
        "from workbench.mt.engine import Engine\n"
        "import workbench.mt.service\n"
        "Engine(load_settings()).translate(['Hello there.'], 'en', 'fa')\n"
        "bad = [m for m in sys.modules if m and m.split('.')[0] in "
        "('torch', 'stanza', 'spacy', 'argostranslate') and sys.modules[m] is not None]\n"
        "print('LOADED', bad)\n")
    env = {**os.environ, "HOME": str(home), "WORKBENCH_MODELS_DIR": str(tmp_path / "models")}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR"):
        env.pop(var, None)
    out = subprocess.run([sys.executable, "-c", code, str(argos_package_files["en_fa"])],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"
    assert "installed en_fa 1.0" in out.stdout and "installed sq_en 1.0" in out.stdout
    assert list(home.iterdir()) == []
