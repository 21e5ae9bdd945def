"""Argos Translate packages: list, find, install (file or index), remove.

The package *format* is Argos's (`.argosmodel` = a zip of one directory holding metadata.json,
model/ (CTranslate2) and sentencepiece.model) and its metadata classes read the metadata. We do
not use `argostranslate.package.install_from_path`: it extracts without any check (zip-slip,
zip bombs), into Argos's own directory, and then imports Argos's translate module (torch,
stanza). Installing here validates every entry first, extracts into a temporary directory inside
the models directory, runs a test translation and only then renames the package into place, so
a bad package never changes the installed set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType

from workbench.errors import InputError, ModelMissingError, WorkbenchError
from workbench.progress import ProgressFn, report

MAX_TOTAL_BYTES = 1536 * 1024 * 1024   # real Argos packages are 60–300 MB unpacked
MAX_ENTRIES = 10_000
MAX_RATIO = 100                        # model.bin barely compresses; 100× is a bomb
RATIO_MIN_BYTES = 1024 * 1024          # tiny files (JSON) may compress well; ignore them
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")
_SAFE_DIR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


@dataclass(frozen=True)
class PackageInfo:
    """An installed package. `ref` (code@version) is what suggestions record as their model."""

    code: str
    from_code: str
    to_code: str
    version: str
    path: Path
    size_bytes: int
    is_test_model: bool
    description: str = ""
    max_input_tokens: int | None = None

    @property
    def ref(self) -> str:
        """`en_sq@1.0`: identifies the exact model that produced an output."""
        return f"{self.code}@{self.version}"


@dataclass(frozen=True)
class ManifestEntry:
    """A package workbench uses (lang_models/manifest.toml)."""

    code: str
    purpose: str
    required: bool


def load_manifest(path: Path | None = None) -> list[ManifestEntry]:
    """The packages each language pair needs, in manifest order (the bundled manifest unless
    `path` is given)."""
    import tomllib

    from workbench.resources import model_manifest

    source = path or model_manifest()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WorkbenchError(f"cannot read the model manifest ({exc})", path=str(source)) from None
    return [ManifestEntry(str(e["code"]), str(e.get("purpose", "")), bool(e.get("required")))
            for e in data.get("package", [])]


def install_hint(from_code: str, to_code: str) -> str:
    """The exact command that installs the package for a pair."""
    return f"workbench models install {from_code}_{to_code}"


def missing_error(pairs: Sequence[tuple[str, str]]) -> ModelMissingError:
    """ModelMissingError naming each missing package and how to install it."""
    codes = " ".join(f"{a}_{b}" for a, b in pairs)
    return ModelMissingError(
        f"no translation model installed for {', '.join(f'{a}→{b}' for a, b in pairs)}",
        hint=f"run `workbench models install {codes}` (or `workbench models install "
             "FILE.argosmodel` offline)")


@contextmanager
def _argos_env(models_dir: Path) -> Iterator[None]:
    """Point Argos's import-time settings at our models directory, not ~/.local.

    `argostranslate.settings` reads environment variables and creates its data, config and
    cache directories when first imported; during that import they point under the models
    directory (hidden `.argos`), so nothing is written in the user's home.
    """
    state = models_dir / ".argos"
    wanted = {"ARGOS_PACKAGES_DIR": str(models_dir), "XDG_DATA_HOME": str(state / "data"),
              "XDG_CONFIG_HOME": str(state / "config"), "XDG_CACHE_HOME": str(state / "cache")}
    saved = {k: os.environ.get(k) for k in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def argos_package_module(models_dir: Path) -> ModuleType:
    """`argostranslate.package`, imported lazily with its settings aimed at `models_dir`."""
    loaded = sys.modules.get("argostranslate.package")
    if loaded is not None:
        return loaded
    models_dir.mkdir(parents=True, exist_ok=True)
    with _argos_env(models_dir):
        import argostranslate.package as argos_package
    return argos_package


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def read_package(path: Path) -> PackageInfo:
    """PackageInfo of an unpacked package directory (raises InputError if it is not one)."""
    meta = _read_metadata(path / "metadata.json")
    argos = argos_package_module(path.parent).Package(path)
    code = f"{argos.from_code}_{argos.to_code}"
    max_tokens = meta.get("max_input_tokens")
    return PackageInfo(code=code, from_code=argos.from_code, to_code=argos.to_code,
                       version=str(argos.package_version or "0"), path=path,
                       size_bytes=_dir_size(path), is_test_model=bool(meta.get("test_model")),
                       description=str(meta.get("description", "")),
                       max_input_tokens=int(max_tokens) if isinstance(max_tokens, int) else None)


def installed_packages(models_dir: Path) -> list[PackageInfo]:
    """Every installed package in `models_dir`, sorted by code (temp/hidden dirs skipped)."""
    if not models_dir.is_dir():
        return []
    found = []
    for child in sorted(models_dir.iterdir()):
        if child.is_dir() and not child.name.startswith(".") and (child / "metadata.json").is_file():
            try:
                found.append(read_package(child))
            except InputError:
                continue  # a damaged directory is reported by `models verify`, not here
    return sorted(found, key=lambda p: p.code)


def find_package(models_dir: Path, from_code: str, to_code: str) -> PackageInfo | None:
    """The installed package translating from_code → to_code, or None."""
    for info in installed_packages(models_dir):
        if info.from_code == from_code and info.to_code == to_code:
            return info
    return None


# ---------------------------------------------------------------- validation


def _read_metadata(path: Path | None, raw: bytes | None = None, *,
                   where: str | Path = "") -> dict[str, object]:
    """Parse and check metadata.json: a JSON object with valid from/to codes."""
    try:
        data = json.loads(raw if raw is not None else path.read_bytes())  # type: ignore[union-attr]
    except (OSError, ValueError) as exc:
        raise InputError(f"metadata.json is not valid JSON ({exc})", path=where or path,
                         hint="this is not an Argos package") from None
    if not isinstance(data, dict):
        raise InputError("metadata.json is not a JSON object", path=where or path)
    for key in ("from_code", "to_code"):
        value = data.get(key)
        if not isinstance(value, str) or not _CODE.match(value):
            raise InputError(f"metadata.json has no valid {key} (got {value!r})",
                             path=where or path, hint="an Argos package names its languages")
    if data["from_code"] == data["to_code"]:
        raise InputError("metadata.json translates a language into itself", path=where or path)
    return data


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry is unsafe to extract, or None."""
    name = info.filename
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"absolute or Windows path {name!r}"
    if any(part in ("..", "") for part in PurePosixPath(name).parts) or "\x00" in name:
        return f"path escaping the package {name!r}"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"symbolic link {name!r}"
    if info.flag_bits & 0x1:
        return f"encrypted entry {name!r}"
    return None


