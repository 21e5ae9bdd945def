"""Translation cache keyed by (model reference, source text).

Repeated sentences (bylines, boilerplate, re-imported pages) are translated once. The cache
lives in memory for the session and, given a project connection, in the project file
(`store/mt.py`) so a second run over the same text costs a lookup. The key names the
exact package version and decoding settings, so a new model version never serves stale output.
A busy project (another writer holding the lock past the store's bounded wait) raises
`ProjectBusyError` from the store, which the CLI prints as one line and the TUI reports.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.store.mt import cached_outputs, store_outputs

MEMORY_ENTRIES = 50_000


@dataclass(frozen=True)
class Cached:
    """A stored model output: its text and whether the decoder finished on its own."""

    text: str
    ended: bool


class TranslationCache:
    """An in-memory LRU in front of an optional per-project table."""

    def __init__(self, conn: sqlite3.Connection | None = None,
                 max_entries: int = MEMORY_ENTRIES) -> None:
        self.conn = conn
        self.max_entries = max_entries
        self._memory: OrderedDict[tuple[str, str], Cached] = OrderedDict()

    def get_many(self, model_key: str, texts: Iterable[str]) -> dict[str, Cached]:
        """Cached outputs for whichever of `texts` have one."""
        found: dict[str, Cached] = {}
        missing = []
        for text in dict.fromkeys(texts):
            hit = self._memory.get((model_key, text))
            if hit is not None:
                self._memory.move_to_end((model_key, text))
                found[text] = hit
            else:
                missing.append(text)
        if self.conn is not None:
            for source, output, ended in cached_outputs(self.conn, model_key, missing):
                hit = Cached(output, ended)
                found[source] = hit
                self._remember(model_key, source, hit)
        return found

    def put_many(self, model_key: str, items: dict[str, Cached]) -> None:
        """Remember new outputs (one transaction for the persistent part)."""
        for text, value in items.items():
            self._remember(model_key, text, value)
        if self.conn is not None and items:
            store_outputs(self.conn, model_key,
                          [(text, v.text, v.ended) for text, v in items.items()])

    def _remember(self, model_key: str, text: str, value: Cached) -> None:
        self._memory[(model_key, text)] = value
        self._memory.move_to_end((model_key, text))
        while len(self._memory) > self.max_entries:
            self._memory.popitem(last=False)
