"""Moses / OPUS parallel text: two plain-text files, line N of one translates line N of the other.

Names follow OPUS: `-o corpus` writes `corpus.en-sq.en` and `corpus.en-sq.sq` for each target
language (`-o DIR` writes DIR/corpus.en-sq.en ...). A newline, tab or backslash inside a segment is written with the escapes of
`formats.lines` (\\n, \\t, \\\\) so every segment stays on its line.

Import takes the two files, or one stem: `corpus.en-sq` (languages from the name) or `corpus`
with --src-lang/--tgt-lang (files `corpus.en` and `corpus.sq`). Files of different lengths are
refused: one missing line shifts every pair after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from itertools import zip_longest
from pathlib import Path
from typing import TextIO

from workbench.boundary import input_file
from workbench.errors import InputError
from workbench.formats.lines import escape, read_lines, unescape
from workbench.formats.model import (
    ExportFilter,
    ExportReport,
    ExportUnit,
    ImportReport,
    assumed,
    imported_pair,
    lang_code,
    parse_lang,
)
from workbench.formats.output import output_file
from workbench.limits import MAX_SEGMENT_CHARS, check_segment
from workbench.text.codes import plain_text
from workbench.tm.units import TMPair

_PAIR_SUFFIX = re.compile(r"\.([A-Za-z]{2,3})-([A-Za-z]{2,3})$")


def output_paths(out: Path, src_lang: str, tgt_lang: str) -> tuple[Path, Path]:
    """(source file, target file) for one language pair; an existing directory gets `corpus`."""
    stem = f"{out / 'corpus' if out.is_dir() else out}.{src_lang}-{tgt_lang}"
    return Path(f"{stem}.{src_lang}"), Path(f"{stem}.{tgt_lang}")


def export(units: Iterator[ExportUnit], out: Path, flt: ExportFilter,
           report: ExportReport) -> None:
    """Two files per target language, written in one pass; a language with no pairs gets none
    (an empty corpus file only breaks the pipeline that reads it)."""
    files: dict[str, tuple[TextIO, TextIO]] = {}
    with ExitStack() as stack:

        def files_for(lang: str) -> tuple[TextIO, TextIO]:
            if lang not in files:
                src_path, tgt_path = output_paths(out, flt.src_lang, lang)
                src_path.parent.mkdir(parents=True, exist_ok=True)
                files[lang] = (stack.enter_context(output_file(src_path)),
                               stack.enter_context(output_file(tgt_path)))
                report.files.extend((str(src_path), str(tgt_path)))
            return files[lang]

        for unit in units:
            source = escape(plain_text(unit.source, unit.codes)) + "\n"
            for t in unit.targets:
                src_fh, tgt_fh = files_for(t.lang)
                src_fh.write(source)
                tgt_fh.write(escape(plain_text(t.text, unit.codes)) + "\n")
                report.pairs += 1
            report.units += 1


def input_paths(paths: list[Path], src_lang: str | None,
                tgt_lang: str | None) -> tuple[Path, Path, str, str]:
    """(source file, target file, source language, target language) for what the user gave."""
    if len(paths) == 2:
        src_path, tgt_path = paths
        return (src_path, tgt_path, src_lang or lang_code(src_path.suffix.lstrip(".")),
                tgt_lang or lang_code(tgt_path.suffix.lstrip(".")))
    if len(paths) != 1:
        raise InputError("Moses import takes one stem or two files",
                         hint="e.g. `import-tm corpus.en-fa --format moses`")
    stem = paths[0]
    m = _PAIR_SUFFIX.search(stem.name)
    src = src_lang or (lang_code(m.group(1)) if m else "en")
    tgt = tgt_lang or (lang_code(m.group(2)) if m else None)
    if tgt is None:
        raise InputError("the target language is not known", path=stem,
                         hint="pass --tgt-lang, or name the files like corpus.en-fa.en")
    return Path(f"{stem}.{src}"), Path(f"{stem}.{tgt}"), src, tgt


def read_pairs(paths: list[Path], report: ImportReport, *, src_lang: str | None = None,
               tgt_lang: str | None = None,
               max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[TMPair]:
    """Pairs line by line; a file that ends before the other is an error naming the line.

    Plain text carries no languages: --src-lang/--tgt-lang name them, else the file names do.
    """
    src_path, tgt_path, src, tgt = input_paths(paths, src_lang, tgt_lang)
    assumed("source", src_lang, "--src-lang", report)
    assumed("target", tgt_lang, "--tgt-lang", report)
    for lang, path in ((src, src_path), (tgt, tgt_path)):
        parse_lang(lang, path=path)
    for path in (src_path, tgt_path):
        input_file(path, hint="give both files, or a stem with --src-lang/--tgt-lang")
    end: tuple[int, str] = (0, "")  # zip_longest's filler: one file has ended
    for left, right in zip_longest(read_lines(src_path, max_chars=max_chars),
                                   read_lines(tgt_path, max_chars=max_chars), fillvalue=end):
        if left is end or right is end:
            short, other, number = ((src_path, tgt_path, right[0]) if left is end
                                    else (tgt_path, src_path, left[0]))
            raise InputError(f"has fewer lines than {other.name}: line {number} of "
                             f"{other.name} has no partner", path=short, line=number,
                             hint="both files need one segment per line, in the same order")
        source, target = unescape(left[1]), unescape(right[1])
        check_segment(source, max_chars, path=src_path, line=left[0])
        check_segment(target, max_chars, path=tgt_path, line=right[0])
        yield imported_pair(source, target, src, tgt)
