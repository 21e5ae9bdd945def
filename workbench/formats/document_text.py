"""The text edition: the capture's passage layout with each segment's translation.

Passages are separated as the capture separated them (a blank line between blocks; lines of
one block, such as a list, on consecutive lines), list markers ("• ", "++ ") come back, and
codes become text: protected URLs, handles and hashtags exactly as in the source, a line break
as a new line, markup (links, emphasis, images) as nothing. An HTML document exported as text
gets the same layout from its passage kinds (a list item is a "• " line).
"""

from __future__ import annotations

from workbench.formats.document import Edition, EditionPassage
from workbench.text.codes import STANDALONE, CodeTable, parse_char


def render_text(edition: Edition) -> str:
    """The complete text of an edition, ending in a newline."""
    parts: list[str] = []
    previous: EditionPassage | None = None
    for passage in edition.passages:
        if previous is not None:
            parts.append(_separator(previous, passage))
        parts.append(_prefix(passage, edition.format) + _passage_text(passage))
        previous = passage
    return "".join(parts).rstrip() + "\n"


def _separator(previous: EditionPassage, passage: EditionPassage) -> str:
    """A new line inside one block of a capture (list lines), a blank line between blocks; an
    HTML list is one block too."""
    sep = passage.skeleton.get("sep")
    if sep == "\n":
        return "\n"
    html_list = passage.kind == previous.kind == "list_item" and "path" in passage.skeleton
    return "\n" if html_list and sep is None else "\n\n"


def _prefix(passage: EditionPassage, fmt: str) -> str:
    prefix = passage.skeleton.get("prefix")
    if prefix is None and fmt == "html" and passage.kind == "list_item":
        return "• "
    return prefix or ""


def _passage_text(passage: EditionPassage) -> str:
    return " ".join(_segment_text(s.text, s.codes) for s in passage.segments).replace("\n ", "\n")


def _segment_text(text: str, codes: CodeTable) -> str:
    out: list[str] = []
    for ch in text:
        parsed = parse_char(ch)
        if parsed is None:
            out.append(ch)
        elif parsed[0] == STANDALONE and parsed[1] in codes:
            out.append(codes[parsed[1]].text)  # a line break's text is "\n"
    return "".join(out)
