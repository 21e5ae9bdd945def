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

from dataclasses import dataclass
from typing import Protocol

import numpy as np

# (source sentences, target sentences) per link; order breaks ties (prefer simple links).
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3),
                                      (3, 1), (1, 4), (4, 1))
MAX_SPAN = max(max(a, b) for a, b in BEADS)


class BeadScorer(Protocol):
    """Gives the cost of every bead type over a band; `prepare` is called once per band so
    the scorer can precompute what depends on it (e.g. word matches near the band)."""

    def prepare(self, lo: np.ndarray, width: int) -> None: ...

    def cost(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Cost of the bead covering source [I-a, I) and target [J-b, J) for arrays I (shape
        (n+1, 1)) and J (shape (n+1, W)); positions are already clipped to be valid."""
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
    out = np.empty((len(BEADS), stop - start, width))
    for k, (a, b) in enumerate(BEADS):
        if a > n or b > m:  # a link longer than the text itself
            out[k] = np.inf
            continue
        valid = (rows >= a) & (cols >= b) & (cols <= m)
        c = scorer.cost(a, b, np.clip(rows, a, n), np.clip(cols, b, m))
        out[k] = np.where(valid, c, np.inf)
    return out


def _fill(n: int, m: int, scorer: BeadScorer, lo: np.ndarray, width: int
          ) -> tuple[np.ndarray, np.ndarray]:
    """Fill the banded tables: total cost D and the bead that reached each cell.

    Bead costs are computed CHUNK rows at a time, so only D (floats) and the back pointers
    (bytes) are kept for the whole band.
    """
    scorer.prepare(lo, width)
    D = np.full((n + 1, width), np.inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    k01 = BEADS.index((0, 1))
    others = [k for k, (a, _) in enumerate(BEADS) if a > 0]
    cands = np.empty((len(others), width))
    costs = np.empty(0)
    for i in range(n + 1):
        if i % CHUNK == 0:
            costs = _chunk_costs(scorer, n, m, lo, width, i, min(i + CHUNK, n + 1))
        row_costs = costs[:, i % CHUNK]
        cands.fill(np.inf)
        for slot, k in enumerate(others):
            a, b = BEADS[k]
            if i < a:
                continue
            shift = int(lo[i] - b - lo[i - a])  # column in row i-a = column in row i + shift
            w0, w1 = max(0, -shift), min(width, width - shift)
            if w0 < w1:
                cands[slot, w0:w1] = D[i - a, w0 + shift:w1 + shift] + row_costs[k, w0:w1]
        pick = cands.argmin(axis=0)
        best = cands[pick, np.arange(width)]
        arg = np.array(others, dtype=np.int8)[pick]
        arg[~np.isfinite(best)] = -1
        if i == 0 and lo[0] == 0:
            best[0], arg[0] = 0.0, -1
        # 0-1 chain along the row: D[j] = min(best[j], D[j-1] + s[j]) as a running minimum.
        step = row_costs[k01].copy()
        step[0] = 0.0
        step[~np.isfinite(step)] = 0.0
        prefix = np.cumsum(step)
        shifted = best - prefix
        run = np.minimum.accumulate(shifted)
        from_left = run < shifted
        D[i] = np.where(from_left, run + prefix, best)
        back[i] = np.where(from_left, k01, arg)
        D[i, lo[i] + np.arange(width) > m] = np.inf
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
        # A row's window must reach the next row's: no link advances more than MAX_SPAN
        # targets per row, so the band must be wider than the steepest step of its centre line.
        steepest = int(np.ceil(np.max(np.diff(centres)))) if n else 0
        width = min(max(width, steepest + 2 * EDGE_MARGIN + MAX_SPAN + 1), m + 1)
        lo = band_from_centres(centres, width, m)
        D, back = _fill(n, m, scorer, lo, width)
        beads = _trace(n, m, lo, D, back)
        if width >= m + 1 or not _hugs_edge(beads, lo, width, m):
            return beads
        width = min(width * 2, m + 1)
        centres = path_centres(beads, n)


def align_full(n: int, m: int, scorer: BeadScorer) -> list[Bead]:
    """Reference: the textbook full-table DP (O(n·m) memory), for tests and the baseline."""
    scorer.prepare(np.zeros(n + 1, dtype=np.int64), m + 1)
    cost = scorer.cost
    rows = np.arange(n + 1)[:, None]
    cols = np.arange(m + 1)[None, :].repeat(n + 1, axis=0)
    tables = []
    for a, b in BEADS:
        if a > n or b > m:
            tables.append(np.full((n + 1, m + 1), np.inf).tolist())
            continue
        valid = (rows >= a) & (cols >= b)
        c = cost(a, b, np.clip(rows, a, n), np.clip(cols, b, m))
        tables.append(np.where(valid, c, np.inf).tolist())
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
