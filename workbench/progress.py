"""The progress-callback convention shared by every long operation.

Core functions take `progress: ProgressFn | None` and call it as `progress(done, total)`;
faces decide how to show it (a Rich bar in the CLI, a ProgressBar in the TUI). The core never
imports a UI library.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[int, int], None]


def report(progress: ProgressFn | None, done: int, total: int) -> None:
    """Call `progress` if there is one."""
    if progress is not None:
        progress(done, total)
