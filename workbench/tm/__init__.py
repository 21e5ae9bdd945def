"""Translation memory: units, fuzzy lookup, propagation, pre-translation, concordance, analysis.

The memory lives in the project database (`tm_units`): confirmed project translations are synced
into it by `store.translations`, imported and aligned pairs are added with `units.add_units`.
Every query on it, and the indexes behind concordance and fuzzy lookup, are in `store.tm`.
"""
