"""Export files appear complete or not at all.

A million-pair export takes a minute; if it is interrupted (Ctrl+C, a full disk, an error) a
half-written TMX must not be left behind under the real name, where a CAT tool would read it
as a smaller memory. Each file is written as `NAME.part` and renamed when its writer finishes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def output_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file with LF line ends, renamed into place only on success."""
    part = path.with_name(path.name + ".part")
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            yield fh
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)
