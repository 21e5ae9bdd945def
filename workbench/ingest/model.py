"""What the importer hands to the store: a page reduced to ordered, typed passages.

The ingest layer (HTML/text parsing, boilerplate removal, sentence splitting, language
detection) produces a `ParsedDocument`; `store.documents.save_document` persists it. Keeping
this contract small lets every importer (HTML, text capture, an aligned edition) share the
store code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.text.codes import CodeTable, plain_text

PASSAGE_KINDS = ("title", "heading", "paragraph", "list_item", "quote", "byline")


@dataclass
class ParsedPassage:
    """One structural block of a page, already split into sentences.

    `text` may hold inline codes (`workbench.text.codes`) whose markup is in `codes`, numbered
    per passage (the store renumbers them per sentence). `skeleton` is what the page around the
    text was, for rebuilding the translated page (`formats.document`): for HTML the chain of
    elements holding the passage ("path"), markup that wrapped all of it ("wrap") and what
    separated it from the previous passage of the same element ("sep"); for captures the list
    marker ("prefix") and whether it continued the previous line's block ("sep").
    """

    kind: str
    text: str
    sentences: list[str] = field(default_factory=list)
    level: int | None = None
    lang: str | None = None
    lang_confidence: float | None = None
    codes: CodeTable = field(default_factory=dict)
    skeleton: dict[str, Any] = field(default_factory=dict)

    @property
    def plain(self) -> str:
        """The passage as a reader sees its text (codes dropped, URLs and handles kept)."""
        return plain_text(self.text, self.codes)


@dataclass
class ParsedDocument:
    """A page after boilerplate removal: a title and its passages in reading order."""

    title: str
    passages: list[ParsedPassage]
    format: str
    source_path: str | None = None
    source_url: str | None = None
    lang: str | None = None
