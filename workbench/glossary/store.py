"""Reading and writing glossary concepts in the project database.

Writing goes through `save_concepts`, one transaction for a whole import: either every concept
of a file is stored or none is. A concept that is already there — same id, or an English term
with the same match key as an existing concept's — is *merged* (new variants added, missing
renderings filled in) and never stored twice; a conflicting approved rendering keeps the stored
one, adds the incoming one as a variant and is reported, so nothing the translator decided is
silently overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from workbench.glossary.model import (
    KINDS,
    SOURCE_LANG,
    Concept,
    LangTerms,
    clean_term,
    exact_key,
    format_dnt,
    parse_dnt,
    term_key,
)
from workbench.store import glossary as rows
from workbench.store.db import now, transaction
from workbench.text.normalize import match_key


@dataclass
class SaveReport:
    """What an import or add did: counts, one line per merge conflict and per skipped entry."""

    added: int = 0
    merged: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


revision = rows.revision
count_concepts = rows.count_concepts
delete_concept = rows.delete_concept


def load_concepts(conn: sqlite3.Connection, *, ids: Iterable[str] | None = None,
                  lang: str | None = None, search: str | None = None) -> list[Concept]:
    """Concepts in id order; `lang` keeps those with a term in that language (or kept as-is),
    `search` those with any term whose match key contains the search key."""
    concepts: dict[str, Concept] = {}
    concept_rows, term_rows = rows.concept_rows(
        conn, list(dict.fromkeys(ids)) if ids is not None else None)
    for cid, domain, note, dnt in concept_rows:
        concepts[cid] = Concept(cid, do_not_translate=parse_dnt(dnt), note=note, domain=domain)
    for cid, tlang, kind, term in term_rows:
        terms = concepts[cid].lang(tlang)
        if kind == "preferred":
            terms.preferred = term
        else:
            getattr(terms, _LIST_ATTR[kind]).append(term)
    result = list(concepts.values())
    if lang:
        result = [c for c in result if c.rendering(lang) or lang in c.terms]
    if search:
        key = match_key(search)
        result = [c for c in result
                  if key in c.id or any(key in match_key(t) for lt in c.terms.values()
                                        for t in lt.allowed() + lt.forbidden)]
    return result


def get_concept(conn: sqlite3.Connection, concept_id: str) -> Concept | None:
    found = load_concepts(conn, ids=[concept_id])
    return found[0] if found else None


_LIST_ATTR = {"variant": "variants", "acronym": "acronyms", "forbidden": "forbidden"}


def save_concepts(conn: sqlite3.Connection, concepts: Iterable[Concept], *,
                  origin: str = "user") -> SaveReport:
    """Store `concepts` in one transaction, merging duplicates (see module doc)."""
    report = SaveReport()
    stamp = now()
    with transaction(conn):
        for incoming in concepts:
            _validate(incoming)
            target_id = _existing_id(conn, incoming)
            if target_id is None:
                free_id = _free_id(conn, incoming.id)
                if free_id != incoming.id:
                    report.conflicts.append(
                        f"id '{incoming.id}' is another concept's; '{incoming.english}' "
                        f"stored as '{free_id}'")
                    incoming = replace(incoming, id=free_id)
                _insert(conn, incoming, origin, stamp)
                report.added += 1
                continue
            existing = get_concept(conn, target_id)
            assert existing is not None
            merged, conflicts = merge(existing, incoming)
            report.conflicts.extend(conflicts)
            if merged == existing:
                report.unchanged += 1
                continue
            rows.update_concept(conn, (target_id, merged.domain, merged.note,
                                       format_dnt(merged.do_not_translate)), stamp)
            _insert_terms(conn, merged)
            report.merged += 1
    return report


def replace_concept(conn: sqlite3.Connection, concept: Concept) -> None:
    """Store `concept` as it is now, in place of the stored one with its id (a translator's
    edit, which wins over what was stored: see glossary.edit)."""
    _validate(concept)
    with transaction(conn):
        rows.update_concept(conn, (concept.id, concept.domain, concept.note,
                                   format_dnt(concept.do_not_translate)), now())
        _insert_terms(conn, concept)


def _validate(concept: Concept) -> None:
    from workbench.errors import InputError

    if not concept.terms.get(SOURCE_LANG, LangTerms()).preferred:
        raise InputError(f"glossary concept '{concept.id}' has no English term",
                         hint="every concept needs its English (source) form")


def _existing_id(conn: sqlite3.Connection, concept: Concept) -> str | None:
    """The stored concept this one duplicates: one sharing an English term (preferred or
    variant; acronyms are too ambiguous to merge on). The id alone is not enough — ids from
    other tools ("c1", "c2") collide between files — unless the stored concept has the same
    English form."""
    en = concept.terms[SOURCE_LANG]
    keys = [match_key(t) for t in [en.preferred or "", *en.variants]]
    found = rows.concept_with_term(conn, concept.id, SOURCE_LANG, keys)
    for key in keys:
        found = found or rows.concept_by_allowed_term(conn, SOURCE_LANG, key)
    return found


def _free_id(conn: sqlite3.Connection, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` ... whichever no stored concept uses."""
    candidate, n = wanted, 1
    while rows.concept_exists(conn, candidate):
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def merge(existing: Concept, incoming: Concept) -> tuple[Concept, list[str]]:
    """Union of the two concepts' terms; the stored approved rendering wins conflicts."""
    merged = Concept(existing.id, do_not_translate=existing.do_not_translate
                     | incoming.do_not_translate, note=existing.note or incoming.note,
                     domain=existing.domain or incoming.domain)
    if incoming.note and incoming.note not in merged.note:
        merged.note = f"{merged.note}; {incoming.note}" if merged.note else incoming.note
    conflicts: list[str] = []
    for lang in dict.fromkeys([*existing.terms, *incoming.terms]):
        old = existing.terms.get(lang, LangTerms())
        new = incoming.terms.get(lang, LangTerms())
        out = merged.lang(lang)
        out.preferred = old.preferred or new.preferred
        # the stored concept keeps its shape; only forms it lacks are added
        seen = {match_key(t) for t in [out.preferred or "", *old.variants, *old.acronyms]}
        extra: list[str] = []
        if old.preferred and new.preferred and match_key(new.preferred) not in seen:
            conflicts.append(f"{existing.id} [{lang}]: kept '{old.preferred}', added "
                             f"'{new.preferred}' as a variant")
            extra.append(new.preferred)
        out.variants, out.acronyms = list(old.variants), list(old.acronyms)
        for attr, items in (("variants", new.variants + extra), ("acronyms", new.acronyms)):
            for term in items:
                if match_key(term) not in seen:
                    seen.add(match_key(term))
                    getattr(out, attr).append(term)
        out.forbidden = list({exact_key(t): t for t in old.forbidden + new.forbidden}.values())
    return merged, conflicts


def _insert(conn: sqlite3.Connection, concept: Concept, origin: str, stamp: str) -> None:
    rows.insert_concept(conn, (concept.id, concept.domain, concept.note,
                               format_dnt(concept.do_not_translate)), origin, stamp)
    _insert_terms(conn, concept)


def _insert_terms(conn: sqlite3.Connection, concept: Concept) -> None:
    """Insert every term once per (lang, match key); earlier kinds win (preferred first)."""
    found = []
    for lang, terms in concept.terms.items():
        seen: set[str] = set()  # allowed forms share one key space; forbidden ones their own
        lists = {"preferred": [terms.preferred] if terms.preferred else [],
                 "variant": terms.variants, "acronym": terms.acronyms,
                 "forbidden": terms.forbidden}
        for kind in KINDS:
            for pos, raw in enumerate(lists[kind]):
                term = clean_term(raw)
                key = term_key(term, kind)
                mark = f"!{key}" if kind == "forbidden" else key
                if term and mark not in seen:
                    seen.add(mark)
                    found.append((concept.id, lang, kind, term, key, pos))
    rows.insert_terms(conn, found)
