"""Settings: the TOML file is read, checked, and overridden by the environment."""

from __future__ import annotations

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
