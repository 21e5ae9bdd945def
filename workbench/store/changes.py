"""The change feed: what other clients confirmed, as it happens, on both backends.

Every change to a translation (and each new glossary revision) is numbered in `change_log` by
a trigger, in the same transaction as the change, so a number exists exactly for what was
committed. A reader remembers the last number it saw and asks for what came after. Waiting
for the next change is the only part that differs per backend:

* PostgreSQL: the trigger also sends NOTIFY (delivered at commit); the feed LISTENs on a
  dedicated connection and wakes at once;
* SQLite: `PRAGMA data_version` on the feed's own connection changes whenever another
  connection commits; checking it is a read of a counter in shared memory, cheap enough to
  do every 100 ms.

The log, not the doorbell, is the truth: a feed that missed notifications (a reconnect)
still catches up with the next read. The TUI runs `wait` in a worker thread and refreshes the
rows that changed; tests and the CLI can use it alike.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.store.db import dialect

if TYPE_CHECKING:
    from workbench.project import Project

CHANNEL = "workbench_changes"
_POLL = 0.1  # seconds between data_version checks on SQLite


@dataclass(frozen=True)
class Change:
    """One committed change: kind 'translation' (segment_id, lang, revision, status — None
    status: removed) or 'glossary' (revision)."""

    seq: int
    kind: str
    segment_id: int | None
    lang: str | None
    revision: int | None
    status: str | None
    actor: str


def latest(conn: sqlite3.Connection) -> int:
    """The number of the newest change (0 when there is none)."""
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0])


def since(conn: sqlite3.Connection, seq: int, *, limit: int = 5000) -> list[Change]:
    """Changes after number `seq`, oldest first."""
    return [Change(r["seq"], r["kind"], r["segment_id"], r["lang"], r["revision"], r["status"],
                   r["actor"]) for r in conn.execute(
        "SELECT * FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))]


class ChangeFeed:
    """Follows one project's changes from the moment it is opened."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._listener: Any = None
        self._version: int | None = None
        if dialect(project.db) == "postgresql":
            self._listener = project.listen(CHANNEL)
        else:
            self._watch = project.new_connection()
            self._version = self._data_version()
        self.seq = latest(project.db)

    def _data_version(self) -> int:
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> list[Change]:
        """Whatever was committed since the last call (no waiting)."""
        found = since(self._project.db, self.seq)
        if found:
            self.seq = found[-1].seq
        return found

    def wait(self, timeout: float) -> list[Change]:
        """Block up to `timeout` seconds for the next changes; [] when none came."""
        found = self.poll()
        if found:
            return found
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            if self._listener is not None:
                for _ in self._listener.notifies(timeout=left, stop_after=1):
                    break
            else:
                time.sleep(min(_POLL, left))
                version = self._data_version()
                if version == self._version:
                    continue
                self._version = version
            found = self.poll()
            if found:
                return found

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
        else:
            self._watch.close()
