"""XLIFF 1.2 export: the bilingual file Trados, memoQ and OmegaT 3.6 read (OmegaT 3.6 finds no
segments in XLIFF 2.0), valid against the OASIS XLIFF 1.2 strict schema.

Layout, per target language: a <file> per document (original = its file name or URL, never a
local path; product-name "workbench document <id>" and product-version its version, which
`import-xliff` checks), a <group> per passage, a <trans-unit id="s<segment id>"> per sentence
with xml:space="preserve". Statuses, as `xliff_read` maps them back:

| ours | <target state> |
|---|---|
| new (untranslated) | needs-translation (empty target, or a copy of the source) |
| draft | needs-review-translation |
| translated | translated |
| reviewed | signed-off |
| approved | final, and approved="yes" on the <trans-unit> |

Who made each translation is recorded the way XLIFF 1.2 provides: the header's <phase-group>
has a phase per person (contact-name, the date of their latest change here) and each <target>
names the phase of its last change (phase-name); a translator's note is a <note from=person
annotates="target">. Characters XML 1.0 cannot carry are dropped and reported, as in TMX
(1.2 has no <cp>).
"""

from __future__ import annotations

from typing import TextIO

from workbench import __version__
from workbench.formats.inline import xliff12_inline
from workbench.formats.model import ExportFilter, ExportReport, ExportUnit, TargetText
from workbench.formats.xmlsafe import XmlOut, clean, element, start_tag
from workbench.store.db import now
from workbench.text.codes import CodeTable

NS = "urn:oasis:names:tc:xliff:document:1.2"
TOOL = "workbench"
STATE = {"new": "needs-translation", "draft": "needs-review-translation",
         "translated": "translated", "reviewed": "signed-off", "approved": "final"}
PROCESS = {"new": "translation", "draft": "translation", "translated": "translation",
           "reviewed": "review", "approved": "approval"}
DOCUMENT_PREFIX = "workbench document "


def inline_text(value: str, codes: CodeTable) -> str:
    """The markup of <source>/<target> content for a segment's text: the one place the 1.2
    export turns text into XML (inline codes <g>, <bx>/<ex>, <x/>, <ph>: `formats.inline`)."""
    return xliff12_inline(value, codes)


class Xliff12File:
    """The XLIFF 1.2 file of one target language, written document by document.

    A <file>'s header (with the phases of the people who translated it) must precede its body,
    so a document's units are held until the next document starts — one page, a few hundred
    segments at most. TM units (no document) are streamed in one <file> without phases.
    """

    def __init__(self, fh: TextIO, flt: ExportFilter, lang: str, report: ExportReport) -> None:
        self.xml = XmlOut(fh)
        self.flt = flt
        self.lang = lang
        self.report = report
        self.stamp = now()
        self.file_id: str | None = None
        self.pending: list[tuple[ExportUnit, TargetText]] = []
        self.xml.write(start_tag("xliff", {"version": "1.2", "xmlns": NS}))

    def add(self, unit: ExportUnit, target: TargetText) -> None:
        if unit.document_id is None:  # the TM: one streamed <file>
            if self.file_id is None:
                self.file_id = "tm"
                self.xml.write(self._file_head(unit, {}) + "\n    <body>")
            self.xml.write(self._trans_unit(unit, target, {}))
            return
        file_id = f"d{unit.document_id}"
        if file_id != self.file_id:
            self._flush_file()
        self.file_id = file_id
        self.pending.append((unit, target))

    def close(self) -> None:
        if self.file_id == "tm":
            self.xml.write("\n    </body>\n  </file>")
        self._flush_file()
        self.xml.write("\n</xliff>\n")

    def _clean(self, unit: ExportUnit, where: str, value: str) -> str:
        kept, removed = clean(value)
        if removed:
            self.report.stripped.append((unit.key, where, removed))
        return kept

    def _flush_file(self) -> None:
        if not self.pending:
            return
        phases = self._phases()
        parts = [self._file_head(self.pending[0][0], phases), "\n    <body>"]
        group: int | None = None
        for unit, t in self.pending:
            if unit.passage_id != group:
                if group is not None:
                    parts.append("\n      </group>")
                group = unit.passage_id
                if group is not None:
                    parts.append("\n      " + start_tag("group", {"id": f"p{group}"}))
            parts.append(self._trans_unit(unit, t, phases))
        if group is not None:
            parts.append("\n      </group>")
        parts.append("\n    </body>\n  </file>")
        self.xml.write("".join(parts))
        self.pending = []

    def _file_head(self, first: ExportUnit, phases: dict[tuple[str, str], tuple[str, str]]
                   ) -> str:
        """<file> and its <header>: the document, the phases (people), the tool."""
        attrs = {"original": first.document_name or "translation-memory",
                 "source-language": self.flt.src_lang, "target-language": self.lang,
                 "datatype": "plaintext", "tool-id": TOOL, "date": self.stamp}
        if first.document_id is not None:
            attrs["product-name"] = f"{DOCUMENT_PREFIX}{first.document_id}"
            attrs["product-version"] = str(first.document_version or 1)
        parts = ["\n  ", start_tag("file", attrs), "\n    <header>"]
        if phases:
            parts.append("\n      <phase-group>")
            for (person, process), (name, date) in phases.items():
                phase = {"phase-name": name, "process-name": process, "tool-id": TOOL,
                         "contact-name": person}
                if date:
                    phase["date"] = date
                parts.append("\n        " + start_tag("phase", phase, empty=True))
            parts.append("\n      </phase-group>")
        parts.append("\n      " + start_tag("tool", {"tool-id": TOOL, "tool-name": "workbench",
                                                     "tool-version": __version__}, empty=True))
        if first.document:
            parts.append("\n      " + element("note", self._clean(first, "document",
                                                                   first.document),
                                              {"from": TOOL}))
        parts.append("\n    </header>")
        return "".join(parts)

    def _phases(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(person, process) → (phase name, date of their latest change) for the pending
        document, in order of first appearance."""
        phases: dict[tuple[str, str], tuple[str, str]] = {}
        for _, t in self.pending:
            if not t.changed_by:
                continue
            key = (t.changed_by, PROCESS[t.status])
            name, date = phases.get(key, (f"ph{len(phases) + 1}", ""))
            phases[key] = (name, max(date, t.updated_at or ""))
        return phases

    def _trans_unit(self, unit: ExportUnit, t: TargetText,
                    phases: dict[tuple[str, str], tuple[str, str]]) -> str:
        attrs = {"id": unit.key, "xml:space": "preserve"}
        if t.status == "approved":
            attrs["approved"] = "yes"
        if t.locked:
            attrs["translate"] = "no"  # locked in the project (store.locks)
        target = {"state": STATE[t.status]}
        phase = phases.get((t.changed_by or "", PROCESS[t.status]))
        if phase:
            target["phase-name"] = phase[0]
        parts = ["\n        ", start_tag("trans-unit", attrs),
                 "\n          <source>",
                 inline_text(self._clean(unit, "source", unit.source), unit.codes), "</source>",
                 "\n          ", start_tag("target", target),
                 inline_text(self._clean(unit, t.lang, t.text), unit.codes), "</target>"]
        if unit.note:
            parts += ["\n          ", element("note", self._clean(unit, "note", unit.note))]
        if t.note:
            parts += ["\n          ", element("note", self._clean(unit, f"{t.lang} note", t.note),
                                              {"from": t.changed_by or "translator",
                                               "annotates": "target"})]
        parts.append("\n        </trans-unit>")
        return "".join(parts)
