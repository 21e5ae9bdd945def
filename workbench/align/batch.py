"""Align a whole site: many page pairs in one run, from a pairs file or two matched folders.

A site's English pages and their editions come either as a list (a TSV file: source page,
translated page, optionally the edition's language, one pair per line) or as two folders
whose files correspond by name or date (`about.en.html` ↔ `about.fa.html`,
`2024-05-12-drought.html` ↔ `drought-2024-05-12.html`). Every pair is imported and aligned
on its own: a bad page is one error line in the outcome, never the end of the batch, and every
alignment of the run carries the batch's name so the review list can show just that run.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from workbench.align.service import AlignSummary, align_documents, language_warnings
from workbench.errors import InputError, WorkbenchError
from workbench.progress import ProgressFn, report

if TYPE_CHECKING:
    from workbench.align.mt_evidence import MTEvidence
    from workbench.ingest.model import ParsedDocument
    from workbench.project import Project

PAGE_SUFFIXES = (".html", ".htm", ".txt")
# Tokens of a file name that name its language, not its content ("about.en", "news_fa").
LANGUAGE_TOKENS = frozenset({"en", "eng", "english", "sq", "sqi", "alb", "shqip", "albanian",
                             "fa", "fas", "per", "farsi", "persian", "ar", "ara", "arabic"})
_DATE = regex.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])"
                      r"(?!\d)")
_SEPARATORS = regex.compile(r"[\s._\-]+")


@dataclass(frozen=True)
class PagePair:
    """A source page and its translated edition (language: given, else detected)."""

    source: Path
    translated: Path
    tgt_lang: str | None = None


@dataclass
class Matching:
    """Pairs found in two folders, and the files that found no partner."""

    pairs: list[PagePair] = field(default_factory=list)
    unmatched_source: list[Path] = field(default_factory=list)
    unmatched_translated: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class PairOutcome:
    """One pair of a batch: its alignment, or the one-line error that stopped it."""

    pair: PagePair
    summary: AlignSummary | None = None
    error: str | None = None
    src_doc_id: int | None = None
    tgt_doc_id: int | None = None


def read_pairs(path: Path) -> list[PagePair]:
    """Pairs from a TSV file: `source<TAB>translated[<TAB>lang]`; blank lines and lines
    starting with # are skipped; relative paths are relative to the file's folder."""
    from workbench.ingest.importer import read_text

    base = path.parent
    pairs: list[PagePair] = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) not in (2, 3) or not cells[0] or not cells[1]:
            raise InputError("expected SOURCE<TAB>TRANSLATED[<TAB>LANG]", path=path, line=number,
                             hint="one page pair per line, separated by a tab")
        lang = cells[2].lower() if len(cells) == 3 and cells[2] else None
        pairs.append(PagePair(_resolve(base, cells[0]), _resolve(base, cells[1]), lang))
    if not pairs:
        raise InputError("no page pairs in the file", path=path,
                         hint="one pair per line: SOURCE<TAB>TRANSLATED[<TAB>LANG]")
    return pairs


def _resolve(base: Path, cell: str) -> Path:
    path = Path(cell).expanduser()
    return path if path.is_absolute() else base / path


def name_key(path: Path) -> str:
    """What a file's name says about its content: lower case, separators unified, language
    tokens dropped ("About_Us.en.html" and "about-us-fa.html" → "about-us")."""
    tokens = [t for t in _SEPARATORS.split(path.stem.casefold()) if t]
    return "-".join(t for t in tokens if t not in LANGUAGE_TOKENS)


def date_key(path: Path) -> str | None:
    """The date a file name carries (2024-05-12, 20240512, 2024_05_12), as YYYY-MM-DD."""
    found = _DATE.search(path.name)
    return "-".join(found.groups()) if found else None


def match_folders(source_dir: Path, translated_dir: Path) -> Matching:
    """Pair the page files of two folders: same name key first, then the same date when
    exactly one file on each side has it. Ambiguous or lonely files are reported."""
    sources, translated = _pages(source_dir), _pages(translated_dir)
    out = Matching()
    by_name = _unique(translated, name_key)
    left_src: list[Path] = []
    used: set[Path] = set()
    for page in sources:
        partner = by_name.get(name_key(page))
        if partner is not None and partner not in used:
            out.pairs.append(PagePair(page, partner))
            used.add(partner)
        else:
            left_src.append(page)
    left_tgt = [p for p in translated if p not in used]
    by_date = _unique(left_tgt, date_key)
    src_dates = _unique(left_src, date_key)
    for page in left_src:
        date = date_key(page)
        partner = by_date.get(date) if date and src_dates.get(date) == page else None
        if partner is not None:
            out.pairs.append(PagePair(page, partner))
            used.add(partner)
        else:
            out.unmatched_source.append(page)
    out.unmatched_translated = [p for p in translated if p not in used]
    out.pairs.sort(key=lambda pair: str(pair.source))
    return out


