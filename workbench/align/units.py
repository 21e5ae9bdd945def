"""What the DP knows about each side of an alignment: lengths and anchor keys, as postings.

Both sides share one vocabulary (key → id, weight). Each side keeps its keys as sorted
postings — (key id, unit position) pairs — because that is what the scorer joins to find the
sentence pairs that share keys, with numpy, never a Python loop per pair. Slices, rotations
(the null alignment) and blocks (passages, the coarse guide) are derived from the postings
with array operations, so building them costs little even at 40,000 sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.align.boundaries import NEUTRAL

# Key kinds and how much a shared key of that kind says (numbers and URLs rarely match by
# chance; punctuation often does).
KEY_WEIGHTS: Mapping[str, float] = {"n": 2.0, "u": 3.0, "a": 2.0, "w": 1.0, "p": 0.5,
                                    "t": 1.5, "tm": 0.0, "g": 3.0}
# Kinds that only exist to be matched (TM and glossary evidence): they do not count in the
# size of a sentence, so sentences without such evidence are not penalised. TM keys weigh
# nothing in the Dice: they are credited to exactly one sentence pair (see BandScorer.costs).
BONUS_KINDS = frozenset({"tm", "g"})
MEMORY_KIND = "tm"
NUMBER_KIND = "n"


@lru_cache(maxsize=1 << 17)
def key_weight(key: str) -> float:
    """Evidence weight of one key, by its kind prefix ('n:2019' → numbers)."""
    return KEY_WEIGHTS.get(key.split(":", 1)[0], 1.0)


@dataclass(frozen=True)
class Vocabulary:
    """The keys of both texts: weight of each id, and which ids are TM pair keys."""

    weights: np.ndarray
    memory: np.ndarray  # bool per key id


@dataclass
class Units:
    """One side: lengths, keys (for learning a lexicon) and postings of each unit, in order.

    `sizes` is the evidence a unit could share: the weight of its keys that occur anywhere in
    the other text. A key the other text never contains (an English word in a Farsi edition)
    cannot be evidence either way, so it must not dilute the Dice coefficient; otherwise
    cross-script pairs, which share only numbers, names and punctuation, would look as
    unrelated as random pairs. Bonus keys (TM, glossary) never count in the size.
    """

    lengths: np.ndarray
    keys: list[frozenset[str]]  # empty for grouped units (passages, blocks): postings only
    kid: np.ndarray  # postings, sorted by (key id, position)
    pos: np.ndarray
    sizes: np.ndarray
    vocab: Vocabulary
    # Weight of the unit's numbers that occur nowhere in the other text: a sentence whose
    # numbers the translation never mentions is likely left out (scorer: cheaper skip).
    unmatched: np.ndarray
    # Class of the boundary after each unit (boundaries.py): what a merge across it costs.
    boundary: np.ndarray

    def __len__(self) -> int:
        return len(self.lengths)

    def take(self, order: Sequence[int] | np.ndarray) -> Units:
        """The units at the given positions, in that order (a slice, a rotation)."""
        idx = np.asarray(order, dtype=np.int64)
        new = np.full(len(self), -1, dtype=np.int64)
        new[idx] = np.arange(len(idx))
        mapped = new[self.pos]
        keep = mapped >= 0
        kid, pos = _sorted(self.kid[keep], mapped[keep])
        keys = [self.keys[i] for i in idx] if self.keys else []
        boundary = self.boundary[idx].copy()
        if len(idx):  # a boundary joins the units it separates only if they are neighbours
            boundary[:-1][np.diff(idx) != 1] = NEUTRAL
            boundary[-1] = NEUTRAL
        return Units(self.lengths[idx], keys, kid, pos, self.sizes[idx], self.vocab,
                     self.unmatched[idx], boundary)

    def group(self, bounds: np.ndarray) -> Units:
        """One unit per run [bounds[k], bounds[k+1]): summed lengths and sizes, united keys
        (passages from sentences, or blocks of sentences for a coarse first look)."""
        block = np.searchsorted(bounds, self.pos, side="right") - 1
        # Postings are sorted by (key, position) and blocks grow with the position, so a key
        # repeated within a block sits in adjacent entries: drop the repeats.
        first = np.ones(len(block), dtype=bool)
        first[1:] = (self.kid[1:] != self.kid[:-1]) | (block[1:] != block[:-1])
        cum_len = np.concatenate([[0.0], np.cumsum(self.lengths)])
        cum_size = np.concatenate([[0.0], np.cumsum(self.sizes)])
        # A block (coarse guide, passage) skips at full price: a number the other text lacks
        # says one sentence was left out, not that a whole block was.
        return Units(np.diff(cum_len[bounds]), [], self.kid[first], block[first],
                     np.diff(cum_size[bounds]), self.vocab, np.zeros(len(bounds) - 1),
                     np.full(len(bounds) - 1, NEUTRAL, dtype=np.int8))


def _sorted(kid: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((pos, kid))
    return kid[order], pos[order]


def _postings(flat: list[str], counts: list[int], ids: dict[str, int]
              ) -> tuple[np.ndarray, np.ndarray]:
    kid = np.fromiter(map(ids.__getitem__, flat), dtype=np.int32, count=len(flat))
    pos = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    return _sorted(kid, pos)


def build_units(lengths: tuple[Sequence[int], Sequence[int]], src_keys: list[frozenset[str]],
                tgt_keys: list[frozenset[str]], *, keep_keys: bool = True,
                boundaries: tuple[np.ndarray, np.ndarray] | None = None
                ) -> tuple[Units, Units]:
    """Both sides' units over one vocabulary, sizes measured against the other side.

    `keep_keys=False` keeps only the postings (what the DP needs): on a long text the key
    sets are the biggest thing in memory, and the last pass learns nothing from them.
    `boundaries`: each side's boundary classes (boundaries.py); none: all NEUTRAL."""
    src_flat = [k for ks in src_keys for k in ks]
    tgt_flat = [k for ks in tgt_keys for k in ks]
    names = list(set(src_flat).union(tgt_flat))
    ids = dict(zip(names, range(len(names)), strict=True))
    src_kid, src_pos = _postings(src_flat, list(map(len, src_keys)), ids)
    tgt_kid, tgt_pos = _postings(tgt_flat, list(map(len, tgt_keys)), ids)
    weights = np.fromiter((key_weight(k) for k in names), dtype=float, count=len(names))
    kinds = [k.split(":", 1)[0] for k in names]
    bonus = np.fromiter((kind in BONUS_KINDS for kind in kinds), dtype=bool, count=len(names))
    memory = np.fromiter((kind == MEMORY_KIND for kind in kinds), dtype=bool, count=len(names))
    vocab = Vocabulary(weights, memory)
    in_src = np.zeros(len(names), dtype=bool)
    in_src[src_kid] = True
    in_tgt = np.zeros(len(names), dtype=bool)
    in_tgt[tgt_kid] = True
    counted = np.where(bonus, 0.0, weights)
    numbers = np.fromiter((kind == NUMBER_KIND for kind in kinds), dtype=bool,
                          count=len(names)) * weights
    src_len, tgt_len = lengths
    src_sizes = np.bincount(src_pos, weights=(counted * in_tgt)[src_kid],
                            minlength=len(src_keys))
    tgt_sizes = np.bincount(tgt_pos, weights=(counted * in_src)[tgt_kid],
                            minlength=len(tgt_keys))
    src_unmatched = np.bincount(src_pos, weights=(numbers * ~in_tgt)[src_kid],
                                minlength=len(src_keys))
    tgt_unmatched = np.bincount(tgt_pos, weights=(numbers * ~in_src)[tgt_kid],
                                minlength=len(tgt_keys))
    src_bound, tgt_bound = boundaries or (np.full(len(src_keys), NEUTRAL, dtype=np.int8),
                                          np.full(len(tgt_keys), NEUTRAL, dtype=np.int8))
    return (Units(np.asarray(src_len, dtype=float), src_keys if keep_keys else [], src_kid,
                  src_pos, src_sizes, vocab, src_unmatched, src_bound),
            Units(np.asarray(tgt_len, dtype=float), tgt_keys if keep_keys else [], tgt_kid,
                  tgt_pos, tgt_sizes, vocab, tgt_unmatched, tgt_bound))
