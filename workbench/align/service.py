"""Align a source page with its translated edition inside a project, and store the result.

This is the one place that turns two stored documents into a stored alignment: it reads the
segments passage by passage (structure first), runs the aligner, decides what deserves a
warning, and saves links and draft translations (see align/store.py; pairs reach the TM once
a person reviews them). The CLI, the batch runner (align/batch.py) and the TUI all call it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from workbench.align.aligner import AlignResult, align_report
from workbench.align.confidence import LOW_CONFIDENCE
from workbench.align.mt_evidence import MTEvidence
from workbench.align.store import SaveOutcome, save_alignment
from workbench.errors import InputError
from workbench.store.documents import get_document, list_segments
from workbench.text.scripts import lang_name

LENGTH_WARNING_RATIO = 10.0


@dataclass
class AlignSummary:
    """What an alignment run produced, for printing or showing."""

    alignment_id: int
    result: AlignResult
    warnings: list[str] = field(default_factory=list)
    action: str = "created"  # or "replaced" / "superseded" / "unchanged" (align.store)
    carried: int = 0  # reviewed or edited links kept from the previous run
    superseded: list[int] = field(default_factory=list)

    @property
    def by_kind(self) -> Counter[str]:
        """Number of links per type ('1-1': 40, '2-1': 3, ...)."""
        return Counter(link.kind for link in self.result.links)

    @property
    def mean_confidence(self) -> float:
        """Average link confidence."""
        links = self.result.links
        return sum(link.confidence for link in links) / len(links) if links else 0.0

    @property
    def low_confidence(self) -> int:
        """Links a reviewer should look at first."""
        return sum(1 for link in self.result.links if link.confidence < LOW_CONFIDENCE)


def language_warnings(side: str, declared: str, detected: str | None) -> list[str]:
    """A warning when a page's detected language is not the one it was declared to be in."""
    if detected and detected != declared:
        return [f"the {side} is declared {lang_name(declared)} ({declared}) but reads as "
                f"{lang_name(detected)} ({detected}); aligned as declared"]
    return []


def align_documents(conn: sqlite3.Connection, src_doc_id: int, tgt_doc_id: int, *,
                    src_lang: str, tgt_lang: str, warnings: list[str] | None = None,
                    batch: str | None = None, replace: bool = False,
                    mt: MTEvidence | None = None) -> AlignSummary:
    """Align two stored documents and store the alignment; returns a summary with warnings.

    An earlier alignment of the same documents is replaced (align.store.save_alignment);
    `replace` lets a re-run discard review work, which is refused otherwise."""
    warnings = list(warnings or [])
    src_passages, src_ids = _passages(conn, src_doc_id)
    tgt_passages, tgt_ids = _passages(conn, tgt_doc_id)
    for side, ids, doc_id in (("source page", src_ids, src_doc_id),
                              ("translated page", tgt_ids, tgt_doc_id)):
        if not ids:
            doc = get_document(conn, doc_id)
            raise InputError(f"nothing to align: the {side} has no sentences",
                             path=doc["source_path"] if doc else None,
                             hint="check that it is the right file and has text")
    result = align_report(src_passages, tgt_passages, src_lang, tgt_lang, conn=conn, mt=mt)
    warnings += _shape_warnings(src_passages, tgt_passages)
    if not result.looks_like_translation:
        warnings.append("the translated page does not look like a translation of the source "
                        "(its links fit no better than those of a shuffled copy): every link "
                        "is low-confidence and no segment got a draft from it")
    saved: SaveOutcome = save_alignment(
        conn, src_doc_id=src_doc_id, tgt_doc_id=tgt_doc_id, src_lang=src_lang,
        tgt_lang=tgt_lang, links=result.links, src_segment_ids=src_ids,
        tgt_segment_ids=tgt_ids, warnings=warnings, to_memory=result.looks_like_translation,
        batch=batch, replace=replace)
    return AlignSummary(saved.alignment_id, result, warnings, saved.action, saved.carried,
                        saved.superseded)


def _passages(conn: sqlite3.Connection, doc_id: int) -> tuple[list[list[str]], list[int]]:
    rows = list_segments(conn, doc_id)
    passages = [[r["text"] for r in group]
                for _, group in groupby(rows, key=lambda r: r["passage_id"])]
    return passages, [r["id"] for r in rows]


def _shape_warnings(src: list[list[str]], tgt: list[list[str]]) -> list[str]:
    out = []
    n_src, n_tgt = sum(map(len, src)), sum(map(len, tgt))
    c_src = sum(len(s) for p in src for s in p)
    c_tgt = sum(len(s) for p in tgt for s in p)
    longer, shorter = max(c_src, c_tgt), max(min(c_src, c_tgt), 1)
    if longer / shorter >= LENGTH_WARNING_RATIO:
        which = "source" if c_src > c_tgt else "translated page"
        out.append(f"the {which} is {longer / shorter:.0f}× longer than the other side "
                   f"({n_src} vs {n_tgt} sentences): most sentences will be unmatched; check "
                   "that the pages belong together")
    if len(src) != len(tgt):
        out.append(f"paragraph counts differ ({len(src)} vs {len(tgt)}): paragraphs were "
                   "matched by content, not by number")
    return out
