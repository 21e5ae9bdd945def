"""Text utilities shared by every layer: normalisation, scripts and directions, word counts."""
