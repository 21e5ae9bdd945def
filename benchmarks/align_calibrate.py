"""Fit the link-confidence model on the tuning documents, and show how calibrated it is.

A reviewer who accepts every link above 0.8 must get links that are right about 4 times in 5
or better, so the confidence must be a probability. This fits confidence.COEFFICIENTS (a
logistic model over confidence.FEATURES) on the tuning split only — Text+Berg dev, realpar
acts1 and acts2 — and prints, for the split asked for, precision and coverage per
confidence band with the shipped coefficients and with the fitted ones.

Usage: python benchmarks/align_calibrate.py [--split tune|heldout] [--shared DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import read_lines, rows  # noqa: E402

from workbench.align import aligner, confidence  # noqa: E402
from workbench.align.links import parse_links  # noqa: E402


def collect(shared: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and right/wrong labels of every link with both sides, over a split."""
    features: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    captured: dict[str, object] = {}
    original = confidence.link_confidences

    def capture(beads, scorer, *, first=None,  # type: ignore[no-untyped-def]
                coefficients=confidence.COEFFICIENTS):
        captured["x"], captured["paired"] = confidence.link_features(beads, scorer, first)
        captured["beads"] = beads
        return original(beads, scorer, first=first, coefficients=coefficients)

    aligner.link_confidences = capture  # type: ignore[assignment]
    try:
        for row in rows(shared, split):
            for doc in row.docs:
                aligner.align_report([read_lines(doc.src)], [read_lines(doc.tgt)],
                                     doc.src_lang, doc.tgt_lang)
                gold = set(parse_links(read_lines(doc.gold)))
                beads = captured["beads"]
                paired = captured["paired"]
                right = [(tuple(range(b.i0, b.i1)), tuple(range(b.j0, b.j1))) in gold
                         for b in (beads[k] for k in paired)]  # type: ignore[index]
                features.append(captured["x"])  # type: ignore[arg-type]
                labels.append(np.array(right, dtype=float))
    finally:
        aligner.link_confidences = original
    return np.concatenate(features), np.concatenate(labels)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method, with a small ridge on all but the bias."""
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], l2)
    ridge[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + ridge * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        w -= np.linalg.solve(hess, grad)
    return w


def report(name: str, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> None:
    conf = 1.0 / (1.0 + np.exp(-(x @ w)))
    cells = []
    for lo in (0.5, 0.7, 0.8, 0.9):
        sel = conf >= lo
        cells.append(f"≥{lo:.1f}: {sel.mean():4.0%} of links, {y[sel].mean() if sel.any() else 0:.3f} right")
    print(f"{name:<9} " + " · ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "heldout"), default="tune")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    x_tune, y_tune = collect(args.shared, "tune")
    fitted = fit(x_tune, y_tune)
    print("fitted on tune:", ", ".join(f"{n} {c:+.2f}" for n, c in
                                       zip(confidence.FEATURES, fitted, strict=True)))
    x, y = (x_tune, y_tune) if args.split == "tune" else collect(args.shared, args.split)
    print(f"{args.split}: {len(y)} links with both sides, {y.mean():.3f} exactly right")
    report("shipped", x, y, np.asarray(confidence.COEFFICIENTS))
    report("fitted", x, y, fitted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
