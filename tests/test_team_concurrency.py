"""Concurrent translators on one PostgreSQL project lose nothing: each client edits from what
it last read; a save either lands or raises a conflict, never overwrites silently."""

from __future__ import annotations

import random
import threading

from test_store import page

from workbench.errors import ConflictError
from workbench.project import open_project
from workbench.store.documents import list_segments, save_document
from workbench.store.translations import get_translation, save_translation

CLIENTS, EDITS, SEGMENTS = 4, 40, 3


def test_simultaneous_edits_conflict_instead_of_overwriting(pg_location: str) -> None:
    with open_project(pg_location) as admin:
        doc = save_document(admin.db, page(" | ".join(f"Sentence {i}." for i in range(SEGMENTS))))
        ids = [r["id"] for r in list_segments(admin.db, doc.document_id)][1:]
    saved: list[tuple[int, int, str]] = []   # (segment, revision, text) of every landed save
    conflicts: list[ConflictError] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(n: int) -> None:
        rng = random.Random(n)
        with open_project(pg_location) as p:  # a client of its own: own pool, own sessions
            start.wait()
            for i in range(EDITS):
                seg = rng.choice(ids)
                current = get_translation(p.db, seg, "sq")
                text = f"client {n} edit {i}"
                try:
                    t = save_translation(p.db, seg, "sq", text,
                                         current.revision if current else 0)
                except ConflictError as exc:
                    with lock:
                        conflicts.append(exc)
                    continue
                with lock:
                    saved.append((seg, t.revision, text))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(saved) + len(conflicts) == CLIENTS * EDITS
    assert conflicts, "clients raced on three segments: some saves must have conflicted"
    with open_project(pg_location) as p:
        for seg in ids:
            landed = sorted((rev, text) for s, rev, text in saved if s == seg)
            history = [(h["revision"], h["new_text"]) for h in p.db.execute(
                "SELECT revision, new_text FROM translation_history WHERE segment_id = ? "
                "ORDER BY id", (seg,))]
            assert history == landed  # every landed save recorded, in revision order, no gaps
            assert [r for r, _ in landed] == list(range(1, len(landed) + 1))
            current = get_translation(p.db, seg, "sq")
            assert (current.revision, current.text) == landed[-1]
    for exc in conflicts:  # each conflict shows both texts
        assert exc.mine.startswith("client ") and exc.theirs and exc.theirs.startswith("client ")
