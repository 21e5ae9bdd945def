"""Where the time of importing the five seed pages goes, against reading them in the same run.

Usage: python benchmarks/ingest_import.py
Stages: read+decode (the baseline: what any importer must pay), structure parsing, language
detection (first call loads the langdetect profiles), sentence splitting, and storing in a new
project. The goal is well under two seconds for the whole import.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from workbench.ingest.capture import parse_capture
from workbench.ingest.importer import import_paths, read_text
from workbench.ingest.langid import detect_language
from workbench.ingest.segment import split_sentences
from workbench.project import open_project
from workbench.resources import seed_files


def main() -> None:
    with seed_files() as seeds:
        measure(seeds)


def measure(seeds: list[Path]) -> None:
    """Time each import stage on the seed pages against reading them (the baseline)."""
    start = time.perf_counter()
    texts = [read_text(p) for p in seeds]
    read = time.perf_counter() - start

    start = time.perf_counter()
    parsed = [parse_capture(t)[1] for t in texts]
    structure = time.perf_counter() - start
    passages = [p for doc in parsed for p in doc]

    start = time.perf_counter()
    langs = [detect_language(p.text)[0] for p in passages]
    langid = time.perf_counter() - start
    detect_language.cache_clear()

    start = time.perf_counter()
    sentences = sum(len(split_sentences(p.text, lang or "en"))
                    for p, lang in zip(passages, langs, strict=True))
    split = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        project = open_project(Path(tmp) / "bench.wbproj", with_seeds=False)
        start = time.perf_counter()
        import_paths(project, seeds)
        total = time.perf_counter() - start
        project.close()

    print(f"{len(seeds)} pages, {len(passages)} passages, {sentences} sentences")
    for name, seconds in (("read+decode (baseline)", read), ("structure", structure),
                          ("language detection", langid), ("sentence splitting", split),
                          ("full import_paths", total)):
        print(f"{name:<24}{seconds * 1000:8.1f} ms  {seconds / read:7.1f}x baseline")
    print(f"goal: full import under 2 s: {'met' if total < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
