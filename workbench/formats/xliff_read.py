"""Reading XLIFF 1.1/1.2 (with Trados .sdlxliff and memoQ .mqxliff extensions) and 2.0.

One parser serves both `import-tm` (pairs into the TM) and `import-xliff` (a returned
hand-off file back into the project's segments): `iter_segments` yields every segment with
its unit id, text, status and the metadata the writing tool left.

Status mapping (the file's value → ours; what does not map exactly is kept in `foreign`,
which becomes a note, so nothing is dropped):

| format | value | ours |
|---|---|---|
| XLIFF 1.2 `<target state>` | `new`, `needs-translation` | draft (empty target: untranslated) |
| | `needs-adaptation`, `needs-l10n`, `needs-review-*` | draft |
| | `translated` | translated |
| | `signed-off` | reviewed |
| | `final`, or `approved="yes"` on the unit | approved |
| | none | translated (a target without state is a finished translation) |
| | `x-…` or anything else | translated, value kept |
| XLIFF 2.0 `<segment state>` | `initial` | draft (empty target: untranslated) |
| | `translated`, `reviewed` | translated, reviewed |
| | `final` | approved |
| | `subState="wb:…"` (ours) | exactly that status |
| Trados `<sdl:seg conf>` | none (Not Translated) | draft (empty target: untranslated) |
| | `Draft` | draft |
| | `Translated` | translated |
| | `RejectedTranslation`, `RejectedSignOff` | draft, value kept |
| | `ApprovedTranslation` | reviewed |
| | `ApprovedSignOff` | approved |
| memoQ `mq:status` | `NotStarted`, `PartiallyEdited`, `Edited`, `Pretranslated`, `MachineTranslated`, `AssembledFromFragments` | draft |
| | `ManuallyConfirmed`, `TranslatorConfirmed`, `Confirmed` | translated |
| | `Reviewer1Confirmed`, `Proofread` | reviewed |
| | `Reviewer2Confirmed` | approved |
| | `Rejected` | draft, value kept |

Tracked changes are applied as accepted: a Trados `<mrk mtype="x-sdl-deleted">` or memoQ
`<mrk mtype="x-mq-tc" mq:tctype="del">` is not text (the deletion stands), an insertion is.
Inline codes become code characters, the target's matched to the source's
(`formats.inline`); see `inline_12` / `inline_20`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from workbench.errors import InputError
from workbench.formats.inline import CodeReader, align
from workbench.formats.model import SUBSTATE_PREFIX, XLIFF_STATUS, parse_lang
from workbench.formats.xmlsafe import (
    Inline,
    XmlEvent,
    iter_xml,
    line_of,
    local,
    text_of,
)
from workbench.limits import MAX_SEGMENT_CHARS, check_segment
from workbench.store.translations import STATUSES
from workbench.text.codes import without_codes

NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ_NS = "MQXliff"
VERSIONS = ("1.0", "1.1", "1.2", "2.0", "2.1")
_NS_VERSION = re.compile(r"^urn:oasis:names:tc:xliff:document:(\d\.\d)$")

STATE_12 = {"new": "draft", "needs-translation": "draft", "needs-adaptation": "draft",
            "needs-l10n": "draft", "needs-review-adaptation": "draft",
            "needs-review-l10n": "draft", "needs-review-translation": "draft",
            "translated": "translated", "signed-off": "reviewed", "final": "approved"}
TRADOS_CONF = {"": "draft", "Draft": "draft", "Translated": "translated",
               "RejectedTranslation": "draft", "ApprovedTranslation": "reviewed",
               "RejectedSignOff": "draft", "ApprovedSignOff": "approved"}
_TRADOS_KEEP = {"RejectedTranslation", "RejectedSignOff"}
MEMOQ_STATUS = {"NotStarted": "draft", "PartiallyEdited": "draft", "Edited": "draft",
                "Pretranslated": "draft", "PreTranslated": "draft",
                "MachineTranslated": "draft", "AssembledFromFragments": "draft",
                "FragmentAssembled": "draft", "ManuallyConfirmed": "translated",
                "TranslatorConfirmed": "translated", "Confirmed": "translated",
                "Reviewer1Confirmed": "reviewed", "Proofread": "reviewed",
                "Reviewer2Confirmed": "approved", "Rejected": "draft"}
_MEMOQ_KEEP = {"Rejected"}
_MEMOQ_ORIGIN = {"MachineTranslated": "mt", "Pretranslated": "tm", "PreTranslated": "tm",
                 "AssembledFromFragments": "tm", "FragmentAssembled": "tm"}
_TRADOS_ORIGIN = {"interactive": "human", "mt": "mt", "nmt": "mt", "automated-translation": "mt",
                  "tm": "tm", "document-match": "tm", "auto-propagated": "tm"}
_QUALIFIER_ORIGIN = {"mt-suggestion": "mt", "leveraged-mt": "mt", "leveraged-tm": "tm",
                     "exact-match": "tm", "fuzzy-match": "tm", "id-match": "tm",
                     "leveraged-repository": "tm", "tm-suggestion": "tm"}
_TRADOS_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$")


@dataclass
class XliffFile:
    """What a <file> (1.2) or the <xliff> root (2.0) says about the segments in it."""

    version: str
    src_lang: str | None
    tgt_lang: str | None
    file_id: str | None = None
    original: str | None = None
    attrib: dict[str, str] = field(default_factory=dict)
    line: int = 0
    phases: dict[str, tuple[str, str]] = field(default_factory=dict)  # 1.2: name → (who, when)
    exported: str | None = None  # 2.0: our export date (file metadata)


@dataclass
class XliffSegment:
    """One segment: a 2.0 <segment>, a 1.2 <mrk mtype="seg"> or a whole 1.2 <trans-unit>."""

    file: XliffFile
    unit_id: str
    segment_id: str
    source: str
    target: str | None  # None: no <target> at all
    status: str
    line: int
    state: str = ""  # the state attribute as written (2.0: "state subState")
    origin: str | None = None
    foreign: str | None = None  # a status we map approximately, kept for the note
    notes: list[str] = field(default_factory=list)
    created: str | None = None
    changed: str | None = None
    created_by: str | None = None
    changed_by: str | None = None
    locked: bool = False  # 1.2 translate="no"; 2.0 our metadata "locked" (or unit translate="no")

    @property
    def note(self) -> str:
        """Notes and a kept foreign status, one per line."""
        parts = [*self.notes, f"status in the file: {self.foreign}" if self.foreign else ""]
        return "\n".join(dict.fromkeys(p for p in parts if p))


def inline_12(reader: CodeReader) -> Inline:
    """What an inline element of XLIFF 1.2 text stands for (see xmlsafe.text_of): a tracked
    deletion (Trados, memoQ) is not text, codes are read by `reader`, the rest is text."""
    def inline(child: Element) -> str | tuple[str, str] | None:
        if local(child.tag) == "mrk" and (child.get("mtype") == "x-sdl-deleted" or (
                child.get("mtype") == "x-mq-tc" and child.get(f"{{{MQ_NS}}}tctype") == "del")):
            return ""
        return reader.xliff12(child)

    return inline


def inline_20(reader: CodeReader) -> Inline:
    """The same for XLIFF 2.0 (<cp hex> is its character)."""
    return reader.xliff20


def _note(note: Element, inline: Callable[[CodeReader], Inline]) -> str:
    """The text of a <note>, without any inline codes (a note is not translated)."""
    return without_codes(text_of(note, inline(CodeReader()))).strip()


def _original_data(unit: Element) -> dict[str, str]:
    """An XLIFF 2.0 unit's <originalData>: data id → native code."""
    return {d.get("id", ""): "".join(d.itertext()) for d in unit.iter()
            if local(d.tag) == "data"}


