"""Structure first: align passages (paragraphs, headings, list items) before sentences.

A paragraph is a far more reliable unit than a sentence: its length is long enough for the
length ratio to be sharp and it carries many anchors. So the same DP is run over passages
(their sentences' lengths summed and keys united), and sentences are then aligned only inside
each group of aligned passages — errors cannot cross a paragraph boundary.

Editions do not always keep the paragraphing: a translated paragraph may be split in two,
two merged, one dropped. Many-to-many passage links cover the first two; a passage linked to
nothing is folded into its neighbouring group rather than being dropped, so the sentence DP
still gets to decide, and a mismatched paragraph count costs little.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.align.dp import align_band
from workbench.align.lengths import LengthModel
from workbench.align.scorer import BandScorer, Params
from workbench.align.units import Units

Range = tuple[int, int]


def passage_groups(src: Units, tgt: Units, src_sizes: Sequence[int], tgt_sizes: Sequence[int],
                   lengths: LengthModel, params: Params) -> list[tuple[Range, Range]]:
    """Sentence ranges (source, target) of each group of aligned passages, in order."""
    n, m = len(src), len(tgt)
    if len(src_sizes) < 2 or len(tgt_sizes) < 2:
        return [((0, n), (0, m))]
    src_bounds = np.concatenate([[0], np.cumsum(src_sizes)]).astype(int)
    tgt_bounds = np.concatenate([[0], np.cumsum(tgt_sizes)]).astype(int)
    scorer = BandScorer(src.group(src_bounds), tgt.group(tgt_bounds),
                        lengths, params)
    groups: list[tuple[Range, Range]] = []
    pending_skip: tuple[Range, Range] | None = None
    for bead in align_band(len(src_sizes), len(tgt_sizes), scorer):
        span = ((int(src_bounds[bead.i0]), int(src_bounds[bead.i1])),
                (int(tgt_bounds[bead.j0]), int(tgt_bounds[bead.j1])))
        if bead.i0 == bead.i1 or bead.j0 == bead.j1:  # unmatched passage: join a neighbour
            if groups:
                groups[-1] = _join(groups[-1], span)
            else:
                pending_skip = _join(pending_skip, span) if pending_skip else span
            continue
        groups.append(_join(pending_skip, span) if pending_skip else span)
        pending_skip = None
    if pending_skip:
        groups.append(pending_skip)
    return groups


def _join(a: tuple[Range, Range], b: tuple[Range, Range]) -> tuple[Range, Range]:
    return (a[0][0], b[0][1]), (a[1][0], b[1][1])

