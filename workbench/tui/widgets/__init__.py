"""Widgets: rendering and view state only (cursor, scroll); no store access."""
