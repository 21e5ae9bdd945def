"""Where the fine DP should look: a coarse alignment of blocks of sentences (coarse to fine).

On a long text the true path wanders away from the diagonal (every omission, merge or split
moves it), so a band around the diagonal must be wide: at 40,000 sentences the band had to
double 64 → 128 → 256, each time filling the whole table again, and the work grew with n·W.
Aligning blocks of GUIDE_BLOCK sentences first costs a few per cent of one fine pass (n/16
rows) and puts the band's centre within a block of the path, so the fine DP keeps its
narrowest width at any length; if the band still hugs an edge somewhere, align_band widens it
as before. Block boundaries split both texts into the same number of blocks; the coarse DP's
own 1-2, 2-1 and skip beads absorb their different sizes.
"""

from __future__ import annotations

import numpy as np

from workbench.align.dp import align_band
from workbench.align.scorer import BandScorer

GUIDE_BLOCK = 16
GUIDE_MIN_SENTENCES = 2000  # below this the diagonal band is cheap and rarely widens


def guide_centres(scorer: BandScorer) -> np.ndarray | None:
    """Target position at every source prefix length along the coarse path, or None for a
    text short enough to start from the diagonal."""
    n, m = scorer.n, scorer.m
    if min(n, m) < GUIDE_MIN_SENTENCES:
        return None
    blocks = int(np.ceil(n / GUIDE_BLOCK))
    src_bounds = np.rint(np.linspace(0, n, blocks + 1)).astype(np.int64)
    tgt_bounds = np.rint(np.linspace(0, m, blocks + 1)).astype(np.int64)
    coarse = BandScorer(scorer.src.group(src_bounds), scorer.tgt.group(tgt_bounds),
                        scorer.lengths, scorer.params)
    beads = align_band(blocks, blocks, coarse)
    xs = np.concatenate([[0], src_bounds[[b.i1 for b in beads]]])
    ys = np.concatenate([[0], tgt_bounds[[b.j1 for b in beads]]])
    return np.interp(np.arange(n + 1), xs, ys)
