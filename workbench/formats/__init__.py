"""Aligned segment files in and out: TMX 1.4b, XLIFF 2.0 (and 1.2 on import), TSV, Moses, JSONL.

Exports stream from SQL cursors to files written incrementally, so a million pairs take constant
memory; imports stream through a hardened XML parser (defusedxml: no entity expansion, no
external references) and hand pairs to the translation memory in one transaction. The entry
points are in `service`: `export_pairs` and `import_tm`.
"""
