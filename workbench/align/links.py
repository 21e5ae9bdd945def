"""The link notation of the alignment literature and its scoring (as Vecalign's score.py).

A link line reads `[0, 1]:[2]` — 0-based source sentence indices, colon, target indices;
`[3]:[]` is a source sentence with no counterpart. Strict scoring counts exact links; lax
scoring accepts a hypothesis link that overlaps a gold link on both sides. Precision counts
every hypothesis link; recall only gold links with both sides non-empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.errors import InputError

LinkPair = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def format_link(src: Sequence[int], tgt: Sequence[int]) -> str:
    """`[1, 2]:[1]`."""
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def parse_links(lines: Iterable[str], *, path: str | None = None) -> list[LinkPair]:
    """Read link lines; blank lines are skipped, anything else malformed is an InputError."""
    out: list[LinkPair] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise InputError(f"not a link line: {line.strip()[:60]!r}", path=path, line=number,
                             hint="expected e.g. [0, 1]:[2]")
        out.append((tuple(_ints(m.group(1))), tuple(_ints(m.group(2)))))
    return out


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.replace(",", " ").split()]


@dataclass
class Counts:
    """True positives and totals for one or more documents (sum before computing P/R/F1)."""

    tp_strict: int = 0
    tp_strict_r: int = 0
    tp_lax_p: int = 0
    tp_lax_r: int = 0
    hyp: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        """Accumulate another document's counts."""
        self.tp_strict += other.tp_strict
        self.tp_strict_r += other.tp_strict_r
        self.tp_lax_p += other.tp_lax_p
        self.tp_lax_r += other.tp_lax_r
        self.hyp += other.hyp
        self.gold += other.gold

    def scores(self) -> dict[str, float]:
        """strict/lax precision, recall and F1."""
        out: dict[str, float] = {}
        for name, tp_p, tp_r in (("strict", self.tp_strict, self.tp_strict_r),
                                 ("lax", self.tp_lax_p, self.tp_lax_r)):
            p = tp_p / self.hyp if self.hyp else 0.0
            r = tp_r / self.gold if self.gold else 0.0
            out[f"{name}_p"], out[f"{name}_r"] = p, r
            out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        return out


def score_links(hyp: Sequence[LinkPair], gold: Sequence[LinkPair]) -> Counts:
    """Counts for one document, as Vecalign's score.py: precision over every hypothesis link
    (an exact 1-0 link in the gold counts as right), recall as the precision of the gold's
    one-or-more-to-one-or-more links against the hypothesis's."""
    hyp_set = {h for h in hyp if h[0] or h[1]}
    gold_set = {g for g in gold if g[0] or g[1]}
    hyp_full = {h for h in hyp_set if h[0] and h[1]}
    gold_full = {g for g in gold_set if g[0] and g[1]}
    strict_p, lax_p = _matches(hyp_set, gold_set)
    strict_r, lax_r = _matches(gold_full, hyp_full)
    return Counts(tp_strict=strict_p, tp_lax_p=lax_p, tp_lax_r=lax_r, hyp=len(hyp_set),
                  gold=len(gold_full), tp_strict_r=strict_r)


def _matches(test: set[LinkPair], reference: set[LinkPair]) -> tuple[int, int]:
    """(exact, overlapping) links of `test` with respect to `reference`."""
    targets_of: dict[int, set[int]] = {}
    for src, tgt in reference:
        for s in src:
            targets_of.setdefault(s, set()).update(tgt)
    exact = lax = 0
    for src, tgt in test:
        if (src, tgt) in reference:
            exact += 1
            lax += 1
        elif any(t in targets_of.get(s, ()) for s in src for t in tgt):
            lax += 1
    return exact, lax
