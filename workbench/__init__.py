"""workbench: a multilingual translation and alignment workbench for the terminal.

The package root stays import-light on purpose: `workbench --help` must start fast, so nothing
here imports SQLite helpers, Textual, CTranslate2 or argostranslate.
"""

__version__ = "0.1.0"
