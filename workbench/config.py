"""User settings: a TOML file in the user's config directory, overridable by environment.

Precedence (lowest → highest): defaults here, `config.toml` (path from WORKBENCH_CONFIG or
platformdirs' user config dir), environment variables WORKBENCH_PROJECT, WORKBENCH_DATA_DIR,
WORKBENCH_MODELS_DIR. Nothing is written at import time; `load_settings()` only reads.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from workbench.errors import WorkbenchError

REPO_ROOT = Path(__file__).resolve().parent.parent


def _user_dir(kind: str) -> Path:
    import platformdirs  # small, but only needed when no override is set

    getter = platformdirs.user_data_dir if kind == "data" else platformdirs.user_config_dir
    return Path(getter("workbench", appauthor=False))


@dataclass
class Settings:
    """Everything a user may tune. Defaults are what the benchmarks chose."""

    data_dir: Path = field(default_factory=lambda: _user_dir("data"))
    models_dir: Path = field(default_factory=lambda: REPO_ROOT / "lang_models")
    project: Path | None = None
    targets: tuple[str, ...] = ("sq", "fa", "ar")
    source_lang: str = "en"
    beam_size: int = 4
    batch_size: int = 32
    threads: int = 0                  # 0 = CTranslate2 picks (all cores)
    max_model_memory_mb: int = 2048   # LRU bound for loaded models
    rtl_render: str = "app"           # "app": python-bidi reorders; "terminal": FSI/PDI isolates
    tm_min_score: int = 70
    propagate: str = "apply"          # "apply" | "offer" | "off"

    @property
    def default_project(self) -> Path:
        """Where the project lives when neither --project nor WORKBENCH_PROJECT is given."""
        return self.project or self.data_dir / "default.wbproj"


_CHOICES = {"rtl_render": ("app", "terminal"), "propagate": ("apply", "offer", "off")}


def config_path() -> Path:
    """The TOML file settings are read from."""
    env = os.environ.get("WORKBENCH_CONFIG")
    return Path(env) if env else _user_dir("config") / "config.toml"


def load_settings() -> Settings:
    """Defaults, then the config file, then environment overrides."""
    settings = Settings()
    path = config_path()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise WorkbenchError(f"invalid settings file ({exc})", path=path,
                                 hint="fix or delete it to use the defaults") from None
        known = {f.name: f for f in fields(Settings)}
        for key, value in data.items():
            if key not in known:
                raise WorkbenchError(f"unknown setting {key!r}", path=path,
                                     hint=f"known settings: {', '.join(sorted(known))}")
            current = getattr(settings, key)
            if isinstance(current, Path) or key == "project":
                value = Path(value).expanduser()
            elif isinstance(current, tuple):
                value = tuple(value)
            setattr(settings, key, value)
    for key, allowed in _CHOICES.items():
        if getattr(settings, key) not in allowed:
            raise WorkbenchError(f"setting {key} = {getattr(settings, key)!r} is not one of "
                                 f"{', '.join(allowed)}", path=path)
    env = os.environ
    if env.get("WORKBENCH_DATA_DIR"):
        settings.data_dir = Path(env["WORKBENCH_DATA_DIR"]).expanduser()
    if env.get("WORKBENCH_MODELS_DIR"):
        settings.models_dir = Path(env["WORKBENCH_MODELS_DIR"]).expanduser()
    if env.get("WORKBENCH_PROJECT"):
        settings.project = Path(env["WORKBENCH_PROJECT"]).expanduser()
    return settings
