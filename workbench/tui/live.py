"""Live updates: what other clients commit reaches the open screens within a second.

One thread per App follows the project's change feed (store.changes: LISTEN/NOTIFY on
PostgreSQL, PRAGMA data_version on SQLite — so two workbenches on one SQLite file see each
other too) and posts each batch to the App, which hands every screen its copy
(`ChangesArrived`); the review screen re-reads the changed rows in its own worker. It is a
thread of its own, not a Textual worker: it runs as long as the App, and "wait for the
workers" (quitting, tests) must not wait for it. It waits in short slices, so stopping takes
at most one; a feed that fails (the server restarted) is reopened after a pause, and the log
behind it means nothing committed meanwhile is missed.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from workbench.tui.messages import ChangesArrived

if TYPE_CHECKING:
    from workbench.store.changes import ChangeFeed
    from workbench.tui.app import WorkbenchApp

SLICE = 0.5   # seconds one wait may block (how long stopping may take)
REOPEN = 3.0  # seconds before a failed feed is opened again


class LiveUpdates:
    """Follows the App's project from `start()` until `stop()` (the App's unmount)."""

    def __init__(self, app: WorkbenchApp) -> None:
        self._app = app
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="workbench-changes",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop following and wait (about one slice) until the thread has closed its feed: the
        project's connections are closed next, and closing one that another thread is using
        crashes the process (SQLite's connection is not safe to close under a running query)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=4 * SLICE)

    def _run(self) -> None:
        feed: ChangeFeed | None = None
        while not self._stop.is_set():
            try:
                if feed is None:
                    feed = self._app.project.changes()
                changes = feed.wait(SLICE)
            except Exception:  # noqa: BLE001 — server gone, project closing: try again later
                if feed is not None:
                    _close(feed)
                    feed = None
                self._stop.wait(REOPEN)
                continue
            if changes and not self._stop.is_set():
                self._app.post_message(ChangesArrived(changes))
        if feed is not None:
            _close(feed)


def _close(feed: ChangeFeed) -> None:
    try:
        feed.close()
    except Exception:  # noqa: BLE001 — closing a broken connection may fail as well
        pass
