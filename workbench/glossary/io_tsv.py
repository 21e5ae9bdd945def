"""Glossary TSV in OmegaT's layout: `source<TAB>target<TAB>comment`, UTF-8, one target language.

OmegaT reads such a file unchanged from its glossary folder (use the `.utf8` or `.txt`
extension; it skips a byte-order mark and lines starting with `#`, and splits on tabs). OmegaT
has no notion of variants, so every English form is its own line with the approved rendering,
and the comment carries the rest, in a form read back on import:

    MEK<TAB>مجاهدین خلق<TAB>Leader ... | also: سازمان مجاهدین خلق; فرقه رجوی | not: مجاهدي خلق

Lines with the same target are one concept on import, so an export imports back as it was.
The same three columns are read and written as CSV for a `.csv` file (OmegaT reads those too).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import InputError
from workbench.formats.lines import split_lines
from workbench.glossary.model import SOURCE_LANG, Concept, slugify
from workbench.limits import MAX_TERM_CHARS
from workbench.text.normalize import match_key

_ALSO, _NOT, _DNT = "also: ", "not: ", "do not translate"
# NUL and the other C0/C1 controls (tab is the separator; CR/LF end the line): never in a term
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SEP = " | "


def export_rows(concepts: list[Concept], lang: str, *, forbidden: str = "note"
                ) -> list[list[str]]:
    """[source, target, comment] rows: one per English form of each concept rendered in `lang`.

    Forbidden renderings are never a target (OmegaT would offer them): they go in the comment
    as "not: …" (`forbidden` "note" or "keep"), or are left out ("omit")."""
    rows = []
    for concept in concepts:
        rendering = concept.rendering(lang)
        if not rendering:
            continue
        target = concept.terms.get(lang)
        parts = [_clean(concept.note)] if concept.note else []
        if concept.keeps_source(lang):
            parts.append(_DNT)
        if target:
            also = [t for t in target.allowed() if t != rendering]
            if also:
                parts.append(_ALSO + "; ".join(_clean(t) for t in also))
            if target.forbidden and forbidden != "omit":
                parts.append(_NOT + "; ".join(_clean(t) for t in target.forbidden))
        comment = _SEP.join(parts)
        for source in concept.terms[SOURCE_LANG].allowed():
            rows.append([_clean(source), _clean(rendering), comment])
    return rows


def export_tsv(concepts: list[Concept], path: Path, lang: str, *,
               forbidden: str = "note") -> int:
    """Write the concepts that have a rendering in `lang` as TSV (CSV for a .csv path);
    returns the number of entries written."""
    rows = export_rows(concepts, lang, forbidden=forbidden)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        return len(rows)
    lines = [f"# workbench glossary: English → {lang}. Columns: source, target, comment "
             "(OmegaT glossary format, UTF-8)."]
    lines += ["\t".join(row).rstrip("\t") for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def _clean(text: str) -> str:
    """No tab or line break may reach a TSV cell."""
    return " ".join(text.split())


Record = tuple[int, list[str] | None, InputError | None]  # line, cells (None: skip), error


def _tsv_records(raw: bytes, path: Path) -> Iterator[Record]:
    """Rows of a glossary TSV; LF, CR LF and a lone CR all end a row (`formats.lines`)."""
    for number, line_bytes in enumerate(split_lines(raw), start=1):
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, InputError(f"not UTF-8 (byte {exc.start + 1} of the line)",
                                           path=path, line=number, hint="save the file as UTF-8")
            continue
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip() or line.startswith("#"):
            continue
        yield number, line.split("\t"), None


def _csv_records(raw: bytes, path: Path) -> Iterator[Record]:
    """CSV (quoted cells may hold commas and line breaks); one bad byte refuses the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield (raw.count(b"\n", 0, exc.start) + 1, None,
               InputError("not UTF-8", path=path, line=raw.count(b"\n", 0, exc.start) + 1,
                          hint="save the file as UTF-8"))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells) and not cells[0].startswith("#"):
                yield reader.line_num, cells, None
    except csv.Error as exc:
        yield reader.line_num, None, InputError(f"malformed CSV ({exc})", path=path,
                                                line=reader.line_num)


def read_tsv(path: Path, lang: str, *, skipped: list[InputError] | None = None) -> list[Concept]:
    """Parse an OmegaT-style glossary TSV (or CSV, by extension) with targets in `lang`;
    InputError names the line. With `skipped`, a bad line is recorded there and left out
    instead of stopping the import."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read glossary file ({exc.strerror})", path=path) from None
    is_csv = path.suffix.lower() == ".csv"
    records, kind = (_csv_records, "comma") if is_csv else (_tsv_records, "tab")
    concepts: dict[str, Concept] = {}  # keyed by the target's match key
    for number, cells, error in records(raw, path):
        try:
            if error is not None:
                raise error
            assert cells is not None
            source, target, comment = _cells(cells, number, path, kind)
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(exc)
            continue
        key = match_key(target)
        concept = concepts.get(key)
        if concept is None:
            concept = concepts[key] = Concept(slugify(source))
            concept.lang(lang).preferred = target
            _apply_comment(concept, lang, comment)
        english = concept.lang(SOURCE_LANG)
        if not english.preferred:
            english.preferred = source
        elif match_key(source) not in {match_key(t) for t in english.allowed()}:
            is_acronym = source.isupper() and len(source) <= 6 and " " not in source
            (english.acronyms if is_acronym else english.variants).append(source)
    return list(concepts.values())


def _cells(cells: list[str], number: int, path: Path, kind: str) -> tuple[str, str, str]:
    """(source, target, comment) of one row, or InputError naming the line."""
    if len(cells) not in (2, 3):
        raise InputError(f"expected 2 or 3 {kind}-separated columns (source, target, comment), "
                         f"found {len(cells)}", path=path, line=number)
    source, target = cells[0].strip(), cells[1].strip()
    if not source or not target:
        raise InputError("empty source or target term", path=path, line=number)
    comment = cells[2].strip() if len(cells) == 3 else ""
    for cell in (source, target, comment):
        bad = _CONTROL.search(cell)
        if bad:
            raise InputError(f"a term holds the control character U+{ord(bad.group()):04X}",
                             path=path, line=number,
                             hint="a binary or corrupt file? glossary terms are plain text")
        if len(cell) > MAX_TERM_CHARS:
            raise InputError(f"a term of {len(cell):,} characters (the limit is "
                             f"{MAX_TERM_CHARS:,})", path=path, line=number)
    return source, target, comment


def _apply_comment(concept: Concept, lang: str, comment: str) -> None:
    """Read back what export_tsv put in the comment; anything else is the note."""
    notes = []
    for part in (p.strip() for p in comment.split(_SEP.strip())):
        if part.startswith(_ALSO.strip()):
            concept.lang(lang).variants += _items(part[len(_ALSO.strip()):])
        elif part.startswith(_NOT.strip()):
            concept.lang(lang).forbidden += _items(part[len(_NOT.strip()):])
        elif part == _DNT:
            concept.do_not_translate.add(lang)
        elif part:
            notes.append(part)
    concept.note = _SEP.join(notes)


def _items(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]
