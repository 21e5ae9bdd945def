"""XLIFF 2.0 export (one file per target language) and XLIFF 1.2/2.0 import.

Export layout: a <file> per document, a <unit> per passage, a <segment> per sentence, state
mapped from our status (draft → initial, translated, reviewed, approved → final) with the exact
status in subState ("wb:draft"). Origin and dates, which core XLIFF has no place for, go in the
Metadata module (<mda:metadata>, one metaGroup per segment) that the schema allows in a unit.
Characters XML 1.0 forbids are kept losslessly as XLIFF 2.0 <cp hex="..."/> code points.

Import reads what CAT tools write: 2.0 (<segment>s in <unit>s) and 1.2 (<trans-unit>, with
Okapi-style <seg-source> <mrk mtype="seg"> segmentation when present). Inline codes are dropped,
paired codes keep their text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO
from xml.etree.ElementTree import Element

from workbench.errors import InputError
from workbench.formats.model import (
    SUBSTATE_PREFIX,
    XLIFF_STATE,
    XLIFF_STATUS,
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    TargetText,
    imported_pair,
    lang_code,
)
from workbench.formats.output import output_file
from workbench.formats.xmlsafe import (
    XmlEvent,
    XmlOut,
    element,
    forbidden_chars,
    iter_xml,
    line_of,
    local,
    start_tag,
    text,
    text_of,
)
from workbench.store.translations import STATUSES
from workbench.text.scripts import is_rtl
from workbench.tm.units import TMPair

NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
VERSIONS = ("1.0", "1.1", "1.2", "2.0", "2.1")
_SKIP_20 = frozenset({"ph", "sc", "ec", "sm", "em"})
_SKIP_12 = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"})
_STATE_12 = {"final": "approved", "signed-off": "approved", "translated": "translated",
             "needs-review-translation": "draft", "needs-review-l10n": "draft",
             "needs-review-adaptation": "draft", "needs-translation": "draft", "new": "draft",
             "needs-adaptation": "draft", "needs-l10n": "draft"}


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
    """The XLIFF file of one target language, written as units arrive.

    Segments are held until their passage ends (a passage is a paragraph: a few sentences),
    because a <unit>'s metadata must come before its segments.
    """

    def __init__(self, fh: TextIO, src_lang: str, lang: str) -> None:
        self.xml = XmlOut(fh)
        self.lang = lang
        self.file_id: str | None = None
        self.unit_id: str | None = None
        self.pending: list[tuple[ExportUnit, TargetText]] = []
        self.xml.write(start_tag("xliff", {"xmlns": NS, "xmlns:mda": MDA_NS, "version": "2.0",
                                           "srcLang": src_lang, "trgLang": lang}))

    def add(self, unit: ExportUnit, target: TargetText) -> None:
        file_id = f"d{unit.document_id}" if unit.document_id is not None else "tm"
        unit_id = f"p{unit.passage_id}" if unit.passage_id is not None else unit.key
        if unit_id != self.unit_id:
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
        if unit.document_path:
            attrs["original"] = unit.document_path
        if is_rtl(self.lang):
            attrs["trgDir"] = "rtl"
        self.xml.write("\n  " + start_tag("file", attrs))
        if unit.document:
            self.xml.write(f'\n    <notes><note category="title">{inline_text(unit.document)}'
                           "</note></notes>")

    def _flush_unit(self) -> None:
        if not self.pending:
            return
        parts = ["\n    ", start_tag("unit", {"id": str(self.unit_id)}), "\n      <mda:metadata>"]
        for unit, t in self.pending:
            parts += ["\n        ", start_tag("mda:metaGroup", {
                "id": unit.key, "category": "workbench", "appliesTo": "target"})]
            parts += [element("mda:meta", value, {"type": name}) for name, value in (
                ("origin", t.origin), ("status", t.status), ("created", t.created_at),
                ("changed", t.updated_at))]
            parts.append("</mda:metaGroup>")
        parts.append("\n      </mda:metadata>")
        note = self.pending[0][0].note
        if note:
            parts.append(f"\n      <notes><note>{inline_text(note)}</note></notes>")
        for unit, t in self.pending:
            parts += ["\n      ", start_tag("segment", {
                "id": unit.key, "state": XLIFF_STATE[t.status],
                "subState": SUBSTATE_PREFIX + t.status}),
                f"\n        <source>{inline_text(unit.source)}</source>",
                f"\n        <target>{inline_text(t.text)}</target>\n      </segment>"]
        parts.append("\n    </unit>")
        self.xml.write("".join(parts))
        self.pending = []

    def close(self) -> None:
        self._flush_unit()
        if self.file_id is not None:
            self.xml.write("\n  </file>")
        self.xml.write("\n</xliff>\n")


def inline_text(value: str) -> str:
    """Escaped text, every character XML cannot carry written as a <cp hex="..."/> element."""
    if not forbidden_chars(value):
        return text(value)
    return "".join(start_tag("cp", {"hex": f"{ord(ch):04X}"}, empty=True)
                   if forbidden_chars(ch) else text(ch) for ch in value)


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """One XLIFF 2.0 file per target language, written in a single pass over the units."""
    paths = output_paths(out, flt.src_lang, flt.targets)
    with ExitStack() as stack:
        files: dict[str, _LangFile] = {}
        for lang, path in paths.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = stack.enter_context(output_file(path))
            files[lang] = _LangFile(fh, flt.src_lang, lang)
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
               tgt_lang: str | None = None) -> Iterator[TMPair]:
    """Every pair with a non-empty target in an XLIFF 1.2 or 2.0 file."""
    version: str | None = None
    langs: list[str | None] = [None, None]
    for event in iter_xml(path, {"unit", "trans-unit"}):
        if version is None:
            version = _check_root(path, event)
            if version.startswith("2"):
                langs = [_lang(event.attrib.get("srcLang")), _lang(event.attrib.get("trgLang"))]
        elif event.kind == "start" and event.name == "file" and version.startswith("1"):
            langs = [_lang(event.attrib.get("source-language")),
                     _lang(event.attrib.get("target-language"))]
        elif event.kind == "element" and event.element is not None:
            # The file's languages win; --tgt-lang then picks files of that language.
            src, tgt = langs[0] or src_lang, langs[1] or tgt_lang
            if not src or not tgt:
                raise InputError("the file does not say its source and target languages",
                                 path=path, line=event.line,
                                 hint="pass --src-lang and --tgt-lang")
            if tgt_lang and lang_code(tgt) != lang_code(tgt_lang):
                continue
            pairs = (_unit_20(path, event.element) if version.startswith("2")
                     else _trans_unit_12(path, event.element))
            for source, target, status, origin, created, changed in pairs:
                yield imported_pair(source, target, src, tgt, origin=origin, status=status,
                                    created=created, changed=changed)


def _lang(value: str | None) -> str | None:
    return lang_code(value) if value else None


def _check_root(path: Path, event: XmlEvent) -> str:
    if event.name != "xliff":
        raise InputError(f"not an XLIFF file (root element <{event.name}>, expected <xliff>)",
                         path=path, line=event.line)
    version = event.attrib.get("version", "")
    if version not in VERSIONS:
        raise InputError(f"unsupported XLIFF version {version!r}", path=path, line=event.line,
                         hint="workbench reads XLIFF 1.2 and 2.0")
    return version


_Pair = tuple[str, str, str, str, str | None, str | None]


def _unit_20(path: Path, unit: Element) -> Iterator[_Pair]:
    meta = _metadata(unit)
    for seg in unit:
        if local(seg.tag) != "segment":
            continue
        source = _child(seg, "source")
        target = _child(seg, "target")
        if source is None:
            raise InputError("<segment> has no <source>", path=path, line=line_of(seg))
        info = meta.get(seg.get("id", ""), {})
        sub = seg.get("subState", "")
        status = sub[len(SUBSTATE_PREFIX):] if sub.startswith(SUBSTATE_PREFIX) else ""
        if status not in STATUSES:
            status = XLIFF_STATUS.get(seg.get("state", ""), "translated")
        origin = info.get("origin", "")
        yield (text_of(source, _SKIP_20, cp="cp"),
               "" if target is None else text_of(target, _SKIP_20, cp="cp"),
               status, origin,
               info.get("created"), info.get("changed"))


def _metadata(unit: Element) -> dict[str, dict[str, str]]:
    """Our per-segment metaGroups (Metadata module), keyed by segment id."""
    found: dict[str, dict[str, str]] = {}
    for group in unit.iter(f"{{{MDA_NS}}}metaGroup"):
        if group.get("category") == "workbench" and group.get("id"):
            found[group.get("id", "")] = {m.get("type", ""): (m.text or "").strip()
                                          for m in group if local(m.tag) == "meta"}
    return found


def _child(elem: Element, name: str) -> Element | None:
    return next((c for c in elem if local(c.tag) == name), None)


def _trans_unit_12(path: Path, tu: Element) -> Iterator[_Pair]:
    source = _child(tu, "source")
    target = _child(tu, "target")
    if source is None:
        raise InputError("<trans-unit> has no <source>", path=path, line=line_of(tu))
    status = _STATE_12.get(target.get("state", "") if target is not None else "", "translated")
    if tu.get("approved") == "yes":
        status = "approved"
    seg_source = _child(tu, "seg-source")
    if seg_source is not None and target is not None:
        src_segs = _mrk_segments(seg_source)
        tgt_segs = _mrk_segments(target)
        if src_segs:
            for mid, text in src_segs.items():
                yield text, tgt_segs.get(mid, ""), status, "tm", None, None
            return
    yield (text_of(source, _SKIP_12), "" if target is None else text_of(target, _SKIP_12),
           status, "tm", None, None)


def _mrk_segments(elem: Element) -> dict[str, str]:
    return {m.get("mid", ""): text_of(m, _SKIP_12) for m in elem.iter()
            if local(m.tag) == "mrk" and m.get("mtype") == "seg"}
