"""Sentence alignment of a source page and its translated edition (contract 5).

Public API: `aligner.align_sentences(src, tgt, src_lang, tgt_lang, *, conn=None) -> list[Link]`,
`aligner.align_passages` (paragraph structure first), `aligner.align_report` (links plus the
learned length ratio and whether the text looks like a translation at all),
`service.align_documents` (align two stored documents and store the result), `store` (stored
alignments and review edits) and `links` (the [0]:[0] notation and its scoring).
"""
