"""A confidence in [0, 1] for every link, and a whole-document "is this a translation?" check.

A link is trustworthy when its lengths fit the learned model *and* the two sides share
anchors, relative to what this document's confident links typically share (Farsi and English
share few anchors per sentence, German and French many, so absolute overlap would punish the
former). Unmatched sentences (1-0, 0-1) are always shown for review.

The document check compares the cost of the chosen path with the cost of the best path
between the source and a rotated copy of the translation (see `translation_evidence`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.align.dp import Bead, align_band
from workbench.align.scorer import BandScorer

SKIP_CONFIDENCE = 0.3
LOW_CONFIDENCE = 0.5
NOT_A_TRANSLATION = 0.35  # evidence below this: the page does not look like a translation
MIN_SENTENCES = 5
NULL_WINDOW = 1000


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
    """How much cheaper, per sentence, the alignment is than a null alignment.

    The null alignment aligns the same source with the translation rotated by half its
    length, by the same DP and costs: its sentences are the same kind (lengths, names,
    punctuation) but none is the counterpart of the source it meets. Both paths are the
    cheapest the DP could find, so the DP's own search does not count as evidence: an
    unrelated page of the same topic (another chapter of the same book: the same names)
    comes out near 0, a real translation clearly above NOT_A_TRANSLATION. Measured on the
    first NULL_WINDOW source sentences, so it costs little on a book.
    """
    n, m = scorer.n, scorer.m
    if min(n, m) < MIN_SENTENCES:
        return 1.0  # too little to judge; the per-link confidences speak instead
    k = min(n, NULL_WINDOW)
    window = [b for b in beads if b.i1 <= k]
    j_end = max((b.j1 for b in window), default=0)
    if j_end < MIN_SENTENCES:
        return 1.0
    real = sum(b.cost for b in window) / (k + j_end)
    rotated = scorer.tgt.take((np.arange(j_end) + m // 2) % m)
    null_scorer = BandScorer(scorer.src.take(range(k)), rotated, scorer.lengths, scorer.params)
    null = sum(b.cost for b in align_band(k, j_end, null_scorer)) / (k + j_end)
    return float(null - real)
