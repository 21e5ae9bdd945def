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
from workbench.align.margins import boundary_margins
from workbench.align.scorer import BandScorer

SKIP_CONFIDENCE = 0.3
LOW_CONFIDENCE = 0.75  # calibrated: below this about one link in two is wrong (held-out)
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


# Logistic model of "this link is exactly right", fitted on the tuning documents (Text+Berg
# dev, realpar acts1-2; benchmarks/align_calibrate.py): coefficients of FEATURES.
FEATURES = ("evidence", "length", "merge", "neighbours", "next to a skip", "first pass",
            "margin", "bias")
COEFFICIENTS = (-0.16, -0.24, -0.93, 0.10, -1.48, 1.39, 0.57, 0.32)
MARGIN_CAP = 4.0


def link_features(beads: Sequence[Bead], scorer: BandScorer,
                  first: set[tuple[int, int, int, int]] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """FEATURES of every link with both sides (rows), and those links' indices.

    evidence: the link's anchor Dice relative to what this document's links typically share
    (Farsi–English share little, German–French much); length: the Gale–Church cost of its
    lengths; merge: sentences beyond one per side; neighbours: the evidence of the links
    before and after it (errors come in runs); next to a skip: an unmatched sentence beside
    it (a link often took or left a sentence there); first pass: the first pass, with less
    evidence, made the same link (1), another (0), or only saw samples of the text (½);
    margin: how much dearer the best path that crosses either end of the link elsewhere is
    (margins.py; capped, and the cap on a text too long to compute it).
    """
    dice = bead_dice(scorer, beads)
    paired = np.array([k for k, b in enumerate(beads) if b.i1 > b.i0 and b.j1 > b.j0],
                      dtype=np.int64)
    typical = max(float(np.percentile(dice[paired], 60)) if paired.size else 0.0, 0.05)
    evidence = np.minimum(dice / typical, 1.5)
    skip = np.array([b.i1 == b.i0 or b.j1 == b.j0 for b in beads] + [False])
    length = np.zeros(len(beads))
    for (a, b), idx in _by_type(beads).items():
        if a and b:
            rows, cols = _ends(beads, idx)
            length[idx] = scorer.length_cost(a, b, rows, cols)[:, 0]
    padded = np.concatenate([[1.0], np.where(skip[:-1], 0.0, evidence), [1.0]])
    neighbours = (padded[:-2] + padded[2:]) / 2.0
    beside_skip = skip[np.maximum(np.arange(len(beads)) - 1, 0)] | skip[1:len(beads) + 1]
    merge = np.array([b.i1 - b.i0 + b.j1 - b.j0 - 2 for b in beads], dtype=float)
    agreed = np.full(len(beads), 0.5) if first is None else np.array(
        [float((b.i0, b.i1, b.j0, b.j1) in first) for b in beads])
    crossing = boundary_margins(scorer, beads)
    margin = np.full(len(beads), MARGIN_CAP) if crossing is None else np.minimum(np.minimum(
        crossing[[b.i0 for b in beads]], crossing[[b.i1 for b in beads]]), MARGIN_CAP)
    x = np.stack([evidence, length, merge, neighbours, beside_skip.astype(float), agreed,
                  margin, np.ones(len(beads))], axis=1)
    return x[paired], paired


def link_confidences(beads: Sequence[Bead], scorer: BandScorer, *,
                     first: set[tuple[int, int, int, int]] | None = None,
                     coefficients: Sequence[float] = COEFFICIENTS) -> list[float]:
    """Confidence of each bead of a finished alignment: the calibrated probability that a
    link is exactly right; unmatched sentences always get SKIP_CONFIDENCE (for review).
    `first`: the first pass's links as (i0, i1, j0, j1), when it aligned the whole text."""
    out = np.full(len(beads), SKIP_CONFIDENCE)
    if beads:
        x, paired = link_features(beads, scorer, first)
        out[paired] = 1.0 / (1.0 + np.exp(-(x @ np.asarray(coefficients))))
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
