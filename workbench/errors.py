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


class AccessDeniedError(ProjectError):
    """The database server refused a change the user's team role does not allow (a translator
    approving, or editing a language not granted to them). Nothing was written."""


class LockedError(WorkbenchError):
    """A write to a segment that is locked in that language (store.locks). Nothing was
    written; an editor does not keep the edit for a retry, since retrying cannot succeed."""


class ConflictError(WorkbenchError):
    """Someone else changed a segment's translation after it was loaded here.

    Nothing was written. `mine` is the text that was about to be saved, `theirs` the
    translation now stored (None when it was removed); the caller offers take mine (save
    again on top of `theirs_revision`), take theirs, or a merge of the two."""

    def __init__(self, message: str, *, segment_id: int, lang: str, mine: str,
                 theirs: str | None, theirs_status: str | None, theirs_revision: int,
                 theirs_actor: str | None = None, theirs_at: str | None = None,
                 hint: str | None = None) -> None:
        self.segment_id = segment_id
        self.lang = lang
        self.mine = mine
        self.theirs = theirs
        self.theirs_status = theirs_status
        self.theirs_revision = theirs_revision
        self.theirs_actor = theirs_actor
        self.theirs_at = theirs_at  # when `theirs` was stored (UTC, ISO 8601)
        super().__init__(message, hint=hint)
