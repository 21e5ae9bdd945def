"""JSON Lines: one object per pair, with every piece of metadata we have.

    {"source": "...", "target": "...", "src_lang": "en", "tgt_lang": "fa",
     "status": "approved", "origin": "human", "created": "2026-…Z", "changed": "2026-…Z",
     "document": "Page title", "document_id": 3, "id": "s123", "note": null,
     "created_by": "Ana Hoxha", "changed_by": "Ana Hoxha"}

Written with ensure_ascii off (RTL text stays readable); JSON escapes newlines and control
characters itself. Import needs "source" and "target"; the other keys are optional.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import InputError
from workbench.formats.lines import read_lines
from workbench.formats.model import (
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    assumed,
    imported_pair,
    parse_lang,
    wanted,
)
from workbench.formats.output import output_file
from workbench.limits import MAX_SEGMENT_CHARS, check_segment
from workbench.tm.units import TMPair


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """One object per pair."""
    with output_file(out) as fh:
        for unit in units:
            for t in unit.targets:
                fh.write(json.dumps({
                    "source": unit.source, "target": t.text, "src_lang": unit.src_lang,
                    "tgt_lang": t.tag or t.lang, "status": t.status, "origin": t.origin,
                    "created": t.created_at, "changed": t.updated_at,
                    "document": unit.document, "document_id": unit.document_id,
                    "id": unit.key, "note": t.note or unit.note,
                    "created_by": t.created_by, "changed_by": t.changed_by},
                    ensure_ascii=False) + "\n")
                report.pairs += 1
            report.units += 1
    report.files.append(str(out))


_TEXT_KEYS = ("source", "target")
_OPTIONAL_KEYS = ("src_lang", "tgt_lang", "status", "origin", "created", "changed", "note",
                  "document", "id", "created_by", "changed_by")
_MAX_NUMBER_DIGITS = 40  # a document id has at most 19; anything longer is not ours


def _number(text: str) -> int | float:
    """json's number hook: a 100,000-digit number is refused before int() chokes on it."""
    if len(text) > _MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(text):,} digits")
    return float(text) if any(c in text for c in ".eE") else int(text)


def _loads(line: str, number: int, path: Path) -> object:
    try:
        return json.loads(line, parse_int=_number, parse_float=_number)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path=path,
                         line=number) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", path=path, line=number,
                         hint="each line must be one flat object") from None
    except ValueError as exc:  # from _number
        raise InputError(f"not a pair: {exc}", path=path, line=number) from None


def _fields(obj: object, number: int, path: Path, max_chars: int) -> dict[str, str | None]:
    """The object's text fields, checked: source and target strings, the rest strings or
    null, every string valid Unicode (JSON can spell a lone surrogate, "\\ud800") and the
    segments within the size limit."""
    if not isinstance(obj, dict):
        raise InputError('each line must be an object with "source" and "target" strings',
                         path=path, line=number)
    fields: dict[str, str | None] = {}
    for key in _TEXT_KEYS + _OPTIONAL_KEYS:
        value = obj.get(key)
        if key in _TEXT_KEYS and not isinstance(value, str):
            raise InputError(f'"{key}" must be a string', path=path, line=number,
                             hint='each line must be an object with "source" and "target" '
                                  'strings')
        if value is not None and not isinstance(value, str):
            if key == "id" and isinstance(value, int):
                value = str(value)
            else:
                raise InputError(f'"{key}" must be a string or null, not '
                                 f"{type(value).__name__}", path=path, line=number)
        if isinstance(value, str):
            _check_unicode(value, key, number, path)
            if key in _TEXT_KEYS:
                check_segment(value, max_chars, path=path, line=number, what=key)
        fields[key] = value
    return fields


def _check_unicode(value: str, key: str, number: int, path: Path) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f'"{key}" holds a lone surrogate (U+{ord(value[exc.start]):04X}), '
                         "which is not a character", path=path, line=number,
                         hint="the writer encoded text wrongly; fix it at the source") from None


def read_pairs(path: Path, report: ImportReport, *, src_lang: str | None = None,
               tgt_lang: str | None = None,
               max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[TMPair]:
    """Every object with a source and a target."""
    for number, line in read_lines(path, max_chars=max_chars):
        if not line.strip():
            continue
        obj = _fields(_loads(line, number, path), number, path, max_chars)
        src = parse_lang(obj["src_lang"], path=path, line=number) if obj["src_lang"] \
            else assumed("source", src_lang, "--src-lang", report) or "en"
        if obj["tgt_lang"]:
            tgt: str | None = parse_lang(obj["tgt_lang"], path=path, line=number)
            if not wanted(tgt or "", tgt_lang, report):
                continue
        else:
            tgt = assumed("target", tgt_lang, "--tgt-lang", report)
        if not tgt:
            raise InputError("the target language is not known", path=path, line=number,
                             hint='pass --tgt-lang or add "tgt_lang"')
        yield imported_pair(obj["source"] or "", obj["target"] or "", src, tgt,
                            origin=obj["origin"], status=obj["status"], created=obj["created"],
                            changed=obj["changed"], note=obj["note"],
                            created_by=obj["created_by"], changed_by=obj["changed_by"])
