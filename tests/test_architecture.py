"""Architecture rules a user feels: fast start, no torch, a core usable without the TUI."""

from __future__ import annotations

import argparse
import pkgutil
import subprocess
import sys

import pytest

import workbench
from workbench.cli import COMMANDS, build_parser, command_in, main

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


def _sub_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_a_command_gets_the_same_parser_when_only_its_module_is_built() -> None:
    full = _sub_parsers(build_parser())
    assert set(full) == set(COMMANDS), "COMMANDS must name every command's module"
    for name, sub in full.items():
        alone = _sub_parsers(build_parser(name))
        assert name in alone, f"{name} is not registered by {COMMANDS[name]}"
        assert alone[name].format_help() == sub.format_help()


def test_the_command_word_is_found_after_the_global_options() -> None:
    assert command_in(["--project", "stats", "documents", "--all-versions"]) == "documents"
    assert command_in(["-pstats", "import", "a.txt"]) == "import"
    assert command_in(["--project=x.wbproj", "glossary", "list"]) == "glossary"
    assert command_in(["stats", "--to", "sq"]) == "stats"
    assert command_in([]) is None
    assert command_in(["--project"]) is None  # the full parser reports the missing value


def test_a_mistyped_command_still_lists_every_command(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--project", "p.wbproj", "stat"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'stat'" in err and "'stats'" in err and "'glossary'" in err


def test_no_module_anywhere_imports_torch_or_argos_translate() -> None:
    every = [info.name for info in pkgutil.walk_packages(workbench.__path__, "workbench.")
             if info.name != "workbench.__main__"]
    loaded = loaded_after("\n".join(f"import {m}" for m in every))
    for banned in FORBIDDEN_EVERYWHERE:
        assert banned not in loaded
