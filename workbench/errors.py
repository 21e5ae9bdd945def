"""One exception type for every problem a user can fix.

The CLI prints `WorkbenchError` as a single line (what went wrong, which file, what to do) and
exits non-zero; the TUI shows it in a modal. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class WorkbenchError(Exception):
    """A problem the user can act on: bad input, missing model, wrong project file."""

    def __init__(self, message: str, *, path: str | Path | None = None, hint: str | None = None,
                 line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.hint = hint
        self.line = line
        super().__init__(self.render())

    def render(self) -> str:
        """The one-line form shown to users: `path:line: message (hint)`."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class InputError(WorkbenchError):
    """A file the user gave us cannot be read as what it claims to be."""


class ProjectError(WorkbenchError):
    """The project file is missing, corrupt, or from a newer workbench."""


class ModelMissingError(WorkbenchError):
    """No translation model is installed for a language pair."""


class ProjectBusyError(ProjectError):
    """Another writer held the project's write lock longer than the bounded wait.

    Nothing was written; the caller may retry (the TUI keeps the typed text and retries)."""


class ProjectWriteError(ProjectError):
    """The project could not be written (disk full, read-only file or folder, I/O error).

    The transaction was rolled back, so the project is as it was before the attempt."""
