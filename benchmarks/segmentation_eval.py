"""Print sentence-boundary precision/recall/F1 of the splitter on each language's gold set.

    python benchmarks/segmentation_eval.py
"""

from __future__ import annotations

from pathlib import Path

from workbench.ingest.segment_eval import load_gold, score

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    print(f"{'lang':<5}{'sentences':>10}{'boundaries':>11}{'P':>8}{'R':>8}{'F1':>8}")
    for lang in ("en", "sq", "fa", "ar"):
        result = score(load_gold(DATA / f"segmentation_gold_{lang}.txt"), lang)
        gold = result.true_positives + result.false_negatives
        print(f"{lang:<5}{result.sentences:>10}{gold:>11}{result.precision:>8.3f}"
              f"{result.recall:>8.3f}{result.f1:>8.3f}")
        for line in result.errors:
            print("     " + line)


if __name__ == "__main__":
    main()
