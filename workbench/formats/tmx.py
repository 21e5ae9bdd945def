"""TMX 1.4b: one <tu> per source sentence, one <tuv xml:lang> per language.

Written: the header every TMX reader checks (creationtool, creationtoolversion, segtype,
o-tmf, adminlang, srclang, datatype), TMX dates (YYYYMMDDThhmmssZ), and our metadata as
<prop>s that memoQ and Okapi keep: x-document on the <tu>; x-status and x-origin on each
target <tuv>. Characters XML 1.0 forbids are dropped and reported.

Read: TMX 1.1–1.4, including what OmegaT writes (older files use <tuv lang>, uppercase regional
tags, a DOCTYPE line, header srclang "*all*" is possible) and what memoQ writes (x-document,
`aligned` props, regional tags).

Inline codes (`formats.inline`): a segment's codes are written as <bpt>/<ept> (a whole pair),
<it> (half a pair, or one crossing another) and <ph> (standalone; protected URLs and handles as
type="x-url" etc. with their text), `x` being the code's number in source and targets alike.
Read back, <bpt>, <ept>, <it>, <ph> and <ut> become code characters again and the target's are
matched to the source's; <hi> is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from workbench import __version__
from workbench.errors import InputError
from workbench.formats.inline import CodeReader, align, tmx_inline
from workbench.formats.model import (
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    imported_pair,
    lang_code,
    parse_lang,
    wanted,
)
from workbench.formats.output import output_file
from workbench.formats.xmlsafe import (
    XML_LANG,
    XmlEvent,
    XmlOut,
    clean,
    element,
    iter_xml,
    line_of,
    local,
    start_tag,
    text,
    text_of,
)
from workbench.limits import MAX_SEGMENT_CHARS, check_segment
from workbench.store.db import now
from workbench.store.translations import STATUSES
from workbench.text.codes import CodeTable
from workbench.tm.units import TMPair

VERSIONS = ("1.1", "1.2", "1.3", "1.4", "1.4b")
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")


def tmx_date(iso: str) -> str:
    """'2026-11-25T14:30:08Z' → '20261125T143008Z' (the only date form TMX allows)."""
    return iso.replace("-", "").replace(":", "")


def iso_date(value: str | None) -> str | None:
    """TMX date → our ISO form; None for missing or malformed dates (they are metadata)."""
    m = _TMX_DATE.match(value or "")
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """Write one TMX file with every unit (multilingual when there are several targets)."""
    with output_file(out) as fh:
        xml = XmlOut(fh)
        header = start_tag("header", {
            "creationtool": "workbench", "creationtoolversion": __version__,
            "segtype": "sentence", "o-tmf": "workbench", "adminlang": "en",
            "srclang": flt.src_lang, "datatype": "plaintext", "creationdate": tmx_date(now())},
            empty=True)
        xml.write(f'<tmx version="1.4">\n  {header}\n  <body>\n')
        for unit in units:
            xml.write(_tu(unit, report))
        xml.write("  </body>\n</tmx>\n")
    report.files.append(str(out))


def _text(unit: ExportUnit, where: str, value: str, report: ExportReport) -> str:
    cleaned, removed = clean(value)
    if removed:
        report.stripped.append((unit.key, where, removed))
    return cleaned


def seg_content(value: str, codes: CodeTable) -> str:
    """The markup of a <seg>'s content for a segment's text: the one place TMX export turns
    text into XML, so inline codes (<bpt>/<ept>/<it>/<ph>, `formats.inline`) are written
    here."""
    return tmx_inline(value, codes)


def _tu(unit: ExportUnit, report: ExportReport) -> str:
    """One <tu>: notes and document prop, the source <tuv>, a <tuv> per target.

    Who created and last changed each translation goes in creationid/changeid (as OmegaT and
    Trados write them); the <tu> carries the first creator and the last changer.
    """
    created = min(unit.targets, key=lambda t: t.created_at)
    changed = max(unit.targets, key=lambda t: t.updated_at)
    parts = ["    ", start_tag("tu", _dated({"tuid": unit.key}, created.created_at,
                                            changed.updated_at, created.created_by,
                                            changed.changed_by))]
    if unit.note:
        parts += ["\n      ", element("note", _text(unit, "note", unit.note, report))]
    if unit.document:
        parts += ['\n      <prop type="x-document">',
                  text(_text(unit, "document", unit.document, report)), "</prop>"]
    parts += ["\n      ", start_tag("tuv", {"xml:lang": unit.src_lang}), "<seg>",
              seg_content(_text(unit, "source", unit.source, report), unit.codes),
              "</seg></tuv>"]
    for t in unit.targets:
        attrs = _dated({"xml:lang": t.tag or t.lang}, t.created_at, t.updated_at,
                       t.created_by, t.changed_by)
        parts += ["\n      ", start_tag("tuv", attrs)]
        if t.note:
            parts.append(element("note", _text(unit, f"{t.lang} note", t.note, report)))
        parts += [element("prop", t.status, {"type": "x-status"}),
                  element("prop", t.origin, {"type": "x-origin"}),
                  element("prop", "yes", {"type": "x-locked"}) if t.locked else "",
                  "<seg>", seg_content(_text(unit, t.lang, t.text, report), unit.codes),
                  "</seg></tuv>"]
        report.pairs += 1
    parts.append("\n    </tu>\n")
    report.units += 1
    return "".join(parts)


def _dated(attrs: dict[str, str], created: str, changed: str, created_by: str | None,
           changed_by: str | None) -> dict[str, str]:
    """`attrs` with TMX dates and, when known, who created and changed the text."""
    if created:
        attrs["creationdate"] = tmx_date(created)
    if created_by:
        attrs["creationid"] = created_by
    if changed:
        attrs["changedate"] = tmx_date(changed)
    if changed_by:
        attrs["changeid"] = changed_by
    return attrs


def read_pairs(path: Path, report: ImportReport, *, src_lang: str | None = None,
               tgt_lang: str | None = None,
               max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[TMPair]:
    """Every source→target pair of a TMX file (a multilingual <tu> gives one per target).

    The source language is --src-lang when given, else the <tu>'s srclang, else the header's,
    else English. Every <tuv> in another language is a pair, regional variants included
    (es, es-AR and es-BO are three pairs into es, each keeping its tag); a <tuv> in a variant
    of the source language (en-GB beside en-US) is not a translation and is counted apart.
    """
    header_src: str | None = None
    seen_root = False
    for event in iter_xml(path, {"tu"}, max_chars=max_chars):
        if not seen_root:
            _check_root(path, event)
            seen_root = True
        elif event.kind == "start" and event.name == "header":
            header_src = _srclang(event.attrib.get("srclang"), path, event.line)
        elif event.kind == "element" and event.element is not None:
            tu = event.element
            src = src_lang or _srclang(tu.get("srclang"), path, line_of(tu)) or header_src \
                or "en"
            yield from _tu_pairs(path, tu, src, tgt_lang, report, max_chars)


def _srclang(value: str | None, path: Path, line: int | None) -> str | None:
    if not value or value.strip() in ("", "*all*"):
        return None
    return parse_lang(value, path=path, line=line)


def _check_root(path: Path, event: XmlEvent) -> None:
    if event.name != "tmx":
        raise InputError(f"not a TMX file (root element <{event.name}>, expected <tmx>)",
                         path=path, line=event.line)
    version = event.attrib.get("version")
    if version not in VERSIONS:
        raise InputError(f"unsupported TMX version {version!r}", path=path, line=event.line,
                         hint="workbench reads TMX 1.1 to 1.4b")


def _props(elem: Element) -> dict[str, str]:
    return {p.get("type", ""): (p.text or "").strip()
            for p in elem if local(p.tag) == "prop"}


def _notes(elem: Element) -> list[str]:
    return [(n.text or "").strip() for n in elem if local(n.tag) == "note"]


class _Tuv:
    """One <tuv>, read: its tag, text and element."""

    def __init__(self, path: Path, tuv: Element, max_chars: int) -> None:
        lang = tuv.get(XML_LANG) or tuv.get("lang")  # TMX 1.1 / old OmegaT: plain `lang`
        if not lang or not lang.strip():
            raise InputError("<tuv> has no xml:lang", path=path, line=line_of(tuv),
                             hint="every <tuv> must name its language")
        self.tag = parse_lang(lang, path=path, line=line_of(tuv))
        self.base = lang_code(self.tag)
        seg = next((s for s in tuv if local(s.tag) == "seg"), None)
        if seg is None:
            raise InputError("<tuv> has no <seg>", path=path, line=line_of(tuv))
        self.codes = CodeReader()  # inline codes kept as code characters (formats.inline)
        self.text = check_segment(text_of(seg, self.codes.tmx), max_chars, path=path,
                                  line=line_of(seg))
        self.elem = tuv


def _source(tuvs: list[_Tuv], src: str) -> _Tuv | None:
    """The source <tuv>: the one tagged exactly `src`, else the first in its base language."""
    exact = [t for t in tuvs if t.tag.lower().replace("_", "-") == src.lower().replace("_", "-")]
    return next(iter(exact), None) or next((t for t in tuvs if t.base == lang_code(src)), None)


def _tu_pairs(path: Path, tu: Element, src_lang: str, tgt_lang: str | None,
              report: ImportReport, max_chars: int) -> Iterator[TMPair]:
    tuvs = [_Tuv(path, e, max_chars) for e in tu if local(e.tag) == "tuv"]
    source = _source(tuvs, src_lang)
    if source is None or not source.text.strip():
        report.no_source += 1
        return
    others = [t for t in tuvs if t is not source]
    targets = [t for t in others if t.base != source.base]
    if not targets:
        if others:
            report.same_language += len(others)
        else:
            report.empty += 1
        return
    report.same_language += len(others) - len(targets)
    tu_props, tu_notes = _props(tu), _notes(tu)
    seen: set[tuple[str, str]] = set()
    for t in targets:
        if (t.tag.lower(), t.text) in seen:  # the same text twice under one tag
            continue
        seen.add((t.tag.lower(), t.text))
        if not wanted(t.base, tgt_lang, report):
            continue
        props = {**tu_props, **_props(t.elem)}
        origin = props.get("x-origin") or ("aligned" if props.get("aligned") == "yes"  # memoQ
                                           else None)
        status, status_note = tmx_status(props.get("x-status"))
        # A TM unit cannot be locked: a segment locked where the file was written keeps the
        # fact in its note (the pair stays usable as a match).
        locked = LOCKED_NOTE if props.get("x-locked") == "yes" else ""
        notes = [*tu_notes, *_notes(t.elem), status_note, locked]
        src_text, tgt_text, _ = align(source.text, source.codes, t.text, t.codes)
        yield imported_pair(
            src_text, tgt_text or "", source.tag, t.tag, origin=origin, status=status,
            created=iso_date(t.elem.get("creationdate")) or iso_date(tu.get("creationdate")),
            changed=iso_date(t.elem.get("changedate")) or iso_date(tu.get("changedate")),
            note="\n".join(dict.fromkeys(n for n in notes if n)),
            created_by=t.elem.get("creationid") or tu.get("creationid"),
            changed_by=t.elem.get("changeid") or tu.get("changeid"))


LOCKED_NOTE = "locked (do not translate) in the exported project"


def tmx_status(value: str | None) -> tuple[str | None, str]:
    """(our status, a note) for an x-status prop: ours map to themselves; another tool's value
    is kept as a note and the pair counts as translated (TMX holds finished translations)."""
    if value is None or value in STATUSES:
        return value, ""
    return None, f"x-status: {value}"
