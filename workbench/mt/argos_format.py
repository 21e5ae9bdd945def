"""The Argos Translate package format and package index, read without argostranslate.

Why our own reader: `argostranslate` pins stanza (and through it torch) in its metadata, so it
cannot be a plain dependency, and importing it creates directories in the user's home. What
workbench needs of it is small and stable: `metadata.json` (the same JSON object the index
lists), the folder layout of a package, and where Argos keeps its packages. This module reads
exactly that, with the defaults `argostranslate.package.IPackage.load_metadata_from_json`
uses, and checks every field's type (metadata is input from a download). The test suite
compares what it reads with what `argostranslate.package` reads on the same packages.

Layouts the Argos index has served (all read here):
* the CTranslate2 model in `model/`: with `config.json` (converted by CTranslate2 ≥ 3.0,
  October 2022) or without it (converted by CTranslate2 2.x: the en→ar/ar→en 1.0 and
  en→fa/fa→en 1.5 packages); vocabularies as `shared_vocabulary.txt|.json` or
  `source_vocabulary.*` + `target_vocabulary.*`;
* the tokenizer: `sentencepiece.model`, or `bpe.model` (Moses tokenization + BPE, packages
  converted from OPUS-MT, Argos ≥ 1.9);
* optional `stanza/` (sentence splitting for Argos; workbench segments itself and ignores it),
  `README.md`, and a `target_prefix` token in metadata.json (multilingual models).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError

METADATA_MAX_BYTES = 256 * 1024   # real metadata.json files are well under 1 KB
INDEX_MAX_BYTES = 16 * 1024 * 1024
_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}$")
_PREFIX = re.compile(r"^\S{1,64}$")
VOCABULARY_FILES = ("shared_vocabulary", "source_vocabulary", "target_vocabulary")


@dataclass(frozen=True)
class Metadata:
    """One package's metadata.json (or one entry of the index), with Argos's defaults."""

    from_code: str
    to_code: str
    package_version: str = ""
    argos_version: str = ""
    from_name: str = ""
    to_name: str = ""
    type: str = "translate"
    target_prefix: str = ""
    links: tuple[str, ...] = ()
    code: str = ""                      # the index's "code" field, e.g. translate-en_sq
    test_model: bool = False            # workbench's marker for packages built by its tests
    description: str = ""
    max_input_tokens: int | None = None

    @property
    def pair(self) -> str:
        """`en_sq`: the code workbench uses for a package."""
        return f"{self.from_code}_{self.to_code}"

    @property
    def version(self) -> str:
        """The package version shown and recorded with outputs ("0" when the package has none)."""
        return self.package_version or "0"


def _loads(raw: bytes, where: str | Path, what: str) -> object:
    try:
        return json.loads(raw)
    except RecursionError:
        raise InputError(f"{what} is nested too deeply to be {what}", path=where,
                         hint="this is not an Argos package") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{what} is not valid JSON ({exc})", path=where,
                         hint="this is not an Argos package") from None


def _text(data: dict[str, object], key: str, where: str | Path, *, default: str = "",
          pattern: re.Pattern[str] | None = None, max_len: int = 200,
          numbers: bool = False) -> str:
    """A string field, or one clear error naming the field and what it holds instead."""
    value = data.get(key, default)
    if value is None:
        return default
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # `"package_version": 1.5` in hand-written metadata
    if not isinstance(value, str):
        kind = {dict: "an object", list: "a list", bool: "true/false"}.get(type(value),
                                                                         "a number")
        raise InputError(f"metadata.json: {key} must be a string, not {kind}", path=where,
                         hint="the package's metadata is damaged; get it again")
    if len(value) > max_len or (pattern is not None and value and not pattern.match(value)):
        raise InputError(f"metadata.json: {key} is not a valid value ({value[:40]!r})",
                         path=where, hint="the package's metadata is damaged; get it again")
    return value


def metadata_from_object(data: object, *, where: str | Path) -> Metadata:
    """Metadata from a parsed JSON value; InputError if it is not a package description."""
    if not isinstance(data, dict):
        raise InputError("metadata.json is not a JSON object", path=where,
                         hint="this is not an Argos package")
    codes = {}
    for key in ("from_code", "to_code"):
        value = data.get(key)
        if not isinstance(value, str) or not _CODE.match(value):
            shown = value if isinstance(value, str | int | float | None) else type(value).__name__
            raise InputError(f"metadata.json has no valid {key} (got {shown!r})", path=where,
                             hint="an Argos package names its languages")
        codes[key] = value
    if codes["from_code"] == codes["to_code"]:
        raise InputError("metadata.json translates a language into itself", path=where)
    links = data.get("links", [])
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        raise InputError("metadata.json: links must be a list of URLs", path=where)
    max_tokens = data.get("max_input_tokens")
    if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int)
                                   or not 8 <= max_tokens <= 100_000):
        raise InputError("metadata.json: max_input_tokens must be a whole number of tokens",
                         path=where)
    return Metadata(
        from_code=codes["from_code"], to_code=codes["to_code"],
        package_version=_text(data, "package_version", where, pattern=_VERSION, numbers=True),
        argos_version=_text(data, "argos_version", where, pattern=_VERSION, numbers=True),
        from_name=_text(data, "from_name", where), to_name=_text(data, "to_name", where),
        type=_text(data, "type", where, default="translate", max_len=40),
        target_prefix=_text(data, "target_prefix", where, pattern=_PREFIX),
        links=tuple(links), code=_text(data, "code", where, max_len=120),
        test_model=data.get("test_model") is True,
        description=_text(data, "description", where, max_len=2000),
        max_input_tokens=max_tokens)


def parse_metadata(raw: bytes, *, where: str | Path) -> Metadata:
    """Metadata from the bytes of a metadata.json."""
    if len(raw) > METADATA_MAX_BYTES:
        raise InputError(f"metadata.json is {len(raw)} bytes, too large for package metadata",
                         path=where, hint="this is not an Argos package")
    return metadata_from_object(_loads(raw, where, "metadata.json"), where=where)


def read_metadata(package_dir: Path) -> Metadata:
    """Metadata of an unpacked package folder."""
    path = package_dir / "metadata.json"
    try:
        if path.stat().st_size > METADATA_MAX_BYTES:
            raise InputError("metadata.json is too large for package metadata", path=path)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read metadata.json ({exc.strerror})", path=path) from None
    return parse_metadata(raw, where=path)


def parse_index(raw: bytes, *, where: str) -> list[Metadata]:
    """The translation packages an Argos index lists (entries that are not one are skipped:
    an index may list other package types, and one bad entry must not hide the rest)."""
    if len(raw) > INDEX_MAX_BYTES:
        raise InputError("the package index is too large", path=where)
    data = _loads(raw, where, "the package index")
    if not isinstance(data, list):
        raise InputError("the package index is not a list of packages", path=where)
    found = []
    for entry in data:
        try:
            meta = metadata_from_object(entry, where=where)
        except InputError:
            continue
        if meta.type == "translate":
            found.append(meta)
    return found


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class Layout:
    """How an unpacked package is laid out: what CTranslate2 and the tokenizer will read."""

    has_config: bool          # model/config.json (CTranslate2 ≥ 3 conversion)
    vocabulary: str           # shared.txt, shared.json, src+tgt.txt, src+tgt.json, or none
    tokenizer: str            # sentencepiece, bpe, or none
    stanza: bool              # a stanza/ folder (ignored)
    target_prefix: str        # the token every output starts with, "" for none

    def describe(self) -> str:
        """Short form for `models list`: `ct2 2.x, shared.txt, spm, +stanza`."""
        parts = ["ct2 3+" if self.has_config else "ct2 2.x", self.vocabulary,
                 {"sentencepiece": "spm"}.get(self.tokenizer, self.tokenizer)]
        if self.stanza:
            parts.append("+stanza")
        if self.target_prefix:
            parts.append(f"prefix {self.target_prefix}")
        return ", ".join(parts)

    def problem(self) -> str | None:
        """Why workbench cannot translate with this layout, with what to do; None if it can."""
        if self.tokenizer == "bpe":
            return ("this package tokenizes with bpe.model (Moses tokenization + BPE, a "
                    "conversion of an OPUS-MT model), which workbench does not run — use a "
                    "SentencePiece package for this pair (the Argos index's own packages for "
                    "en↔sq, en↔fa and en↔ar are), or Argos Translate itself for this one")
        if self.tokenizer == "none":
            return "the package has no tokenizer (sentencepiece.model)"
        return None


def _vocabulary_form(model_dir: Path) -> str:
    for ext in ("txt", "json"):
        if (model_dir / f"shared_vocabulary.{ext}").is_file():
            return f"shared.{ext}"
        if (model_dir / f"source_vocabulary.{ext}").is_file() and \
                (model_dir / f"target_vocabulary.{ext}").is_file():
            return f"src+tgt.{ext}"
    return "none"


def detect_layout(package_dir: Path, meta: Metadata) -> Layout:
    """The layout of an unpacked package (nothing is loaded here: see engine.open_package)."""
    model = package_dir / "model"
    if (package_dir / "sentencepiece.model").is_file():
        tokenizer = "sentencepiece"  # Argos prefers it when both are present
    elif (package_dir / "bpe.model").is_file():
        tokenizer = "bpe"
    else:
        tokenizer = "none"
    return Layout(has_config=(model / "config.json").is_file(),
                  vocabulary=_vocabulary_form(model), tokenizer=tokenizer,
                  stanza=(package_dir / "stanza").is_dir(), target_prefix=meta.target_prefix)


def target_vocabulary(model_dir: Path) -> list[str]:
    """The model's target tokens in id order (.txt: one per line; .json: a list)."""
    for name in ("target_vocabulary", "shared_vocabulary"):
        txt, js = model_dir / f"{name}.txt", model_dir / f"{name}.json"
        if txt.is_file():
            return txt.read_text(encoding="utf-8").splitlines()
        if js.is_file():
            data = _loads(js.read_bytes(), js, "the vocabulary")
            if isinstance(data, list):
                return [str(t) for t in data]
    return []


# ---------------------------------------------------------------- Argos's own directory


def _argos_settings_file(home: Path) -> Path:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "argos-translate" / "settings.json"


def argos_packages_dir() -> Path:
    """Where Argos Translate installs packages, computed as `argostranslate.settings` does:
    ARGOS_PACKAGES_DIR from the environment, else from Argos's settings.json, else
    `$XDG_DATA_HOME/argos-translate/packages` (default ~/.local/share/…). Nothing is created."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    home = Path(os.environ["SNAP_USER_DATA"]) if "SNAP" in os.environ and \
        os.environ.get("SNAP_USER_DATA") else Path.home()
    try:
        settings = json.loads(_argos_settings_file(home).read_bytes())
    except (OSError, ValueError, RecursionError):
        settings = None
    if isinstance(settings, dict) and isinstance(settings.get("ARGOS_PACKAGES_DIR"), str):
        return Path(settings["ARGOS_PACKAGES_DIR"]).expanduser()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return data / "argos-translate" / "packages"
