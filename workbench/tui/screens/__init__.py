"""Screens: each owns a layout and turns user intent into calls to the core."""
