"""A confidence in [0, 1] for every link, and a whole-document "is this a translation?" check.

A link is trustworthy when its lengths fit the learned model *and* the two sides share
anchors, relative to what this document's confident links typically share (Farsi and English
share few anchors per sentence, German and French many, so absolute overlap would punish the
former). Unmatched sentences (1-0, 0-1) are always shown for review.

The document check compares the anchor overlap along the chosen path with the overlap of
sentence pairs a few positions off the path: a real translation shares far more with its
counterpart than with its neighbours' counterparts; an unrelated page shares the same (little)
with everything.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.align.dp import Bead
from workbench.align.scorer import BandScorer

SKIP_CONFIDENCE = 0.3
LOW_CONFIDENCE = 0.5
_OFFSETS = (-3, 3)
NOT_A_TRANSLATION = 0.04  # evidence below this: the page does not look like a translation


def _by_type(beads: Sequence[Bead]) -> dict[tuple[int, int], list[int]]:
    groups: dict[tuple[int, int], list[int]] = {}
    for k, bead in enumerate(beads):
        groups.setdefault((bead.i1 - bead.i0, bead.j1 - bead.j0), []).append(k)
    return groups


def _ends(beads: Sequence[Bead], idx: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([beads[k].i1 for k in idx])[:, None],
            np.array([beads[k].j1 for k in idx])[:, None])


def bead_dice(scorer: BandScorer, beads: Sequence[Bead]) -> np.ndarray:
    """Dice of each bead's two spans (0 for unmatched sentences)."""
    scorer.prepare_spans([(b.i0, b.i1, b.j0, b.j1) for b in beads])
    out = np.zeros(len(beads))
    for (a, b), idx in _by_type(beads).items():
        if a and b:
            rows, cols = _ends(beads, idx)
            out[idx] = scorer.dice(a, b, rows, cols)[:, 0]
    return out


def link_confidences(beads: Sequence[Bead], scorer: BandScorer) -> list[float]:
    """Confidence of each bead of a finished alignment."""
    dice = bead_dice(scorer, beads)
    paired = [k for k, b in enumerate(beads) if b.i1 > b.i0 and b.j1 > b.j0]
    typical = max(float(np.percentile(dice[paired], 60)) if paired else 0.0, 0.05)
    out = np.full(len(beads), SKIP_CONFIDENCE)
    for (a, b), idx in _by_type(beads).items():
        if a == 0 or b == 0:
            continue
        rows, cols = _ends(beads, idx)
        length = scorer.length_cost(a, b, rows, cols)[:, 0]
        evidence = np.minimum(dice[idx] / typical, 1.5)
        x = 2.5 * evidence - 0.5 * length - 0.4 * (a + b - 2) - 0.3
        out[idx] = 1.0 / (1.0 + np.exp(-x))
    return [round(float(c), 3) for c in out]


def translation_evidence(beads: Sequence[Bead], scorer: BandScorer) -> float:
    """How much more the linked pairs share than pairs a few positions off the path.

    Around 0 for an unrelated page; clearly positive for a translation. Computed on
    one-to-one links, whose shifted counterparts are equally sized.
    """
    ones = [b for b in beads if b.i1 - b.i0 == 1 and b.j1 - b.j0 == 1]
    if len(ones) < 3:
        return 1.0  # too little to judge; the per-link confidences speak instead
    on_path = bead_dice(scorer, ones).mean()
    off_path = []
    for shift in _OFFSETS:
        shifted = [Bead(b.i0, b.i1, b.j0 + shift, b.j1 + shift, 0.0) for b in ones
                   if 0 <= b.j0 + shift and b.j1 + shift <= scorer.m]
        if shifted:
            off_path.append(bead_dice(scorer, shifted).mean())
    if not off_path:
        return 1.0
    return float(on_path - max(off_path))
