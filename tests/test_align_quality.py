"""Alignment quality on real text inside the repository (runs everywhere, CI included).

tests/data/align holds three hand-translated texts with gold links (README there). The floors
sit below what the aligner measures (strict F1 summed per pair: sq 0.985, fa 0.979, ar 0.979,
all 0.981), so a change that makes alignment clearly worse on any language fails here; the
benchmark (benchmarks/align_quality.py) gives the real figures on the large sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.align.aligner import align_report
from workbench.align.links import Counts, parse_links, score_links

DATA = Path(__file__).parent / "data" / "align"
TEXTS = ("drin", "heat", "rules")
FLOORS = {"sq": 0.94, "fa": 0.93, "ar": 0.93}


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def counts(lang: str) -> Counts:
    total = Counts()
    for name in TEXTS:
        report = align_report([lines(DATA / f"{name}.en")], [lines(DATA / f"{name}.{lang}")],
                              "en", lang)
        assert report.looks_like_translation  # a real translation is never flagged
        gold = parse_links(lines(DATA / f"{name}.en-{lang}.links"))
        total.add(score_links([(link.src, link.tgt) for link in report.links], gold))
    return total


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_strict_f1_floor_per_language(lang: str) -> None:
    assert counts(lang).scores()["strict_f1"] >= FLOORS[lang]


def test_strict_f1_floor_over_all_pairs() -> None:
    total = Counts()
    for lang in FLOORS:
        total.add(counts(lang))
    assert total.scores()["strict_f1"] >= 0.95
