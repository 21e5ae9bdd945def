"""XML both ways, safely: an incremental writer and a hardened streaming reader.

Writing: `start_tag`, `element` and `text` build markup with xml.sax.saxutils' escaping
(&, <, >, quotes), keeping a carriage return as `&#13;` (a parser would turn a raw one into a
newline); `XmlOut` appends it to the file. `clean` drops the characters XML 1.0 cannot carry at
all (most C0 controls, U+FFFE/U+FFFF, lone surrogates), counting them so the export can say
what it changed.

Reading: `iter_xml` runs expat through defusedxml's parser, which refuses entity declarations
(billion laughs) and external references (XXE) but accepts the DOCTYPE line that OmegaT and
others write. It is a push parser fed in blocks: only the element being collected (a <tu>, a
<unit>) is kept in memory, and every event carries the line it started on, so errors can name
the line. Memory stays bounded for hostile files too: a collected element may hold at most
`limits.element_chars` of text and `MAX_ELEMENTS` elements nested at most `MAX_DEPTH` deep, and
a single tag (a 50 MB attribute) may not run over `MAX_TOKEN_BYTES`; each is an InputError
with the line, raised as soon as the bound is passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from workbench.errors import InputError
from workbench.limits import MAX_SEGMENT_CHARS, element_chars

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Collected elements carry the line they started on in this attribute (no real name clashes:
# it is in a namespace of our own), so errors deep inside a <tu> can still name their line.
LINE = "{urn:x-workbench:line}n"
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BLOCK = 1 << 16
MAX_DEPTH = 256              # inline markup nests a few levels; 1000 is an attack
MAX_ELEMENTS = 100_000       # elements inside one collected <tu>/<unit>
MAX_TOKEN_BYTES = 16 << 20   # bytes fed without the parser reporting anything (one tag)


def forbidden_chars(text: str) -> list[str]:
    """The characters of `text` that XML 1.0 cannot represent, in order."""
    return _FORBIDDEN.findall(text)


def clean(text: str) -> tuple[str, int]:
    """`text` without the characters XML 1.0 forbids, and how many were removed."""
    return _FORBIDDEN.subn("", text)


# Attribute values are normalised by parsers too, so quotes and whitespace become references.
_ATTR = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


def text(content: str) -> str:
    """Character data: &, <, > escaped; a CR as a reference (raw, it would come back as LF)."""
    escaped = escape(content)
    return escaped.replace("\r", "&#13;") if "\r" in escaped else escaped


def start_tag(name: str, attrs: dict[str, str] | None = None, *, empty: bool = False) -> str:
    """<name a="v"> (or <name a="v"/>), values quoted and escaped."""
    inner = "".join(f' {k}="{escape(v, _ATTR)}"' for k, v in (attrs or {}).items())
    return f"<{name}{inner}{'/' if empty else ''}>"


def element(name: str, content: str, attrs: dict[str, str] | None = None) -> str:
    """<name attrs>content</name> with content escaped."""
    return f"{start_tag(name, attrs)}{text(content)}</{name}>"


class XmlOut:
    """A UTF-8 XML file written in pieces: markup built with the helpers above, one write each.

    Each <tu> or <unit> is assembled as one string (with saxutils' escaping) and written at
    once: a per-element writer such as XMLGenerator makes eight calls per <tu> and is several
    times slower at a million units, for the same bytes.
    """

    def __init__(self, stream: TextIO) -> None:
        """`stream`: a text file opened with encoding="utf-8"; the XML declaration says so."""
        self._out = stream
        self._out.write('<?xml version="1.0" encoding="UTF-8"?>\n')

    def write(self, markup: str) -> None:
        """Append markup built with `start_tag`, `element`, `text`."""
        self._out.write(markup)


def line_of(elem: Element) -> int | None:
    """The line a collected element started on."""
    value = elem.get(LINE)
    return int(value) if value else None


def local(tag: str) -> str:
    """'{urn:...}tu' → 'tu'."""
    return tag.rpartition("}")[2]


@dataclass(frozen=True)
class XmlEvent:
    """A start tag outside any collected element, or a whole collected element."""

    kind: str  # "start" or "element"
    name: str  # local name
    attrib: dict[str, str]
    line: int
    element: Element | None = None
    namespace: str = ""


class _Limit(Exception):
    """A bound of the collector was passed (message, line); turned into InputError."""


class _Collector:
    """Parser target: reports start tags and builds only the subtrees we collect, within the
    bounds in the module doc."""

    def __init__(self, collect: frozenset[str], max_chars: int) -> None:
        self.collect = collect
        self.events: list[XmlEvent] = []
        self.builder: TreeBuilder | None = None
        self.depth = 0
        self.line_of: Callable[[], int] = lambda: 0
        self.start_line = 0
        self.max_chars = max_chars
        self.collected = ""
        self.chars = 0
        self.elements = 0
        self.active = True  # set on every callback: the parser is making progress

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.active = True
        if self.builder is not None:
            self.depth += 1
            self.elements += 1
            if self.depth > MAX_DEPTH or self.elements > MAX_ELEMENTS:
                what = (f"markup nested more than {MAX_DEPTH} levels deep"
                        if self.depth > MAX_DEPTH else f"more than {MAX_ELEMENTS:,} elements")
                raise _Limit(f"<{local(self.collected)}> holds {what}", self.line_of())
            self.builder.start(tag, {**attrib, LINE: str(self.line_of())})
            return
        name = local(tag)
        if name in self.collect:
            self.builder, self.depth, self.start_line = TreeBuilder(), 0, self.line_of()
            self.collected, self.chars, self.elements = tag, 0, 0
            self.builder.start(tag, {**attrib, LINE: str(self.start_line)})
        else:
            namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
            self.events.append(XmlEvent("start", name, attrib, self.line_of(),
                                        namespace=namespace))

    def end(self, tag: str) -> None:
        self.active = True
        if self.builder is None:
            return
        self.builder.end(tag)
        if self.depth:
            self.depth -= 1
            return
        elem = self.builder.close()
        self.builder = None
        self.events.append(XmlEvent("element", local(tag), elem.attrib, self.start_line, elem))

    def data(self, text: str) -> None:
        self.active = True
        if self.builder is not None:
            self.chars += len(text)
            if self.chars > self.max_chars:
                raise _Limit(f"<{local(self.collected)}> holds more than {self.max_chars:,} "
                             "characters of text", self.start_line)
            self.builder.data(text)

    def close(self) -> None:
        return None


def iter_xml(path: Path, collect: set[str], *,
             max_chars: int = MAX_SEGMENT_CHARS) -> Iterator[XmlEvent]:
    """Start tags of the document and whole elements named in `collect`, streamed.

    Raises InputError (with the line) for malformed XML, entity declarations, external
    references and elements beyond the bounds (`max_chars` is the segment limit); nothing
    else about the document is trusted.
    """
    target = _Collector(frozenset(collect), element_chars(max_chars))
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    expat = parser.parser
    target.line_of = lambda: expat.CurrentLineNumber
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with fh:
        if not fh.peek(1):
            raise InputError("empty file", path=path)
        quiet = 0  # bytes fed since the parser last reported anything
        try:
            while block := fh.read(_BLOCK):
                target.active = False
                parser.feed(block)
                quiet = 0 if target.active else quiet + len(block)
                if quiet > MAX_TOKEN_BYTES:
                    raise _Limit(f"a single tag longer than {MAX_TOKEN_BYTES >> 20} MB "
                                 "(a giant attribute or name)", expat.CurrentLineNumber)
                yield from target.events
                target.events.clear()
            parser.close()
            yield from target.events
        except _Limit as exc:
            message, line = exc.args
            hint = ("raise max_segment_chars in config.toml if its segments are really this "
                    "long" if "characters" in message else
                    "the file is malformed or made to exhaust a reader")
            raise InputError(message, path=path, line=line or None, hint=hint) from None
        except ParseError as exc:
            line = exc.position[0] if exc.position else None
            message, hint = _expat_message(exc)
            raise InputError(message, path=path, line=line, hint=hint) from None
        except DefusedXmlException as exc:
            external = bool(getattr(exc, "sysid", None) or getattr(exc, "pubid", None))
            raise InputError(
                "refused: the file refers to an external resource (a possible XXE attack)"
                if external else "refused: the file declares XML entities (a possible XML bomb)",
                path=path, line=expat.CurrentLineNumber or None,
                hint="export the file again without a DTD internal subset") from None


def _expat_message(exc: ParseError) -> tuple[str, str]:
    """(message, hint) from expat's error, without its own ': line N, column M' tail."""
    detail = re.sub(r": line \d+, column \d+$", "", str(exc))
    if "invalid token" in detail:
        return ("malformed XML: a character that is not allowed here",
                "a stray '<' or '&', or bytes in another encoding than the file declares")
    if detail == "no element found":
        return "malformed XML: the file ends before its last element is closed", \
            "the file may be truncated; export it again"
    return f"malformed XML: {detail}", "fix or re-export the file"


# What an inline element stands for in a segment's text: a string (a code point, an inline
# code's character, "" for a dropped code or a tracked deletion), None to read its content as
# text (<hi>, <mrk>), or (opening, closing) to read its content between two code characters
# (<g>, <pc>: see formats.inline).
Inline = Callable[[Element], "str | tuple[str, str] | None"]
_GAP = "\x00"  # marks where a code was removed (XML text can never hold NUL)
_GAPS = re.compile("( ?)\x00+( ?)")


def text_of(elem: Element, inline: Inline) -> str:
    """The translatable text of a segment element with inline markup.

    Each format passes one `inline` function (xliff's per version, or a
    `formats.inline.CodeReader` method that keeps codes): the single place that decides what
    an inline element means. A removed code leaves no double space: "Cliquez <ph/> pour" is
    "Cliquez pour". Iterative, so markup nested thousands deep cannot exhaust the stack.
    """
    parts = [elem.text or ""]
    stack: list[tuple[Element, Iterator[Element], str]] = [(elem, iter(elem), "")]
    while stack:
        node, children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:  # a child read as text is done: its closing code and tail follow it
                parts += [closing, node.tail or ""]
            continue
        value = inline(child)
        if value is None or isinstance(value, tuple):
            opening, end = value if isinstance(value, tuple) else ("", "")
            parts += [opening, child.text or ""]
            stack.append((child, iter(child), end))
        else:
            parts += [value or _GAP, child.tail or ""]
    joined = "".join(parts)
    if _GAP not in joined:
        return joined
    return _GAPS.sub(lambda m: " " if m.group(1) or m.group(2) else "", joined)


def code_point(child: Element) -> str:
    """The character an XLIFF 2.0 <cp hex="..."/> stands for ("" when the value is bad)."""
    try:
        return chr(int(child.get("hex", ""), 16))
    except (ValueError, OverflowError):
        return ""