def iter_segments(path: Path, *, max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[XliffSegment]:
    """Every segment of an XLIFF file, in order, with its <file>'s languages."""
    current: XliffFile | None = None
    version: str | None = None
    for event in iter_xml(path, {"unit", "trans-unit", "phase", "metadata"},
                          max_chars=max_chars):
        if version is None:
            version = check_root(path, event)
            if version.startswith("2"):
                current = XliffFile(version, _lang(event.attrib.get("srcLang"), path, event),
                                    _lang(event.attrib.get("trgLang"), path, event),
                                    attrib=event.attrib, line=event.line)
        elif event.kind == "start" and event.name == "file":
            if version.startswith("2") and current is not None:
                current = XliffFile(version, current.src_lang, current.tgt_lang,
                                    file_id=event.attrib.get("id"),
                                    original=event.attrib.get("original"),
                                    attrib=event.attrib, line=event.line)
            else:
                current = XliffFile(version, _lang(event.attrib.get("source-language"), path,
                                                   event),
                                    _lang(event.attrib.get("target-language"), path, event),
                                    file_id=event.attrib.get("id"),
                                    original=event.attrib.get("original"),
                                    attrib=event.attrib, line=event.line,
                                    exported=_iso(event.attrib.get("date")))
        elif event.kind == "element" and event.name == "phase" and current is not None:
            attrib = event.attrib
            current.phases[attrib.get("phase-name", "")] = (attrib.get("contact-name", ""),
                                                             _iso(attrib.get("date")) or "")
        elif event.kind == "element" and event.name == "metadata":
            if current is not None and event.element is not None:
                current.exported = _metadata(event.element).get(
                    f"{current.file_id}-export", {}).get("exported") or current.exported
        elif event.kind == "element" and event.element is not None and current is not None:
            if version.startswith("2"):
                yield from _unit_20(path, current, event.element, max_chars)
            else:
                yield from _trans_unit_12(path, current, event.element, max_chars)


def _lang(value: str | None, path: Path, event: XmlEvent) -> str | None:
    return parse_lang(value, path=path, line=event.line) if value and value.strip() else None


def check_root(path: Path, event: XmlEvent) -> str:
    """The XLIFF version of a file from its root: the `version` attribute, or for files that
    leave it out (OmegaT's test files, some 1.1 writers) the namespace's."""
    if event.name != "xliff":
        raise InputError(f"not an XLIFF file (root element <{event.name}>, expected <xliff>)",
                         path=path, line=event.line)
    version = event.attrib.get("version", "")
    if not version:
        m = _NS_VERSION.match(event.namespace)
        version = m.group(1) if m else ""
    if version not in VERSIONS:
        raise InputError(f"unsupported XLIFF version {version!r}", path=path, line=event.line,
                         hint="workbench reads XLIFF 1.0-1.2 and 2.0")
    return version


def _child(elem: Element, name: str) -> Element | None:
    return next((c for c in elem if local(c.tag) == name), None)


def _text(elem: Element | None, inline: Inline, path: Path, max_chars: int) -> str | None:
    if elem is None:
        return None
    value = text_of(elem, inline)
    return check_segment(value, max_chars, path=path, line=line_of(elem))


# ----------------------------------------------------------------------------- XLIFF 2.0

def _unit_20(path: Path, file: XliffFile, unit: Element, max_chars: int
             ) -> Iterator[XliffSegment]:
    meta = _metadata(unit)
    notes: list[str] = []  # the unit's notes, and each segment's own (ours: id "n-<seg id>")
    seg_notes: dict[str, list[str]] = {}
    for n in unit.iter():
        if local(n.tag) != "note" or n.get("category") == "title":
            continue
        note_id = n.get("id", "")
        if note_id.startswith("n-"):
            seg_notes.setdefault(note_id[2:], []).append(_note(n, inline_20))
        else:
            notes.append(_note(n, inline_20))
    unit_id = unit.get("id", "")
    data = _original_data(unit)
    for number, seg in enumerate((s for s in unit if local(s.tag) == "segment"), start=1):
        source = _child(seg, "source")
        if source is None:
            raise InputError("<segment> has no <source>", path=path, line=line_of(seg))
        src_codes, tgt_codes = CodeReader(data), CodeReader(data)
        src_text, target, _ = align(_text(source, inline_20(src_codes), path, max_chars) or "",
                                    src_codes,
                                    _text(_child(seg, "target"), inline_20(tgt_codes), path,
                                          max_chars), tgt_codes)
        seg_id = seg.get("id") or f"{unit_id}#{number}"
        info = meta.get(seg_id, {})
        status, foreign = _status_20(seg.get("state", ""), seg.get("subState", ""), target)
        yield XliffSegment(
            file, unit_id, seg_id, src_text, target,
            status, line_of(seg) or 0,
            state=f"{seg.get('state', '')} {seg.get('subState', '')}".strip(),
            origin=info.get("origin"), foreign=foreign,
            notes=[*notes, *seg_notes.get(seg_id, [])], created=info.get("created"),
            changed=info.get("changed"), created_by=info.get("created_by"),
            changed_by=info.get("changed_by"),
            locked=info.get("locked") == "yes" or unit.get("translate") == "no")


def _status_20(state: str, sub: str, target: str | None) -> tuple[str, str | None]:
    if sub.startswith(SUBSTATE_PREFIX) and sub[len(SUBSTATE_PREFIX):] in STATUSES:
        return sub[len(SUBSTATE_PREFIX):], None
    foreign = f"subState {sub}" if sub else None
    if not state:
        return ("translated" if target and target.strip() else "draft"), foreign
    status = XLIFF_STATUS.get(state)
    if status is None:
        return "translated", f"state {state}"
    return status, foreign


def _metadata(unit: Element) -> dict[str, dict[str, str]]:
    """Our per-segment metaGroups (Metadata module), keyed by segment id."""
    found: dict[str, dict[str, str]] = {}
    for group in unit.iter(f"{{{MDA_NS}}}metaGroup"):
        if group.get("category") == "workbench" and group.get("id"):
            found[group.get("id", "")] = {m.get("type", ""): (m.text or "").strip()
                                          for m in group if local(m.tag) == "meta"}
    return found


# ----------------------------------------------------------------------------- XLIFF 1.2

def _trans_unit_12(path: Path, file: XliffFile, tu: Element, max_chars: int
                   ) -> Iterator[XliffSegment]:
    source = _child(tu, "source")
    target = _child(tu, "target")
    if source is None:
        raise InputError("<trans-unit> has no <source>", path=path, line=line_of(tu))
    unit_id = tu.get("id", "")
    notes = [_note(n, inline_12) for n in tu if local(n.tag) == "note"
             and n.get("from") != "workbench"]
    base = _Meta12(tu, target, phases=file.phases)
    seg_source = _child(tu, "seg-source")
    if seg_source is not None:
        src_segs = _mrk_segments(seg_source, path, max_chars)
        if src_segs:
            tgt_segs = _mrk_segments(target, path, max_chars) if target is not None else {}
            sdl = _sdl_segments(tu)
            for mid, (text, line, codes) in src_segs.items():
                meta = sdl.get(mid, base) if sdl else base
                tgt, _, tgt_codes = tgt_segs.get(mid, (None, 0, CodeReader()))
                text, tgt, _ = align(text, codes, tgt, tgt_codes)
                yield meta.segment(file, unit_id, f"{unit_id}#{mid}", text, tgt, line, notes)
            return
    src_codes, tgt_codes = CodeReader(), CodeReader()
    text, tgt, _ = align(_text(source, inline_12(src_codes), path, max_chars) or "", src_codes,
                         _text(target, inline_12(tgt_codes), path, max_chars), tgt_codes)
    yield base.segment(file, unit_id, unit_id, text, tgt, line_of(tu) or 0, notes)


class _Meta12:
    """Status, origin, people and dates of a 1.2 unit (or one Trados segment of it)."""

    def __init__(self, tu: Element, target: Element | None, *, status: str | None = None,
                 foreign: str | None = None, origin: str | None = None,
                 dates: tuple[str | None, str | None, str | None, str | None] | None = None,
                 phases: dict[str, tuple[str, str]] | None = None) -> None:
        self.status, self.foreign, self.origin = status, foreign, origin
        self.created, self.changed, self.created_by, self.changed_by = dates or (None,) * 4
        self.state = ""
        self.locked = tu.get("translate") == "no"
        if status is not None:
            return
        mq = tu.get(f"{{{MQ_NS}}}status")
        if mq is not None:
            self.status = MEMOQ_STATUS.get(mq, "translated")
            self.foreign = f"memoQ {mq}" if mq in _MEMOQ_KEEP or mq not in MEMOQ_STATUS else None
            self.origin = _MEMOQ_ORIGIN.get(mq)
            self.changed = _iso(tu.get(f"{{{MQ_NS}}}lastchangedtimestamp"))
            self.changed_by = tu.get(f"{{{MQ_NS}}}lastchanginguser") or None
            return
        state = target.get("state", "") if target is not None else ""
        self.state = f"{state} approved" if tu.get("approved") == "yes" else state
        phase = (phases or {}).get(target.get("phase-name", "") if target is not None else "")
        if phase:  # who made the target and when, as XLIFF 1.2 phases record it
            self.changed_by, self.changed = phase[0] or None, phase[1] or None
        self.status = STATE_12.get(state, "translated")
        if state and state not in STATE_12:
            self.foreign = f"state {state}"
        qualifier = target.get("state-qualifier", "") if target is not None else ""
        self.origin = _QUALIFIER_ORIGIN.get(qualifier)
        if qualifier.startswith("rejected"):
            self.status, self.foreign = "draft", f"state-qualifier {qualifier}"
        if tu.get("approved") == "yes":
            self.status = "approved"

    def segment(self, file: XliffFile, unit_id: str, seg_id: str, source: str,
                target: str | None, line: int, notes: list[str]) -> XliffSegment:
        status = self.status or "translated"
        return XliffSegment(file, unit_id, seg_id, source, target, status, line,
                            state=self.state, origin=self.origin, foreign=self.foreign,
                            notes=notes,
                            created=self.created, changed=self.changed,
                            created_by=self.created_by, changed_by=self.changed_by,
                            locked=self.locked)


def _sdl_segments(tu: Element) -> dict[str, _Meta12]:
    """Trados' per-segment statuses and people: <sdl:seg-defs><sdl:seg id=mid conf=...>."""
    found: dict[str, _Meta12] = {}
    for defs in tu:
        if defs.tag != f"{{{SDL_NS}}}seg-defs":
            continue
        for seg in defs:
            if seg.tag != f"{{{SDL_NS}}}seg":
                continue
            conf = seg.get("conf", "")
            values = {v.get("key", ""): (v.text or "").strip() for v in seg
                      if v.tag == f"{{{SDL_NS}}}value"}
            found[seg.get("id", "")] = _Meta12(
                tu, None, status=TRADOS_CONF.get(conf, "translated"),
                foreign=f"Trados {conf}" if conf in _TRADOS_KEEP or (
                    conf and conf not in TRADOS_CONF) else None,
                origin=_TRADOS_ORIGIN.get(seg.get("origin", "")),
                dates=(_trados_date(values.get("created_on")),
                       _trados_date(values.get("modified_on")),
                       values.get("created_by") or None, values.get("last_modified_by") or None))
    return found


def _mrk_segments(elem: Element, path: Path, max_chars: int
                  ) -> dict[str, tuple[str, int, CodeReader]]:
    """mid → (text, line, its codes) of the <mrk mtype="seg"> segments under `elem`."""
    found: dict[str, tuple[str, int, CodeReader]] = {}
    for m in elem.iter():
        if local(m.tag) == "mrk" and m.get("mtype") == "seg":
            codes = CodeReader()
            found[m.get("mid", "")] = (_text(m, inline_12(codes), path, max_chars) or "",
                                       line_of(m) or 0, codes)
    return found


def _iso(value: str | None) -> str | None:
    """'2019-05-05T05:44:39Z' kept; memoQ's 0001-01-01 (never) and anything else → None."""
    if value and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", value) \
            and not value.startswith("0001"):
        return value
    return None


def _trados_date(value: str | None) -> str | None:
    """Trados' '05/04/2019 11:48:22' (month/day/year, invariant culture) → ISO 8601."""
    m = _TRADOS_DATE.match(value or "")
    if not m:
        return None
    month, day, year, hour, minute, second = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
