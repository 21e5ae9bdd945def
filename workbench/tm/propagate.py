"""Propagation: a confirmed translation fills identical source segments elsewhere in the project.

"Identical" means the same match key (so case, ي/ی and digit-script variants count as the
same sentence). Only segments without real work are filled: no translation, status 'new', or a
machine draft (origin mt/tm at status draft). A translator's own draft or anything confirmed is
never touched. Every fill goes through `set_translation` with actor "propagation", so it is in
the history and can be undone like any edit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from workbench.store.db import transaction
from workbench.store.tm_fill import repetitions
from workbench.store.translations import CONFIRMED, get_translation, set_translation

ACTOR = "propagation"
MODES = ("apply", "offer", "off")


def candidates(conn: sqlite3.Connection, segment_id: int, lang: str) -> list[int]:
    """Ids of other current source segments with the same source that propagation may fill."""
    return repetitions(conn, segment_id, lang)


def apply_to(conn: sqlite3.Connection, segment_id: int, lang: str,
             targets: Iterable[int]) -> list[int]:
    """Copy the confirmed translation of `segment_id` onto `targets` (those still fillable).

    Used directly when the user accepts an offer; returns the ids actually filled.
    """
    source = get_translation(conn, segment_id, lang)
    if source is None or source.status not in CONFIRMED or not source.text.strip():
        return []
    filled: list[int] = []
    with transaction(conn):
        allowed = set(candidates(conn, segment_id, lang))  # re-checked inside the transaction
        for target in targets:
            if target in allowed:
                set_translation(conn, target, lang, source.text, status="translated",
                                origin="tm", source_ref=f"propagated:{segment_id}",
                                flags=source.flags, actor=ACTOR)
                filled.append(target)
    return filled


def propagate(conn: sqlite3.Connection, segment_id: int, lang: str, *,
              mode: str = "apply") -> list[int]:
    """Fill the repetitions of `segment_id` (just confirmed in `lang`); returns the ids filled.

    The caller applies the `propagate` setting: with "apply" it calls this at once, with
    "offer" after the translator agreed (or shows `candidates` and calls `apply_to` for a
    chosen subset). `mode` lets a caller pass the setting through: "offer"/"off" fill nothing.
    """
    if mode not in MODES:
        from workbench.errors import WorkbenchError

        raise WorkbenchError(f"unknown propagate setting {mode!r}",
                             hint=f"use one of {', '.join(MODES)}")
    if mode != "apply":
        return []
    return apply_to(conn, segment_id, lang, candidates(conn, segment_id, lang))
