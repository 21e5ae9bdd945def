"""XLIFF export (one file per target language; 2.0 here, 1.2 in `xliff12`) and import-tm.

2.0 layout: a <file> per document (original = its file name or URL, never a local path), a
<unit> per passage, a <segment> per sentence (id "s<segment id>", what `import-xliff` matches
a returned file by), state mapped from our status (new, draft → initial, translated, reviewed,
approved → final) with the exact status in subState ("wb:draft"). Origin, dates and who
created and changed each translation, which core XLIFF has no place for, go in the Metadata
module (<mda:metadata>: per segment in its unit; the document id, version and export date
per <file>). A translator's note is a unit <note id="n-s<id>" appliesTo="target">; a segment
locked in the language has the metadata entry locked=yes (2.0 has translate="no" only per
unit, and a unit is a whole passage). Characters
XML 1.0 forbids are kept losslessly as XLIFF 2.0 <cp hex="..."/> code points.

A hand-off export (`all_segments`) has every segment: untranslated ones at state initial
(subState wb:new) with an empty target or a copy of the source. Inline codes are written as
<pc>, <sc>/<ec> and <ph> with their markup in the unit's <originalData> (`formats.inline`).

Reading (both versions, Trados and memoQ flavours, codes included) is `xliff_read`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Protocol, TextIO

from workbench.errors import InputError, WorkbenchError
from workbench.formats.inline import original_data, xliff20_inline
from workbench.formats.model import (
    SUBSTATE_PREFIX,
    XLIFF_STATE,
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    TargetText,
    assumed,
    imported_pair,
    wanted,
)
from workbench.formats.output import output_file
from workbench.formats.xliff_read import MDA_NS, NS_20, iter_segments
from workbench.formats.xmlsafe import (
    XmlOut,
    element,
    forbidden_chars,
    start_tag,
    text,
)
from workbench.limits import MAX_SEGMENT_CHARS
from workbench.store.db import now
from workbench.text.scripts import is_rtl
from workbench.tm.units import TMPair

NS = NS_20
VERSIONS_WRITTEN = ("2.0", "1.2")


def output_paths(out: Path, src_lang: str, targets: tuple[str, ...]) -> dict[str, Path]:
    """Where each language's file goes.

    `-o` containing "{lang}" is a pattern (`out/site.{lang}.xlf`); an existing directory gets
    `export.en-sq.xlf` etc.; a file name with several targets gets the language inserted before
    its suffix (`site.xlf` → `site.sq.xlf`); one target writes exactly the file named.
    """
    if "{lang}" in str(out):
        return {lang: Path(str(out).replace("{lang}", lang)) for lang in targets}
    if out.is_dir():
        return {lang: out / f"export.{src_lang}-{lang}.xlf" for lang in targets}
    if len(targets) == 1:
        return {targets[0]: out}
    return {lang: out.with_name(f"{out.stem}.{lang}{out.suffix or '.xlf'}") for lang in targets}


class _LangFile:
    """The XLIFF 2.0 file of one target language, written as units arrive.

    Segments are held until their passage ends (a passage is a paragraph: a few sentences),
    because a <unit>'s metadata and notes must come before its segments.
    """

    def __init__(self, fh: TextIO, flt: ExportFilter, lang: str) -> None:
        self.xml = XmlOut(fh)
        self.lang = lang
        self.stamp = now()
        self.file_id: str | None = None
        self.unit_id: str | None = None
        self.pending: list[tuple[ExportUnit, TargetText]] = []
        self.xml.write(start_tag("xliff", {"xmlns": NS, "xmlns:mda": MDA_NS, "version": "2.0",
                                           "srcLang": flt.src_lang, "trgLang": lang}))

    def add(self, unit: ExportUnit, target: TargetText) -> None:
        file_id = f"d{unit.document_id}" if unit.document_id is not None else "tm"
        unit_id = f"p{unit.passage_id}" if unit.passage_id is not None else unit.key
        if unit_id != self.unit_id or file_id != self.file_id:
            self._flush_unit()
        if file_id != self.file_id:
            self._start_file(file_id, unit)
        self.unit_id = unit_id
        self.pending.append((unit, target))

    def _start_file(self, file_id: str, unit: ExportUnit) -> None:
        if self.file_id is not None:
            self.xml.write("\n  </file>")
        self.file_id = file_id
        attrs = {"id": file_id}
        if unit.document_name:
            attrs["original"] = unit.document_name
        if is_rtl(self.lang):
            attrs["trgDir"] = "rtl"
        self.xml.write("\n  " + start_tag("file", attrs))
        if unit.document_id is not None:
            self.xml.write("\n    <mda:metadata>" + _meta_group(
                f"{file_id}-export", "workbench", (
                    ("document", str(unit.document_id)),
                    ("version", str(unit.document_version or "")),
                    ("exported", self.stamp))) + "</mda:metadata>")
        if unit.document:
            self.xml.write(f'\n    <notes><note category="title">{inline_text(unit.document)}'
                           "</note></notes>")

    def _flush_unit(self) -> None:
        if not self.pending:
            return
        parts = ["\n    ", start_tag("unit", {"id": str(self.unit_id)}), "\n      <mda:metadata>"]
        for unit, t in self.pending:
            parts += ["\n        ", _meta_group(unit.key, "workbench", (
                ("origin", t.origin), ("status", t.status), ("created", t.created_at),
                ("changed", t.updated_at), ("created_by", t.created_by or ""),
                ("changed_by", t.changed_by or ""), ("locked", "yes" if t.locked else "")),
                applies_to="target")]
        parts.append("\n      </mda:metadata>")
        notes = [f"<note>{inline_text(self.pending[0][0].note)}</note>"
                 if self.pending[0][0].note else ""]
        notes += [f'<note id="n-{unit.key}" appliesTo="target" category="translator">'
                  f"{inline_text(t.note)}</note>" for unit, t in self.pending if t.note]
        if any(notes):
            parts.append(f"\n      <notes>{''.join(notes)}</notes>")
        data: dict[str, str] = {}  # the markup of the codes of every segment of the unit
        segments = []
        for unit, t in self.pending:
            prefix = f"{unit.key}-"
            segments += ["\n      ", start_tag("segment", {
                "id": unit.key, "state": XLIFF_STATE[t.status],
                "subState": SUBSTATE_PREFIX + t.status}),
                "\n        <source>"
                f"{xliff20_inline(unit.source, unit.codes, prefix, data, inline_text)}</source>",
                "\n        <target>"
                f"{xliff20_inline(t.text, unit.codes, prefix, data, inline_text)}</target>"
                "\n      </segment>"]
        if data:
            parts.append("\n      " + original_data(data, inline_text))
        parts += segments
        parts.append("\n    </unit>")
        self.xml.write("".join(parts))
        self.pending = []

    def close(self) -> None:
        self._flush_unit()
        if self.file_id is not None:
            self.xml.write("\n  </file>")
        self.xml.write("\n</xliff>\n")


def _meta_group(group_id: str, category: str, values: tuple[tuple[str, str], ...], *,
                applies_to: str | None = None) -> str:
    """A Metadata-module <mda:metaGroup> of the non-empty values."""
    attrs = {"id": group_id, "category": category}
    if applies_to:
        attrs["appliesTo"] = applies_to
    return start_tag("mda:metaGroup", attrs) + "".join(
        element("mda:meta", value, {"type": name}) for name, value in values if value
    ) + "</mda:metaGroup>"


def inline_text(value: str) -> str:
    """The markup of XLIFF 2.0 <source>/<target> content for a segment's text: the one place
    the 2.0 export turns text into XML (`formats.inline.xliff20_inline` writes the inline
    codes around the runs it gives). Every
    character XML cannot carry is written as a <cp hex="..."/> element."""
    if not forbidden_chars(value):
        return text(value)
    return "".join(start_tag("cp", {"hex": f"{ord(ch):04X}"}, empty=True)
                   if forbidden_chars(ch) else text(ch) for ch in value)


class LangWriter(Protocol):
    """One target language's XLIFF file being written (2.0 here, 1.2 in `xliff12`)."""

    file_id: str | None

    def add(self, unit: ExportUnit, target: TargetText) -> None: ...

    def close(self) -> None: ...


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """One XLIFF file per target language (2.0, or 1.2 with `flt.xliff_version`), written in
    a single pass over the units."""
    from workbench.formats.xliff12 import Xliff12File

    if flt.xliff_version not in VERSIONS_WRITTEN:
        raise WorkbenchError(f"unknown XLIFF version {flt.xliff_version!r}",
                             hint=f"use one of {', '.join(VERSIONS_WRITTEN)}")
    paths = output_paths(out, flt.src_lang, flt.targets)
    with ExitStack() as stack:
        files: dict[str, LangWriter] = {}
        for lang, path in paths.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = stack.enter_context(output_file(path))
            files[lang] = (Xliff12File(fh, flt, lang, report) if flt.xliff_version == "1.2"
                           else _LangFile(fh, flt, lang))
        for unit in units:
            for t in unit.targets:
                files[t.lang].add(unit, t)
                report.pairs += 1
            report.units += 1
        empty = [lang for lang, f in files.items() if f.file_id is None]
        for f in files.values():
            f.close()
    for lang in empty:  # <xliff> needs at least one <file>: a language with no pairs gets none
        paths[lang].unlink()
    report.files.extend(str(p) for lang, p in paths.items() if lang not in empty)


def read_pairs(path: Path, report: ImportReport, *, src_lang: str | None = None,
               tgt_lang: str | None = None,
               max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[TMPair]:
    """Every segment of an XLIFF 1.x or 2.0 file as a pair (see `xliff_read`).

    The file's languages win: --tgt-lang then selects the <file>s of that language (the others
    are counted as left out); for a file that does not name its languages, --src-lang and
    --tgt-lang name them.
    """
    for seg in iter_segments(path, max_chars=max_chars):
        src = seg.file.src_lang or assumed("source", src_lang, "--src-lang", report)
        if seg.file.tgt_lang:
            tgt: str | None = seg.file.tgt_lang
            if not wanted(seg.file.tgt_lang, tgt_lang, report):
                continue
        else:
            tgt = assumed("target", tgt_lang, "--tgt-lang", report)
        if not src or not tgt:
            raise InputError("the file does not say its source and target languages",
                             path=path, line=seg.line or seg.file.line or None,
                             hint="pass --src-lang and --tgt-lang")
        yield imported_pair(seg.source, seg.target or "", src, tgt, origin=seg.origin,
                            status=seg.status, created=seg.created, changed=seg.changed,
                            note=seg.note, created_by=seg.created_by,
                            changed_by=seg.changed_by)
