"""The project store: one SQLite file per project (WAL mode), the single source of truth.

All SQL lives below this package (and in the migration files). Other layers call the functions
of `documents`, `translations` and friends with a connection from `workbench.project.Project`.
"""
