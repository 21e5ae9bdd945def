"""Import and export of whole glossaries, choosing the format from the file name.

`.tbx` (and `.xml`) is TBX-Basic; `.tsv`, `.txt`, `.utf8` and `.tab` are OmegaT's glossary TSV
and `.csv` the same columns as CSV (one target language per file, so `lang` is required); `.toml` is the starter-glossary format.
An import is all or nothing unless `partial` is asked for: the file is parsed completely before
one transaction stores it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.boundary import input_boundary, input_file
from workbench.errors import InputError
from workbench.glossary.model import Concept
from workbench.glossary.store import SaveReport, load_concepts, save_concepts
from workbench.limits import MAX_GLOSSARY_BYTES

TBX_SUFFIXES = (".tbx", ".xml")
TSV_SUFFIXES = (".tsv", ".txt", ".utf8", ".tab", ".csv")


def read_glossary_file(path: Path, *, lang: str | None = None,
                       skipped: list[InputError] | None = None) -> list[Concept]:
    """Parse a glossary file of any supported format (see module doc); with `skipped`, bad
    entries of TBX and TSV files are collected there instead of stopping the import."""
    path = Path(path)
    size = input_file(path).st_size
    if size > MAX_GLOSSARY_BYTES:
        raise InputError(f"glossary file is too large ({size / 2**20:.0f} MB; the limit is "
                         f"{MAX_GLOSSARY_BYTES >> 20} MB)", path=path,
                         hint="split it, or check that it is a glossary")
    with input_boundary(path):
        return _read(path, lang, skipped)


def _read(path: Path, lang: str | None, skipped: list[InputError] | None) -> list[Concept]:
    suffix = path.suffix.lower()
    if suffix in TBX_SUFFIXES:
        from workbench.glossary.io_tbx import read_tbx

        return read_tbx(path, skipped=skipped)
    if suffix in TSV_SUFFIXES:
        if not lang:
            raise InputError("a TSV glossary holds one target language", path=path,
                             hint="say which with --lang sq|fa|ar")
        from workbench.glossary.io_tsv import read_tsv

        return read_tsv(path, lang, skipped=skipped)
    if suffix == ".toml":
        from workbench.glossary.starter import read_toml_glossary

        return read_toml_glossary(path)
    raise InputError(f"unknown glossary format {suffix or '(no extension)'!r}", path=path,
                     hint="use .tbx, .tsv/.txt/.utf8 (OmegaT), .csv or .toml")


def import_glossary(conn: sqlite3.Connection, path: Path, *, lang: str | None = None,
                    partial: bool = False) -> SaveReport:
    """Parse `path` and store its concepts (merging duplicates) in one transaction.

    By default a bad entry stops the import and nothing is stored; with `partial`, the good
    entries are stored and the bad ones listed in the report's `skipped`.
    """
    skipped: list[InputError] | None = [] if partial else None
    concepts = read_glossary_file(path, lang=lang, skipped=skipped)
    report = save_concepts(conn, concepts, origin=str(path))
    report.skipped = [exc.render() for exc in skipped or []]
    return report


OMEGAT_READS = (".txt", ".utf8", ".tab", ".csv", ".tbx")  # OmegaT 3.6 GlossaryManager


def export_glossary(conn: sqlite3.Connection, path: Path, fmt: str, *,
                    lang: str | None = None, forbidden: str = "note") -> int:
    """Write the project glossary as `fmt` ('tbx' or 'tsv'); returns entries/lines written.

    `forbidden` ("note", "omit" or "keep", io_tbx) keeps forbidden renderings out of the
    terms OmegaT offers by default.
    """
    from workbench.glossary.io_tbx import FORBIDDEN_MODES

    if forbidden not in FORBIDDEN_MODES:
        raise InputError(f"unknown choice for forbidden renderings {forbidden!r}",
                         hint=f"use one of {', '.join(FORBIDDEN_MODES)}")
    concepts = load_concepts(conn)
    if fmt == "tbx":
        from workbench.glossary.io_tbx import export_tbx

        return export_tbx(concepts, Path(path), langs=[lang] if lang else None,
                          forbidden=forbidden)
    if fmt == "tsv":
        if not lang:
            raise InputError("a TSV glossary holds one target language",
                             hint="say which with --lang sq|fa|ar")
        from workbench.glossary.io_tsv import export_tsv

        return export_tsv(concepts, Path(path), lang, forbidden=forbidden)
    raise InputError(f"unknown glossary format {fmt!r}", hint="use tbx or tsv")


def omegat_glossary_path(project_dir: Path, lang: str, fmt: str) -> Path:
    """Where a glossary goes in an OmegaT project (the folder holding omegat.project): its
    glossary/ folder, as workbench.<lang>.txt (or .tbx), which OmegaT loads by itself."""
    return project_dir / "glossary" / f"workbench.{lang}.{'tbx' if fmt == 'tbx' else 'txt'}"
