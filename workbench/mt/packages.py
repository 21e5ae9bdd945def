"""Argos Translate packages: list, find, install (file or index), remove.

The package *format* is Argos's (`.argosmodel` = a zip of one folder holding metadata.json,
model/ (CTranslate2) and the tokenizer), read by `argos_format` without argostranslate. Two
places hold packages: workbench's models directory (writable: `install` and `remove` work
there) and Argos Translate's own packages directory (read only: a package a user installed
with `argospm` is used as it is). A package in workbench's directory wins over Argos's copy
of the same pair.

Installing never trusts the archive (`archive.py` checks it before extracting), unpacks into a
hidden staging folder inside the models directory, and validates what CTranslate2 really
needs by *loading* the model there and translating a sentence (no fixed file list: packages
converted by CTranslate2 2.x have no config.json and .txt vocabularies). Only then is the
package renamed into place, under a name derived from its metadata, replacing only the
package of the same language pair. A killed install leaves a staging folder whose lock is no
longer held; the next scan of the models directory removes it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError, ModelMissingError, WorkbenchError
from workbench.mt.archive import extract, validate_archive
from workbench.mt.argos_format import (
    INDEX_MAX_BYTES,
    Layout,
    Metadata,
    argos_packages_dir,
    detect_layout,
    parse_index,
    read_metadata,
    target_vocabulary,
)
from workbench.progress import ProgressFn, report

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
WORKBENCH = "workbench"      # PackageInfo.location: workbench's models directory
ARGOS = "argos"              # Argos Translate's packages directory (read only)
STAGING_PREFIXES = (".install-", ".download-", ".remove-")
LOCK_NAME = ".workbench-lock"
UNLOCKED_STALE_SECONDS = 60  # a staging folder without its lock file (killed at birth)
SPACE_MARGIN = 16 * 1024 * 1024


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
    layout: Layout
    argos_version: str = ""
    description: str = ""
    max_input_tokens: int | None = None
    location: str = WORKBENCH

    @property
    def ref(self) -> str:
        """`en_sq@1.0`: identifies the exact model that produced an output."""
        return f"{self.code}@{self.version}"

    @property
    def read_only(self) -> bool:
        """True for packages in Argos Translate's directory (workbench never changes them)."""
        return self.location == ARGOS

    @property
    def target_prefix(self) -> str:
        return self.layout.target_prefix

    @property
    def problem(self) -> str | None:
        """Why workbench cannot translate with this package, or None."""
        return self.layout.problem()


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


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def read_package(path: Path, location: str = WORKBENCH) -> PackageInfo:
    """PackageInfo of an unpacked package folder (raises InputError if it is not one)."""
    meta = read_metadata(path)
    if meta.type != "translate":
        raise InputError(f"not a translation package (type {meta.type!r})", path=path,
                         hint="workbench installs Argos translation packages")
    return PackageInfo(code=meta.pair, from_code=meta.from_code, to_code=meta.to_code,
                       version=meta.version, path=path, size_bytes=_dir_size(path),
                       is_test_model=meta.test_model, layout=detect_layout(path, meta),
                       argos_version=meta.argos_version, description=meta.description,
                       max_input_tokens=meta.max_input_tokens, location=location)


def package_dirs(models_dir: Path) -> list[tuple[Path, str]]:
    """Where packages are looked for, in order of preference: workbench's models directory,
    then Argos Translate's packages directory (unless it is the same folder)."""
    dirs = [(models_dir, WORKBENCH)]
    argos = argos_packages_dir()
    try:
        same = argos.resolve() == models_dir.resolve()
    except OSError:
        same = False
    if not same:
        dirs.append((argos, ARGOS))
    return dirs


def installed_packages(models_dir: Path) -> list[PackageInfo]:
    """Every installed translation package, workbench's first, sorted by code.

    Hidden folders (staging, Argos's own state) are skipped, and so are folders that are not
    readable packages (`models verify` names damaged ones). Stale staging folders of a killed
    install are removed from workbench's directory on the way.
    """
    clean_stale_staging(models_dir)
    found = []
    for folder, location in package_dirs(models_dir):
        try:
            children = sorted(folder.iterdir())
        except OSError:
            continue
        for child in children:
            if child.name.startswith(".") or not (child / "metadata.json").is_file():
                continue
            try:
                found.append(read_package(child, location))
            except InputError:
                continue
    return sorted(found, key=lambda p: (p.code, p.location != WORKBENCH))


def find_package(models_dir: Path, from_code: str, to_code: str) -> PackageInfo | None:
    """The package used for from_code → to_code (workbench's before Argos's), or None."""
    for info in installed_packages(models_dir):
        if info.from_code == from_code and info.to_code == to_code and info.problem is None:
            return info
    return None


