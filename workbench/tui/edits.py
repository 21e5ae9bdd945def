"""The App's keeper of typed text: every edit goes to the writer thread through here, and an
edit the store refuses is kept (in its `ReviewSession.unsaved`), explained and retried.

It lives at App level, not in the review screen, for the same reason jobs do: a translator
who confirms and presses Esc at once must not lose the text when the write fails after the
screen has closed. The screen that made an edit is told how it went while it is still open
(`EditView`); quitting writes whatever is still kept to a recovery file (tui/recovery.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from workbench.errors import ConflictError, WorkbenchError
from workbench.review import KEEPABLE, Edit, ReviewSession, Saved, Unsaved

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

RETRY_DELAY = 3.0  # seconds between attempts to store the edits the store refused


class EditView(Protocol):
    """What a screen showing edits is told (only while it is attached)."""

    def showing(self) -> bool:
        """Whether the screen is on the stack and running (not being torn down)."""

    def edit_stored(self, session: ReviewSession, edit: Edit, saved: Saved,
                    current: bool) -> None:
        """The store took `edit`; `current` is False when a newer edit of the segment waits."""

    def edit_kept(self, session: ReviewSession, edit: Edit, kept: Unsaved) -> None:
        """The store refused `edit`: it is kept in `session.unsaved` and will be retried."""

    def edit_conflicted(self, session: ReviewSession, edit: Edit,
                        conflict: ConflictError) -> None:
        """Someone else saved the segment first: `edit` is kept; ask what to keep."""


class Edits:
    """Submits edits, keeps refused ones, retries them every RETRY_DELAY seconds."""

    def __init__(self, app: WorkbenchApp) -> None:
        self.app = app
        self.sessions: list[ReviewSession] = []  # every session that ever had to keep an edit
        self.views: dict[ReviewSession, EditView] = {}
        self._retrying = False

    def submit(self, session: ReviewSession, edit: Edit, view: EditView | None) -> None:
        """Write `edit` — unless its segment has a conflict the translator has not resolved
        and `edit` is not the resolution (based on their revision): then it only replaces
        the kept text (a confirm asks again), so typing on never overwrites their work."""
        if view is not None:
            self.views[session] = view
        pending = session.unsaved.get(edit.segment_id)
        conflict = pending.conflict if pending is not None else None
        if conflict is not None and edit.base != conflict.theirs_revision:
            session.keep(edit, conflict)
            shown = self._view(session)
            if shown is not None and edit.kind == "confirm":
                shown.edit_conflicted(session, edit, conflict)
            return
        self.app.writer.submit(lambda: session.apply(edit),
                               lambda saved: self._stored(session, edit, saved),
                               lambda exc: self._failed(session, edit, exc))

    def kept(self) -> list[tuple[ReviewSession, Unsaved]]:
        """Every edit still waiting, with its session."""
        return [(s, k) for s in self.sessions for k in s.unsaved.values()]

    def _view(self, session: ReviewSession) -> EditView | None:
        view = self.views.get(session)
        return view if view is not None and view.showing() else None

    def _stored(self, session: ReviewSession, edit: Edit, saved: Saved) -> None:
        was_kept = edit.segment_id in session.unsaved
        current = session.stored(edit)
        if was_kept and current:
            self.app.notify(f"Segment {edit.number} is saved now.")
        view = self._view(session)
        if view is not None:
            view.edit_stored(session, edit, saved, current)

    def _failed(self, session: ReviewSession, edit: Edit, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self._conflicted(session, edit, exc)
            return
        if isinstance(exc, WorkbenchError) and not isinstance(exc, KEEPABLE):
            self.app.notify(exc.message, severity="warning")  # e.g. nothing to confirm
            return
        first = edit.segment_id not in session.unsaved
        kept = session.keep(edit, exc)
        if session not in self.sessions:
            self.sessions.append(session)
        if first and kept.refused:
            self.app.notify(f"Segment {edit.number} NOT saved: {kept.reason}. Your text is "
                            "kept (not retried: your role does not allow it).",
                            severity="error", timeout=10)
        elif first:
            self.app.notify(f"Segment {edit.number} NOT saved: {kept.reason}. Your text is "
                            "kept and saved as soon as the project accepts it (retrying "
                            f"every {RETRY_DELAY:.0f} s).", severity="error", timeout=10)
        if not isinstance(exc, KEEPABLE):  # a bug: say so, but keep the text all the same
            self.app.report_error(exc)
        view = self._view(session)
        if view is not None:
            view.edit_kept(session, edit, kept)
        if not kept.waits_for_translator:
            self._schedule()

    def _conflicted(self, session: ReviewSession, edit: Edit, conflict: ConflictError) -> None:
        """Keep the text, mark it, and let the screen ask (a closed screen: say so)."""
        kept = session.keep(edit, conflict)
        if session not in self.sessions:
            self.sessions.append(session)
        view = self._view(session)
        if view is None:
            self.app.notify(f"Segment {edit.number}: {conflict.theirs_actor or 'someone else'} "
                            "saved it first; your text is kept, NOT saved. Open the document "
                            "and confirm it again to choose.", severity="error", timeout=10)
            return
        view.edit_kept(session, edit, kept)
        view.edit_conflicted(session, edit, conflict)

    def _schedule(self) -> None:
        if not self._retrying:
            self._retrying = True
            self.app.set_timer(RETRY_DELAY, self.retry)

    def retry(self) -> None:
        """Offer every kept edit to the store again (in the order they were kept)."""
        self._retrying = False
        if self.app.writer.busy:  # the writer is still at it (a long wait for the lock)
            self._schedule()
            return
        for session, kept in self.kept():
            if not kept.waits_for_translator:
                self.submit(session, kept.edit, None)
