"""Test-wide set-up: every test runs against temporary data/model/config directories.

Fixture plugins live in tests/fixtures/, one file per area, so the areas' fixtures do not
collide: core (projects), mt (genuine tiny Argos packages), tui.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["fixtures.core", "fixtures.mt", "fixtures.tui", "fixtures.pg"]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep tests away from the user's real data, models and config."""
    root = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(root / "models"))
    monkeypatch.setenv("WORKBENCH_CONFIG", str(root / "config.toml"))
    monkeypatch.delenv("WORKBENCH_PROJECT", raising=False)
    return root