def validate_archive(path: Path) -> tuple[str, dict[str, object]]:
    """Check an .argosmodel before anything is extracted; returns (top dir, metadata)."""
    if not path.is_file():
        raise InputError("no such file", path=path, hint="give the path of an .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise InputError("not an Argos package (not a zip archive)", path=path,
                         hint="download the .argosmodel again")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if not infos or len(infos) > MAX_ENTRIES:
                raise InputError(f"archive has {len(infos)} entries", path=path)
            total = 0
            for info in infos:
                problem = _entry_problem(info)
                if problem:
                    raise InputError(f"unsafe archive: {problem}", path=path,
                                     hint="refusing to install; get the package from a trusted "
                                          "source")
                total += info.file_size
                if info.file_size > RATIO_MIN_BYTES and \
                        info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise InputError(
                        f"unsafe archive: {info.filename!r} expands {info.file_size} bytes from "
                        f"{info.compress_size} (zip bomb?)", path=path)
            if total > MAX_TOTAL_BYTES:
                raise InputError(f"archive unpacks to {total} bytes, over the "
                                 f"{MAX_TOTAL_BYTES} limit", path=path)
            tops = {PurePosixPath(i.filename).parts[0] for i in infos}
            if len(tops) != 1:
                raise InputError("not an Argos package: expected one top-level directory, "
                                 f"found {len(tops)}", path=path)
            top = tops.pop()
            if not _SAFE_DIR.match(top):
                raise InputError(f"unusual package directory name {top!r}", path=path)
            names = {i.filename for i in infos}
            for needed, what in ((f"{top}/metadata.json", "metadata.json"),
                                 (f"{top}/model/model.bin", "model/model.bin"),
                                 (f"{top}/model/config.json", "model/config.json"),
                                 (f"{top}/sentencepiece.model", "sentencepiece.model")):
                if needed not in names:
                    raise InputError(f"not a usable Argos package: {what} is missing", path=path,
                                     hint="workbench needs a CTranslate2 model with a "
                                          "SentencePiece tokenizer")
            if not any(n.startswith(f"{top}/model/") and "vocabulary" in n for n in names):
                raise InputError("not a usable Argos package: model/ has no vocabulary file",
                                 path=path)
            meta = _read_metadata(None, zf.read(f"{top}/metadata.json"), where=path)
            bad = zf.testzip()
            if bad is not None:
                raise InputError(f"corrupt archive: {bad!r} fails its checksum", path=path,
                                 hint="download the .argosmodel again")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise InputError(f"corrupt archive ({exc})", path=path,
                         hint="download the .argosmodel again") from None
    return top, meta


def _extract(path: Path, dest: Path) -> None:
    """Extract a validated archive, counting real bytes (headers may lie about sizes)."""
    written = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            if not target.resolve().is_relative_to(dest.resolve()):
                raise InputError(f"unsafe archive: {info.filename!r}", path=path)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, target.open("wb") as out:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > MAX_TOTAL_BYTES:
                        raise InputError("archive unpacks beyond the size limit", path=path)
                    out.write(chunk)


