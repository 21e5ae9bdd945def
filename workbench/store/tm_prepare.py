"""A bulk TM import's batches prepared one batch ahead, in a worker process.

Storing a million pairs spends about half its CPU time in Python (folding sources and targets
with `match_key`, hashing keys, forming candidate postings) and half in SQLite writing them.
A thread cannot overlap the two: Python code holds the GIL, and SQLite gives it back only
for the length of one row's step, so the writer would wait for the GIL at every row. A worker
process prepares batch k + 1 while this process writes batch k. What comes back is compact
(two keys per unit, hashes, numpy arrays); the word tokens, many small objects that cost as
much to unpickle as to make, stay in the worker.

The worker only saves time; it never decides what is stored. An import of one batch, or of
small batches, is prepared here, and so is every batch after the worker failed to start or died.
"""

from __future__ import annotations

import signal
from collections.abc import Generator, Iterator, Sequence
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import NamedTuple, Protocol, TypeVar

from workbench.store.tm_terms import Postings, add_unit, indexed, key_hash, postings_of

AHEAD_FROM = 5000  # rows per batch from which an import of several batches uses the worker

Texts = tuple[str, str, str, str]  # src_lang, tgt_lang, source, target


class HasTexts(Protocol):
    """A row to store (store.tm.UnitRow): what preparing it reads."""

    @property
    def src_lang(self) -> str: ...
    @property
    def tgt_lang(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...


R = TypeVar("R", bound=HasTexts)


class Prepared(NamedTuple):
    """What the indexes need of a batch, row by row (the row's position in the batch stands
    for the unit id it has not been given yet)."""

    src_keys: list[str]
    tgt_keys: list[str]
    hashes: list[int]   # tm_units.key_hash of each source
    postings: Postings  # with positions as ids (Postings.restricted gives them their ids)


def prepare(texts: Sequence[Texts]) -> Prepared:
    """Fold, hash and form the candidate postings of a batch (run in either process)."""
    by_pair: dict[str, tuple[list[int], list[list[str]]]] = {}
    src_keys, tgt_keys, hashes = [], [], []
    for position, (src_lang, tgt_lang, source, target) in enumerate(texts):
        entry = indexed(src_lang, tgt_lang, source, target)
        src_keys.append(entry.src_key)
        tgt_keys.append(entry.tgt_key)
        hashes.append(key_hash(entry.src_key))
        add_unit(by_pair, entry.pair, position, entry.tokens)
    return Prepared(src_keys, tgt_keys, hashes, postings_of(by_pair))


def ahead(batches: Iterator[list[R]]) -> Generator[tuple[list[R], Prepared], None, None]:
    """Each batch with its preparation. When the first batch has AHEAD_FROM rows or more and a
    second follows, the worker prepares each next batch while the caller stores this one
    (the next batch's rows are read from `batches` before this one is handed over)."""
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if len(first) >= AHEAD_FROM else None
    if second is None:
        yield first, prepare(_texts(first))
        for rest in batches:
            yield rest, prepare(_texts(rest))
        return
    worker = _Worker()
    try:
        pending = worker.submit(second)
        yield first, prepare(_texts(first))
        batch = second
        while True:
            # collected before the next is sent: the worker sends one result at a time and
            # reads the next batch only after its result was read
            prepared = worker.collect(pending)
            following = next(batches, None)
            if following is not None:
                pending = worker.submit(following)
            yield batch, prepared
            if following is None:
                break
            batch = following
    finally:
        worker.close()


def _texts(batch: Sequence[HasTexts]) -> list[Texts]:
    return [(r.src_lang, r.tgt_lang, r.source, r.target) for r in batch]


def _serve(pipe: Connection) -> None:
    """The worker: prepare each batch it is sent until told to stop (None) or the importing
    process goes away. A failure is sent back as None: the batch is then prepared there,
    which raises the error where it can be reported."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the importing process's to handle
    try:
        while (texts := pipe.recv()) is not None:
            try:
                pipe.send(prepare(texts))
            except Exception:  # noqa: BLE001 - reported by the importing process (see above)
                pipe.send(None)
    except (EOFError, OSError):
        pass


class _Worker:
    """One worker process, or none once it failed.

    The pipe is read and written by the importing thread itself: no feeder or result thread
    (as in concurrent.futures) that would take the GIL while SQLite writes, making the
    writer wait for it after every row."""

    def __init__(self) -> None:
        self.pipe: Connection | None = None
        self.process: BaseProcess | None = None
        self.busy = False  # a batch was sent whose result was not read
        try:
            context = get_context("spawn")  # no fork of a process that may run threads
            self.pipe, theirs = context.Pipe()
            self.process = context.Process(target=_serve, args=(theirs,), daemon=True,
                                           name="workbench-tm-prepare")
            self.process.start()
            theirs.close()
        except OSError:  # could not start (no processes left, ...): prepare here
            self.close()

    def submit(self, batch: Sequence[HasTexts]) -> list[Texts]:
        """Send a batch to prepare; returns its texts (kept in case the worker fails)."""
        texts = _texts(batch)
        if self.pipe is not None:
            try:
                self.pipe.send(texts)
                self.busy = True
            except OSError:
                self.close()
        return texts

    def collect(self, texts: list[Texts]) -> Prepared:
        """The preparation of the batch submitted first among those not yet collected."""
        if self.pipe is not None:
            try:
                prepared = self.pipe.recv()
                self.busy = False
                if prepared is not None:
                    return prepared  # type: ignore[no-any-return]
            except (EOFError, OSError):  # the worker died (killed, out of memory): go on alone
                pass
            self.close()
        return prepare(texts)

    def close(self) -> None:
        """Stop the worker: told to when idle; killed when it still works on a batch nobody
        will read (the import stopped early), which loses nothing: it holds no state."""
        if self.pipe is not None:
            if not self.busy:
                try:
                    self.pipe.send(None)
                except OSError:
                    pass
            self.pipe.close()
            self.pipe = None
        if self.process is not None:
            if self.busy:
                self.process.kill()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
            self.process = None
