"""One call for every export the workbench offers (the TUI's export dialog): TMX, XLIFF, TSV,
Moses and JSONL through `formats.service.export_pairs`, the translated html/text edition
through `formats.document.export_editions` — the same code as `workbench export`, with its
defaults (confirmed translations only; XLIFF 2.0). Returns the one line the user reads."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.progress import ProgressFn

if TYPE_CHECKING:
    from workbench.project import Project

PAIR_FORMATS = ("tmx", "xliff", "tsv", "moses", "jsonl")
EDITION_FORMATS = ("html", "text")
FORMATS = PAIR_FORMATS + EDITION_FORMATS


def export(project: Project, fmt: str, langs: Sequence[str], out: Path, *,
           doc_id: int | None = None, keep_untranslated: bool = False,
           progress: ProgressFn | None = None) -> str:
    """Write `fmt` for `langs` to `out` (a file, or a folder for editions and Moses); a
    WorkbenchError says what was wrong (an empty selection, a folder that cannot be made)."""
    from workbench.errors import InputError

    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint=f"one of {', '.join(FORMATS)}")
    langs = tuple(dict.fromkeys(langs))
    if not langs:
        raise InputError("no target language to export", hint="e.g. fa, or sq,fa,ar")
    settings = project.settings
    if fmt in EDITION_FORMATS:
        from workbench.formats.document import export_editions

        out.mkdir(parents=True, exist_ok=True)
        editions = export_editions(project.db, out, fmt=fmt, langs=langs, doc_id=doc_id,
                                   src_lang=settings.source_lang,
                                   untranslated="source" if keep_untranslated else "refuse")
        return (f"Exported {editions.documents} edition(s) as {fmt} ({editions.segments} "
                f"segments) to {out}")
    from workbench.formats.model import ExportFilter
    from workbench.formats.service import export_pairs

    flt = ExportFilter(targets=langs, src_lang=settings.source_lang, doc_id=doc_id,
                       translator=settings.translator)
    report = export_pairs(project.db, flt, fmt, out, progress=progress)
    where = ", ".join(str(p) for p in report.files[:3]) + (" …" if len(report.files) > 3
                                                           else "")
    return f"Exported {report.pairs} pair(s) as {fmt} to {where or out}"
