"""Importing the five seed pages: where the time goes, and language detection per document
against langdetect on every passage (the way it was done before), arms alternating.

Usage: python benchmarks/ingest_import.py [--rounds N]

Stages, in CPU milliseconds (less sensitive than wall time to what else the shared machine
runs), each against read+decode as the baseline (what any importer must pay): structure
parsing, language detection, sentence splitting, and the whole `import_paths` into a new
project. Language detection is measured in alternating rounds, per document
(`langid.detect_document`) then per passage (`langid.detect_each`, langdetect on every
passage), each with langdetect's cache emptied, so both read the same texts at the same moment;
the ratio is taken per round (median and spread). It also checks that both give every passage
the same language, and counts the passages detected one by one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.ingest import langid
from workbench.ingest.capture import parse_capture
from workbench.ingest.importer import import_paths, read_text
from workbench.ingest.segment import split_sentences
from workbench.project import open_project
from workbench.resources import seed_files


def cpu(call: Callable[[], object]) -> tuple[float, object]:
    """(CPU seconds, result) of `call`."""
    start = time.process_time()
    result = call()
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with seed_files() as seeds:
        measure(seeds, args.rounds)


def measure(seeds: list[Path], rounds: int) -> None:
    read, texts = cpu(lambda: [read_text(p) for p in seeds])
    structure, parsed = cpu(lambda: [parse_capture(t)[1] for t in texts])
    pages = [[p.text for p in page] for page in parsed]  # type: ignore[attr-defined]

    per_doc, per_passage, ratios = [], [], []
    calls = 0
    for _ in range(rounds):
        langid.detect_language.cache_clear()
        seconds, cheap = cpu(lambda: [langid.detect_document(p) for p in pages])
        calls = langid.detect_language.cache_info().misses
        per_doc.append(seconds)
        langid.detect_language.cache_clear()
        seconds, full = cpu(lambda: [langid.detect_each(p) for p in pages])
        per_passage.append(seconds)
        ratios.append(per_passage[-1] / per_doc[-1])
    same = all((a[0], [x[0] for x in a[1]]) == (b[0], [x[0] for x in b[1]])
               for a, b in zip(cheap, full, strict=True))  # type: ignore[arg-type]
    langs = [lang for doc in cheap for lang, _ in doc[1]]  # type: ignore[attr-defined]

    split, sentences = cpu(lambda: sum(
        len(split_sentences(text, lang or "en")) for text, lang in zip(
            (t for page in pages for t in page), langs, strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        project = open_project(Path(tmp) / "bench.wbproj", with_seeds=False)
        langid.detect_language.cache_clear()
        total, _ = cpu(lambda: import_paths(project, seeds))
        project.close()

    passages = sum(len(p) for p in pages)
    print(f"{len(seeds)} pages, {passages} passages, {sentences} sentences (CPU ms; the machine "
          "is shared)")
    for name, seconds in (("read+decode (baseline)", read), ("structure", structure),
                          ("language detection", statistics.median(per_doc)),
                          ("sentence splitting", split), ("full import_paths", total)):
        print(f"{name:<24}{seconds * 1000:8.1f} ms  {seconds / read:7.1f}x baseline")
    print(f"language detection per document vs per passage ({rounds} alternating rounds): "
          f"{statistics.median(ratios):.1f}x faster (spread {min(ratios):.1f}x–"
          f"{max(ratios):.1f}x); {statistics.median(per_doc) * 1e3:.1f} vs "
          f"{statistics.median(per_passage) * 1e3:.1f} ms; per-passage detection ran on {calls} "
          f"of {passages} passages (short ones go by script); same language for every passage: {'yes' if same else 'NO'}")
    print(f"goal: full import under 2 s: {'met' if total < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
