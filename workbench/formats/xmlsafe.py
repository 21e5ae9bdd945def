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
the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from workbench.errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Collected elements carry the line they started on in this attribute (no real name clashes:
# it is in a namespace of our own), so errors deep inside a <tu> can still name their line.
LINE = "{urn:x-workbench:line}n"
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BLOCK = 1 << 16


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


class _Collector:
    """Parser target: reports start tags and builds only the subtrees we collect."""

    def __init__(self, collect: frozenset[str]) -> None:
        self.collect = collect
        self.events: list[XmlEvent] = []
        self.builder: TreeBuilder | None = None
        self.depth = 0
        self.line_of = lambda: 0
        self.start_line = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.builder is not None:
            self.depth += 1
            self.builder.start(tag, {**attrib, LINE: str(self.line_of())})
            return
        name = local(tag)
        if name in self.collect:
            self.builder, self.depth, self.start_line = TreeBuilder(), 0, self.line_of()
            self.builder.start(tag, {**attrib, LINE: str(self.start_line)})
        else:
            self.events.append(XmlEvent("start", name, attrib, self.line_of()))

    def end(self, tag: str) -> None:
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
        if self.builder is not None:
            self.builder.data(text)

    def close(self) -> None:
        return None


def iter_xml(path: Path, collect: set[str]) -> Iterator[XmlEvent]:
    """Start tags of the document and whole elements named in `collect`, streamed.

    Raises InputError (with the line) for malformed XML, entity declarations and external
    references; nothing else about the document is trusted.
    """
    target = _Collector(frozenset(collect))
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
        try:
            while block := fh.read(_BLOCK):
                parser.feed(block)
                yield from target.events
                target.events.clear()
            parser.close()
            yield from target.events
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


def text_of(elem: Element, skip: frozenset[str], cp: str | None = None) -> str:
    """The translatable text of a segment element with inline markup.

    Elements named in `skip` (TMX <bpt>, <ept>, <ph>, <it>, <ut>, <sub>: native codes or
    sub-flows) contribute nothing; an element named `cp` (XLIFF 2.0 code point) contributes the
    character of its hex attribute; any other element (<hi>, <g>, <pc>, <mrk>) its text.
    """
    parts = [elem.text or ""]
    for child in elem:
        name = local(child.tag)
        if cp is not None and name == cp:
            parts.append(_code_point(child.get("hex", "")))
        elif name not in skip:
            parts.append(text_of(child, skip, cp))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str) -> str:
    try:
        return chr(int(hex_value, 16))
    except ValueError:
        return ""
