"""Offline machine translation: Argos packages run with CTranslate2 + SentencePiece directly.

`packages` manages the installed models, `engine` translates (batched, cached, pivoting
through English), `guards` flags suspicious output, `service` fills a project's suggestions.
Nothing here imports Argos's translate module (it pulls torch, stanza, spacy).
"""
