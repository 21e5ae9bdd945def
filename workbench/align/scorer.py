"""Bead costs for the DP: length likelihood minus shared-anchor evidence plus a link-type prior.

A bead (source span S, target span T) costs

    w_len · lengthcost(|S|, |T|) − w_lex · dice(S, T) + prior(type)

where `dice` is the weighted share of anchor keys (see anchors.py) the two spans have in
common. Key matches are only needed near the band, so they are computed once per band as a
sparse list of (source, target, weight) triples — vectorised with numpy searchsorted over a
sorted posting array — and looked up per bead; nothing n×m is ever built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from workbench.align.dp import MAX_SPAN
from workbench.align.lengths import LengthModel

# Extra cost of each link type relative to a one-to-one link (skips are priced separately).
PRIORS: Mapping[tuple[int, int], float] = {(1, 1): 0.0, (1, 2): 1.6, (2, 1): 1.6, (2, 2): 3.5,
                                            (1, 3): 3.2, (3, 1): 3.2, (1, 4): 4.5, (4, 1): 4.5}
# Key kinds and how much a shared key of that kind says (numbers and URLs rarely match by
# chance; punctuation often does).
KEY_WEIGHTS: Mapping[str, float] = {"n": 2.0, "u": 3.0, "a": 2.0, "w": 1.0, "p": 0.5,
                                    "t": 1.5, "tm": 0.0, "g": 3.0}
# Kinds that only exist to be matched (TM and glossary evidence): they do not count in the
# size of a sentence, so sentences without such evidence are not penalised. TM keys weigh
# nothing in the Dice: they are credited to exactly one sentence pair (see BandScorer.cost).
BONUS_KINDS = frozenset({"tm", "g"})


@dataclass
class Params:
    """Weights of the cost terms (tuned on the Text+Berg dev set)."""

    w_len: float = 1.0
    w_lex: float = 10.0
    skip: float = 3.0
    w_memory: float = 12.0
    priors: Mapping[tuple[int, int], float] = field(default_factory=lambda: dict(PRIORS))


@dataclass
class Units:
    """What the scorer knows about one side: lengths and anchor keys of each unit, in order."""

    lengths: np.ndarray
    keys: list[frozenset[str]]
    sizes: np.ndarray  # evidence a unit could share (see `shareable_size`)

    def __len__(self) -> int:
        return len(self.keys)

    def take(self, order: Sequence[int] | np.ndarray) -> Units:
        """The units at the given positions, in that order (a slice, a rotation)."""
        idx = np.asarray(order, dtype=np.int64)
        return Units(self.lengths[idx], [self.keys[i] for i in idx], self.sizes[idx])


def shareable_size(keys: frozenset[str], other_vocab: frozenset[str] | set[str]) -> float:
    """Weight of the keys of a unit that occur anywhere in the other text.

    A key the other text never contains (an English word in a Farsi edition, a German word
    without a French cognate) cannot be evidence either way, so it must not dilute the Dice
    coefficient; otherwise cross-script pairs, which share only numbers, names and
    punctuation, would look as unrelated as random pairs. Bonus keys (TM, glossary) are pure
    evidence and never count in the size.
    """
    return sum(key_weight(k) for k in keys & other_vocab if k.split(":", 1)[0] not in BONUS_KINDS)


def build_units(lengths: tuple[Sequence[int], Sequence[int]], src_keys: list[frozenset[str]],
                tgt_keys: list[frozenset[str]]) -> tuple[Units, Units]:
    """Both sides' units, sizes measured against the other side's vocabulary."""
    src_vocab = frozenset().union(*src_keys)
    tgt_vocab = frozenset().union(*tgt_keys)
    src_len, tgt_len = lengths
    return (Units(np.asarray(src_len, dtype=float), src_keys,
                  np.array([shareable_size(k, tgt_vocab) for k in src_keys], dtype=float)),
            Units(np.asarray(tgt_len, dtype=float), tgt_keys,
                  np.array([shareable_size(k, src_vocab) for k in tgt_keys], dtype=float)))


@lru_cache(maxsize=1 << 17)
def key_weight(key: str) -> float:
    """Evidence weight of one key, by its kind prefix ('n:2019' → numbers)."""
    return KEY_WEIGHTS.get(key.split(":", 1)[0], 1.0)


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
        vocab: dict[str, int] = {}
        self._src_post = _postings(src.keys, vocab, grow=True)
        self._tgt_post = _postings(tgt.keys, vocab, grow=False)
        self._weights = np.array([key_weight(k) for k in vocab] or [0.0])
        self._memory = _memory_pairs(src.keys, tgt.keys, self.m)
        self._codes: np.ndarray = np.zeros(0, dtype=np.int64)
        self._values: np.ndarray = np.zeros(0)

    # -- matches near the band -------------------------------------------------------------
    def prepare(self, lo: np.ndarray, width: int) -> None:
        """Compute the weighted key matches of every (source, target) pair a bead can use."""
        if self.n == 0 or self.m == 0:
            return
        # Source sentence s is used by beads ending at rows s+1..s+k (k = the longest span)
        # → targets in their windows.
        k = MAX_SPAN
        self._compute(_sliding(lo[1:], np.minimum, k) - k, _sliding(lo[1:], np.maximum, k) + width)

    def prepare_spans(self, spans: Sequence[tuple[int, int, int, int]]) -> None:
        """Compute matches only inside given links (i0, i1, j0, j1), e.g. a finished path."""
        starts = np.full(self.n, self.m + 1, dtype=np.int64)
        ends = np.full(self.n, -1, dtype=np.int64)
        for i0, i1, j0, j1 in spans:
            starts[i0:i1], ends[i0:i1] = j0, j1 - 1
        self._compute(starts, ends)

    def _compute(self, starts: np.ndarray, ends: np.ndarray) -> None:
        """Sparse weighted matches of source s with targets in [starts[s], ends[s]]."""
        m = self.m
        s_kid, s_pos = self._src_post
        t_kid, t_pos = self._tgt_post
        stride = m + 2
        t_codes = t_kid * stride + t_pos  # sorted by (key, position)
        left = np.searchsorted(t_codes, s_kid * stride + np.clip(starts[s_pos], 0, m + 1),
                               side="left")
        right = np.searchsorted(t_codes, s_kid * stride + np.clip(ends[s_pos], -1, m),
                                side="right")
        counts = np.maximum(right - left, 0)
        total = int(counts.sum())
        if total == 0:
            self._codes, self._values = np.zeros(0, dtype=np.int64), np.zeros(0)
            return
        offsets = np.repeat(left - (np.cumsum(counts) - counts), counts) + np.arange(total)
        pair_codes = np.repeat(s_pos, counts) * (m + 1) + t_pos[offsets]
        weights = self._weights[np.repeat(s_kid, counts)]
        self._codes, inverse = np.unique(pair_codes, return_inverse=True)
        self._values = np.bincount(inverse, weights=weights)

    def matches(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Weighted number of shared keys of source sentences `s` and target sentences `t`."""
        return _lookup(self._codes, self._values, s * (self.m + 1) + t)

    # -- bead costs ------------------------------------------------------------------------
    def dice(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Weighted Dice coefficient of the spans' anchor keys, in [0, 1]."""
        shared = np.zeros(np.broadcast(rows, cols).shape)
        for da in range(1, a + 1):
            for db in range(1, b + 1):
                shared = shared + self.matches(rows - da, cols - db)
        size = (self._src_size[rows] - self._src_size[rows - a]
                + self._tgt_size[cols] - self._tgt_size[cols - b])
        return np.minimum(2.0 * shared / np.maximum(size, 1.0), 1.0)

    def length_cost(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Gale–Church cost of the spans' character lengths."""
        src_len = self._src_len[rows] - self._src_len[rows - a]
        tgt_len = self._tgt_len[cols] - self._tgt_len[cols - b]
        return self.lengths.cost(src_len, np.broadcast_to(tgt_len, np.broadcast(rows,
                                                                              cols).shape))

    def cost(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Cost of the bead (a source units, b target units) ending at (rows, cols)."""
        shape = np.broadcast(rows, cols).shape
        p = self.params
        if a == 0 or b == 0:
            return np.full(shape, p.skip)
        cost = (p.w_len * self.length_cost(a, b, rows, cols)
                - p.w_lex * self.dice(a, b, rows, cols) + p.priors[(a, b)])
        if (a, b) == (1, 1) and self._memory[0].size:
            # A TM pair vouches for exactly this sentence pair, not for merges around it.
            cost = cost - p.w_memory * _lookup(*self._memory, (rows - 1) * (self.m + 1) + cols - 1)
        return cost


def _lookup(codes: np.ndarray, values: np.ndarray, code: np.ndarray) -> np.ndarray:
    """values[code] in a sparse (sorted codes, values) map, 0 where absent."""
    if codes.size == 0:
        return np.zeros(np.shape(code))
    idx = np.clip(np.searchsorted(codes, code), 0, codes.size - 1)
    return np.where(codes[idx] == code, values[idx], 0.0)


def _memory_pairs(src_keys: list[frozenset[str]], tgt_keys: list[frozenset[str]], m: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Sparse map of the (source, target) sentence pairs a translation-memory unit joins."""
    where: dict[str, list[int]] = {}
    for t, keys in enumerate(tgt_keys):
        for k in keys:
            if k.startswith("tm:"):
                where.setdefault(k, []).append(t)
    codes = sorted({s * (m + 1) + t for s, keys in enumerate(src_keys) for k in keys
                    if k.startswith("tm:") for t in where.get(k, ())})
    return np.array(codes, dtype=np.int64), np.ones(len(codes))


def _postings(keys: list[frozenset[str]], vocab: dict[str, int], *, grow: bool
              ) -> tuple[np.ndarray, np.ndarray]:
    """(key id, unit position) arrays sorted by key then position. The source side fills the
    vocabulary; target keys unknown to the source can never match and are dropped."""
    kid: list[int] = []
    pos: list[int] = []
    for i, ks in enumerate(keys):
        for k in ks:
            if grow:
                kid.append(vocab.setdefault(k, len(vocab)))
            elif k in vocab:
                kid.append(vocab[k])
            else:
                continue
            pos.append(i)
    a, b = np.array(kid, dtype=np.int64), np.array(pos, dtype=np.int64)
    order = np.lexsort((b, a))
    return a[order], b[order]


def _sliding(values: np.ndarray, op: np.ufunc, k: int) -> np.ndarray:
    """op over values[s:s+k] for every s (the window shrinks at the end)."""
    padded = np.concatenate([values] + [values[-1:]] * (k - 1))
    out = padded[:len(values)]
    for d in range(1, k):
        out = op(out, padded[d:d + len(values)])
    return out
