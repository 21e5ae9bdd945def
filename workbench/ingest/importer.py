"""Import pages into a project: read files safely, parse, segment, detect language, store.

Reading is where user files go wrong, so every check here ends in one `InputError` naming the
file and what to do, and a failed file stores nothing (each file is saved in its own
transaction only after it parsed completely):

* missing paths; folders are walked for .html/.htm/.txt files (sorted, hidden ones skipped);
* files over the size limit are refused from `stat()`, before a byte is read;
* binary files (known magic numbers, or NUL bytes that are not UTF-16) are refused by type;
* text must be UTF-8 (a BOM is fine), UTF-16/32 with a BOM, or carry an HTML/XML charset
  declaration. Anything else is refused with the encoding it most likely is (Windows-1256
  Arabic or Latin-1/Windows-1252) and the command that converts it: guessing between legacy
  code pages silently is how mojibake gets into a translation memory;
* empty files, and pages with no text left after boilerplate removal, are refused too;
* a sentence longer than the `max_segment_chars` setting is refused (`workbench.limits`):
  a page without sentence punctuation would otherwise become one segment nobody can
  translate, and a hostile one a segment of megabytes;
* every other failure a hostile file can cause (markup nested thousands deep, …) ends as an
  InputError too (`workbench.boundary`), never as a traceback.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from workbench.boundary import input_boundary, input_file
from workbench.errors import InputError
from workbench.ingest.capture import parse_capture
from workbench.ingest.langid import detect_document
from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.ingest.segment import split_sentences
from workbench.limits import MAX_SEGMENT_CHARS, check_segment
from workbench.progress import ProgressFn
from workbench.text.normalize import nfc

if TYPE_CHECKING:
    from workbench.project import Project
    from workbench.store.documents import SaveResult

MAX_FILE_BYTES = 20 * 1024 * 1024
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SNIFF = 4096

# Leading bytes of file types people drop into an import by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"), (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"RIFF", "a media file"),
    (b"OggS", "an audio file"), (b"ID3", "an MP3 file"), (b"\x00asm", "a WebAssembly module"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_ANY_TAG = regex.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_DECLARED = regex.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    regex.IGNORECASE)
_HTML_SNIFF = regex.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article"
    r"|section|h[1-6])[\s>/]", regex.IGNORECASE | regex.DOTALL)


@dataclass
class ImportOutcome:
    """What happened to one file: a stored result, or the one-line error that stopped it."""

    path: str
    result: SaveResult | None
    error: str | None


def import_paths(project: Project, paths: Iterable[Path | str], *, role: str = "source",
                 lang: str | None = None, progress: ProgressFn | None = None
                 ) -> list[ImportOutcome]:
    """Import files and folders; one bad file does not stop the others nor store anything.

    `role="edition"` with `lang` imports translated editions (for alignment) rather than
    source pages.
    """
    from workbench.store.documents import save_document

    items = _expand(paths)
    total = sum(1 for item in items if isinstance(item, Path))
    outcomes: list[ImportOutcome] = []
    done = 0
    for item in items:
        if isinstance(item, ImportOutcome):
            outcomes.append(item)
            continue
        try:
            with input_boundary(item):
                doc = parse_file(item, lang=lang,
                                 max_segment_chars=project.settings.max_segment_chars)
            result = save_document(project.db, doc, role=role)
            outcomes.append(ImportOutcome(str(item), result, None))
        except InputError as exc:
            outcomes.append(ImportOutcome(str(item), None, exc.render()))
        done += 1
        if progress:
            progress(done, total)
    return outcomes


def parse_file(path: Path, *, lang: str | None = None, max_bytes: int = MAX_FILE_BYTES,
               max_segment_chars: int = MAX_SEGMENT_CHARS) -> ParsedDocument:
    """Read and parse one page file (raises InputError with the file's name)."""
    path = Path(path)
    text = read_text(path, max_bytes=max_bytes)
    doc = _build(text, fmt=page_format(path, text), title=None, lang=lang, path=path,
                 max_segment_chars=max_segment_chars)
    doc.source_path = str(path.resolve())
    return doc


def page_format(path: Path, text: str) -> str:
    """'html' or 'text': by content first (a saved page named .txt is still HTML; a text
    capture named .html has no tags), by extension when the start of the file is ambiguous."""
    if _HTML_SNIFF.match(text):
        return "html"
    if path.suffix.lower() in _HTML_SUFFIXES and _ANY_TAG.search(text, 0, _SNIFF * 4):
        return "html"
    return "text"


def parse_text(text: str, *, title: str | None = None, fmt: str = "text",
               lang: str | None = None,
               max_segment_chars: int = MAX_SEGMENT_CHARS) -> ParsedDocument:
    """Parse page text already in memory (`fmt` "text" for captures, "html" for markup)."""
    if fmt not in {"text", "html"}:
        raise ValueError(f"unknown page format {fmt!r}")
    return _build(text, fmt=fmt, title=title, lang=lang, path=None,
                  max_segment_chars=max_segment_chars)


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The decoded text of a page file, or InputError saying why it cannot be read."""
    if path.is_dir():
        raise InputError("is a folder", path=path, hint="import the folder itself to walk it")
    st = input_file(path)
    if st.st_size > max_bytes:
        raise InputError(f"file is too large ({st.st_size / 2**20:.1f} MB; the limit is "
                         f"{max_bytes / 2**20:.0f} MB)", path=path,
                         hint="split it into pages, or check it is really a web page")
    if st.st_size == 0:
        raise InputError("file is empty", path=path, hint="nothing to import")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    return nfc(decode_bytes(data, path))


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode a page's bytes by BOM, declaration or UTF-8; refuse binary and legacy encodings."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"this is {what}, not a web page or text file", path=path,
                             hint="import .html, .htm or .txt pages")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _non_empty(data.decode(codec), path)
            except UnicodeDecodeError as exc:
                raise InputError(f"broken {codec.upper()} text at byte {exc.start}",
                                 path=path, hint=_convert_hint(codec.upper(), path)) from None
    head = data[:_SNIFF]
    if b"\x00" in head:
        if _looks_like_utf16(head):
            raise InputError("text is UTF-16 without a byte-order mark", path=path,
                             hint=_convert_hint("UTF-16LE", path))
        raise InputError("this is a binary file, not a web page or text file", path=path,
                         hint="import .html, .htm or .txt pages")
    try:
        return _non_empty(data.decode("utf-8"), path)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    declared = _declared_encoding(head)
    if declared and declared != "utf-8":
        try:
            return _non_empty(data.decode(declared), path)
        except UnicodeDecodeError as exc:
            first_bad = exc.start
    what = f"in its declared encoding {declared!r}" if declared else "UTF-8"
    guess = _guess_legacy(data)
    line = data.count(b"\n", 0, first_bad) + 1
    raise InputError(f"text is not {what} (byte {first_bad}); it looks like {guess}",
                     path=path, line=line,
                     hint=_convert_hint(guess.split()[0], path) +
                     ", or declare the right charset in the page's <meta charset>")


def _convert_hint(encoding: str, path: Path | str) -> str:
    """The command that turns the file into UTF-8, with the file's own name in it."""
    p = Path(path)
    return (f"convert it to UTF-8, e.g. `iconv -f {encoding} -t UTF-8 {p.name} > "
            f"{p.stem}.utf8{p.suffix}`")


def _non_empty(text: str, path: Path | str) -> str:
    if not text.strip():
        raise InputError("file holds only whitespace", path=path, hint="nothing to import")
    return text


def _looks_like_utf16(head: bytes) -> bool:
    """ASCII-range text in UTF-16 has a NUL in every other byte."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


def _declared_encoding(head: bytes) -> str | None:
    """The charset a page declares in <meta> or an XML declaration, if Python knows it."""
    m = _DECLARED.search(head)
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _guess_legacy(data: bytes) -> str:
    """Name the likely 8-bit encoding, to put the right `iconv -f` in the error's hint.

    Arabic in Windows-1256 is runs of high bytes (whole words), most of them Arabic letters;
    Latin-1 Albanian or French has lone accented letters between ASCII ones, and Windows-1252
    adds curly quotes and dashes in the range Latin-1 leaves to control characters.
    """
    runs = regex.findall(rb"[\x80-\xff]+", data)
    high = sum(len(r) for r in runs)
    arabic = sum(1 for ch in data.decode("cp1256", "replace") if "\u0600" <= ch <= "\u06ff")
    if runs and high / len(runs) >= 2.5 and arabic >= 0.6 * high:
        return "WINDOWS-1256 (Arabic)"
    if regex.search(rb"[\x80-\x9f]", data):  # curly quotes, dashes: C1 controls in Latin-1
        return "WINDOWS-1252 (Western European)"
    return "LATIN1 (ISO-8859-1, Western European)"


def _build(text: str, *, fmt: str, title: str | None, lang: str | None,
           path: Path | None, max_segment_chars: int = MAX_SEGMENT_CHARS) -> ParsedDocument:
    """Parse, detect languages, split sentences: the document ready for the store."""
    where = path if path is not None else "<text>"
    if fmt == "html":
        from workbench.ingest.html import parse_html  # BeautifulSoup: only for HTML pages

        try:
            found_title, passages = parse_html(text)
        except RecursionError:
            raise InputError("the HTML is nested too deeply to read (thousands of levels)",
                             path=where, hint="is this a real page? save it again from the "
                                              "browser") from None
        except Exception as exc:  # html.parser rejects only pathological markup
            raise InputError(f"cannot parse the HTML: {exc}", path=where,
                             hint="save the page again from the browser") from None
    else:
        found_title, passages = parse_capture(text)
    if not passages:
        raise InputError("no text found in the page (after removing menus and other "
                         "boilerplate)", path=where, hint="is this the right file?")
    doc_lang = _detect_languages(passages, lang)
    for p in passages:
        p.sentences = split_sentences(p.text, p.lang or doc_lang or "en")
        for sentence in p.sentences:
            check_segment(sentence, max_segment_chars, path=where, what="sentence")
    doc_title = title or found_title or (path.stem if path else passages[0].text[:80])
    return ParsedDocument(title=doc_title, passages=passages, format=fmt,
                          source_path=None, lang=doc_lang)


def _detect_languages(passages: Sequence[ParsedPassage], lang: str | None) -> str | None:
    """Set each passage's language; return the document's (given, or majority by words);
    see `langid.detect_document`."""
    doc_lang, found = detect_document([p.text for p in passages], lang)
    for p, (found_lang, confidence) in zip(passages, found, strict=True):
        p.lang, p.lang_confidence = found_lang, confidence
    return doc_lang


def _expand(paths: Iterable[Path | str]) -> list[Path | ImportOutcome]:
    """Files to import (folders walked), in order, with an error outcome in place of each path
    that is not importable."""
    items: list[Path | ImportOutcome] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk_folder(path)
            if found:
                items.extend(found)
            else:
                items.append(ImportOutcome(str(path), None, InputError(
                    "folder holds no .html, .htm or .txt pages", path=path).render()))
        elif not path.exists():
            items.append(ImportOutcome(str(path), None, InputError(
                "no such file or folder", path=path, hint="check the path").render()))
        else:
            items.append(path)
    return items


def _walk_folder(folder: Path) -> list[Path]:
    """Page files under `folder`, sorted by path; hidden files and folders skipped."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / n for n in names
                     if not n.startswith(".") and n.lower().endswith(PAGE_SUFFIXES))
    return sorted(found)
