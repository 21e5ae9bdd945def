"""Messages that cross widget and thread boundaries, named as facts that happened.

Workers never touch widgets: they post these to the App, which updates the job bars and hands
each screen on the stack its own copy (tui/jobs.py), and the screen that owns the data updates
its view on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from workbench.store.changes import Change
from workbench.store.suggestions import Suggestion


class SuggestionsArrived(Message):
    """A batch of MT suggestions was stored (posted from the translation worker)."""

    def __init__(self, suggestions: list[Suggestion]) -> None:
        super().__init__()
        self.suggestions = suggestions


class JobProgressed(Message):
    """A background job advanced; only the latest one matters, so they coalesce."""

    def __init__(self, group: str, done: int, total: int) -> None:
        super().__init__()
        self.group = group
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgressed) and message.group == self.group


class JobFinished(Message):
    """A background job ended (done, stopped or failed) with a one-line summary."""

    def __init__(self, group: str, summary: str) -> None:
        super().__init__()
        self.group = group
        self.summary = summary


class JobFailed(Message):
    """A job finished part of its work and wants the rest reported (files not imported)."""

    def __init__(self, title: str, detail: str) -> None:
        super().__init__()
        self.title = title
        self.detail = detail


class DocumentsChanged(Message):
    """Documents were imported or translated: lists and progress bars must be re-read."""


class WriteFinished(Message):
    """The writer thread ran a write: the App calls `callback(value)` (the result, or the
    exception) on the event loop."""

    def __init__(self, callback: Callable[[Any], None], value: Any) -> None:
        super().__init__()
        self.callback = callback
        self.value = value


class ChangesArrived(Message):
    """Other clients (or this one's jobs) committed changes: what the change feed read."""

    def __init__(self, changes: list[Change]) -> None:
        super().__init__()
        self.changes = changes
