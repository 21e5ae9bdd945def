"""Concordance: where a word or phrase occurs in the translation memory, on either side.

Both the query and the indexed text are folded with `match_key` (ي/ی, ك/ک, diacritics, ZWNJ,
digit scripts, case), and FTS5 also ignores Latin accents, so "Tirane" finds "Tiranë". The last
word of the query matches as a prefix, so "Tiran" finds Tirana, Tiranë and Tiranës. Hits carry
the character spans of the occurrences in the original (unfolded) text for highlighting.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.store import tm as store_tm
from workbench.store import tm_terms
from workbench.text.normalize import match_key, match_key_with_map

SIDES = ("source", "target", "both")


@dataclass(frozen=True)
class ConcordanceHit:
    """A TM unit containing the query, with the occurrences' (start, end) in each side."""

    unit_id: int
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    origin: str
    updated_at: str
    source_spans: list[tuple[int, int]]
    target_spans: list[tuple[int, int]]


def concordance(conn: sqlite3.Connection, text: str, *, tgt_lang: str | None = None,
                side: str = "both", limit: int = 50) -> list[ConcordanceHit]:
    """TM units whose source and/or target contain `text`, best (bm25) first."""
    if side not in SIDES:
        raise WorkbenchError(f"unknown side {side!r}", hint=f"use one of {', '.join(SIDES)}")
    tokens = tm_terms.key_tokens(match_key(text))
    if not tokens:
        raise WorkbenchError("nothing to search for", hint="give at least one word")
    rows = store_tm.concordance(conn, tokens, side=side, tgt_lang=tgt_lang, limit=limit)
    needle = search_fold(" ".join(tokens))[0]
    return [ConcordanceHit(r["id"], r["src_lang"], r["tgt_lang"], r["source"], r["target"],
                           r["origin"], r["updated_at"], occurrences(r["source"], needle),
                           occurrences(r["target"], needle)) for r in rows]


def search_fold(text: str) -> tuple[str, list[int]]:
    """`match_key_with_map` with Latin accents also dropped (ë → e), one char per char."""
    key, index = match_key_with_map(text)
    return "".join(unicodedata.normalize("NFD", c)[0] for c in key), index


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `text` where the folded `needle` occurs, from a word start to a word end."""
    key, index = search_fold(text)
    spans: list[tuple[int, int]] = []
    pos = key.find(needle)
    while pos >= 0 and needle:
        end = pos + len(needle)
        if pos == 0 or not key[pos - 1].isalnum():
            while end < len(key) and key[end].isalnum():
                end += 1  # a prefix hit highlights the whole word (Tiran → Tiranës)
            spans.append((index[pos], index[end - 1] + 1))
        pos = key.find(needle, end)
    return spans


def mark(text: str, spans: list[tuple[int, int]], left: str = "⟦", right: str = "⟧") -> str:
    """`text` with every span wrapped in plain-text markers (no markup of any kind)."""
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], left, text[start:end], right]
        last = end
    out.append(text[last:])
    return "".join(out)
