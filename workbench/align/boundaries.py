"""How likely a translation is to join two neighbouring sentences: learned per document.

Sentence splitters and translators do not break text in the same places. A French edition
that ends a clause with ';' (Text+Berg splits there) is far more often joined to its next
sentence in a link than one ending with '.', and a heading line ending with ':' goes with
what follows it. How strongly depends on the document's punctuation habits and on the
splitter that made its lines, so nothing is assumed: each boundary between two sentences
gets a class (what the first sentence ends with), the first pass's links say how often each
class falls inside a link (a 1-2, 2-1 … link joins the sentences across it), and later
passes price every boundary a merge spans by its class's log-odds against the document's
overall rate. The merge priors (scorer.PRIORS) keep pricing merges as such; this only
moves a merge's cost up or down by where it joins.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from workbench.align.dp import Bead

# Boundary classes: what the sentence before the boundary ends with. NEUTRAL (the end of a
# text, or units that are not consecutive sentences) is never priced.
NEUTRAL, FULL_STOP, QUESTION, SEMICOLON, COLON, COMMA, CLOSING, NO_PUNCT, PASSAGE = range(9)
CLASSES = 9
_ENDINGS = {".": FULL_STOP, "?": QUESTION, "!": QUESTION, "؟": QUESTION, "…": QUESTION,
            ";": SEMICOLON, "؛": SEMICOLON, ":": COLON, ",": COMMA, "،": COMMA,
            ")": CLOSING, "]": CLOSING, "»": CLOSING, "«": CLOSING, "”": CLOSING,
            "“": CLOSING, '"': CLOSING, "'": CLOSING, "’": CLOSING}
PRIOR_BOUNDARIES = 10.0  # pseudo-boundaries at the document's overall rate, per class
PRIOR_JOINS = 20.0  # pseudo-joins at no adjustment, per side
MAX_JOIN_COST = 3.0


def boundary_classes(passages: Sequence[Sequence[str]]) -> np.ndarray:
    """The class of the boundary after every sentence of a document given as passages
    (the last sentence of a passage: PASSAGE; of the document: NEUTRAL)."""
    out: list[int] = []
    for passage in passages:
        for k, sentence in enumerate(passage):
            if k == len(passage) - 1:
                out.append(PASSAGE)
                continue
            end = sentence.rstrip()[-1:]
            out.append(_ENDINGS.get(end, NO_PUNCT) if end else NEUTRAL)
    if out:
        out[-1] = NEUTRAL
    return np.array(out, dtype=np.int8)


def learn_join_costs(beads: Sequence[Bead], src: np.ndarray, tgt: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Cost of a merge spanning a boundary of each class, per side, from a pass's links:
    −log-odds of "inside a link" for the class relative to the side's overall rate, shrunk
    towards 0 by PRIOR_BOUNDARIES per class and PRIOR_JOINS overall, capped at
    ±MAX_JOIN_COST."""
    # A long text's first pass aligned samples only: count the boundaries its links cover.
    seen = [np.zeros(len(src), dtype=bool), np.zeros(len(tgt), dtype=bool)]
    inside = [np.zeros(len(src), dtype=bool), np.zeros(len(tgt), dtype=bool)]
    for b in beads:
        for side, (lo, hi) in enumerate(((b.i0, b.i1), (b.j0, b.j1))):
            seen[side][lo:hi] = True
            inside[side][lo:max(hi - 1, lo)] = True
    return (_side_costs(src, inside[0], seen[0]), _side_costs(tgt, inside[1], seen[1]))


def _side_costs(classes: np.ndarray, inside: np.ndarray, seen: np.ndarray) -> np.ndarray:
    costs = np.zeros(CLASSES)
    counted = (classes != NEUTRAL) & seen
    total, joined = int(counted.sum()), int(inside[counted].sum())
    if total == 0 or joined == 0 or joined == total:
        return costs
    rate = joined / total
    all_counts = np.bincount(classes[counted], minlength=CLASSES)
    in_counts = np.bincount(classes[counted & inside], minlength=CLASSES)
    for c in range(CLASSES):
        if c == NEUTRAL or all_counts[c] == 0:
            continue
        r = (in_counts[c] + PRIOR_BOUNDARIES * rate) / (all_counts[c] + PRIOR_BOUNDARIES)
        log_odds = math.log(r / (1 - r)) - math.log(rate / (1 - rate))
        costs[c] = float(np.clip(-log_odds, -MAX_JOIN_COST, MAX_JOIN_COST))
    # The rates come from the pass's joins: a short text (a UDHR with a handful of merges)
    # gives noisy log-odds, so the costs shrink with few joins.
    return costs * (joined / (joined + PRIOR_JOINS))
