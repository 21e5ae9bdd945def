"""Translation memory: units, fuzzy lookup, propagation, pre-translation, concordance, analysis.

The memory lives in the project database (`tm_units`): confirmed project translations are synced
into it by `store.translations`, imported and aligned pairs are added with `units.add_units`.
`index` keeps the FTS5 index (concordance and fuzzy-match candidates) in step with it.
"""
