"""A one-line strip at the bottom of a screen: what is running, how far, how to cancel."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class JobBar(Horizontal):
    """Hidden until a background job reports progress."""

    DEFAULT_CSS = """
    JobBar { height: 1; display: none; background: $boost; padding: 0 1; }
    JobBar.-running { display: block; }
    JobBar Label { width: auto; margin-right: 2; }
    JobBar ProgressBar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="job-label")
        yield ProgressBar(show_eta=True, id="job-progress")

    def start(self, label: str) -> None:
        """Show the bar for a new job (size unknown until the first report)."""
        self.query_one(Label).update(Text(label))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-running")

    def advance(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def stop(self) -> None:
        self.remove_class("-running")

    @property
    def running(self) -> bool:
        return self.has_class("-running")
