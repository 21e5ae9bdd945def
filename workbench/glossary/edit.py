"""Add or change one term from the editor (memoQ's "add term", OmegaT's "add glossary entry").

A translator who meets a name the glossary lacks, or a rendering that should change, selects
it and saves it without leaving the segment. The English form finds the concept (any of its
allowed English forms, folded as `match_key` folds); a new one becomes a concept of its own.
Saving a rendering for an existing concept *replaces* its approved form in that language:
that is what the translator asked for, unlike an import, which never overrides a stored
decision (`store.save_concepts`). The old approved form is dropped, and the new one is no
longer listed as a variant or as forbidden. The glossary revision changes with the write, so
term matching, MT masking and QA use the new term at once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.glossary.model import SOURCE_LANG, Concept, clean_term, exact_key, slugify
from workbench.glossary.store import get_concept, replace_concept, save_concepts
from workbench.store import glossary as rows
from workbench.text.normalize import match_key


@dataclass
class TermSaved:
    """What saving a term did, in one line for the translator."""

    concept_id: str
    message: str
    changed: bool = True


def concept_for(conn: sqlite3.Connection, english: str) -> Concept | None:
    """The concept with `english` among its allowed English forms (folded), or None."""
    key = match_key(clean_term(english))
    found = rows.concept_by_allowed_term(conn, SOURCE_LANG, key) if key else None
    return get_concept(conn, found) if found else None


def save_term(conn: sqlite3.Connection, english: str, lang: str, rendering: str, *,
              note: str = "") -> TermSaved:
    """Make `rendering` the approved form of `english` in `lang` (see the module doc)."""
    english, rendering = clean_term(english), clean_term(rendering)
    if not english or not rendering:
        raise InputError("a glossary term needs its English form and a rendering",
                         hint="select the term in the source or type it, and its rendering")
    if lang == SOURCE_LANG:
        raise InputError(f"{lang} is the source language", hint="give a target language")
    concept = concept_for(conn, english)
    if concept is None:
        concept = Concept(slugify(english), note=note)
        concept.lang(SOURCE_LANG).preferred = english
        concept.lang(lang).preferred = rendering
        report = save_concepts(conn, [concept], origin="user")
        stored = concept_for(conn, english)
        cid = stored.id if stored else concept.id
        return TermSaved(cid, f"Glossary: added {english} → {rendering} ({lang})"
                         + "".join(f"; {line}" for line in report.conflicts))
    terms = concept.lang(lang)
    old = terms.preferred
    if old == rendering and not note:
        return TermSaved(concept.id, f"Glossary: {concept.english} is already {rendering} "
                                     f"in {lang}", changed=False)
    key, exact = match_key(rendering), exact_key(rendering)
    terms.preferred = rendering
    terms.variants = [t for t in terms.variants if match_key(t) != key]
    terms.acronyms = [t for t in terms.acronyms if match_key(t) != key]
    terms.forbidden = [t for t in terms.forbidden if exact_key(t) != exact]
    if note and note not in concept.note:
        concept.note = f"{concept.note}; {note}" if concept.note else note
    replace_concept(conn, concept)
    was = f" (was {old})" if old and old != rendering else ""
    return TermSaved(concept.id, f"Glossary: {concept.english} → {rendering} ({lang}){was}")
