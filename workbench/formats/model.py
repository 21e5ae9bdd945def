"""What exporters receive and what export and import report back.

An `ExportUnit` is one source sentence with its translations in the requested languages: a
multilingual TMX writes it as one <tu>, the bilingual formats write one pair per target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.store.translations import ORIGINS, STATUSES
from workbench.tm.units import TMPair

# Where pairs come from: the project's documents (default) or the whole translation memory.
WHAT = ("segments", "tm")

# Our status → XLIFF 2.0 segment state. XLIFF has four states for our five statuses, so the
# exact status also travels in subState (`wb:draft`) and comes back unchanged on import.
XLIFF_STATE = {"new": "initial", "draft": "initial", "translated": "translated",
               "reviewed": "reviewed", "approved": "final"}
XLIFF_STATUS = {"initial": "draft", "translated": "translated", "reviewed": "reviewed",
                "final": "approved"}
SUBSTATE_PREFIX = "wb:"


def lang_code(tag: str) -> str:
    """A file's language tag as the project names languages: 'FA-IR' → 'fa', 'en_US' → 'en'.

    CAT tools write regional tags (memoQ 'en-us', OmegaT 'EN-US'); the project, its TM lookup
    and its models work with base languages, so imported pairs are stored under those.
    """
    return tag.strip().replace("_", "-").split("-")[0].lower()


def imported_pair(source: str, target: str, src_lang: str, tgt_lang: str, *,
                  origin: str | None = None, status: str | None = None,
                  created: str | None = None, changed: str | None = None,
                  note: str | None = None) -> TMPair:
    """A pair read from a file, as the TM stores it.

    Origin and status are kept when the file carries ours (x-origin props, JSONL keys, ...);
    anything else — a foreign tool's values or none — becomes origin "tm" (it came from a
    translation memory), status "translated".
    """
    return TMPair(source, target, lang_code(src_lang), lang_code(tgt_lang),
                  origin=origin if origin in ORIGINS else "tm",
                  status=status if status in STATUSES else "translated",
                  created_at=created or None, updated_at=changed or None, note=note or None)


@dataclass(frozen=True)
class TargetText:
    """One translation of a unit's source."""

    lang: str
    text: str
    status: str
    origin: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ExportUnit:
    """A source sentence and its translations, with where it sits in the project.

    `key` is a stable id ("s123" for segment 123, "tm45" for TM unit 45) that tells the user
    where a problem (e.g. a stripped control character) is.
    """

    key: str
    src_lang: str
    source: str
    targets: tuple[TargetText, ...]
    document_id: int | None = None
    document: str | None = None
    document_path: str | None = None
    passage_id: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class ExportFilter:
    """Which pairs to export: target languages, minimum status, origins, one document."""

    targets: tuple[str, ...]
    src_lang: str = "en"
    min_status: str = "translated"
    origins: tuple[str, ...] = ()
    doc_id: int | None = None
    what: str = "segments"


@dataclass
class ExportReport:
    """What an export wrote, and every place text had to be changed to be valid XML."""

    files: list[str] = field(default_factory=list)
    units: int = 0
    pairs: int = 0
    # (unit key, language or "source", number of characters XML 1.0 forbids that were dropped)
    stripped: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def stripped_total(self) -> int:
        """Characters removed across the whole export."""
        return sum(n for _, _, n in self.stripped)


@dataclass
class ImportReport:
    """What an import read and stored."""

    path: str
    format: str
    pairs: int = 0
    stored: int = 0
    skipped: int = 0
    languages: set[tuple[str, str]] = field(default_factory=set)
