"""Messages that cross widget and thread boundaries, named as facts that happened.

Workers never touch widgets: they post these, and the screen that owns the data updates its
view on the UI thread.
"""

from __future__ import annotations

from textual.message import Message

from workbench.store.suggestions import Suggestion


class SuggestionsArrived(Message):
    """A batch of MT suggestions was stored (posted from the translation worker)."""

    def __init__(self, suggestions: list[Suggestion]) -> None:
        super().__init__()
        self.suggestions = suggestions


class JobProgressed(Message):
    """A background job advanced; only the latest one matters, so they coalesce."""

    def __init__(self, label: str, done: int, total: int) -> None:
        super().__init__()
        self.label = label
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgressed) and message.label == self.label


class JobFinished(Message):
    """A background job ended (done or cancelled) with a one-line summary for the user."""

    def __init__(self, label: str, summary: str) -> None:
        super().__init__()
        self.label = label
        self.summary = summary


class SegmentsLoaded(Message):
    """Another page of a document's segment rows was read from the store."""

    def __init__(self, doc_id: int, lang: str, rows: list, last: bool) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.lang = lang
        self.rows = rows
        self.last = last


class DocumentsChanged(Message):
    """Documents were imported or translated: lists and progress bars must be re-read."""
