"""The Textual workbench: app, screens, widgets (the only place besides the CLI that
imports textual or rich)."""
