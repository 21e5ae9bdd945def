"""The wheel works where pip, pipx or uv put it: no checkout, a fresh HOME, one install command.

Builds the wheel from this checkout, installs it (with its dependencies from the package
index) into a new virtual environment outside the checkout, and runs what a new user runs from
an empty folder with an empty HOME: the bundled seeds, starter glossary and model manifest must
come from the installed package, models must go to the user's data directory, and nothing may
point back into the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv holding only the built wheel and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist),
                    str(REPO)], check=True, capture_output=True, text=True)
    wheel = next(dist.glob("workbench-*.whl"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    result = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return bin_dir


@pytest.fixture
def fresh_user(tmp_path: Path) -> dict[str, str]:
    """An environment like a new user's: a new HOME, no workbench or XDG overrides."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WORKBENCH_", "XDG_", "ARGOS_", "PYTHON", "VIRTUAL_ENV"))}
    env["HOME"] = str(home)
    return env


def run(bin_dir: Path, env: dict[str, str], cwd: Path, *args: str
        ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(bin_dir / "workbench"), *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"workbench {' '.join(args)}:\n{result.stderr}"
    assert str(REPO) not in result.stdout + result.stderr, "output points into the checkout"
    return result


def test_the_installed_wheel_works_without_the_checkout(
        installed_wheel: Path, fresh_user: dict[str, str], tmp_path: Path,
        argos_package_files: dict[str, Path]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    home = Path(fresh_user["HOME"])
    bin_dir = installed_wheel

    assert "usage: workbench" in run(bin_dir, fresh_user, work, "--help").stdout
    assert run(bin_dir, fresh_user, work, "--version").stdout.startswith("workbench ")

    stats = run(bin_dir, fresh_user, work, "stats").stdout
    assert "documents 5," in stats, stats
    projects = list(home.rglob("default.wbproj"))
    assert len(projects) == 1  # the default project lives in the user's data directory

    concepts = run(bin_dir, fresh_user, work, "glossary", "list").stdout.strip().splitlines()
    assert len(concepts) - 1 >= 60  # one line per concept under the header

    run(bin_dir, fresh_user, work, "models", "list")
    run(bin_dir, fresh_user, work, "models", "install", str(argos_package_files["en_sq"]))
    installed = [p for p in home.rglob("metadata.json")]
    assert installed and all(home in p.parents for p in installed)  # user data dir, not site
    listed = run(bin_dir, fresh_user, work, "models", "list").stdout
    assert "en_sq" in listed and "TEST MODEL" in listed

    translated = run(bin_dir, fresh_user, work, "translate", "--to", "sq", "--doc", "1")
    assert "is a test model: output is not a translation" in translated.stderr
    assert not any(work.iterdir()), "nothing is written into the current folder"
