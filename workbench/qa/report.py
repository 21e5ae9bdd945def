"""The project QA report: every check over every translation and MT suggestion.

Translations and suggestions are checked alike (the translator needs to know about a missing
term before accepting a suggestion as much as after). Across the project, translations of the
same source sentence that differ are reported as inconsistent. The report is plain data so the
CLI can print it, write it as JSON, and the TUI can list it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.progress import ProgressFn
from workbench.qa.checks import Finding, run_checks
from workbench.store.documents import list_documents, list_segments
from workbench.store.suggestions import get_suggestion
from workbench.text.normalize import match_key


@dataclass
class ReportItem:
    """The findings for one target text of one segment."""

    document_id: int
    document_title: str
    segment_id: int
    position: int
    lang: str
    kind: str  # "translation" | "suggestion"
    source: str
    target: str
    findings: list[Finding]

    def as_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "document_title": self.document_title,
                "segment_id": self.segment_id, "position": self.position, "lang": self.lang,
                "kind": self.kind, "source": self.source, "target": self.target,
                "findings": [f.as_dict() for f in self.findings]}


@dataclass
class QAReport:
    """All findings of a QA run, plus how much was checked."""

    langs: list[str]
    checked: int = 0
    items: list[ReportItem] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        """Findings per severity."""
        return Counter(f.severity for item in self.items for f in item.findings)

    def by_code(self) -> Counter[str]:
        return Counter(f.code for item in self.items for f in item.findings)

    def as_dict(self) -> dict[str, Any]:
        return {"langs": self.langs, "checked": self.checked, "counts": dict(self.counts()),
                "by_code": dict(self.by_code()), "items": [i.as_dict() for i in self.items]}

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")


def run_report(project: Any, langs: Sequence[str], *, doc_id: int | None = None,
               progress: ProgressFn | None = None) -> QAReport:
    """Check every translation and suggestion in `langs` (of one document or all)."""
    conn = project.db
    src_lang = project.settings.source_lang
    docs = [d for d in list_documents(conn, role="source") if doc_id is None or d["id"] == doc_id]
    if doc_id is not None and not docs:
        from workbench.errors import InputError

        raise InputError(f"no document with id {doc_id}", hint="see `workbench documents`")
    report = QAReport(list(langs))
    by_source: dict[tuple[str, str], list[ReportItem]] = {}  # translations, for consistency
    total = len(docs) * len(langs)
    for n, (doc, lang) in enumerate(((d, lang) for d in docs for lang in langs), start=1):
        for seg in list_segments(conn, doc["id"], lang=lang):
            targets = []
            if seg["t_text"]:
                targets.append(("translation", seg["t_text"]))
            suggestion = get_suggestion(conn, seg["id"], lang)
            if suggestion is not None and suggestion.text:
                targets.append(("suggestion", suggestion.text))
            for kind, target in targets:
                report.checked += 1
                item = ReportItem(doc["id"], doc["title"], seg["id"], seg["position"], lang,
                                  kind, seg["text"], target,
                                  run_checks(seg["text"], target, src_lang, lang, conn=conn))
                report.items.append(item)
                if kind == "translation":
                    by_source.setdefault((lang, match_key(seg["text"])), []).append(item)
        if progress:
            progress(n, total)
    for group in by_source.values():
        _check_consistency(group)
    report.items = [item for item in report.items if item.findings]
    return report


def _check_consistency(group: list[ReportItem]) -> None:
    """The same source sentence translated in different ways (a CAT tool's consistency QA)."""
    variants = {match_key(item.target) for item in group}
    if len(variants) < 2:
        return
    for item in group:
        others = sorted({o.target for o in group if match_key(o.target) != match_key(item.target)})
        item.findings.append(Finding(
            "inconsistent", "warning",
            f"the same source is translated differently elsewhere ({len(group)} occurrences, "
            f"{len(variants)} translations): '{others[0]}'" + (" …" if len(others) > 1 else ""),
            others[0]))
