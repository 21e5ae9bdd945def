"""Files that travel inside the package: the seed pages, the starter glossary, the model manifest.

They are read through `importlib.resources`, never through the source checkout, so a wheel
installed by pip, pipx or uv finds them wherever it lands (even zipped). The package owns the
canonical copies in `workbench/data/`; the top-level `seeds/`, `glossary/` and
`lang_models/manifest.toml` of a checkout are symlinks to them, so there is one source of truth
and nothing can drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_DATA = "data"


def _data() -> Traversable:
    return resources.files("workbench") / _DATA


def seed_names() -> list[str]:
    """File names of the bundled seed pages, in import order."""
    return sorted(p.name for p in (_data() / "seeds").iterdir() if p.is_file())


@contextmanager
def seed_files() -> Iterator[list[Path]]:
    """The bundled seed pages as real files for the importer (temporary copies only when the
    package is not on a file system, e.g. zipped), removed again on exit."""
    folder = _data() / "seeds"
    with ExitStack() as stack:
        yield [stack.enter_context(resources.as_file(folder / name)) for name in seed_names()]


def starter_glossary_files() -> list[Traversable]:
    """The starter glossary's TOML files (one per concept group), in name order."""
    folder = _data() / "glossary"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)


def model_manifest() -> Traversable:
    """The manifest of the Argos packages each language pair needs."""
    return _data() / "manifest.toml"
