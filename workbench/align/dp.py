"""Dynamic programming over a band around a guide path, in memory linear in n.

A full alignment DP fills an (n+1)×(m+1) table: 10,000 × 10,000 sentences is 10⁸ cells, which
is neither fast nor small. Translations stay close to a path from (0, 0) to (n, m), so we
only fill, for each source prefix length i, a window of W target positions starting at
`lo[i]` ("the band"). The band starts centred on the diagonal; when the best path runs
along its edge (a long omission pushed it off the diagonal) the band is widened and
re-centred on the path found, and the DP runs again.

Bead costs are computed for the whole band at once (numpy, one call per bead type), so the
per-row Python work is a handful of array operations. One-to-zero links within a row
(0-1 beads: a target sentence with no source) depend on the cell to their left; that chain is
a running minimum, computed with `np.minimum.accumulate` rather than a Python loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

# (source sentences, target sentences) per link; order breaks ties (prefer simple links).
# One sentence can become five lines (a list of dates and names, a sentence cut at every
# abbreviation): without 1-5/5-1 links the DP can only make a 1-4 link and a skip of them,
# two wrong links for one (scorer.PRIORS prices them).
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3),
                                      (3, 1), (1, 4), (4, 1), (1, 5), (5, 1))
MAX_SPAN = max(max(a, b) for a, b in BEADS)


class BeadScorer(Protocol):
    """Gives the cost of every bead type over a band; `prepare` is called once per band so
    the scorer can precompute what depends on it (e.g. word matches near the band)."""

    def prepare(self, lo: np.ndarray, width: int) -> None: ...

    def costs(self, beads: Sequence[tuple[int, int]], rows: np.ndarray, cols: np.ndarray
              ) -> np.ndarray:
        """Costs, shape (beads, *cells), of each bead (a, b) covering source [I-a, I) and
        target [J-b, J) for arrays I (shape (R, 1)) and J (shape (R, W)). Cells where a bead
        does not fit in the table may hold anything: the DP masks them."""
        ...
MIN_WIDTH = 64
CHUNK = 256  # rows of bead costs computed at once
EDGE_MARGIN = 2


@dataclass(frozen=True)
class Bead:
    """One link of the best path: source [i0, i1) ↔ target [j0, j1) and its cost."""

    i0: int
    i1: int
    j0: int
    j1: int
    cost: float


def band_from_centres(centres: np.ndarray, width: int, m: int) -> np.ndarray:
    """Window starts `lo[i]` for a band of `width` cells centred on `centres[i]`.

    Clipped so that (0, 0) and (n, m) are inside the band, which makes a path always exist.
    """
    lo = np.rint(centres - width // 2).astype(np.int64)
    return np.clip(lo, 0, max(0, m - width + 1))


def _chunk_costs(scorer: BeadScorer, n: int, m: int, lo: np.ndarray, width: int,
                 start: int, stop: int) -> np.ndarray:
    """Costs of every bead type for rows [start, stop): shape (beads, rows, width), inf where
    the bead would reach outside the table."""
    rows = np.arange(start, stop)[:, None]
    cols = lo[start:stop, None] + np.arange(width)[None, :]
    out = scorer.costs(BEADS, rows, cols)
    for k, (a, b) in enumerate(BEADS):
        out[k][(rows < a) | (cols < b) | (cols > m)] = np.inf
    return out


def _fill(n: int, m: int, scorer: BeadScorer, lo: np.ndarray, width: int
          ) -> tuple[np.ndarray, np.ndarray]:
    """Fill the banded tables: total cost D and the bead that reached each cell.

    Bead costs are computed CHUNK rows at a time, so only D (floats) and the back pointers
    (bytes) are kept for the whole band. Everything that does not depend on D — where in the
    band each bead comes from, which cells it cannot reach, the 0-1 chain's running costs —
    is computed per chunk as whole arrays, so a row of the DP is one gather over all bead
    types, an argmin and a running minimum: a handful of numpy calls, whatever the width.
    """
    scorer.prepare(lo, width)
    D = np.full((n + 1, width), np.inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    flat = D.reshape(-1)
    k01 = BEADS.index((0, 1))
    others = np.array([k for k, (a, _) in enumerate(BEADS) if a > 0])
    codes = others.astype(np.int8)
    a_of = np.array([BEADS[k][0] for k in others])[None, :, None]
    b_of = np.array([BEADS[k][1] for k in others])[None, :, None]
    band = np.arange(width)
    for start in range(0, n + 1, CHUNK):
        stop = min(start + CHUNK, n + 1)
        costs = _chunk_costs(scorer, n, m, lo, width, start, stop)
        rows = np.arange(start, stop)[:, None, None]
        prev = np.maximum(rows - a_of, 0)
        # Column in row i-a of the cell a bead ending at (i, w) starts from: w + shift.
        source = band[None, None, :] + lo[rows] - b_of - lo[prev]
        reach = (source >= 0) & (source < width) & (rows >= a_of)
        gather = prev * width + np.clip(source, 0, width - 1)  # (rows, beads, width)
        bead_costs = np.where(reach, costs[others].transpose(1, 0, 2), np.inf)
        step = costs[k01].copy()  # 0-1 beads: a running minimum along each row
        step[:, 0] = 0.0
        step[~np.isfinite(step)] = 0.0
        prefix = np.cumsum(step, axis=1)
        beyond = lo[start:stop, None] + band[None, :] > m
        for r in range(stop - start):
            i = start + r
            cands = flat[gather[r]] + bead_costs[r]
            pick = cands.argmin(axis=0)
            best = cands[pick, band]
            arg = np.where(np.isfinite(best), codes[pick], -1).astype(np.int8)
            if i == 0 and lo[0] == 0:
                best[0], arg[0] = 0.0, -1
            # 0-1 chain: D[j] = min(best[j], D[j-1] + s[j]) as a running minimum.
            shifted = best - prefix[r]
            run = np.minimum.accumulate(shifted)
            from_left = run < shifted
            D[i] = np.where(beyond[r], np.inf, np.where(from_left, run + prefix[r], best))
            back[i] = np.where(from_left, k01, arg)
    return D, back


def _trace(n: int, m: int, lo: np.ndarray, D: np.ndarray, back: np.ndarray) -> list[Bead]:
    i, j = n, m
    beads: list[Bead] = []
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        if k < 0:
            raise RuntimeError("alignment band lost the path")  # band construction bug
        a, b = BEADS[k]
        cost = float(D[i, j - lo[i]] - D[i - a, j - b - lo[i - a]])
        beads.append(Bead(i - a, i, j - b, j, cost))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _hugs_edge(beads: list[Bead], lo: np.ndarray, width: int, m: int) -> bool:
    """True when the path runs along a band edge that is not the table's own edge."""
    for bead in beads:
        w = bead.j1 - lo[bead.i1]
        if (lo[bead.i1] > 0 and w < EDGE_MARGIN) or \
                (lo[bead.i1] + width - 1 < m and w > width - 1 - EDGE_MARGIN):
            return True
    return False