def install_file(path: Path, models_dir: Path, *, test_translate: bool = True) -> PackageInfo:
    """Validate, extract, test and atomically install an .argosmodel; returns the new package.

    A package for the same pair that was installed before is replaced only after the new one
    passed every check.
    """
    path = Path(path)
    top, meta = validate_archive(path)
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))
    try:
        _extract(path, staging)
        candidate = staging / top
        info = read_package(candidate)
        if test_translate:
            from workbench.mt.engine import smoke_test

            try:
                smoke_test(info)
            except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError variants
                raise InputError(f"the model does not load or translate ({exc})", path=path,
                                 hint="the package is damaged or not a CTranslate2 model") \
                    from None
        final = models_dir / top
        previous = find_package(models_dir, info.from_code, info.to_code)
        _swap_in(candidate, final, [final] + ([previous.path] if previous else []), staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    from workbench.mt.engine import forget_model

    forget_model(final)
    return read_package(final)


def _swap_in(candidate: Path, final: Path, replaced: list[Path], staging: Path) -> None:
    """Move the packages being replaced aside, the new one into place; undo on failure."""
    moved: list[tuple[Path, Path]] = []
    try:
        for n, old in enumerate(dict.fromkeys(replaced)):
            if old.exists():
                aside = staging / f"replaced-{n}"
                old.rename(aside)
                moved.append((old, aside))
        candidate.rename(final)
    except OSError:
        for old, aside in reversed(moved):
            aside.rename(old)
        raise


def remove_package(models_dir: Path, code: str) -> PackageInfo:
    """Uninstall the package with code `en_sq` (raises ModelMissingError if absent)."""
    for info in installed_packages(models_dir):
        if info.code == code:
            trash = Path(tempfile.mkdtemp(prefix=".remove-", dir=models_dir))
            info.path.rename(trash / info.path.name)  # atomic: gone from the set at once
            shutil.rmtree(trash, ignore_errors=True)
            from workbench.mt.engine import forget_model

            forget_model(info.path)
            return info
    raise ModelMissingError(f"no installed package {code!r}",
                            hint="`workbench models list` shows what is installed")


# ---------------------------------------------------------------- the online index


def index_url() -> str:
    """The Argos package index (ARGOS_PACKAGE_INDEX overrides the base URL, as in Argos)."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _unreachable(url: str, exc: object) -> WorkbenchError:
    return WorkbenchError(
        f"cannot reach the Argos index at {url} ({exc})",
        hint="download the .argosmodel elsewhere and run `workbench models install FILE`")


def fetch_index(models_dir: Path, *, timeout: float = 15.0) -> list[object]:
    """The index's packages as argostranslate AvailablePackage objects."""
    url = index_url()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            data = json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise _unreachable(url, getattr(exc, "reason", exc)) from None
    if not isinstance(data, list):
        raise _unreachable(url, "unexpected index format")
    argos = argos_package_module(models_dir)
    return [argos.AvailablePackage(entry) for entry in data if isinstance(entry, dict)]


def _download(links: Sequence[str], dest: Path, progress: ProgressFn | None,
              timeout: float) -> None:
    last: object = "no download link"
    for link in links:
        try:
            with urllib.request.urlopen(link, timeout=timeout) as resp, dest.open("wb") as out:
                total = int(resp.headers.get("Content-Length") or 0)
                done = 0
                while chunk := resp.read(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    report(progress, done, total or done)
            return
        except (urllib.error.URLError, OSError) as exc:
            last = getattr(exc, "reason", exc)
    raise _unreachable(links[0] if links else index_url(), last)


def install_from_index(codes: Sequence[str], models_dir: Path, *,
                       progress: ProgressFn | None = None,
                       timeout: float = 15.0) -> list[PackageInfo]:
    """Download and install packages by code (`en_sq`) from the Argos index."""
    available = fetch_index(models_dir, timeout=timeout)
    chosen = []
    for code in codes:
        match = [p for p in available
                 if f"{p.from_code}_{p.to_code}" == code  # type: ignore[attr-defined]
                 and getattr(p, "type", "translate") == "translate"]
        if not match:
            raise InputError(f"the Argos index has no package {code!r}",
                             hint="codes look like en_sq; `workbench models list` shows the "
                                  "ones workbench needs")
        chosen.append(match[-1])
    installed = []
    models_dir.mkdir(parents=True, exist_ok=True)
    for pkg in chosen:
        with tempfile.TemporaryDirectory(prefix=".download-", dir=models_dir) as tmp:
            dest = Path(tmp) / f"{pkg.from_code}_{pkg.to_code}.argosmodel"  # type: ignore[attr-defined]
            _download(pkg.links, dest, progress, timeout)  # type: ignore[attr-defined]
            installed.append(install_file(dest, models_dir))
    return installed
