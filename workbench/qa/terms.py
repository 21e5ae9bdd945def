"""Glossary QA: every source term rendered as approved, no forbidden rendering used.

Kept apart from checks.py because it needs the project's glossary (a database connection);
the matching itself is glossary.match, so the QA pass and MT enforcement agree on what a term
is (folded letters, Arabic proclitics, Albanian case endings).
"""

from __future__ import annotations

import sqlite3
from collections import Counter

from workbench.glossary.match import TermHit, compiled, find_terms
from workbench.qa.checks import Finding


def check_terms(conn: sqlite3.Connection, source: str, target: str, src_lang: str,
                tgt_lang: str) -> list[Finding]:
    """Source terms missing (or too few times) in the target; forbidden renderings used."""
    findings: list[Finding] = []
    target_glossary = compiled(conn, tgt_lang)
    in_target = Counter(entry.concept_id for _, _, entry in target_glossary.scan(target))
    wanted: Counter[str] = Counter()
    first_hit: dict[str, TermHit] = {}
    for hit in find_terms(conn, source, src_lang, tgt_lang):
        if hit.rendering:
            wanted[hit.concept_id] += 1
            first_hit.setdefault(hit.concept_id, hit)
    for concept_id, count in wanted.items():
        hit = first_hit[concept_id]
        have = in_target[concept_id]
        if have == 0:
            findings.append(Finding(
                "term-missing", "error",
                f"glossary term '{hit.matched}' should be rendered '{hit.rendering}'",
                hit.rendering))
        elif have < count:
            findings.append(Finding(
                "term-count", "warning",
                f"glossary term '{hit.matched}' occurs {count}× in the source but its "
                f"rendering '{hit.rendering}' only {have}× in the target", hit.rendering))
    for start, end, concept_id in target_glossary.forbidden(target):
        concept = target_glossary.concepts[concept_id]
        approved = concept.rendering(tgt_lang)
        findings.append(Finding(
            "term-forbidden", "error",
            f"forbidden rendering '{target[start:end]}' for '{concept.english}'"
            + (f"; use '{approved}'" if approved else ""), approved))
    return findings
