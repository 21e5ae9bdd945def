"""Which segments the review grid shows: status or QA filter, origin, and a folded text search."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.review import ReviewRow
from workbench.store.translations import ORIGINS, STATUSES
from workbench.text.normalize import match_key

# "flagged": anything a reviewer should look at — an MT guard flag or a QA error/warning;
# "qa problems": a QA error or warning; "qa errors": errors only.
FILTER_KINDS = ("all", "untranslated", "unconfirmed", "flagged", "qa errors", "qa problems",
                *STATUSES)
ORIGIN_CHOICES = ("any", *ORIGINS)


@dataclass(frozen=True)
class SegmentFilter:
    """`kind` is one of FILTER_KINDS, `origin` one of ORIGIN_CHOICES; `text` is searched in
    source and translation with `match_key` folding (case, digits, ی/ي ک/ك, ZWNJ), so
    "۲۰۲۴" finds "2024"."""

    kind: str = "all"
    text: str = ""
    origin: str = "any"

    @property
    def active(self) -> bool:
        return self.kind != "all" or bool(self.text) or self.origin != "any"

    def describe(self) -> str:
        parts = [] if self.kind == "all" else [self.kind]
        if self.origin != "any":
            parts.append(f"origin {self.origin}")
        if self.text:
            parts.append(f"“{self.text}”")
        return "filter: " + ", ".join(parts) if parts else ""

    def matches(self, row: ReviewRow) -> bool:
        """Whether the grid shows `row` under this filter."""
        if not self._kind_matches(row):
            return False
        if self.origin != "any" and (row.target is None or row.origin != self.origin):
            return False
        if self.text:
            needle = match_key(self.text)
            return needle in match_key(row.source) or needle in match_key(row.target or "")
        return True

    def _kind_matches(self, row: ReviewRow) -> bool:
        kind = self.kind
        if kind == "untranslated":
            return row.untranslated
        if kind == "unconfirmed":
            return not row.confirmed
        if kind == "flagged":
            return bool(row.flags) or row.qa in ("error", "warning")
        if kind == "qa errors":
            return row.qa == "error"
        if kind == "qa problems":
            return row.qa in ("error", "warning")
        if kind in STATUSES:
            return row.status == kind
        return True