# ---------------------------------------------------------------- staging folders


@contextmanager
def _staging(models_dir: Path, prefix: str) -> Iterator[Path]:
    """A hidden folder in the models directory, locked (flock) for as long as it is used.

    flock locks belong to the open file description and vanish when the process dies, so a
    folder whose lock can be taken belongs to no running workbench: `clean_stale_staging`
    removes exactly those.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=models_dir))
    fd = os.open(path / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(fd)


def clean_stale_staging(models_dir: Path) -> list[str]:
    """Remove staging folders left by a killed install, download or removal; their names."""
    try:
        children = [c for c in models_dir.iterdir()
                    if c.name.startswith(STAGING_PREFIXES) and c.is_dir()]
    except OSError:
        return []
    removed = []
    for child in children:
        try:
            fd = os.open(child / LOCK_NAME, os.O_RDWR)
        except FileNotFoundError:
            try:
                stale = time.time() - child.stat().st_mtime > UNLOCKED_STALE_SECONDS
            except OSError:
                continue
            if stale:
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child.name)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a running install holds it
        shutil.rmtree(child, ignore_errors=True)
        os.close(fd)
        removed.append(child.name)
    return removed


# ---------------------------------------------------------------- install / remove


def install_dir_name(meta: Metadata) -> str:
    """The folder a package is installed under, from its metadata (never from the archive's
    folder name, which may name another pair): `translate-en_sq-1_9`, as argospm names it."""
    return f"translate-{meta.pair}-{meta.version.replace('.', '_')}"


def _models_dir_ready(models_dir: Path) -> None:
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(f"cannot create the models directory ({exc.strerror})",
                             path=models_dir,
                             hint="set models_dir or WORKBENCH_MODELS_DIR to a writable folder") \
            from None
    if not os.access(models_dir, os.W_OK | os.X_OK):
        raise WorkbenchError("the models directory is not writable", path=models_dir,
                             hint="set models_dir or WORKBENCH_MODELS_DIR to a writable folder")


def _check_space(models_dir: Path, needed: int, path: Path) -> None:
    free = shutil.disk_usage(models_dir).free
    if free < needed + SPACE_MARGIN:
        raise InputError(f"not enough disk space: the package unpacks to {needed // 2**20} MB, "
                         f"{free // 2**20} MB are free in {models_dir}", path=path,
                         hint="free some space or set models_dir to another disk")


def check_loads(info: PackageInfo, source: Path | str) -> tuple[str, str, bool]:
    """Load the package with CTranslate2 and its tokenizer and translate its test sentence:
    the validation that counts (raises InputError naming the layout). Returns the sentence,
    the output and whether the decoder ended on its own."""
    problem = info.problem
    if problem:
        raise InputError(problem, path=source)
    if info.target_prefix and info.target_prefix not in target_vocabulary(info.path / "model"):
        raise InputError(f"metadata.json's target_prefix {info.target_prefix!r} is not in the "
                         "model's target vocabulary", path=source,
                         hint="the package is damaged or its metadata belongs to another model")
    from workbench.mt.engine import ct2_version, smoke_test

    try:
        return smoke_test(info)
    except Exception as exc:  # CTranslate2 and SentencePiece raise RuntimeError/ValueError/…
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise InputError(f"CTranslate2 {ct2_version()} cannot load or run this model ({first}; "
                         f"layout: {info.layout.describe()})", path=source,
                         hint="the package is damaged, or was converted by a newer CTranslate2: "
                              "try `pip install -U ctranslate2`") from None


def install_file(path: Path, models_dir: Path, *, expect: str | None = None) -> PackageInfo:
    """Check, extract, load-test and atomically install an .argosmodel; the new package.

    `expect` (a pair code such as en_sq) refuses a package for another pair (downloads from
    the index). The package installed before for the same pair is replaced only after the new
    one passed every check; no other package is ever touched.
    """
    path = Path(path)
    archive = validate_archive(path)
    meta = archive.metadata
    if expect is not None and meta.pair != expect:
        raise InputError(f"the package is for {meta.pair}, not {expect}", path=path,
                         hint="the index entry points at the wrong file; report it to Argos")
    _models_dir_ready(models_dir)
    clean_stale_staging(models_dir)
    _check_space(models_dir, archive.unpacked_bytes, path)
    final = models_dir / install_dir_name(meta)
    previous = [p for p in installed_packages(models_dir)
                if p.code == meta.pair and p.location == WORKBENCH]
    if final.exists() and final not in [p.path for p in previous]:
        raise InputError(f"the models directory already has a folder {final.name} that is not "
                         f"an installed {meta.pair} package", path=path,
                         hint=f"move {final} away and install again")
    with _staging(models_dir, ".install-") as staging:
        extract(path, staging)
        candidate = staging / archive.top
        info = read_package(candidate)
        if info.code != meta.pair:  # cannot happen: the same bytes were checked
            raise InputError("metadata.json changed while installing", path=path)
        check_loads(info, path)
        _swap_in(candidate, final, [p.path for p in previous], staging)
    from workbench.mt.engine import forget_model

    for old in [final, *(p.path for p in previous)]:
        forget_model(old)
    return read_package(final)


def _swap_in(candidate: Path, final: Path, replaced: list[Path], staging: Path) -> None:
    """Move the packages being replaced aside, the new one into place; undo on failure."""
    moved: list[tuple[Path, Path]] = []
    try:
        for n, old in enumerate(dict.fromkeys([final, *replaced])):
            if old.exists():
                aside = staging / f"replaced-{n}"
                old.rename(aside)
                moved.append((old, aside))
        candidate.rename(final)
    except OSError as exc:
        for old, aside in reversed(moved):
            aside.rename(old)
        raise WorkbenchError(f"cannot move the package into place ({exc.strerror})",
                             path=final) from None


def remove_package(models_dir: Path, code: str) -> PackageInfo:
    """Uninstall the package with code `en_sq` from workbench's models directory.

    Packages in Argos Translate's directory are Argos's: workbench names the command that
    removes them instead of deleting another program's files.
    """
    matches = [p for p in installed_packages(models_dir) if p.code == code]
    own = [p for p in matches if not p.read_only]
    if not own:
        if matches:
            raise WorkbenchError(
                f"{code} is installed by Argos Translate in {matches[0].path.parent}, which "
                "workbench only reads", hint=f"remove it with `argospm remove translate-{code}`")
        raise ModelMissingError(f"no installed package {code!r}",
                                hint="`workbench models list` shows what is installed")
    from workbench.mt.engine import forget_model

    for info in own:
        with _staging(models_dir, ".remove-") as trash:
            info.path.rename(trash / info.path.name)  # atomic: gone from the set at once
        forget_model(info.path)
    return own[0]


# ---------------------------------------------------------------- the online index


def index_url() -> str:
    """The Argos package index (ARGOS_PACKAGE_INDEX overrides the base URL, as in Argos)."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _unreachable(url: str, exc: object) -> WorkbenchError:
    return WorkbenchError(
        f"cannot reach the Argos index at {url} ({exc})",
        hint="download the .argosmodel elsewhere and run `workbench models install FILE`")


