"""Analysis: words and segments per match band, the report translators quote prices from.

For each target language, source segments are taken in project order (document, position) and
each lands in one band, checked in this order:
* "101%" / "100%": an exact TM match (context or plain) — other units only, never the segment's
  own translation;
* "repetitions": the same source (match key) already occurred earlier in the project, so it is
  paid once (the first occurrence falls in whatever band it earns itself);
* "95–99%", "85–94%", "75–84%", "50–74%": the best fuzzy match;
* "no match".
Progress per status comes from `store.translations.progress`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.progress import ProgressFn, report
from workbench.store.documents import list_documents, source_segments
from workbench.store.translations import progress as status_progress
from workbench.tm.lookup import lookup

BANDS = ("repetitions", "101%", "100%", "95–99%", "85–94%", "75–84%", "50–74%", "no match")
FUZZY_BANDS = ((95, "95–99%"), (85, "85–94%"), (75, "75–84%"), (50, "50–74%"))


@dataclass
class BandCount:
    """Segments and words in one band."""

    segments: int = 0
    words: int = 0


def _bands() -> dict[str, BandCount]:
    return {b: BandCount() for b in BANDS}


@dataclass
class DocumentAnalysis:
    """One document's bands and status progress in one target language."""

    doc_id: int
    title: str
    bands: dict[str, BandCount] = field(default_factory=_bands)
    progress: dict[str, int] = field(default_factory=dict)


@dataclass
class LangAnalysis:
    """All documents of the analysis for one target language, plus their total."""

    lang: str
    documents: list[DocumentAnalysis]
    total: dict[str, BandCount] = field(default_factory=_bands)
    progress: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """Plain data for --json."""
        def bands(b: dict[str, BandCount]) -> dict[str, dict[str, int]]:
            return {k: {"segments": v.segments, "words": v.words} for k, v in b.items()}
        return {"lang": self.lang, "total": bands(self.total), "progress": self.progress,
                "documents": [{"id": d.doc_id, "title": d.title, "bands": bands(d.bands),
                               "progress": d.progress} for d in self.documents]}


def band_of(score: int | None) -> str:
    """The band a best-match score falls in ("no match" for None or below 50)."""
    if score is None:
        return "no match"
    if score >= 100:
        return "101%" if score == 101 else "100%"
    return next((name for low, name in FUZZY_BANDS if score >= low), "no match")


def analyze(conn: sqlite3.Connection, targets: Sequence[str], *, doc_id: int | None = None,
            progress: ProgressFn | None = None) -> list[LangAnalysis]:
    """Analyse the project's current source documents (or one) for each target language."""
    docs = {d["id"]: d["title"] for d in list_documents(conn, role="source")
            if doc_id is None or d["id"] == doc_id}
    segments = [s for s in source_segments(conn) if s["document_id"] in docs]
    by_doc: dict[int, list[sqlite3.Row]] = {}
    for s in segments:
        by_doc.setdefault(s["document_id"], []).append(s)
    total, done = len(segments) * len(targets), 0
    out: list[LangAnalysis] = []
    for lang in targets:
        result = LangAnalysis(lang, [DocumentAnalysis(i, t) for i, t in docs.items()])
        seen: set[str] = set()
        for doc in result.documents:
            rows = by_doc.get(doc.doc_id, [])
            for i, s in enumerate(rows):
                band = _band(conn, s, lang, rows[i - 1]["text"] if i else None,
                             rows[i + 1]["text"] if i + 1 < len(rows) else None, seen)
                for bucket in (doc.bands[band], result.total[band]):
                    bucket.segments += 1
                    bucket.words += s["words"]
                done += 1
                report(progress, done, total)
            doc.progress = status_progress(conn, lang, doc_id=doc.doc_id)
        result.progress = (status_progress(conn, lang) if doc_id is None
                           else dict(result.documents[0].progress) if result.documents else {})
        out.append(result)
    return out


def _band(conn: sqlite3.Connection, seg: sqlite3.Row, lang: str, prev_text: str | None,
          next_text: str | None, seen: set[str]) -> str:
    matches = lookup(conn, seg["text"], seg["lang"] or "en", lang, min_score=50, limit=1,
                     prev_text=prev_text, next_text=next_text, exclude_segment_id=seg["id"])
    band = band_of(matches[0].score if matches else None)
    repeated = seg["norm"] in seen
    seen.add(seg["norm"])
    if band in ("101%", "100%") or not repeated:
        return band
    return "repetitions"
