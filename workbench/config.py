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

from workbench.boundary import input_file
from workbench.errors import WorkbenchError

# The longest segment (a sentence, a TM unit's source or target) an import accepts. Real
# sentences are far shorter; the bound keeps a hostile 200 MB <seg> or a one-line file from
# taking gigabytes of memory. Raise `max_segment_chars` for corpora of whole documents.
MAX_SEGMENT_CHARS = 20_000

def _user_dir(kind: str) -> Path:
    import platformdirs  # small, but only needed when no override is set

    getter = platformdirs.user_data_dir if kind == "data" else platformdirs.user_config_dir
    return Path(getter("workbench", appauthor=False))


def _login_name() -> str:
    """Who edits, until the user sets `translator`: the login name, as OmegaT defaults to."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "translator"


@dataclass
class Settings:
    """Everything a user may tune. Defaults are what the benchmarks chose."""

    data_dir: Path = field(default_factory=lambda: _user_dir("data"))
    models_dir: Path = field(default_factory=lambda: _user_dir("data") / "models")
    project: Path | None = None
    targets: tuple[str, ...] = ("sq", "fa", "ar")
    source_lang: str = "en"
    beam_size: int = 4
    batch_size: int = 16
    threads: int = 0                  # MT threads in all; 0 = every core this process may use
    mt_workers: int = 0               # MT batches decoded at once; 0 = one per core (≤ 4)
    max_model_memory_mb: int = 2048   # LRU bound for loaded models
    rtl_render: str = "app"           # "app": python-bidi reorders; "terminal": FSI/PDI isolates
    tm_min_score: int = 70
    propagate: str = "apply"          # "apply" | "offer" | "off"
    lock_wait: float = 10.0           # seconds a writer waits for another one before "busy"
    max_segment_chars: int = MAX_SEGMENT_CHARS  # longer segments are refused at import
    translator: str = field(default_factory=_login_name)  # TMX creationid, XLIFF

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
    if path.exists():  # a folder or a pipe in its place is refused, not silently skipped
        input_file(path, hint="the settings file must be a TOML file")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise WorkbenchError(f"invalid settings file ({exc})", path=path,
                                 hint="fix or delete it to use the defaults") from None
        except RecursionError:  # tomllib recurses once per level of nested arrays
            raise WorkbenchError("invalid settings file (nested thousands of levels deep)",
                                 path=path, hint="fix or delete it to use the defaults"
                                 ) from None
        if not isinstance(data, dict):
            raise WorkbenchError("invalid settings file", path=path)
        explicit = set(data)
        known = {f.name for f in fields(Settings)}
        for key, value in data.items():
            if key not in known:
                raise WorkbenchError(f"unknown setting {key!r}", path=path,
                                     hint=f"known settings: {', '.join(sorted(known))}")
            setattr(settings, key, _coerce(key, getattr(settings, key), value, path))
    else:
        explicit = set()
    for key, allowed in _CHOICES.items():
        if getattr(settings, key) not in allowed:
            raise WorkbenchError(f"setting {key} = {getattr(settings, key)!r} is not one of "
                                 f"{', '.join(allowed)}", path=path)
    if not isinstance(settings.max_segment_chars, int) or settings.max_segment_chars < 100:
        raise WorkbenchError(f"setting max_segment_chars = {settings.max_segment_chars!r} must "
                             "be a whole number of at least 100", path=path)
    if not isinstance(settings.translator, str) or not settings.translator.strip() \
            or len(settings.translator) > 200 or not settings.translator.isprintable():
        raise WorkbenchError("setting translator must be a name (printable text, at most 200 "
                             "characters)", path=path)
    env = os.environ
    if env.get("WORKBENCH_DATA_DIR"):
        settings.data_dir = Path(env["WORKBENCH_DATA_DIR"]).expanduser()
    if env.get("WORKBENCH_MODELS_DIR"):
        settings.models_dir = Path(env["WORKBENCH_MODELS_DIR"]).expanduser()
    elif "models_dir" not in explicit:
        settings.models_dir = settings.data_dir / "models"  # models follow a moved data dir
    if env.get("WORKBENCH_PROJECT"):
        settings.project = Path(env["WORKBENCH_PROJECT"]).expanduser()
    return settings


def _coerce(key: str, current: object, value: object, path: Path) -> object:
    """`value` from the settings file in the type of the default `current`, or one clear
    error naming the setting (TOML allows any shape: `beam_size = "x"`, `targets = 5`)."""
    def wrong(kind: str) -> WorkbenchError:
        return WorkbenchError(f"setting {key} must be {kind}, not {type(value).__name__}",
                              path=path)

    if isinstance(current, Path) or key == "project":
        if not isinstance(value, str) or not value or "\x00" in value:
            raise wrong("a path (a string)")
        return Path(value).expanduser()
    if isinstance(current, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise wrong("a list of strings")
        return tuple(value)
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise wrong("true or false")
        return value
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong("a whole number")
        if not 0 <= value <= 1_000_000_000:
            raise WorkbenchError(f"setting {key} = {value} is out of range", path=path)
        return value
    if isinstance(current, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong("a number")
        if not 0 <= value <= 86_400:
            raise WorkbenchError(f"setting {key} = {value} is out of range", path=path)
        return float(value)
    if isinstance(current, str) and not isinstance(value, str):
        raise wrong("a string")
    return value