def path_centres(beads: list[Bead], n: int) -> np.ndarray:
    """The target position of the path at every source prefix length (interpolated)."""
    xs = [0] + [b.i1 for b in beads]
    ys = [0] + [b.j1 for b in beads]
    return np.interp(np.arange(n + 1), xs, ys)


def band(centres: np.ndarray, width: int, n: int, m: int) -> tuple[np.ndarray, int]:
    """Window starts and width of a band around `centres`, at least `width` wide.

    A row's window must reach the next row's: no link advances more than MAX_SPAN targets
    per row, so the band must be wider than the steepest step of its centre line.
    """
    steepest = int(np.ceil(np.max(np.diff(centres)))) if n else 0
    width = min(max(width, steepest + 2 * EDGE_MARGIN + MAX_SPAN + 1), m + 1)
    return band_from_centres(centres, width, m), width


def fill_costs(n: int, m: int, scorer: BeadScorer, lo: np.ndarray, width: int) -> np.ndarray:
    """The table of best costs from (0, 0) to every cell of a band (row i, column lo[i]+w)."""
    return _fill(n, m, scorer, lo, width)[0]


def align_band(n: int, m: int, scorer: BeadScorer, *, width: int | None = None,
               centres: np.ndarray | None = None) -> list[Bead]:
    """Best path through the banded table, widening/re-centring the band while it hugs an edge.

    `centres` (target position per source prefix) defaults to the diagonal. Memory is
    O((n+1)·W) for the final width W.
    """
    width = min(max(width or MIN_WIDTH, 4), m + 1)
    if centres is None:
        centres = np.arange(n + 1) * (m / n if n else 0.0)
    while True:
        lo, width = band(centres, width, n, m)
        D, back = _fill(n, m, scorer, lo, width)
        beads = _trace(n, m, lo, D, back)
        if width >= m + 1 or not _hugs_edge(beads, lo, width, m):
            return beads
        width = min(width * 2, m + 1)
        centres = path_centres(beads, n)


def align_full(n: int, m: int, scorer: BeadScorer) -> list[Bead]:
    """Reference: the textbook full-table DP (O(n·m) memory), for tests and the baseline."""
    scorer.prepare(np.zeros(n + 1, dtype=np.int64), m + 1)
    rows = np.arange(n + 1)[:, None]
    cols = np.arange(m + 1)[None, :].repeat(n + 1, axis=0)
    all_costs = scorer.costs(BEADS, rows, cols)
    tables = [np.where((rows >= a) & (cols >= b), c, np.inf).tolist()
              for (a, b), c in zip(BEADS, all_costs, strict=True)]
    inf = float("inf")
    D = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[-1] * (m + 1) for _ in range(n + 1)]
    D[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for k, (a, b) in enumerate(BEADS):
                if i >= a and j >= b and (a or b):
                    v = D[i - a][j - b] + tables[k][i][j]
                    if v < D[i][j]:
                        D[i][j], back[i][j] = v, k
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = BEADS[back[i][j]]
        beads.append(Bead(i - a, i, j - b, j, tables[back[i][j]][i][j]))
        i, j = i - a, j - b
    beads.reverse()
    return beads
