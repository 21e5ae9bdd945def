"""The code base stays lint-clean and type-checks (run as part of the suite, as CI does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "workbench", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package() -> None:
    result = run("mypy", "workbench", "--ignore-missing-imports", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr
