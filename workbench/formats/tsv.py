"""Tab-separated pairs: a header row naming the columns, then one pair per line.

Columns written: source, target, src_lang, tgt_lang, status, origin, document, note, created,
changed. Text uses the backslash escapes of `formats.lines` (\\t, \\n, \\r, \\\\), so a tab or
newline inside a segment cannot break the table.

Read: our header (any subset and order of those columns, source and target required); a header
of two language codes ("en<TAB>fa", as spreadsheet and CAT-tool exports often have); or no
header at all (two columns; languages from --src-lang/--tgt-lang). Languages the file names
win: --tgt-lang then selects the rows of that language, as it selects targets in a TMX.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import InputError
from workbench.formats.lines import escape, read_lines, unescape
from workbench.formats.model import (
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    assumed,
    imported_pair,
    lang_code,
    parse_lang,
    wanted,
)
from workbench.formats.output import output_file
from workbench.limits import MAX_SEGMENT_CHARS, check_segment
from workbench.text.codes import plain_text
from workbench.tm.units import TMPair

COLUMNS = ("source", "target", "src_lang", "tgt_lang", "status", "origin", "document", "note",
           "created", "changed", "created_by", "changed_by")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """One TSV file, one row per pair (a unit with several targets gives several rows)."""
    with output_file(out) as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for unit in units:
            for t in unit.targets:
                row = (plain_text(unit.source, unit.codes), plain_text(t.text, unit.codes), unit.src_lang, t.tag or t.lang, t.status, t.origin,
                       unit.document or "", unit.note or "", t.created_at, t.updated_at,
                       t.created_by or "", t.changed_by or "")
                fh.write("\t".join(escape(v) for v in row) + "\n")
                report.pairs += 1
            report.units += 1
    report.files.append(str(out))


def read_pairs(path: Path, report: ImportReport, *, src_lang: str | None = None,
               tgt_lang: str | None = None,
               max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[TMPair]:
    """Every row with a source and a target."""
    columns: dict[str, int] | None = None
    default_src, default_tgt = src_lang or "en", tgt_lang
    named = False  # the header names the languages
    for number, line in read_lines(path, max_chars=max_chars):
        if not line.strip():
            continue
        cells = line.split("\t")
        if columns is None:
            columns, langs = _header(cells, src_lang or "en")
            if langs:
                (default_src, default_tgt), named = langs, True
            if columns is not None:
                continue
            columns = {"source": 0, "target": 1}
        if len(cells) < 2 or max(columns.values()) >= len(cells):
            raise InputError(f"expected {max(columns.values()) + 1} tab-separated columns, "
                             f"found {len(cells)}", path=path, line=number,
                             hint="separate source and target with a tab")
        values = {name: unescape(cells[i]) for name, i in columns.items()}
        for side in ("source", "target"):
            check_segment(values[side], max_chars, path=path, line=number, what=side)
        src = (parse_lang(values["src_lang"], path=path, line=number) if values.get("src_lang")
               else default_src)
        if values.get("tgt_lang") or named:
            tgt: str | None = parse_lang(values.get("tgt_lang") or default_tgt or "", path=path,
                                         line=number)
            if not wanted(tgt or "", tgt_lang, report):
                continue  # the file names its languages: --tgt-lang picks rows, as in TMX
        else:
            tgt = assumed("target", default_tgt, "--tgt-lang", report)
        if not tgt:
            raise InputError("the target language is not known", path=path, line=number,
                             hint="pass --tgt-lang or add a tgt_lang column")
        yield imported_pair(values["source"], values["target"], src, tgt,
                            origin=values.get("origin"), status=values.get("status"),
                            created=values.get("created"), changed=values.get("changed"),
                            note=values.get("note"), created_by=values.get("created_by"),
                            changed_by=values.get("changed_by"))
    if columns is None:
        raise InputError("empty file: no pairs", path=path)


def _header(cells: list[str], src_lang: str
            ) -> tuple[dict[str, int] | None, tuple[str, str] | None]:
    """The column map and languages a first row declares; (None, None) when it is data.

    A row of two language tags counts as a header only when the first is the source language,
    so a data row of two short words ("Yes<TAB>Po") is not mistaken for one.
    """
    names = [c.strip().lower() for c in cells]
    if "source" in names and "target" in names:
        return {n: i for i, n in enumerate(names) if n in COLUMNS}, None
    if (len(names) == 2 and all(_LANG_TAG.match(n) for n in names)
            and lang_code(names[0]) == src_lang):
        return {"source": 0, "target": 1}, (lang_code(names[0]), lang_code(names[1]))
    return None, None