def _pages(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError("not a folder", path=folder, hint="give two folders of page files")
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / n for n in names
                  if not n.startswith(".") and n.lower().endswith(PAGE_SUFFIXES)]
    return sorted(found)


def _unique(paths: Sequence[Path], key: Callable[[Path], str | None]) -> dict[str, Path]:
    """key → path, for keys exactly one path has."""
    groups: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        k = key(path)
        if k:
            groups[k].append(path)
    return {k: v[0] for k, v in groups.items() if len(v) == 1}


MT_MODES = ("auto", "on", "off")


class MTChooser:
    """The MT evidence for each language pair of a run, looked up once per pair.

    "auto" uses installed models that are not test models, "on" any installed model (a test
    model too: its evidence is checked and dropped when useless), "off" none.
    """

    def __init__(self, project: Project, mode: str = "auto") -> None:
        if mode not in MT_MODES:
            raise InputError(f"unknown MT mode {mode!r}", hint=f"use one of {', '.join(MT_MODES)}")
        self.project, self.mode = project, mode
        self._found: dict[tuple[str, str], MTEvidence | None] = {}

    def __call__(self, src_lang: str, tgt_lang: str) -> MTEvidence | None:
        if self.mode == "off":
            return None
        if (src_lang, tgt_lang) not in self._found:
            from workbench.align.mt_evidence import find_mt

            self._found[(src_lang, tgt_lang)] = find_mt(
                self.project.settings, src_lang, tgt_lang, allow_test=self.mode == "on")
        return self._found[(src_lang, tgt_lang)]


def align_pages(project: Project, pairs: Sequence[PagePair], *, src_lang: str = "en",
                tgt_lang: str | None = None, batch: str | None = None, replace: bool = False,
                progress: ProgressFn | None = None, mt: str = "auto") -> list[PairOutcome]:
    """Import and align every pair (each in its own transactions); errors are per pair."""
    outcomes: list[PairOutcome] = []
    choose = MTChooser(project, mt)
    for done, pair in enumerate(pairs):
        try:
            parsed = parse_pair(pair, src_lang=src_lang, tgt_lang=pair.tgt_lang or tgt_lang)
            outcomes.append(store_and_align(project, parsed, src_lang=src_lang, batch=batch,
                                            replace=replace,
                                            mt=choose(src_lang, parsed.tgt_lang)))
        except WorkbenchError as exc:
            outcomes.append(PairOutcome(pair, error=exc.render()))
        report(progress, done + 1, len(pairs))
    return outcomes


@dataclass
class ParsedPair:
    """Both pages of a pair read and parsed, the edition's language settled."""

    pair: PagePair
    source: ParsedDocument
    translated: ParsedDocument
    tgt_lang: str
    warnings: list[str]


def parse_pair(pair: PagePair, *, src_lang: str, tgt_lang: str | None) -> ParsedPair:
    """Read both pages (InputError for a bad or empty file, before anything is stored)."""
    from workbench.ingest.importer import parse_file

    src_doc = parse_file(pair.source)
    tgt_doc = parse_file(pair.translated)
    lang = tgt_lang or tgt_doc.lang
    if not lang:
        raise InputError("cannot tell the language of the translated page",
                         path=pair.translated, hint="give it with --tgt-lang (e.g. --tgt-lang fa)")
    warnings = language_warnings("source page", src_lang, src_doc.lang)
    if tgt_lang:
        warnings += language_warnings("translated page", lang, tgt_doc.lang)
    tgt_doc.lang = lang
    for passage in tgt_doc.passages:
        passage.lang = passage.lang or lang
    return ParsedPair(pair, src_doc, tgt_doc, lang, warnings)


def store_and_align(project: Project, parsed: ParsedPair, *, src_lang: str,
                    batch: str | None = None, replace: bool = False,
                    mt: MTEvidence | None = None) -> PairOutcome:
    """Store both pages (a page already stored is reused) and align them."""
    from workbench.store.documents import save_document

    conn = project.db
    src_id = save_document(conn, parsed.source, role="source").document_id
    tgt_id = save_document(conn, parsed.translated, role="edition").document_id
    summary = align_documents(conn, src_id, tgt_id, src_lang=src_lang, tgt_lang=parsed.tgt_lang,
                              warnings=list(parsed.warnings), batch=batch, replace=replace,
                              mt=mt)
    return PairOutcome(parsed.pair, summary, src_doc_id=src_id, tgt_doc_id=tgt_id)
