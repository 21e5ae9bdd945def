"""Checking and unpacking an `.argosmodel` archive before anything is installed.

An `.argosmodel` is a zip of one folder. A download is untrusted input, so before a single
byte is written: every entry name is checked (no absolute paths, `..`, links, encrypted or
over-long names, no name that is both a file and a folder), the entry count, the unpacked
size and the compression ratio (per entry and for the whole archive) are bounded, and
metadata.json is parsed and type-checked. Extraction then counts the bytes really written
(headers may lie) and turns every damaged-archive failure (bad CRC, broken deflate stream,
truncated file) into one InputError.

The limits come from the real packages: Argos packages unpack to 60–400 MB in fewer than
50 files, and their content (int8 weights, SentencePiece models) compresses less than 2×.
"""

from __future__ import annotations

import errno
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from workbench.errors import InputError
from workbench.mt.argos_format import Metadata, parse_metadata

MAX_TOTAL_BYTES = 1536 * 1024 * 1024
MAX_ENTRIES = 500
MAX_RATIO = 100                     # one entry: model.bin barely compresses; 100× is a bomb
RATIO_MIN_BYTES = 1024 * 1024       # small entries (JSON, vocabularies) may compress well
MAX_ARCHIVE_RATIO = 10              # the whole archive (many small zero-filled entries)
ARCHIVE_RATIO_MIN_BYTES = 16 * 1024 * 1024
MAX_NAME_CHARS = 120                # one path component (file systems allow 255 bytes)
MAX_PATH_CHARS = 400
_SAFE_DIR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FOLDER_PAIR = re.compile(r"(?:^|[-_.])([a-z]{2,3})_([a-z]{2,3})(?=[-_.]|$)")
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, zipfile.LargeZipFile)


@dataclass(frozen=True)
class Archive:
    """What the checks found: the package folder, its metadata and its unpacked size."""

    top: str
    metadata: Metadata
    unpacked_bytes: int
    names: frozenset[str]


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry is unsafe to extract, or None."""
    name = info.filename
    shown = repr(name[:60] + "…") if len(name) > 60 else repr(name)
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"absolute or Windows path {shown}"
    if _CONTROL.search(name):
        return f"control character in entry name {shown}"
    parts = PurePosixPath(name).parts
    if any(part in ("..", "") for part in parts):
        return f"path escaping the package {shown}"
    if len(name) > MAX_PATH_CHARS or any(len(part) > MAX_NAME_CHARS for part in parts):
        return f"entry name of {len(name)} characters {shown}"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"symbolic link {shown}"
    if info.flag_bits & 0x1:
        return f"encrypted entry {shown}"
    return None


def _check_entries(infos: list[zipfile.ZipInfo], path: Path) -> frozenset[str]:
    """Entry names (without a folder's trailing /) after every per-entry check."""
    if not infos:
        raise InputError("not an Argos package (the archive is empty)", path=path)
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"unsafe archive: {len(infos)} entries (an Argos package has fewer "
                         f"than {MAX_ENTRIES})", path=path,
                         hint="refusing to install; get the package from a trusted source")
    files: set[str] = set()
    folders: set[str] = set()
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            raise InputError(f"unsafe archive: {problem}", path=path,
                             hint="refusing to install; get the package from a trusted source")
        name = info.filename.rstrip("/")
        if name in files or (name in folders and not info.is_dir()):
            raise InputError(f"unsafe archive: {name!r} appears twice", path=path)
        (folders if info.is_dir() else files).add(name)
        folders.update(str(p) for p in PurePosixPath(name).parents if str(p) != ".")
        if info.file_size > RATIO_MIN_BYTES and \
                info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"unsafe archive: {name!r} expands {info.file_size} bytes from "
                             f"{info.compress_size} (zip bomb?)", path=path)
    clash = files & folders
    if clash:
        raise InputError(f"unsafe archive: {sorted(clash)[0]!r} is both a file and a folder",
                         path=path, hint="the package is damaged; get it again")
    return frozenset(files)


def validate_archive(path: Path) -> Archive:
    """Check an .argosmodel before anything is extracted (raises InputError)."""
    if not path.is_file():
        raise InputError("no such file", path=path, hint="give the path of an .argosmodel file")
    try:
        if not zipfile.is_zipfile(path):
            raise InputError("not an Argos package (not a zip archive)", path=path,
                             hint="download the .argosmodel again")
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = _check_entries(infos, path)
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            if total > MAX_TOTAL_BYTES:
                raise InputError(f"unsafe archive: unpacks to {total} bytes, over the "
                                 f"{MAX_TOTAL_BYTES} limit", path=path)
            if total > ARCHIVE_RATIO_MIN_BYTES and total > MAX_ARCHIVE_RATIO * max(packed, 1):
                raise InputError(f"unsafe archive: {packed} compressed bytes unpack to {total} "
                                 f"(×{total // max(packed, 1)}, zip bomb?)", path=path,
                                 hint="a real Argos package compresses less than 2×")
            tops = {PurePosixPath(n).parts[0] for n in names}
            if len(tops) != 1 or any(n == next(iter(tops)) for n in names):
                raise InputError("not an Argos package: expected one top-level folder, "
                                 f"found {len(tops)}", path=path)
            top = tops.pop()
            if not _SAFE_DIR.match(top):
                raise InputError(f"unusual package folder name {top!r}", path=path)
            for needed in ("metadata.json", "model/model.bin"):
                if f"{top}/{needed}" not in names:
                    raise InputError(f"not a usable Argos package: {needed} is missing",
                                     path=path, hint="workbench needs a CTranslate2 model "
                                                     "with its tokenizer")
            meta_info = zf.getinfo(f"{top}/metadata.json")
            if meta_info.file_size > 256 * 1024:
                raise InputError("metadata.json is too large for package metadata", path=path)
            meta = parse_metadata(zf.read(meta_info), where=path)
            named = _FOLDER_PAIR.search(top)
            if named and f"{named[1]}_{named[2]}" != meta.pair:
                raise InputError(f"the package folder {top} names {named[1]}_{named[2]} but its "
                                 f"metadata.json says {meta.pair}: refusing a mislabelled "
                                 "package", path=path, hint="get the package again from its "
                                                            "source")
    except _DAMAGED as exc:
        raise InputError(f"corrupt archive ({exc})", path=path,
                         hint="download the .argosmodel again") from None
    except OSError as exc:
        raise InputError(f"cannot read the archive ({exc.strerror or exc})", path=path) from None
    return Archive(top, meta, total, names)


def extract(path: Path, dest: Path) -> None:
    """Extract a validated archive into `dest`, counting the bytes really written.

    A damaged entry (CRC mismatch, broken deflate stream, truncation) or a full disk raises
    InputError/OSError; the caller removes `dest`, so nothing half-extracted is ever used.
    """
    written = 0
    root = dest.resolve()
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                target = dest / info.filename
                if not target.resolve().is_relative_to(root):
                    raise InputError(f"unsafe archive: {info.filename!r}", path=path)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, target.open("wb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > MAX_TOTAL_BYTES:
                            raise InputError("unsafe archive: unpacks beyond the size limit",
                                             path=path)
                        out.write(chunk)
    except _DAMAGED as exc:
        raise InputError(f"corrupt archive: {exc}", path=path,
                         hint="download the .argosmodel again") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise InputError("not enough disk space to unpack the package", path=path,
                             hint="free some space in the models directory") from None
        raise InputError(f"cannot unpack the package ({exc.strerror or exc})", path=path) \
            from None
