"""What exporters receive and what export and import report back.

An `ExportUnit` is one source sentence with its translations in the requested languages: a
multilingual TMX writes it as one <tu>, the bilingual formats write one pair per target.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from workbench.store.translations import ORIGINS, STATUSES
from workbench.text.codes import CodeTable
from workbench.text.langtag import is_lang_tag, lang_code, lang_tag, parse_lang
from workbench.tm.units import TMPair

__all__ = ["is_lang_tag", "lang_code", "lang_tag", "parse_lang"]  # re-exported for the readers

# Where pairs come from: the project's documents (default) or the whole translation memory.
WHAT = ("segments", "tm")

# Our status → XLIFF 2.0 segment state. XLIFF has four states for our five statuses, so the
# exact status also travels in subState (`wb:draft`) and comes back unchanged on import.
XLIFF_STATE = {"new": "initial", "draft": "initial", "translated": "translated",
               "reviewed": "reviewed", "approved": "final"}
XLIFF_STATUS = {"initial": "draft", "translated": "translated", "reviewed": "reviewed",
                "final": "approved"}
SUBSTATE_PREFIX = "wb:"


def wanted(lang: str, tgt_lang: str | None, report: ImportReport) -> bool:
    """Whether a pair into `lang` (named by the file) is imported: --tgt-lang, when given,
    selects the pairs into that language, and every pair it leaves out is counted."""
    if tgt_lang and lang_code(lang) != lang_code(tgt_lang):
        report.filtered[lang_code(lang)] += 1
        return False
    return True


def assumed(role: str, value: str | None, option: str, report: ImportReport) -> str | None:
    """The language the user gave for a file that does not name its own (--src-lang or
    --tgt-lang as a label), noted in the report so the two roles of an option are never
    silent."""
    if value:
        report.note(f"the file does not name its {role} language: {option} {value} used")
    return value


def imported_pair(source: str, target: str, src_lang: str, tgt_lang: str, *,
                  origin: str | None = None, status: str | None = None,
                  created: str | None = None, changed: str | None = None,
                  note: str | None = None, created_by: str | None = None,
                  changed_by: str | None = None) -> TMPair:
    """A pair read from a file, as the TM stores it.

    Origin and status are kept when the file carries ours (x-origin props, JSONL keys, ...)
    or a foreign status the reader mapped; anything else becomes origin "tm" (it came from a
    translation memory), status "translated". A regional tag ('fr-CA') is stored as the base
    language with the full tag beside it, so regional variants are all kept.
    """
    return TMPair(source, target, lang_code(src_lang), lang_code(tgt_lang),
                  origin=origin if origin in ORIGINS else "tm",
                  status=status if status in STATUSES else "translated",
                  created_at=created or None, updated_at=changed or None, note=note or None,
                  src_tag=_regional(src_lang), tgt_tag=_regional(tgt_lang),
                  created_by=created_by or None, changed_by=changed_by or None)


def _regional(tag: str) -> str | None:
    """The full tag when it says more than the base language."""
    full = lang_tag(tag)
    return full if "-" in full else None


@dataclass(frozen=True)
class TargetText:
    """One translation of a unit's source.

    `tag`: the regional tag a TM unit was imported with ('fr-CA'); `created_by`/`changed_by`:
    who made it (the translator setting for the local user); `note`: the translator's note;
    `locked`: the segment is locked in this language (store.locks), written as XLIFF 1.2
    translate="no", an XLIFF 2.0 metadata entry and a TMX x-locked prop. In a hand-off export
    an untranslated segment has status "new" and `text` "" (or the source).
    """

    lang: str
    text: str
    status: str
    origin: str
    created_at: str
    updated_at: str
    created_by: str | None = None
    changed_by: str | None = None
    tag: str | None = None
    note: str | None = None
    locked: bool = False


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
    document_name: str | None = None  # file name or URL, never a local absolute path
    document_version: int | None = None
    passage_id: int | None = None
    position: int | None = None  # the segment's number in its document, from 1
    note: str | None = None
    # the markup of the inline codes in source and targets (text.codes), by code id
    codes: CodeTable = field(default_factory=dict)


@dataclass(frozen=True)
class ExportFilter:
    """Which pairs to export: target languages, minimum status, origins, one document.

    `all_segments` makes a bilingual hand-off: every segment of the documents, each with its
    translation whatever its status, untranslated ones with an empty target (`untranslated`
    "empty") or a copy of the source ("source"). `translator` names the local user (the
    `translator` setting) where the edit history says "user". `xliff_version` picks 2.0 or 1.2.
    """

    targets: tuple[str, ...]
    src_lang: str = "en"
    min_status: str = "translated"
    origins: tuple[str, ...] = ()
    doc_id: int | None = None
    what: str = "segments"
    all_segments: bool = False
    untranslated: str = "empty"
    translator: str | None = None
    xliff_version: str = "2.0"


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
    """What an import read and stored, with a reason for everything it did not store.

    `pairs` were read with both sides; of them `added` are new in the TM, `present` were
    already there (their metadata is updated) and `duplicates` repeat a pair earlier in the
    same file. Everything else is counted by why it was left out.
    """

    path: str
    format: str
    pairs: int = 0
    added: int = 0
    present: int = 0
    duplicates: int = 0
    empty: int = 0            # no target text (untranslated units)
    no_source: int = 0        # no text in the source language
    same_language: int = 0    # the only other text is in a variant of the source language
    below_status: Counter[str] = field(default_factory=Counter)  # status → pairs left out
    filtered: Counter[str] = field(default_factory=Counter)      # language → pairs left out
    languages: set[tuple[str, str]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # how options were applied to this file

    @property
    def stored(self) -> int:
        """Pairs written (new or updated)."""
        return self.added + self.present

    @property
    def skipped(self) -> int:
        """Units or pairs read but not stored, for any reason."""
        return (self.empty + self.no_source + self.same_language
                + sum(self.below_status.values()) + sum(self.filtered.values()))

    def note(self, text: str) -> None:
        """Record, once, how an option was applied to this file."""
        if text not in self.notes:
            self.notes.append(text)
