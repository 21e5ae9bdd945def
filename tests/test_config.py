"""Settings: the TOML file is read, checked, and overridden by the environment."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.config import load_settings
from workbench.errors import WorkbenchError


def test_settings_file_and_environment(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated_env / "config.toml").write_text('targets = ["fa"]\nbeam_size = 2\n'
                                              'rtl_render = "terminal"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_PROJECT", str(isolated_env / "mine.wbproj"))
    settings = load_settings()
    assert (settings.targets, settings.beam_size, settings.rtl_render) == (("fa",), 2, "terminal")
    assert settings.default_project == isolated_env / "mine.wbproj"


@pytest.mark.parametrize("content, message", [
    ('rtl_render = "foo"\n', "rtl_render = 'foo' is not one of app, terminal"),
    ('propagate = "always"\n', "propagate = 'always' is not one of apply, offer, off"),
    ('beam = 4\n', "unknown setting 'beam'"),
    ('targets = [\n', "invalid settings file"),
])
def test_bad_settings_are_named(isolated_env: Path, content: str, message: str) -> None:
    (isolated_env / "config.toml").write_text(content, encoding="utf-8")
    with pytest.raises(WorkbenchError, match=message) as err:
        load_settings()
    assert "config.toml" in err.value.render()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("targets = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"),
     "nested thousands of levels deep"),
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: os.mkfifo(p), "is a pipe, socket or device, not a file"),
])
def test_a_settings_file_that_cannot_be_one_is_named_not_skipped(
        isolated_env: Path, make: Callable[[Path], None], message: str) -> None:
    # A folder or pipe in its place used to be skipped without a word (the defaults ran,
    # the translator's settings did not); arrays nested 5,000 deep named no file.
    make(isolated_env / "config.toml")
    with pytest.raises(WorkbenchError, match=message) as err:
        load_settings()
    assert "config.toml" in err.value.render()
