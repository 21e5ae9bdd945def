"""How sure the DP is of each link: the cost of the best path that leaves it.

The best path's links can be right by a wide margin or by a hair. For every source prefix i
the path crosses the table at some column(s); the cheapest complete path through any *other*
column of row i costs more by some margin: cost-to-reach (forward DP) plus cost-to-finish
(the same DP over both texts reversed), minus the optimum (min-sum "max-marginals"). A link
whose two ends both have wide margins is one the evidence pins down; a small margin at either
end means a neighbouring arrangement (a 1-2 for a 1-1 and a 0-1, a sentence moved across the
boundary) is almost as good. confidence.py turns the margins into a feature.

Costs one more DP in each direction over a narrow band around the path, so it runs for texts
up to MAX_SENTENCES (a web page, a chapter); a book keeps the other features only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.align.dp import MIN_WIDTH, Bead, band, fill_costs, path_centres
from workbench.align.scorer import BandScorer

MAX_SENTENCES = 8000


def boundary_margins(scorer: BandScorer, beads: Sequence[Bead]) -> np.ndarray | None:
    """Margin at every source prefix length 0..n (inf where no other column exists), or
    None for a text too long to spend two more DPs on."""
    n, m = scorer.n, scorer.m
    if n > MAX_SENTENCES or n == 0 or m == 0:
        return None
    centres = path_centres(list(beads), n)
    lo, width = band(centres, MIN_WIDTH, n, m)
    forward = fill_costs(n, m, scorer, lo, width)
    reverse = BandScorer(scorer.src.take(np.arange(n)[::-1]), scorer.tgt.take(np.arange(m)[::-1]),
                         scorer.lengths, scorer.params)
    lo_r, _ = band(m - centres[::-1], width, n, m)
    backward = fill_costs(n, m, reverse, lo_r, width)
    rows = np.arange(n + 1)[:, None]
    cols = lo[:, None] + np.arange(width)[None, :]
    w_r = (m - cols) - lo_r[n - rows]
    inside = (w_r >= 0) & (w_r < width) & (cols <= m)
    total = np.where(inside, forward + backward[n - rows, np.clip(w_r, 0, width - 1)], np.inf)
    optimum = forward[n, m - lo[n]]
    on_path = np.zeros_like(inside)
    for i, j in [(0, 0)] + [(b.i1, b.j1) for b in beads]:
        w = j - lo[i]
        if 0 <= w < width:
            on_path[i, w] = True
    others = np.where(on_path, np.inf, total)
    return others.min(axis=1) - optimum
