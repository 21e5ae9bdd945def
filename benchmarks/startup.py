"""How long `workbench --help` takes, against a bare Python start measured in the same run.

Usage: python benchmarks/startup.py [--runs N]
Prints median wall times and the ratio; the goal is under 0.3 s for `--help`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], runs: int) -> float:
    """Median wall time of `cmd` over `runs` runs (after one warm-up)."""
    subprocess.run(cmd, capture_output=True, check=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    baseline = timed([sys.executable, "-c", "pass"], args.runs)
    help_time = timed([sys.executable, "-m", "workbench", "--help"], args.runs)
    print(f"python -c pass      {baseline * 1000:7.1f} ms (baseline)")
    print(f"workbench --help    {help_time * 1000:7.1f} ms  ratio {help_time / baseline:.2f}x"
          f"  goal < 300 ms: {'met' if help_time < 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
