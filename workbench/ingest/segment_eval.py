"""Scoring the sentence splitter against a gold set: boundary precision, recall and F1.

A gold file holds one sentence per line and a blank line between passages (lines starting with
"#" are comments). Each passage is rebuilt by joining its sentences with one space, split again
by `split_sentences`, and the two sets of boundary offsets compared. Shared by the test (which
asserts the English score) and benchmarks/segmentation_eval.py (which prints every language).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.ingest.capture import line_runs
from workbench.ingest.segment import split_sentences


@dataclass(frozen=True)
class BoundaryScore:
    """Boundary counts over a gold set, and the usual ratios."""

    sentences: int
    true_positives: int
    false_positives: int
    false_negatives: int
    errors: tuple[str, ...]  # one line per wrong or missed boundary, for the test's output

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: Path) -> list[list[str]]:
    """Passages (lists of sentences) from a gold file."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return [[line.strip() for line in run] for run in line_runs(lines)]


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Start offsets in `text` of every sentence but the first."""
    starts: list[int] = []
    pos = 0
    for sentence in sentences:
        pos = text.index(sentence, pos)
        starts.append(pos)
        pos += len(sentence)
    return set(starts[1:])


def score(passages: list[list[str]], lang: str) -> BoundaryScore:
    """Compare `split_sentences` with the gold passages."""
    tp = fp = fn = 0
    errors: list[str] = []
    for gold in passages:
        text = " ".join(gold)
        expected = boundaries(text, gold)
        found = boundaries(text, split_sentences(text, lang))
        tp += len(expected & found)
        wrong = (("extra split", found - expected), ("missed split", expected - found))
        for kind, offsets in wrong:
            for off in sorted(offsets):
                errors.append(f"{kind}: …{text[max(0, off - 40):off]}|{text[off:off + 30]}…")
        fp += len(found - expected)
        fn += len(expected - found)
    return BoundaryScore(sum(len(p) for p in passages), tp, fp, fn, tuple(errors))
