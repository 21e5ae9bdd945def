"""The glossary's data model: a concept and its terms in each language.

A *concept* is one thing in the world (Maryam Rajavi, the MEK, Tirana). Per language it has at
most one approved (preferred) rendering plus variants, acronyms and forbidden renderings. The
English side lists every form the source pages use (MEK, MKO, PMOI, Mojahedin-e Khalq ...), so
all of them are found and all map to the one approved rendering in each target language.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from workbench.text.normalize import match_key, nfc

KINDS = ("preferred", "variant", "acronym", "forbidden")
SOURCE_LANG = "en"


@dataclass
class LangTerms:
    """A concept's terms in one language."""

    preferred: str | None = None
    variants: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)

    def allowed(self) -> list[str]:
        """Every acceptable form, the approved rendering first."""
        head = [self.preferred] if self.preferred else []
        return head + self.variants + self.acronyms

    def is_empty(self) -> bool:
        return not (self.preferred or self.variants or self.acronyms or self.forbidden)


@dataclass
class Concept:
    """One glossary entry (see module doc). `do_not_translate` holds languages or '*'."""

    id: str
    terms: dict[str, LangTerms] = field(default_factory=dict)
    do_not_translate: set[str] = field(default_factory=set)
    note: str = ""
    domain: str = ""

    def lang(self, lang: str) -> LangTerms:
        """The terms in `lang` (created empty on first use)."""
        return self.terms.setdefault(lang, LangTerms())

    def keeps_source(self, lang: str | None) -> bool:
        """True when the term is not translated into `lang` (any language when None)."""
        if lang is None:
            return bool(self.do_not_translate)
        return "*" in self.do_not_translate or lang in self.do_not_translate

    def rendering(self, lang: str) -> str | None:
        """The approved form in `lang`: its preferred term, or the source form when kept as-is."""
        own = self.terms.get(lang)
        if own and own.preferred:
            return own.preferred
        if self.keeps_source(lang):
            return self.terms.get(SOURCE_LANG, LangTerms()).preferred
        return None

    @property
    def english(self) -> str:
        """The English preferred form (the concept's display name)."""
        return self.terms.get(SOURCE_LANG, LangTerms()).preferred or self.id


def clean_term(term: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: the stored form of a term."""
    return " ".join(nfc(term).split())


def exact_key(term: str) -> str:
    """Letter-exact comparison key (NFC, case-folded, whitespace collapsed) for forbidden terms,
    which often differ from the approved form only in letters that `match_key` folds."""
    return " ".join(nfc(term).casefold().split())


def term_key(term: str, kind: str) -> str:
    """The stored `norm` of a term of `kind`."""
    return exact_key(term) if kind == "forbidden" else match_key(term)


def slugify(text: str) -> str:
    """A stable ASCII concept id from an English name ('People's Mojahedin' → 'peoples-mojahedin').

    The id must be a valid XML ID for TBX export, so it starts with a letter.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "").lower()).strip("-")
    if not slug or not slug[0].isalpha():
        digest = hashlib.sha1(match_key(text).encode()).hexdigest()[:8]
        slug = f"c-{slug or digest}"
    return slug


def parse_dnt(value: str | bool | list[str] | None) -> set[str]:
    """'*', True, 'sq,fa' or ['sq'] → the set of languages a term is kept as-is in."""
    if value is None or value is False or value == "":
        return set()
    if value is True:
        return {"*"}
    items = value if isinstance(value, list) else str(value).replace(",", " ").split()
    return {str(v).strip() for v in items if str(v).strip()}


def format_dnt(langs: set[str]) -> str:
    """Inverse of parse_dnt: the stored column value."""
    return "*" if "*" in langs else ",".join(sorted(langs))
