"""CLI commands for the tm area (filled in by that area's work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register this area's sub-commands."""
