"""JSON Lines: one object per pair, with every piece of metadata we have.

    {"source": "...", "target": "...", "src_lang": "en", "tgt_lang": "fa",
     "status": "approved", "origin": "human", "created": "2026-…Z", "changed": "2026-…Z",
     "document": "Page title", "document_id": 3, "id": "s123", "note": null}

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
    imported_pair,
    lang_code,
)
from workbench.formats.output import output_file
from workbench.tm.units import TMPair


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """One object per pair."""
    with output_file(out) as fh:
        for unit in units:
            for t in unit.targets:
                fh.write(json.dumps({
                    "source": unit.source, "target": t.text, "src_lang": unit.src_lang,
                    "tgt_lang": t.lang, "status": t.status, "origin": t.origin,
                    "created": t.created_at, "changed": t.updated_at,
                    "document": unit.document, "document_id": unit.document_id,
                    "id": unit.key, "note": unit.note}, ensure_ascii=False) + "\n")
                report.pairs += 1
            report.units += 1
    report.files.append(str(out))


def read_pairs(path: Path, report: ImportReport, *, src_lang: str | None = None,
               tgt_lang: str | None = None) -> Iterator[TMPair]:
    """Every object with a source and a target."""
    for number, line in read_lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path=path,
                             line=number) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("source"), str) \
                or not isinstance(obj.get("target"), str):
            raise InputError('each line must be an object with "source" and "target" strings',
                             path=path, line=number)
        src = obj.get("src_lang") or src_lang or "en"
        tgt = obj.get("tgt_lang") or tgt_lang
        if tgt and tgt_lang and lang_code(tgt) != lang_code(tgt_lang):
            continue  # --tgt-lang picks the pairs of one language, as in TMX
        if not tgt:
            raise InputError("the target language is not known", path=path, line=number,
                             hint='pass --tgt-lang or add "tgt_lang"')
        yield imported_pair(obj["source"], obj["target"], src, tgt, origin=obj.get("origin"),
                            status=obj.get("status"), created=obj.get("created"),
                            changed=obj.get("changed"), note=obj.get("note"))
