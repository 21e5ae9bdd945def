"""Large TM imports in short transactions that still end all or nothing.

A 600,000-pair TMX used to be stored in one transaction: the write lock was held for most of a
minute, and every other writer (a TUI confirm, `translate`) waited or failed. Now an import
has two phases, each a run of short transactions (`BATCH` rows, a fraction of a second each):

1. **reading**: the file is parsed outside any transaction and its pairs are staged in
   `tm_import_rows`, which no lookup reads. A file that turns out bad half-way (or a killed
   process) leaves only staged rows, which are deleted: the TM never saw any of it.
2. **storing**: the staged pairs go into the TM through `store.tm.add_units`, one batch per
   transaction, and leave the stage as they do. Nothing in this phase depends on the file, so
   it can only stop for a reason outside it (kill -9, a full disk); the import then stays
   recorded as "storing", and `resume` (run by the next `import-tm`, or `import-tm --resume`)
   finishes it: storing a pair twice updates it, never doubles it.

Which imports are abandoned is decided by their owner: host, process id and the process's
start time, so a recycled pid is not mistaken for the importer.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from workbench.progress import ProgressFn
from workbench.store import tm as store_tm
from workbench.store.db import now, transaction

BATCH = 5_000  # rows per transaction: well under a second of write lock on a slow disk


@dataclass(frozen=True)
class StaleImport:
    """An import whose process is gone: what it was importing and how far it got."""

    id: int
    origin_ref: str
    state: str       # "reading": discard; "storing": resume
    staged: int
    owner: str


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), '' where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _owner(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def _alive(owner: str) -> bool:
    host, _, rest = owner.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine's import (a shared folder): not ours to judge
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return _owner(pid) == owner if started else True


def stage(conn: sqlite3.Connection, rows: Iterable[store_tm.UnitRow], origin_ref: str, *,
          batch: int = BATCH, progress: ProgressFn | None = None) -> int:
    """Phase 1: stage `rows` (a stream, parsed as it is read); returns the import's id.

    If reading fails anywhere, the staged rows are removed and the error is raised again.
    """
    with transaction(conn):
        import_id = int(conn.execute(
            "INSERT INTO tm_imports(origin_ref, state, owner, started_at)"
            " VALUES (?, 'reading', ?, ?) RETURNING id",
            (origin_ref, _owner(), now())).fetchone()[0])
    it = iter(rows)
    seq = 0
    try:
        while chunk := list(islice(it, batch)):
            with transaction(conn):
                conn.executemany(
                    "INSERT INTO tm_import_rows(import_id, seq, row) VALUES (?, ?, ?)",
                    [(import_id, seq + i, json.dumps(list(r), ensure_ascii=False))
                     for i, r in enumerate(chunk)])
            seq += len(chunk)
            if progress:
                progress(seq, 0)
    except BaseException:
        discard(conn, import_id)
        raise
    with transaction(conn):
        conn.execute("UPDATE tm_imports SET state = 'storing' WHERE id = ?", (import_id,))
    return import_id


def store(conn: sqlite3.Connection, import_id: int, *, batch: int = BATCH,
          progress: ProgressFn | None = None) -> int:
    """Phase 2: move the staged pairs of `import_id` into the TM, a batch per transaction;
    returns how many pairs were stored (inserted or updated). Safe to run again after an
    interruption: it continues with what is still staged.

    One `add_units` over the whole stage, so that its worker prepares each next batch while
    this one is written; each batch leaves the stage in the transaction that stores it."""
    total = int(conn.execute("SELECT count(*) FROM tm_import_rows WHERE import_id = ?",
                             (import_id,)).fetchone()[0])

    def staged() -> Iterator[store_tm.UnitRow]:
        after = -1  # read by seq: rows are read a batch ahead of those already unstaged
        while page := conn.execute(
                "SELECT seq, row FROM tm_import_rows WHERE import_id = ? AND seq > ?"
                " ORDER BY seq LIMIT ?", (import_id, after, batch)).fetchall():
            yield from (store_tm.UnitRow(*json.loads(row)) for _, row in page)
            after = page[-1][0]

    def unstage(stored: list[store_tm.UnitRow]) -> None:
        conn.execute("DELETE FROM tm_import_rows WHERE import_id = ? AND seq IN (SELECT seq"
                     " FROM tm_import_rows WHERE import_id = ? ORDER BY seq LIMIT ?)",
                     (import_id, import_id, len(stored)))

    done = store_tm.add_units(conn, staged(), batch_size=batch, stored=unstage,
                              progress=progress and (lambda n, _: progress(n, total)))
    with transaction(conn):
        conn.execute("DELETE FROM tm_imports WHERE id = ?", (import_id,))
    return done


def discard(conn: sqlite3.Connection, import_id: int) -> None:
    """Remove a staged import (its rows first, in batches, so no transaction is long)."""
    while True:
        with transaction(conn):
            gone = conn.execute(
                "DELETE FROM tm_import_rows WHERE import_id = ? AND seq IN (SELECT seq FROM"
                " tm_import_rows WHERE import_id = ? ORDER BY seq LIMIT ?)",
                (import_id, import_id, BATCH)).rowcount
        if not gone:
            break
    with transaction(conn):
        conn.execute("DELETE FROM tm_imports WHERE id = ?", (import_id,))


def stale(conn: sqlite3.Connection) -> list[StaleImport]:
    """Imports whose process has gone (killed, crashed, power cut)."""
    rows = conn.execute(
        "SELECT i.id, i.origin_ref, i.state, i.owner, (SELECT count(*) FROM tm_import_rows r"
        " WHERE r.import_id = i.id) FROM tm_imports i ORDER BY i.id").fetchall()
    return [StaleImport(r[0], r[1], r[2], r[4], r[3]) for r in rows if not _alive(r[3])]


def resume(conn: sqlite3.Connection, *, progress: ProgressFn | None = None
           ) -> Iterator[tuple[StaleImport, int]]:
    """Clean up after abandoned imports: discard those killed while reading, finish those
    killed while storing (claiming them first, so two processes never finish one import).
    Yields each import handled with the number of pairs it stored."""
    for item in stale(conn):
        with transaction(conn):
            claimed = conn.execute("UPDATE tm_imports SET owner = ? WHERE id = ? AND owner = ?",
                                   (_owner(), item.id, item.owner)).rowcount
        if not claimed:
            continue
        if item.state == "reading":
            discard(conn, item.id)
            yield item, 0
        else:
            yield item, store(conn, item.id, progress=progress)
