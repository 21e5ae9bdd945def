"""The starter glossary shipped in the package (workbench/data/glossary/*.toml), installed into every new project.

The files are TOML, one per concept group (people, organisations, places): plain text a
reviewer reads and diffs line by line, comments allowed, parsed by the standard library
(tomllib), and every field is a flat key so a changed rendering is a one-line diff. Layout:

    domain = "person"            # default domain for the file
    [[concept]]
    id = "maryam-rajavi"         # optional: derived from `en`
    en = "Maryam Rajavi"         # English preferred form (required)
    en_variants = ["Mrs Rajavi"] # also: en_acronyms
    sq = "Maryam Rajavi"         # approved rendering per language; then <lang>_variants,
    fa = "مریم رجوی"             #   <lang>_acronyms, <lang>_forbidden
    fa_forbidden = ["مريم رجوي"]
    dnt = "sq"                   # kept as-is in: "*" (all), "sq,fa", true
    note = "..."
"""

from __future__ import annotations

import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.glossary.model import SOURCE_LANG, Concept, parse_dnt, slugify
from workbench.glossary.store import SaveReport, save_concepts
from workbench.resources import starter_glossary_files

_SUFFIXES = {"_variants": "variants", "_acronyms": "acronyms", "_forbidden": "forbidden"}
_PLAIN_KEYS = {"id", "domain", "note", "dnt"}


def read_toml_glossary(path: Path | Traversable) -> list[Concept]:
    """Parse one glossary TOML file (layout in the module doc); InputError names the entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", path=str(path)) from None
    default_domain = str(data.get("domain", ""))
    concepts = []
    for number, entry in enumerate(data.get("concept", []), start=1):
        concepts.append(_concept_from_entry(entry, default_domain, str(path), number))
    return concepts


def _concept_from_entry(entry: dict[str, Any], domain: str, path: str, number: int) -> Concept:
    where = f"[[concept]] #{number}"
    english = entry.get(SOURCE_LANG)
    if not isinstance(english, str) or not english.strip():
        raise InputError(f"{where} has no English term (key 'en')", path=path)
    concept = Concept(str(entry.get("id") or slugify(english)),
                      do_not_translate=parse_dnt(entry.get("dnt")),
                      note=str(entry.get("note", "")), domain=str(entry.get("domain", domain)))
    for key, value in entry.items():
        if key in _PLAIN_KEYS:
            continue
        lang, attr = key, "preferred"
        for suffix, name in _SUFFIXES.items():
            if key.endswith(suffix):
                lang, attr = key.removesuffix(suffix), name
        if not lang.isalpha() or len(lang) > 3:
            raise InputError(f"{where} ({english}): unknown key {key!r}", path=path,
                             hint="use <lang>, <lang>_variants, <lang>_acronyms, <lang>_forbidden")
        if attr == "preferred":
            if not isinstance(value, str):
                raise InputError(f"{where} ({english}): {key} must be one string", path=path)
            concept.lang(lang).preferred = value
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{where} ({english}): {key} must be a list of strings",
                                 path=path)
            getattr(concept.lang(lang), attr).extend(value)
    return concept


def read_starter(folder: Path | None = None) -> list[Concept]:
    """Every concept of the starter files (the bundled ones unless `folder` is given), in file
    order."""
    files = sorted(folder.glob("*.toml")) if folder else starter_glossary_files()
    concepts: list[Concept] = []
    for path in files:
        concepts.extend(read_toml_glossary(path))
    return concepts


def install_starter_glossary(project: Any, folder: Path | None = None) -> int:
    """Import the starter glossary into `project`; returns the number of concepts added."""
    report: SaveReport = save_concepts(project.db, read_starter(folder), origin="starter")
    return report.added
