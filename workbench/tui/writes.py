"""One writer thread for every store write the TUI makes, so the event loop never waits on
the project's write lock.

A confirm or a draft can wait seconds for the lock (another process importing a big TM) or
fail (disk full, read-only file). Done on the event loop, that froze the UI for up to 30 s and
then lost the text. Here the screen updates its view at once and submits the write; the
writer runs writes one at a time, in the order they were made (so a draft never overtakes
the confirm typed before it), on its own SQLite connection, and hands the result or the error
back to the UI thread. What to do with a failure (keep the text, say why, retry) is the
caller's: see ReviewSession.keep and the review screen.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from textual.app import App

from workbench.tui.messages import WriteFinished

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
_STOP = object()


class Writer:
    """A daemon thread running submitted writes in order; callbacks run on the event loop
    (delivered as a `WriteFinished` message to the App, which calls them)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._queue: queue.Queue[Any] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="workbench-writer", daemon=True)
        self._thread.start()

    def submit(self, write: Callable[[], Any], done: Done, failed: Failed) -> None:
        """Run `write()` on the writer thread; then `done(result)` or `failed(error)` on the
        event loop. `failed` gets every exception, expected or not (a bug must not lose the
        text either: the caller keeps it and reports)."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put((write, done, failed))

    @property
    def busy(self) -> bool:
        """Writes are queued or running."""
        return not self._idle.is_set()

    def wait_idle(self, timeout: float) -> bool:
        """Block (not on the event loop!) until every submitted write ran; False on timeout."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """Let the thread end after the writes already queued."""
        self._queue.put(_STOP)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            write, done, failed = item
            try:
                result = write()
            except BaseException as exc:  # handed to the caller's handler on the event loop
                self._app.post_message(WriteFinished(failed, exc))
            else:
                self._app.post_message(WriteFinished(done, result))
            with self._lock:
                self._pending -= 1
                if not self._pending:
                    self._idle.set()
