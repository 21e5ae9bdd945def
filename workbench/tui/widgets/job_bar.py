"""The bottom strip of every screen: the App's running jobs, how far, how to cancel.

Jobs belong to the App (tui/jobs.py), so every screen has a bar showing the same jobs: leaving
the review screen while a translation runs keeps it visible on the documents screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, ProgressBar

from workbench.text.display import for_display


class JobRow(Horizontal):
    """One job: its label and a progress bar."""

    DEFAULT_CSS = """
    JobRow { height: 1; }
    JobRow Label { width: auto; margin-right: 2; }
    JobRow ProgressBar { width: 1fr; }
    """

    def __init__(self, group: str, label: str) -> None:
        super().__init__(name=group)
        self.label = label
        self.bar = ProgressBar(show_eta=True)

    def compose(self) -> ComposeResult:
        yield Label(Text(for_display(self.label)))
        yield self.bar

    def advance(self, done: int, total: int | None) -> None:
        self.bar.update(total=max(total, 1) if total else None, progress=done)


class JobBar(Vertical):
    """Hidden while no job runs; one row per running job."""

    DEFAULT_CSS = """
    JobBar { height: auto; max-height: 3; display: none; background: $boost; padding: 0 1; }
    JobBar.-running { display: block; }
    """

    def on_mount(self) -> None:
        self.show(getattr(self.app, "jobs", {}))

    def show(self, jobs: Mapping[str, Any]) -> None:
        """Show `jobs` (group → JobState with label, done, total)."""
        rows = {str(row.name): row for row in self.query(JobRow)}
        for name, row in list(rows.items()):
            if name not in jobs or row.label != jobs[name].label:
                row.remove()
                del rows[name]
        for group, state in jobs.items():
            if group not in rows:
                rows[group] = JobRow(group, state.label)
                self.mount(rows[group])
            rows[group].advance(state.done, state.total)
        self.set_class(bool(jobs), "-running")

    @property
    def running(self) -> bool:
        return self.has_class("-running")
