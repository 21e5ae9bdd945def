"""Which segments the review grid shows: a status filter and a folded text search."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.store.translations import CONFIRMED, STATUSES
from workbench.text.normalize import match_key
from workbench.tui.widgets.segment_grid import GridRow

FILTER_KINDS = ("all", "untranslated", "unconfirmed", "flagged", *STATUSES)


@dataclass(frozen=True)
class SegmentFilter:
    """`kind` is one of FILTER_KINDS; `text` is searched in source and translation with
    `match_key` folding (case, digits, ی/ي ک/ك, ZWNJ), so "۲۰۲۴" finds "2024"."""

    kind: str = "all"
    text: str = ""

    @property
    def active(self) -> bool:
        return self.kind != "all" or bool(self.text)

    def describe(self) -> str:
        parts = [] if self.kind == "all" else [self.kind]
        if self.text:
            parts.append(f"“{self.text}”")
        return "filter: " + ", ".join(parts) if parts else ""

    def matches(self, row: GridRow) -> bool:
        """Whether the grid shows `row` under this filter."""
        kind = self.kind
        if kind == "untranslated" and row.target is not None and row.status != "new":
            return False
        if kind == "unconfirmed" and row.status in CONFIRMED:
            return False
        if kind == "flagged" and not row.flags:
            return False
        if kind in STATUSES and row.status != kind:
            return False
        if self.text:
            needle = match_key(self.text)
            return needle in match_key(row.source) or needle in match_key(row.target or "")
        return True
