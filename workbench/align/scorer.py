"""Bead costs for the DP: length likelihood minus shared-anchor evidence plus a link-type prior.

A bead (source span S, target span T) costs

    w_len · lengthcost(|S|, |T|) − w_lex · dice(S, T) + prior(type)
                                   [+ unmatched_merge if a merge holds an unmatched number]

where `dice` is the weighted share of anchor keys (see anchors.py, units.py) the two spans
have in common. Key matches are only needed near the band, so they are computed once per
band from the sides' postings — vectorised with numpy searchsorted — into a dense band of
pair weights, looked up per bead; nothing n×m is ever built.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from workbench.align.dp import MAX_SPAN
from workbench.align.lengths import LengthModel
from workbench.align.units import Units

# Extra cost of each link type relative to a one-to-one link (skips are priced separately).
# A 1-5 link costs more than a 1-4 link plus a skip (4.5 + 3.0): its fifth line must bring
# length or shared keys of its own, or a sentence next to a run of captions and OCR debris
# that has no keys would swallow five of them by price alone (Text+Berg dev: at 7.0 and
# below the first pass joins a block of photo captions into 1-5 links; 7.5 to 9.5 all give
# +0.003 strict F1 there and +0.004 on Acts 1+2 en-fa, nothing else changes).
PRIORS: Mapping[tuple[int, int], float] = {(1, 1): 0.0, (1, 2): 1.6, (2, 1): 1.6, (2, 2): 3.5,
                                            (1, 3): 3.2, (3, 1): 3.2, (1, 4): 4.5, (4, 1): 4.5,
                                            (1, 5): 8.0, (5, 1): 8.0}
PAIR_CHUNK = 200_000  # source postings joined at once


@dataclass
class Params:
    """Weights of the cost terms (tuned on the Text+Berg dev set)."""

    w_len: float = 1.0
    w_lex: float = 10.0
    skip: float = 3.0
    w_memory: float = 12.0
    # Extra cost of a merge (n-m link) holding a sentence with numbers the other text never
    # has (units.py): "Article 7" next to an article the edition left out is not part of the
    # previous sentence's translation. Tuning documents: 1.0 neutral on Text+Berg dev and
    # Acts 1+2, +0.008/+0.014 strict F1 on our own ar/fa texts; 2.0 costs dev 0.004.
    unmatched_merge: float = 1.0
    priors: Mapping[tuple[int, int], float] = field(default_factory=lambda: dict(PRIORS))
    # Cost of a merge spanning a boundary of each class (boundaries.py), source and target
    # side; learned from a pass's links, None (no adjustment) before the first.
    joins: tuple[np.ndarray, np.ndarray] | None = None


def _prefix(values: Sequence[float] | np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.asarray(values, dtype=float))])


class BandScorer:
    """Implements `dp.BeadScorer` for two sides described as `Units`."""

    def __init__(self, src: Units, tgt: Units, lengths: LengthModel, params: Params) -> None:
        self.src, self.tgt, self.lengths, self.params = src, tgt, lengths, params
        self.n, self.m = len(src), len(tgt)
        self._src_len = _prefix(src.lengths)
        self._tgt_len = _prefix(tgt.lengths)
        self._src_size = _prefix(src.sizes)
        self._tgt_size = _prefix(tgt.sizes)
        self._src_orphans = _prefix(src.unmatched > 0)
        self._tgt_orphans = _prefix(tgt.unmatched > 0)
        self._weights = src.vocab.weights
        joins = params.joins
        self._src_join = _prefix(joins[0][src.boundary]) if joins is not None else None
        self._tgt_join = _prefix(joins[1][tgt.boundary]) if joins is not None else None
        self._memory = _memory_pairs(src, tgt)
        self._codes: np.ndarray = np.zeros(0, dtype=np.int64)
        self._values: np.ndarray = np.zeros(0)
        # Dense copy of the matches near the band: row s holds targets off[s] … off[s]+W'-1.
        self._dense: np.ndarray | None = None
        self._off: np.ndarray = np.zeros(0, dtype=np.int64)

    # -- matches near the band -------------------------------------------------------------
    def prepare(self, lo: np.ndarray, width: int) -> None:
        """Compute the weighted key matches of every (source, target) pair a bead can use,
        as a dense band: looking a pair up by position is several times cheaper than a
        binary search in a sparse map, and the DP looks every pair up ~8 times."""
        if self.n == 0 or self.m == 0:
            return
        # Source sentence s is used by beads ending at rows s+1..s+k (k = the longest span)
        # → targets in their windows.
        k = MAX_SPAN
        starts = np.maximum(_sliding(lo[1:], np.minimum, k) - k, 0)
        ends = np.minimum(_sliding(lo[1:], np.maximum, k) + width, self.m)
        band = int(np.max(ends - starts)) + 1
        dense = np.zeros(self.n * band, dtype=np.float32)  # weights are small multiples of ½
        for s_idx, t_idx, weights in self._pairs(starts, ends):
            dense += np.bincount(s_idx * band + (t_idx - starts[s_idx]), weights=weights,
                                 minlength=dense.size).astype(np.float32)
        self._dense, self._off = dense.reshape(self.n, band), starts

    def prepare_spans(self, spans: Sequence[tuple[int, int, int, int]]) -> None:
        """Compute matches only inside given links (i0, i1, j0, j1), e.g. a finished path."""
        self._dense = None
        starts = np.full(self.n, self.m + 1, dtype=np.int64)
        ends = np.full(self.n, -1, dtype=np.int64)
        for i0, i1, j0, j1 in spans:
            starts[i0:i1], ends[i0:i1] = j0, j1 - 1
        pieces = list(self._pairs(starts, ends))
        if not pieces:
            self._codes, self._values = np.zeros(0, dtype=np.int64), np.zeros(0)
            return
        codes = np.concatenate([s * (self.m + 1) + t for s, t, _ in pieces])
        self._codes, inverse = np.unique(codes, return_inverse=True)
        self._values = np.bincount(inverse, weights=np.concatenate([w for _, _, w in pieces]))

    def _pairs(self, starts: np.ndarray, ends: np.ndarray
               ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(source, target, weight) of every shared key of source s with a target in
        [starts[s], ends[s]], one entry per key; in pieces of PAIR_CHUNK source postings so
        that frequent keys cannot make the arrays large."""
        m = self.m
        t_kid, t_pos = self.tgt.kid.astype(np.int64), self.tgt.pos.astype(np.int64)
        stride = m + 2
        t_codes = t_kid * stride + t_pos  # sorted by (key, position)
        for first in range(0, len(self.src.kid), PAIR_CHUNK):
            s_kid = self.src.kid[first:first + PAIR_CHUNK].astype(np.int64)
            s_pos = self.src.pos[first:first + PAIR_CHUNK].astype(np.int64)
            left = np.searchsorted(t_codes, s_kid * stride + np.clip(starts[s_pos], 0, m + 1),
                                   side="left")
            right = np.searchsorted(t_codes, s_kid * stride + np.clip(ends[s_pos], -1, m),
                                    side="right")
            counts = np.maximum(right - left, 0)
            total = int(counts.sum())
            if total == 0:
                continue
            offsets = np.repeat(left - (np.cumsum(counts) - counts), counts) + np.arange(total)
            yield (np.repeat(s_pos, counts), t_pos[offsets],
                   self._weights[np.repeat(s_kid, counts)])

    def matches(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Weighted number of shared keys of source sentences `s` and target sentences `t`
        (0 for pairs outside the prepared band or the texts)."""
        if self._dense is None:
            return _lookup(self._codes, self._values, s * (self.m + 1) + t)
        dense = self._dense
        rows = np.clip(s, 0, self.n - 1)
        col = t - self._off[rows]
        inside = (col >= 0) & (col < dense.shape[1]) & (s >= 0) & (s < self.n)
        return np.where(inside, dense[rows, np.clip(col, 0, dense.shape[1] - 1)], 0.0)

    # -- bead costs ------------------------------------------------------------------------
    def _orphans(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """1 where the bead's spans hold a sentence with numbers the other text never has."""
        src = self._src_orphans[np.clip(rows, 0, self.n)] - \
            self._src_orphans[np.clip(rows - a, 0, self.n)]
        tgt = self._tgt_orphans[np.clip(cols, 0, self.m)] - \
            self._tgt_orphans[np.clip(cols - b, 0, self.m)]
        return (src + tgt > 0).astype(float)

    def dice(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Weighted Dice coefficient of the spans' anchor keys, in [0, 1]."""
        shared = np.zeros(np.broadcast(rows, cols).shape)
        for da in range(1, a + 1):
            for db in range(1, b + 1):
                shared = shared + self.matches(rows - da, cols - db)
        return self._dice(a, b, rows, cols, shared)

    def _dice(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray, shared: np.ndarray
              ) -> np.ndarray:
        r, c = np.clip(rows, 0, self.n), np.clip(cols, 0, self.m)
        size = (self._src_size[r] - self._src_size[np.clip(rows - a, 0, self.n)]
                + self._tgt_size[c] - self._tgt_size[np.clip(cols - b, 0, self.m)])
        return np.minimum(2.0 * shared / np.maximum(size, 1.0), 1.0)

    def length_cost(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Gale–Church cost of the spans' character lengths."""
        src_len = self._src_len[np.clip(rows, 0, self.n)] - \
            self._src_len[np.clip(rows - a, 0, self.n)]
        tgt_len = self._tgt_len[np.clip(cols, 0, self.m)] - \
            self._tgt_len[np.clip(cols - b, 0, self.m)]
        return self.lengths.cost(src_len, np.broadcast_to(tgt_len, np.broadcast(rows,
                                                                              cols).shape))

    @staticmethod
    def _spanned(join: np.ndarray, a: int, ends: np.ndarray, size: int) -> np.ndarray:
        """Summed join costs of the boundaries inside spans of `a` units ending at `ends`
        (after units end-a … end-2)."""
        return join[np.clip(ends - 1, 0, size)] - join[np.clip(ends - a, 0, size)]

    def cost(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Cost of the bead (a source units, b target units) ending at (rows, cols)."""
        return self.costs([(a, b)], rows, cols)[0]

    def costs(self, beads: Sequence[tuple[int, int]], rows: np.ndarray, cols: np.ndarray
              ) -> np.ndarray:
        """Costs of several bead types ending at the same cells, shape (beads, *cells).

        The bead types share their work: the matches of each (source, target) pair offset
        are looked up once for all of them (a 1-1, a 1-2 and a 2-1 bead all need the pair
        just before the cell). Cells where a bead would reach outside the texts get a cost
        the caller must mask.
        """
        shape = np.broadcast(rows, cols).shape
        p = self.params
        pair: dict[tuple[int, int], np.ndarray] = {}
        out = np.empty((len(beads), *shape))
        for k, (a, b) in enumerate(beads):
            if a == 0 or b == 0:
                out[k] = p.skip
                continue
            shared = np.zeros(shape)
            for da in range(1, a + 1):
                for db in range(1, b + 1):
                    if (da, db) not in pair:
                        pair[(da, db)] = self.matches(rows - da, cols - db)
                    shared = shared + pair[(da, db)]
            cost = (p.w_len * self.length_cost(a, b, rows, cols)
                    - p.w_lex * self._dice(a, b, rows, cols, shared) + p.priors[(a, b)])
            if a > 1 and self._src_join is not None:
                cost = cost + self._spanned(self._src_join, a, rows, self.n)
            if b > 1 and self._tgt_join is not None:
                cost = cost + self._spanned(self._tgt_join, b, cols, self.m)
            if p.unmatched_merge and (a > 1 or b > 1):
                cost = cost + p.unmatched_merge * self._orphans(a, b, rows, cols)
            if (a, b) == (1, 1) and self._memory[0].size:
                # A TM pair vouches for exactly this sentence pair, not for merges around it.
                cost = cost - p.w_memory * _lookup(*self._memory,
                                                   (rows - 1) * (self.m + 1) + cols - 1)
            out[k] = cost
        return out


def _lookup(codes: np.ndarray, values: np.ndarray, code: np.ndarray) -> np.ndarray:
    """values[code] in a sparse (sorted codes, values) map, 0 where absent."""
    if codes.size == 0:
        return np.zeros(np.shape(code))
    idx = np.clip(np.searchsorted(codes, code), 0, codes.size - 1)
    return np.where(codes[idx] == code, values[idx], 0.0)


def _memory_pairs(src: Units, tgt: Units) -> tuple[np.ndarray, np.ndarray]:
    """Sparse map of the (source, target) sentence pairs a translation-memory unit joins."""
    memory = src.vocab.memory
    s_keep, t_keep = memory[src.kid], memory[tgt.kid]
    if not s_keep.any() or not t_keep.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    where: dict[int, list[int]] = {}
    for k, t in zip(tgt.kid[t_keep].tolist(), tgt.pos[t_keep].tolist(), strict=True):
        where.setdefault(k, []).append(t)
    m = len(tgt)
    codes = sorted({s * (m + 1) + t for k, s in zip(src.kid[s_keep].tolist(),
                                                     src.pos[s_keep].tolist(), strict=True)
                    for t in where.get(k, ())})
    return np.array(codes, dtype=np.int64), np.ones(len(codes))


def _sliding(values: np.ndarray, op: np.ufunc, k: int) -> np.ndarray:
    """op over values[s:s+k] for every s (the window shrinks at the end)."""
    padded = np.concatenate([values] + [values[-1:]] * (k - 1))
    out = padded[:len(values)]
    for d in range(1, k):
        out = op(out, padded[d:d + len(values)])
    return out
