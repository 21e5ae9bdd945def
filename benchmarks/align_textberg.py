"""Text+Berg German–French sentence alignment benchmark (strict/lax P/R/F1 over test0..test6).

Usage: python benchmarks/align_textberg.py [BENCH_DIR] [--docs dev] [--errors]
`--errors` adds the link types of the missed gold links and of the wrong predicted ones (for
error analysis: use it on dev, the tuning document, never to choose anything on test0–6).
BENCH_DIR defaults to ../shared/align-bench relative to the repository. Scores are summed over
documents before P/R/F1, as in Vecalign's score.py (see workbench/align/links.py). Published
strict F1 on test0–6: Gale-Church 0.68, hunalign 0.75, Vecalign 0.90 (embeddings).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbench.align.aligner import align_sentences  # noqa: E402
from workbench.align.links import Counts, LinkPair, parse_links, score_links  # noqa: E402

TEST_DOCS = [f"test{i}" for i in range(7)]


def read_lines(path: Path) -> list[str]:
    """One sentence per line (the benchmark's own format), trailing newline stripped."""
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


Errors = tuple[Counter[str], Counter[str]]


def link_errors(hyp: list[LinkPair], gold: list[LinkPair]) -> Errors:
    """Link types ('2-2', '1-0' …) of the gold links missed and of the predicted links that
    are not gold: which bead types the aligner cannot produce or produces wrongly."""
    def kind(link: LinkPair) -> str:
        return f"{len(link[0])}-{len(link[1])}"
    hyp_set, gold_set = set(hyp), set(gold)
    return (Counter(kind(g) for g in gold if g not in hyp_set),
            Counter(kind(h) for h in hyp if h not in gold_set))


def run(folder: Path, docs: list[str]) -> tuple[Counts, float, Errors]:
    """Align each document, score it against its gold links; summed counts, seconds and
    link-type errors."""
    total = Counts()
    errors: Errors = (Counter(), Counter())
    seconds = 0.0
    for name in docs:
        src = read_lines(folder / f"{name}.de")
        tgt = read_lines(folder / f"{name}.fr")
        gold = parse_links(read_lines(folder / f"{name}.defr"))
        start = time.perf_counter()
        links = align_sentences(src, tgt, "de", "fr")
        seconds += time.perf_counter() - start
        hyp = [(link.src, link.tgt) for link in links]
        counts = score_links(hyp, gold)
        for mine, more in zip(errors, link_errors(hyp, gold), strict=True):
            mine.update(more)
        print(f"{name}: {len(src)}×{len(tgt)} strict F1 {counts.scores()['strict_f1']:.3f}")
        total.add(counts)
    return total, seconds, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", nargs="?", type=Path, default=REPO.parent / "shared/align-bench")
    parser.add_argument("--docs", nargs="*", default=TEST_DOCS)
    parser.add_argument("--errors", action="store_true",
                        help="print the link types of missed and wrong links")
    args = parser.parse_args()
    folder = args.bench / "textberg-de-fr" if (args.bench / "textberg-de-fr").is_dir() \
        else args.bench
    if not (folder / "test0.de").is_file():
        print(f"no Text+Berg data in {folder}", file=sys.stderr)
        return 2
    counts, seconds, (missed, wrong) = run(folder, args.docs)
    s = counts.scores()
    print(f"strict  P {s['strict_p']:.3f}  R {s['strict_r']:.3f}  F1 {s['strict_f1']:.3f}")
    print(f"lax     P {s['lax_p']:.3f}  R {s['lax_r']:.3f}  F1 {s['lax_f1']:.3f}")
    if args.errors:
        for label, errs in (("missed gold", missed), ("wrong predicted", wrong)):
            print(f"{label} links by type ({sum(errs.values())}): "
                  + ", ".join(f"{k} {v}" for k, v in errs.most_common()))
    print(f"seconds {seconds:.2f} (alignment only, {len(args.docs)} documents)")
    print("published strict F1: Gale-Church 0.68, hunalign 0.75, Vecalign 0.90")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
