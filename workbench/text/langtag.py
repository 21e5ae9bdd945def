"""Language tags as files write them, checked, and reduced to the project's base languages.

Files from other tools carry BCP 47-like tags in many spellings ('FA-IR', 'en_US', 'sr-Latn',
'x-klingon'); a hostile one can carry anything (a 50 MB xml:lang). `parse_lang` refuses what is
not a tag before it is stored as a language; `lang_code` gives the base language the project,
its TM and its models work with; `lang_tag` the usual spelling of the full tag.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbench.errors import InputError

_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")
MAX_LANG_TAG = 35  # the length BCP 47 asks implementations to support


def lang_code(tag: str) -> str:
    """A file's language tag as the project names languages: 'FA-IR' → 'fa', 'en_US' → 'en'."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def lang_tag(tag: str) -> str:
    """The tag in its usual spelling: 'FR-ca' → 'fr-CA', 'sr_latn' → 'sr-Latn', 'en' → 'en'."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for sub in parts[1:]:
        out.append(sub.upper() if len(sub) == 2 else sub.title() if len(sub) == 4
                   else sub.lower())
    return "-".join(out)


def is_lang_tag(value: str) -> bool:
    """True for a plausible language tag of at most MAX_LANG_TAG characters."""
    value = value.strip()
    return len(value) <= MAX_LANG_TAG and bool(_LANG_TAG.match(value))


def parse_lang(value: str, *, path: str | Path | None = None, line: int | None = None) -> str:
    """A language tag read from a file, checked: InputError for anything that is not one
    (a 50 MB xml:lang, markup, an empty string) instead of storing it as a language."""
    if not is_lang_tag(value):
        shown = value[:40] + ("…" if len(value) > 40 else "")
        raise InputError(f"{shown!r} is not a language tag", path=path, line=line,
                         hint="language tags look like en, fa-IR or sr-Latn")
    return value.strip()
