"""Architecture rules a user feels: fast start, no torch, a core usable without the TUI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench

FORBIDDEN_EVERYWHERE = ("torch", "stanza", "spacy", "argostranslate.translate")


def core_modules() -> list[str]:
    """Every module outside the two faces (tui/, cli/)."""
    names = []
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if not info.name.startswith(("workbench.tui", "workbench.cli", "workbench.__main__")):
            names.append(info.name)
    return names


def loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_never_imports_textual_rich_or_torch() -> None:
    modules = core_modules()
    assert "workbench.store.translations" in modules
    loaded = loaded_after("\n".join(f"import {m}" for m in modules))
    for banned in ("textual", "rich") + FORBIDDEN_EVERYWHERE:
        assert banned not in loaded, f"core imports {banned}"


def test_help_path_imports_nothing_heavy() -> None:
    loaded = loaded_after("from workbench.cli import build_parser\nbuild_parser().format_help()")
    for heavy in ("ctranslate2", "sentencepiece", "textual", "rich", "sqlite3", "langdetect",
                  "bs4", "rapidfuzz") + FORBIDDEN_EVERYWHERE:
        assert heavy not in loaded, f"`workbench --help` imports {heavy}"


def test_no_module_anywhere_imports_torch_or_argos_translate() -> None:
    every = [info.name for info in pkgutil.walk_packages(workbench.__path__, "workbench.")
             if info.name != "workbench.__main__"]
    loaded = loaded_after("\n".join(f"import {m}" for m in every))
    for banned in FORBIDDEN_EVERYWHERE:
        assert banned not in loaded