def fetch_index(*, timeout: float = 15.0) -> list[Metadata]:
    """The translation packages the Argos index lists."""
    url = index_url()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            raw = resp.read(INDEX_MAX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise _unreachable(url, getattr(exc, "reason", exc)) from None
    try:
        return parse_index(raw, where=url)
    except InputError as exc:
        raise _unreachable(url, exc.message) from None


def _download(links: Sequence[str], dest: Path, progress: ProgressFn | None,
              timeout: float) -> None:
    """Fetch the first link that works (http/https only: the index also lists ipfs://)."""
    usable = [link for link in links if link.startswith(("https://", "http://"))]
    last: object = "no download link"
    for link in usable:
        try:
            with urllib.request.urlopen(link, timeout=timeout) as resp, dest.open("wb") as out:
                total = int(resp.headers.get("Content-Length") or 0)
                done = 0
                while chunk := resp.read(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    report(progress, done, total or done)
            return
        except (urllib.error.URLError, OSError, ValueError) as exc:
            last = getattr(exc, "reason", exc)
    raise _unreachable(usable[0] if usable else index_url(), last)


def _newest(candidates: list[Metadata]) -> Metadata:
    from packaging.version import InvalidVersion, Version

    def key(meta: Metadata) -> tuple[int, object]:
        try:
            return (1, Version(meta.version))
        except InvalidVersion:
            return (0, meta.version)

    return max(candidates, key=key)


def install_from_index(codes: Sequence[str], models_dir: Path, *,
                       progress: ProgressFn | None = None,
                       timeout: float = 15.0) -> list[PackageInfo]:
    """Download and install packages by code (`en_sq`) from the Argos index (urllib only)."""
    available = fetch_index(timeout=timeout)
    chosen = []
    for code in codes:
        match = [m for m in available if m.pair == code]
        if not match:
            raise InputError(f"the Argos index has no package {code!r}",
                             hint="codes look like en_sq; `workbench models list` shows the "
                                  "ones workbench needs")
        chosen.append(_newest(match))
    _models_dir_ready(models_dir)
    installed = []
    for meta in chosen:
        with _staging(models_dir, ".download-") as tmp:
            dest = tmp / f"{install_dir_name(meta)}.argosmodel"
            _download(meta.links, dest, progress, timeout)
            installed.append(install_file(dest, models_dir, expect=meta.pair))
    return installed
