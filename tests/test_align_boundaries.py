"""Merges priced by where they join: boundary classes learned from the document's links."""

from __future__ import annotations

import dataclasses

import numpy as np

from workbench.align.boundaries import (
    COLON,
    FULL_STOP,
    NEUTRAL,
    PASSAGE,
    QUESTION,
    SEMICOLON,
    boundary_classes,
    learn_join_costs,
)
from workbench.align.dp import Bead
from workbench.align.lengths import LengthModel
from workbench.align.scorer import BandScorer, Params
from workbench.align.units import build_units


def test_boundary_classes_follow_the_final_punctuation_and_passages() -> None:
    classes = boundary_classes([["Literatur :", "Le camp fut levé ;", "Pourquoi ?"],
                                ["Il partit.", "هل جاء؟", "Fin"]])
    assert classes.tolist() == [COLON, SEMICOLON, PASSAGE, FULL_STOP, QUESTION, NEUTRAL]


def _doc() -> tuple[np.ndarray, list[Bead]]:
    """A target side whose ';' lines always join the next line in a link, '.' lines never."""
    lines = ["Le temps finit par s'améliorer ;", "on se mit au travail.",
             "Le camp fut installé.", "La neige tomba ;", "il fallut attendre.",
             "Le sommet fut atteint."] * 15
    beads: list[Bead] = []
    j = 0
    while j < len(lines):
        span = 2 if lines[j].endswith(";") else 1
        beads.append(Bead(len(beads), len(beads) + 1, j, j + span, -3.0))
        j += span
    return boundary_classes([lines]), beads


def test_a_document_that_joins_at_semicolons_makes_those_merges_cheaper() -> None:
    tgt, beads = _doc()
    src = np.full(len(beads), FULL_STOP, dtype=np.int8)
    src[-1] = NEUTRAL
    src_costs, tgt_costs = learn_join_costs(beads, src, tgt)
    assert tgt_costs[SEMICOLON] < -1.0 < 1.0 < tgt_costs[FULL_STOP]
    assert not src_costs.any()  # the source never joins: nothing to tell its classes apart

    # The scorer prices a 1-2 link across a ';' boundary below the same link across a '.'.
    lengths = ([30] * len(beads), [20] * len(tgt))
    keys = [frozenset[str]()] * len(beads), [frozenset[str]()] * len(tgt)
    params = dataclasses.replace(Params(), joins=(src_costs, tgt_costs))
    src_units, tgt_units = build_units(lengths, keys[0], keys[1], boundaries=(src, tgt))
    scorer = BandScorer(src_units, tgt_units, LengthModel(ratio=20 * len(tgt) / (30 * len(beads))),
                        params)
    scorer.prepare(np.zeros(len(beads) + 1, dtype=np.int64), len(tgt) + 1)
    across_semicolon = scorer.cost(1, 2, np.array([[1]]), np.array([[2]]))[0, 0]
    across_full_stop = scorer.cost(1, 2, np.array([[2]]), np.array([[3]]))[0, 0]
    assert across_semicolon + 2.0 < across_full_stop


def test_slices_and_rotations_never_join_units_that_were_not_neighbours() -> None:
    classes = np.array([SEMICOLON, SEMICOLON, SEMICOLON, NEUTRAL], dtype=np.int8)
    units, _ = build_units(([5] * 4, [5] * 4), [frozenset[str]()] * 4, [frozenset[str]()] * 4,
                           boundaries=(classes, classes))
    assert units.take([0, 1]).boundary.tolist() == [SEMICOLON, NEUTRAL]
    assert units.take([2, 3, 0, 1]).boundary.tolist() == [SEMICOLON, NEUTRAL, SEMICOLON,
                                                          NEUTRAL]
