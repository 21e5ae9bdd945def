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

import re
import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.glossary.model import SOURCE_LANG, Concept, parse_dnt, slugify
from workbench.glossary.store import SaveReport, save_concepts
from workbench.limits import MAX_TERM_CHARS
from workbench.resources import starter_glossary_files

_SUFFIXES = {"_variants": "variants", "_acronyms": "acronyms", "_forbidden": "forbidden"}
_PLAIN_KEYS = {"id", "domain", "note", "dnt"}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and line breaks are fine


def read_toml_glossary(path: Path | Traversable) -> list[Concept]:
    """Parse one glossary TOML file (layout in the module doc); InputError names the entry.

    The shape is checked before anything is used: `concept` must be an array of tables and
    every value a string (or a list of strings), so `concept = 5`, `concept = [1, 2]` or an
    array nested a thousand deep is a clear error, not a crash.
    """
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", path=where) from None
    except RecursionError:
        raise InputError("invalid TOML: arrays or tables nested too deeply", path=where) from None
    default_domain = _string(data.get("domain", ""), "domain", where)
    entries = data.get("concept", [])
    if not isinstance(entries, list):
        raise InputError(f"'concept' must be an array of tables ([[concept]]), not "
                         f"{_kind(entries)}", path=where, hint="see glossary/*.toml")
    concepts = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise InputError(f"[[concept]] #{number} must be a table, not {_kind(entry)}",
                             path=where, hint="write each concept as a [[concept]] table")
        concepts.append(_concept_from_entry(entry, default_domain, where, number))
    return concepts


def _kind(value: object) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)


def _string(value: object, key: str, path: str, where: str = "") -> str:
    """A text value, checked: a string without control characters, of a sane length."""
    if not isinstance(value, str):
        raise InputError(f"{where}{key} must be a string, not {_kind(value)}", path=path)
    bad = _CONTROL.search(value)
    if bad:
        raise InputError(f"{where}{key} holds the control character U+{ord(bad.group()):04X}",
                         path=path)
    if len(value) > MAX_TERM_CHARS and key != "note":
        raise InputError(f"{where}{key} is {len(value):,} characters long (the limit is "
                         f"{MAX_TERM_CHARS:,})", path=path)
    return value


def _concept_from_entry(entry: dict[str, Any], domain: str, path: str, number: int) -> Concept:
    where = f"[[concept]] #{number}"
    english = entry.get(SOURCE_LANG)
    if not isinstance(english, str) or not english.strip():
        raise InputError(f"{where} has no English term (key 'en')", path=path)
    where = f"{where} ({_string(english, SOURCE_LANG, path, f'{where}: ')}): "
    dnt = entry.get("dnt")
    if dnt is not None and not isinstance(dnt, bool | str) and not (
            isinstance(dnt, list) and all(isinstance(v, str) for v in dnt)):
        raise InputError(f"{where}dnt must be true, a string or a list of language codes",
                         path=path)
    concept = Concept(_string(entry.get("id") or slugify(english), "id", path, where),
                      do_not_translate=parse_dnt(dnt),
                      note=_string(entry.get("note", ""), "note", path, where),
                      domain=_string(entry.get("domain", domain), "domain", path, where))
    for key, value in entry.items():
        if key in _PLAIN_KEYS:
            continue
        lang, attr = key, "preferred"
        for suffix, name in _SUFFIXES.items():
            if key.endswith(suffix):
                lang, attr = key.removesuffix(suffix), name
        if not lang.isalpha() or len(lang) > 3:
            raise InputError(f"{where}unknown key {key!r}", path=path,
                             hint="use <lang>, <lang>_variants, <lang>_acronyms, <lang>_forbidden")
        if attr == "preferred":
            if not isinstance(value, str):
                raise InputError(f"{where}{key} must be one string", path=path)
            concept.lang(lang).preferred = _string(value, key, path, where)
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{where}{key} must be a list of strings", path=path)
            getattr(concept.lang(lang), attr).extend(_string(v, key, path, where)
                                                     for v in value)
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
