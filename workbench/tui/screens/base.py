"""What every workbench screen shares: the project, and failures reported in one place.

Long jobs (MT, import) are App workers (tui/jobs.py) and outlive any screen. A screen's own
workers only read for its view (pages of rows, a segment's context); if one fails, the App's
handler reports it like a failed job, in a modal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from workbench.project import Project

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class WorkbenchScreen(Screen):
    """A screen over one project with a JobBar (composed by the subclass)."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    @property
    def workbench(self) -> WorkbenchApp:
        """The App, typed (jobs, language, RTL mode, error reporting)."""
        return cast("WorkbenchApp", self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.workbench.report_error(event.worker.error)
