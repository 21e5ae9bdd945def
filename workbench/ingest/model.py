"""What the importer hands to the store: a page reduced to ordered, typed passages.

The ingest layer (HTML/text parsing, boilerplate removal, sentence splitting, language
detection) produces a `ParsedDocument`; `store.documents.save_document` persists it. Keeping
this contract small lets every importer (HTML, text capture, an aligned edition) share the
store code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PASSAGE_KINDS = ("title", "heading", "paragraph", "list_item", "quote", "byline")


@dataclass
class ParsedPassage:
    """One structural block of a page, already split into sentences."""

    kind: str
    text: str
    sentences: list[str] = field(default_factory=list)
    level: int | None = None
    lang: str | None = None
    lang_confidence: float | None = None


@dataclass
class ParsedDocument:
    """A page after boilerplate removal: a title and its passages in reading order."""

    title: str
    passages: list[ParsedPassage]
    format: str
    source_path: str | None = None
    source_url: str | None = None
    lang: str | None = None
