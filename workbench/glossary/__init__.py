"""Glossary of names and organisations: model, storage, TBX/TSV exchange, matching, enforcement."""
